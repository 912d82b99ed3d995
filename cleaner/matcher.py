"""The line-rule engine: every phrase and pattern rule compiled once, one pass per line.

All ``line`` phrases go into one dictionary keyed by the normalised line, all ``prefix``
and all ``contains`` phrases into one alternation each, so a line costs a dictionary
lookup and two regex scans however many rules there are. A match is mapped back to its
rule through the normalised phrase it matched.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .rules import Evidence, Rule, RuleError, RuleSet

# Lines longer than this are prose or data, never a boilerplate line of their own; skipping
# them keeps a 50 MB single-line input fast.
MAX_RULE_CHARS = 5000
# Upper bound, in seconds, for one regex scan of one line (hostile text, a user's bad pattern).
REGEX_TIMEOUT = 0.25

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " "})
_EDGE_RE = regex.compile(r"^[\W_]+|[\W_]+$")
_WS_RE = regex.compile(r"\s+")
_NO_SPACE_SCRIPT_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")


def normalise(text: str) -> str:
    """Case-folded, quotes unified, whitespace collapsed, punctuation and symbols trimmed
    from both ends: the form in which a whole line is compared with a phrase."""
    text = _WS_RE.sub(" ", text.casefold().translate(_QUOTES))
    return _EDGE_RE.sub("", text)


def _phrase_key(phrase: str) -> str:
    return _WS_RE.sub(" ", phrase.casefold().translate(_QUOTES)).strip()


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regex piece: flexible whitespace and apostrophes, word boundaries
    except next to scripts written without spaces."""
    body = r"\s+".join(regex.escape(word) for word in phrase.strip().split())
    body = body.replace("'", "['’ʼ]")
    spaced = not _NO_SPACE_SCRIPT_RE.search(phrase)
    left = r"(?<!\w)" if spaced and regex.match(r"\w", phrase.strip()) else ""
    right = r"(?!\w)" if spaced and regex.search(r"\w$", phrase.strip()) else ""
    return left + body + right


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on a line and what it matched."""

    rule: Rule
    evidence: Evidence


class LineMatcher:
    """All line-level rules of a RuleSet, compiled. Immutable after construction."""

    def __init__(self, rules: RuleSet) -> None:
        self._whole: dict[str, Rule] = {}
        self._prefix: dict[str, Rule] = {}
        self._contains: dict[str, Rule] = {}
        self._patterns: list[tuple[Rule, regex.Pattern[str]]] = []
        tables = {"line": self._whole, "prefix": self._prefix, "contains": self._contains}
        for rule in rules:
            if rule.kind in tables:
                table = tables[rule.kind]
                for phrases in rule.phrases.values():
                    for phrase in phrases:
                        key = normalise(phrase) if rule.kind == "line" else _phrase_key(phrase)
                        other = table.get(key)
                        if other is not None and other.id != rule.id:
                            raise RuleError(
                                f"phrase {phrase!r} is in both {other.id} and {rule.id} ({rule.source})"
                            )
                        table[key] = rule
            elif rule.kind == "pattern":
                for patterns in rule.patterns.values():
                    for pattern in patterns:
                        self._patterns.append((rule, regex.compile(pattern, regex.IGNORECASE)))
        self._prefix_re = self._alternation(self._prefix, anchored=True)
        self._contains_re = self._alternation(self._contains, anchored=False)

    @staticmethod
    def _alternation(table: dict[str, Rule], anchored: bool) -> regex.Pattern[str] | None:
        if not table:
            return None
        pieces = sorted(table, key=len, reverse=True)
        body = "|".join(_phrase_regex(p) for p in pieces)
        lead = r"^[\W_]*" if anchored else ""
        return regex.compile(lead + "(" + body + ")", regex.IGNORECASE)

    @staticmethod
    def _fits(rule: Rule, length: int) -> bool:
        return not rule.max_chars or length <= rule.max_chars

    def match(self, text: str) -> list[Hit]:
        """Every rule that fires on this line (at most one hit per rule)."""
        stripped = text.strip()
        length = len(stripped)
        if not length or length > MAX_RULE_CHARS:
            return []
        hits: dict[str, Hit] = {}

        rule = self._whole.get(normalise(stripped))
        if rule is not None and self._fits(rule, length):
            start = text.index(stripped)
            hits[rule.id] = Hit(rule, Evidence(stripped, (start, start + length)))

        for compiled, table in ((self._prefix_re, self._prefix), (self._contains_re, self._contains)):
            if compiled is None:
                continue
            try:
                found = list(compiled.finditer(text, timeout=REGEX_TIMEOUT))
            except TimeoutError:
                continue
            for m in found:
                hit_rule = table.get(_phrase_key(m.group(1)))
                if hit_rule is None or hit_rule.id in hits or not self._fits(hit_rule, length):
                    continue
                hits[hit_rule.id] = Hit(hit_rule, Evidence(m.group(1), m.span(1)))

        for pat_rule, pattern in self._patterns:
            if pat_rule.id in hits or not self._fits(pat_rule, length):
                continue
            try:
                m = pattern.search(text, timeout=REGEX_TIMEOUT)
            except TimeoutError:
                continue
            if m is not None:
                hits[pat_rule.id] = Hit(pat_rule, Evidence(m.group(), m.span()))
        return list(hits.values())
