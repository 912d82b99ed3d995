"""What a user's rule must do before it is used: match no empty line, stay fast on hostile
lines, and do what its own examples say.

The built-in packs are checked the same way by their tests; a user's file is checked
when it is loaded, so a rule that would remove every line, hang on a long line or
contradict its examples is a one-line error (exit 2), never a surprise in the output.
"""

from __future__ import annotations

import regex

from .matcher import MAX_RULE_CHARS, REGEX_TIMEOUT, LineMatcher
from .phrases import normalise
from .rules import Rule, RuleError, RuleSet

# Line rules whose examples can be checked one line at a time.
LINE_KINDS = ("line", "prefix", "contains", "pattern", "split")
# Repeated to make hostile lines: letters, digits, spaces, punctuation and mixes of them,
# the usual material of a nested quantifier's worst case ("(\w+\s?)+$" on "a a a ... !").
_SEEDS = ("a", "A", "1", " ", ".", "-", "_", "é", "ab", "a ", "a.", "a-", "1.", "a1", ", ", "\t")
# Short (exponential backtracking shows by 30 characters) and long (polynomial).
_SHORT = 40
_LONG = 2000


def _hostile(rule: Rule) -> list[str]:
    """Lines built to make a bad pattern backtrack: each seed (and each character of the
    remove examples) repeated and then spoiled by a character it cannot end on, alone and
    after each remove example (which gets a pattern past its fixed opening, "Read more:
    a a a a ... !", "zqx aaaa ... !")."""
    longest = min(rule.max_chars or MAX_RULE_CHARS, _LONG)
    heads = tuple(ex.split("\n")[0] for ex in rule.examples_remove[:3])
    own = "".join(dict.fromkeys("".join(heads)))[:24]
    out = []
    for size in dict.fromkeys((min(_SHORT, longest), longest)):
        for seed in dict.fromkeys(_SEEDS + tuple(own)):
            body = (seed * (size // len(seed) + 1))[:size]
            for head in dict.fromkeys(h + gap for h in heads for gap in (" ", "") if h):
                for tail in ("!", "\x00", ""):
                    out.append((head + body)[: rule.max_chars or None] + tail)
            out.extend(body + tail for tail in ("!", "\x00", ""))
    return out


def _pattern_problem(rule: Rule) -> tuple[str, str] | None:
    """A pattern that matches the empty string (every line), or one that hits the time
    limit on a hostile line (it would be skipped there in every run)."""
    probes = _hostile(rule)
    for lang, patterns in rule.patterns.items():
        for pattern in patterns:
            compiled = regex.compile(pattern, regex.IGNORECASE)
            if compiled.search("") is not None:
                return f"patterns.{lang}", f"pattern {pattern!r} matches the empty string: it would match every line"
            for line in probes:
                try:
                    compiled.search(line, timeout=REGEX_TIMEOUT)
                except TimeoutError:
                    shown = line[:12] + ("..." if len(line) > 12 else "")
                    return f"patterns.{lang}", (
                        f"pattern {pattern!r} backtracks catastrophically: more than {REGEX_TIMEOUT} s "
                        f"on a line of {len(line)} characters like {shown!r}"
                    )
    return None


def _phrase_problem(rule: Rule) -> tuple[str, str] | None:
    """A ``line`` phrase of punctuation alone would match every line of symbols."""
    if rule.kind != "line":
        return None
    for lang, phrases in rule.phrases.items():
        for phrase in phrases:
            if not normalise(phrase):
                return f"phrases.{lang}", f"phrase {phrase!r} is punctuation only: it would match every line of symbols"
    return None


def _example_problem(rule: Rule, known: RuleSet) -> tuple[str, str] | None:
    """The rule removes each of its ``examples.remove`` and none of its ``examples.keep``;
    an allow rule protects each ``keep`` example and no ``remove`` one. A ``split`` rule
    needs the rules its categories name, so it is tried among ``known``."""
    rules = RuleSet(tuple(r for r in known if r.id != rule.id) + (rule,)) if rule.kind == "split" else RuleSet((rule,))
    matcher = LineMatcher(rules)

    def fires(text: str) -> bool:
        return any(h.rule.id == rule.id for h in matcher.match(text))

    # (key, examples it must match), (key, examples it must not), and why not
    if rule.allow:
        hit, miss, why = ("examples.keep", rule.examples_keep), ("examples.remove", rule.examples_remove), "leave to the other rules"
    else:
        hit, miss, why = ("examples.remove", rule.examples_remove), ("examples.keep", rule.examples_keep), "keep"
    who = "the allow rule" if rule.allow else "the rule"
    for example in hit[1]:
        if not fires(example):
            return hit[0], f"{who} does not match its own example {example!r}"
    for example in miss[1]:
        if fires(example):
            return miss[0], f"{who} matches its own example {example!r}, which it should {why}"
    return None


def rule_problem(rule: Rule, known: RuleSet) -> tuple[str, str] | None:
    """The first problem of a user's rule as (key, message), or None. A context rule is
    code (``structure.py``) with its entry in the built-in packs: one in a user's file
    would do nothing, silently."""
    if rule.kind not in LINE_KINDS:
        return "kind", f"a context rule is code in cleaner/structure.py; a rule file can hold only {', '.join(LINE_KINDS)} rules"
    try:
        return _phrase_problem(rule) or _pattern_problem(rule) or _example_problem(rule, known)
    except RuleError as exc:  # e.g. a split rule among rules that claim one phrase twice
        return "phrases", str(exc)
