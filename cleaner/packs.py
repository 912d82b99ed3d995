"""Loading and validating rule packs (TOML) into a RuleSet.

Built-in packs live in ``cleaner/packs/``, one file per category; a user's own rule
files use the same schema. Errors name the file, the rule and the key, so a typo in a
rule file is a one-line message, not a traceback.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from . import cache
from . import rules as rules_module
from .document import InputError
from .files import DEFAULT_MAX_SIZE, read_limited, size_text
from .rules import KINDS, STRENGTHS, Rule, RuleError, RuleSet

_RULE_KEYS = {
    "name", "kind", "strength", "description", "phrases", "patterns", "max_chars",
    "aggressive", "allow", "params", "examples",
}
ALLOW_KINDS = ("line", "prefix", "contains", "pattern")
SITE_RE = cache.constant(r"(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")
_NAME_RE = cache.constant(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG_RE = cache.constant(r"any|[a-z]{2,3}")


class _Lines:
    """Where a rule and its keys are in the TOML text: tomllib gives no line numbers, so
    the n-th ``[[rule]]`` header is found in the text, and a key as the first line of that
    rule's block that starts with it. Good enough for a message; unsure is no line."""

    _HEADER = cache.constant(r"\s*\[\[\s*rule\s*\]\]")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [k for k, line in enumerate(self.lines) if self._HEADER.match(line)]

    def of(self, index: int, key: str = "name") -> int:
        """The 1-based line of ``key`` in the ``index``-th rule, else of its name, else of
        its header; 0 if the rule's header was not found."""
        if index >= len(self.headers):
            return 0
        first = self.headers[index]
        last = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines)
        for wanted in dict.fromkeys((key, key.split(".")[0], "name")):
            found = regex.compile(rf"\s*{regex.escape(wanted)}\s*[=.]")
            for k in range(first + 1, last):
                if found.match(self.lines[k]):
                    return k + 1
        return first + 1


def _fail(source: str, line: int, rule: str, key: str, message: str) -> RuleError:
    """The one-line error for a rule: ``file:line: rule: key: message``."""
    where = f"{source}:{line}" if line else source
    return RuleError(f"{where}: {rule}: {key}: {message}")


class _Entry:
    """One ``[[rule]]`` table being read: its errors name the file, line, rule and key."""

    def __init__(self, source: str, lines: _Lines, index: int, rule_id: str) -> None:
        self.source, self.lines, self.index, self.rule_id = source, lines, index, rule_id

    def fail(self, key: str, message: str) -> RuleError:
        return _fail(self.source, self.lines.of(self.index, key), self.rule_id, key, message)


def _string_lists(at: _Entry, key: str, value: Any) -> dict[str, tuple[str, ...]]:
    """Validate a ``{lang: [str, ...]}`` table."""
    if not isinstance(value, dict):
        raise at.fail(key, "must be a table of language = [strings]")
    out: dict[str, tuple[str, ...]] = {}
    for lang, items in value.items():
        if not _LANG_RE.fullmatch(lang):
            raise at.fail(f"{key}.{lang}", "language must be 'any' or an ISO 639 code")
        if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
            raise at.fail(f"{key}.{lang}", "must be a list of non-empty strings")
        out[lang] = tuple(items)
    return out


def _parse_rule(source: str, lines: _Lines, index: int, category: str, entry: Any, check_patterns: bool) -> Rule:
    if not isinstance(entry, dict):
        raise _fail(source, lines.of(index), f"rule #{index + 1}", "rule", "each [[rule]] must be a table")
    name = entry.get("name")
    rule_id = f"{category}.{name}" if isinstance(name, str) else f"rule #{index + 1}"
    at = _Entry(source, lines, index, rule_id)
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise at.fail("name", "must be kebab-case, e.g. 'support-us'")
    unknown = sorted(set(entry) - _RULE_KEYS)
    if unknown:
        raise at.fail(unknown[0], f"unknown key (known: {', '.join(sorted(_RULE_KEYS))})")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise at.fail("kind", f"{kind!r} is not a kind (one of {', '.join(KINDS)})")
    strength = entry.get("strength", "normal")
    if strength not in STRENGTHS:
        raise at.fail("strength", f"{strength!r} is not a strength (one of {', '.join(STRENGTHS)})")
    description = entry.get("description")
    if not isinstance(description, str) or not description.strip():
        raise at.fail("description", "is required")
    phrases = _string_lists(at, "phrases", entry.get("phrases", {}))
    patterns = _string_lists(at, "patterns", entry.get("patterns", {}))
    if kind in ("line", "prefix", "contains") and not phrases:
        raise at.fail("phrases", f"a {kind} rule needs phrases")
    if kind == "pattern" and not patterns:
        raise at.fail("patterns", "a pattern rule needs patterns")
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise at.fail("params", "must be a table")
    if kind == "split" and not (params.get("separators") and params.get("categories")):
        raise at.fail("params.separators", "a split rule needs params.separators and params.categories")
    for lang, items in patterns.items() if check_patterns else ():
        for pattern in items:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                position = f" at position {exc.pos}" if exc.pos is not None else ""
                raise at.fail(f"patterns.{lang}", f"pattern {pattern!r} does not compile{position}: {exc.msg}") from None
    max_chars = entry.get("max_chars", 0)
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 0:
        raise at.fail("max_chars", "must be a whole number >= 0")
    aggressive = entry.get("aggressive", False)
    if not isinstance(aggressive, bool):
        raise at.fail("aggressive", "must be true or false")
    allow = entry.get("allow", False)
    if not isinstance(allow, bool):
        raise at.fail("allow", "must be true or false")
    if allow and kind not in ALLOW_KINDS:
        raise at.fail("allow", f"an allow rule matches lines: its kind is one of {', '.join(ALLOW_KINDS)}")
    examples = entry.get("examples")
    if not isinstance(examples, dict) or set(examples) - {"remove", "keep"}:
        raise at.fail("examples", "must be a table with 'remove' and 'keep' lists")
    remove = examples.get("remove", [])
    keep = examples.get("keep", [])
    for key, items in (("remove", remove), ("keep", keep)):
        if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise at.fail(f"examples.{key}", "must be a list of strings")
        if not items:
            raise at.fail(f"examples.{key}", "examples.remove and examples.keep are both required")
    return Rule(
        id=rule_id,
        category=category,
        kind=kind,
        strength=strength,
        description=description.strip(),
        phrases=phrases,
        patterns=patterns,
        max_chars=max_chars,
        aggressive=aggressive,
        allow=allow,
        params=params,
        examples_remove=tuple(remove),
        examples_keep=tuple(keep),
        source=source,
        line=lines.of(index),
    )


def inspect_pack(text: str, source: str, check_patterns: bool = True) -> list[Rule | RuleError]:
    """Each rule of a pack, or the error that rule has (a duplicate id is the second
    one's error), so ``rules --check`` can report every rule. An error of the file as a
    whole (not TOML, no category) is raised."""
    import tomllib  # (the built-in packs are read from the cache: ``cache.built``)

    try:
        data = cache.parsed("packs", text.encode("utf-8"), lambda _: tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    category = data.get("category")
    if not isinstance(category, str) or not _NAME_RE.fullmatch(category):
        raise RuleError(f"{source}: 'category' must be a kebab-case name")
    unknown = set(data) - {"category", "description", "sites", "rule"}
    if unknown:
        raise RuleError(f"{source}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RuleError(f"{source}: rules are written as [[rule]] tables")
    sites = data.get("sites", [])
    if not isinstance(sites, list) or not all(isinstance(site, str) and SITE_RE.fullmatch(site) for site in sites):
        raise RuleError(f"{source}: 'sites' must be a list of host names such as \"example.com\" or \"*.example.org\"")
    lines = _Lines(text)
    out: list[Rule | RuleError] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        try:
            rule = _parse_rule(source, lines, index, category, entry, check_patterns)
        except RuleError as exc:
            out.append(exc)
            continue
        rule = replace(rule, sites=tuple(site.lower() for site in sites)) if sites else rule
        if rule.id in seen:
            out.append(_fail(source, rule.line, rule.id, "name", f"duplicate rule id (first at line {seen[rule.id]})"))
            continue
        seen[rule.id] = rule.line
        out.append(rule)
    return out


def parse_pack(text: str, source: str, check_patterns: bool = True) -> tuple[Rule, ...]:
    """Parse one pack's TOML text; ``source`` names it in error messages, the first error
    is raised. Compiling every pattern to check it is the slow part of loading: the
    built-in packs skip it (their tests compile every pattern), a user's rule file never does."""
    rules = inspect_pack(text, source, check_patterns)
    for item in rules:
        if isinstance(item, RuleError):
            raise item
    return tuple(rules)  # type: ignore[arg-type]


def builtin_rules() -> RuleSet:
    """All built-in packs, parsed once per process, and kept on disk (``cache.built``)
    under the hash of their text and of the code that reads them."""
    return _builtin()[0]


def builtin_digest() -> bytes:
    """What the built-in rules are made from (the packs' text, the code that reads them):
    the same bytes, the same rules."""
    return _builtin()[1]


@lru_cache(maxsize=1)
def _builtin() -> tuple[RuleSet, bytes]:
    folder = resources.files("cleaner") / "packs"
    packs = [(item.name, item.read_bytes()) for item in sorted(folder.iterdir(), key=lambda p: p.name) if item.name.endswith(".toml")]

    def parse() -> RuleSet:
        rules: list[Rule] = []
        for name, data in packs:
            rules.extend(parse_pack(cache.read_text(data), f"packs/{name}", check_patterns=False))
        return RuleSet(tuple(rules))

    key = cache.text_digest(*(name.encode("utf-8") + b"\n" + data for name, data in packs))
    classes = {("cleaner.rules", "Rule"): Rule, ("cleaner.rules", "RuleSet"): RuleSet}
    return cache.built("rules", key, parse, classes, sources=(sys.modules[__name__], rules_module)), key


def read_rule_file(path: Path) -> str:
    """A rule file's text; a bounded read: "--rules /dev/zero" must not fill the memory."""
    try:
        with open(path, "rb") as fh:
            return read_limited(fh, DEFAULT_MAX_SIZE, os.fstat(fh.fileno()).st_size).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    except InputError:
        raise RuleError(f"{path}: cannot read rule file: larger than {size_text(DEFAULT_MAX_SIZE)}, not a rule file") from None


def check_rule_file(path: Path, known: RuleSet) -> list[Rule | RuleError]:
    """Each rule of a user's file, or its first problem: a schema error, an id that
    ``known`` (the rules loaded before it) already has, or what ``checks.rule_problem``
    finds (empty matches, catastrophic backtracking, its own examples)."""
    from .checks import rule_problem

    text = read_rule_file(path)
    items = inspect_pack(text, str(path))
    lines = _Lines(text)
    mine = tuple(item for item in items if isinstance(item, Rule))
    context = RuleSet(known.rules + tuple(r for r in mine if r.id not in {k.id for k in known}))
    out: list[Rule | RuleError] = []
    for index, item in enumerate(items):
        if isinstance(item, Rule):
            if any(r.id == item.id for r in known):
                other = known.get(item.id)
                item = _fail(str(path), item.line, item.id, "name", f"duplicate rule id (also in {other.source})")
            elif (problem := rule_problem(item, context)) is not None:
                item = _fail(str(path), lines.of(index, problem[0]), item.id, *problem)
        out.append(item)
    return out


def load_rule_file(path: Path, known: RuleSet | None = None) -> tuple[Rule, ...]:
    """A user's rule file, same schema as the built-in packs, checked (the first error is
    raised). ``known``: the rules its ids must not repeat (default: the built-in ones)."""
    items = check_rule_file(path, builtin_rules() if known is None else known)
    for item in items:
        if isinstance(item, RuleError):
            raise item
    return tuple(items)  # type: ignore[arg-type]


def load_rules(rule_files: tuple[Path, ...] = ()) -> RuleSet:
    """Built-in rules plus the given rule files (their ids must not clash)."""
    rules = builtin_rules()
    for path in rule_files:
        rules = RuleSet(rules.rules + load_rule_file(Path(path), rules))
    return rules
