"""The rule model: what a rule is, what it says about a line, and how rules are selected.

A rule *instance* is data (a TOML entry, see ``packs.py``); a rule *kind* is code:

- ``line``: the whole line, ignoring case, surrounding punctuation and symbols, is one
  of the phrases ("Support us", "ADVERTISEMENT", "Share this article:").
- ``prefix``: the line starts with a phrase ("Read more: ...", "Photo: ...").
- ``contains``: a phrase occurs anywhere in the line ("we have a small favor to ask").
- ``pattern``: a regular expression (``regex`` module syntax) matches somewhere in the line.
- ``context``: a structural rule implemented in ``structure.py``; its TOML entry holds
  only its id, description and parameters.

A line rule with ``allow = true`` is an *allow rule*: a line it matches is protected
from every removal (phrase rules, context rules, repeats), and the result names it.

Every verdict names its rule, category and the evidence that matched, so removals can
always be explained and replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import UsageError

Strength = Literal["strong", "normal", "weak"]
Kind = Literal["line", "prefix", "contains", "pattern", "split", "context"]

STRENGTHS: tuple[Strength, ...] = ("strong", "normal", "weak")
KINDS: tuple[Kind, ...] = ("line", "prefix", "contains", "pattern", "split", "context")
STRENGTH_RANK: dict[str, int] = {"weak": 0, "normal": 1, "strong": 2}


class RuleError(UsageError, ValueError):
    """A rule file or a rule selection is wrong; the message names the file, rule and key."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a rule fired on a line: the text it matched and where, or a structural reason."""

    matched: str
    span: tuple[int, int] | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One rule's opinion that a line is boilerplate."""

    line: int
    rule_id: str
    category: str
    strength: Strength
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as declared in a pack. ``phrases`` and ``patterns`` map a language code
    (or ``"any"``) to its entries; ``params`` holds a context rule's thresholds."""

    id: str
    category: str
    kind: Kind
    strength: Strength
    description: str
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_chars: int = 0  # 0: no limit of its own (the pipeline's global cap still applies)
    aggressive: bool = False  # only active under --aggressive
    allow: bool = False  # an allow rule: the lines it matches are protected from every removal
    sites: tuple[str, ...] = ()  # the sites it applies to ("example.com", "*.example.org"); () = all
    params: dict[str, Any] = field(default_factory=dict)
    examples_remove: tuple[str, ...] = ()
    examples_keep: tuple[str, ...] = ()
    source: str = ""  # the file it came from
    line: int = 0  # where in it the rule is (its ``name`` line; 0: not known)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.phrases) | set(self.patterns)))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "kind": self.kind,
            "strength": self.strength,
            "description": self.description,
            "languages": list(self.languages),
            "aggressive": self.aggressive,
            "max_chars": self.max_chars,
            "phrases": {k: list(v) for k, v in self.phrases.items()},
            "patterns": {k: list(v) for k, v in self.patterns.items()},
            "params": self.params,
            "examples": {"remove": list(self.examples_remove), "keep": list(self.examples_keep)},
            "source": self.source,
            **({"allow": True} if self.allow else {}),  # (absent otherwise: fingerprints stay as they were)
            **({"sites": list(self.sites)} if self.sites else {}),
        }

    def applies_to(self, site: str | None) -> bool:
        """A rule without sites applies everywhere; one with sites only to a document of
        one of them (``site_matches``)."""
        return not self.sites or (site is not None and any(site_matches(pattern, site) for pattern in self.sites))


def site_host(site: str) -> str:
    """A site as rules compare it: lower case, without a leading "www."."""
    host = site.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def site_matches(pattern: str, site: str) -> bool:
    """``example.com`` is that host (with or without "www."); ``*.example.org`` is any
    host below example.org (not example.org itself)."""
    host = site_host(site)
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == site_host(pattern)


def _matches(rule: Rule, name: str) -> bool:
    """A name selects a rule by exact id, by category, or by an id prefix ending at a dot."""
    return rule.id == name or rule.category == name or rule.id.startswith(name + ".")


@dataclass(frozen=True)
class RuleSet:
    """An immutable, ordered collection of rules; ``select`` returns a new one."""

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise RuleError(f"duplicate rule id {rule.id!r} ({rule.source})")
            seen.add(rule.id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise RuleError(f"no such rule: {rule_id!r} (see 'cleaner rules')")

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.category for rule in self.rules))

    def select(
        self,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        aggressive: bool = False,
    ) -> RuleSet:
        """Keep rules named by ``select`` (all when empty), drop those named by ``ignore``,
        and drop opt-in rules unless ``aggressive``. Unknown names raise RuleError. Allow
        rules stay unless ignored: ``select`` chooses what removes, not what protects."""
        for name in (*select, *ignore):
            if not any(_matches(rule, name) for rule in self.rules):
                raise RuleError(f"no rule or category matches {name!r} (see 'cleaner rules')")
        chosen = [
            rule
            for rule in self.rules
            if (not select or rule.allow or any(_matches(rule, n) for n in select))
            and not any(_matches(rule, n) for n in ignore)
            and (aggressive or not rule.aggressive)
        ]
        return RuleSet(tuple(chosen))
