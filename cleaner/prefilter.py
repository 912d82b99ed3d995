"""The literal prefilter: the words a line must hold for a pattern to match it, read
out of the pattern's text.

Most patterns open with a word out of a short list, or hold one somewhere; a line with
none of them cannot match, so the pattern is not tried on it (``LineMatcher`` in
``matcher.py``). Reading a pattern: its syntax ("(", ")", "|", sets, escapes, quantifiers),
whether it is anchored at the line's start, and how its letters fold case-insensitively.
What is read is kept on disk (``cache.parsed``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import regex

from . import cache

try:  # the regex engine: its table of letter cases (``_foldable``)
    from regex import _regex  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another layout: no literal prefilter
    _regex = None


# The literal prefilter (``_lead``): most patterns open with a word out of a short list
# ("^[\W_]*(?:follow|like|join)\s+us", "\b(?:give|donate) ..."); a line holding none of
# those words cannot match, so the pattern is not tried on it (a scan of a line by each
# pattern, or by the shared scan of them all, cost more than the check of them all).
# The leading runs a "^" pattern may step over before its words, by their spelling in
# the pattern (possessive or not, the same run: a word's letter is not in it).
_NON_WORD, _NON_WORD_OR_UNDERSCORE, _SPACES = cache.constant(r"\W*"), cache.constant(r"[\W_]*"), cache.constant(r"\s*")
_SKIPS = {
    r"\W*+": _NON_WORD, r"\W*": _NON_WORD,
    r"[\W_]*+": _NON_WORD_OR_UNDERSCORE, r"[\W_]*": _NON_WORD_OR_UNDERSCORE,
    r"\s*+": _SPACES, r"\s*": _SPACES,
}
_NO_SKIP = cache.constant("")
# Case-insensitive matching lets a letter match more than its capital: "s" matches the
# long s "ſ", "i" the dotted capital "İ" (which lower-cases to two characters), Cyrillic
# letters their old variants. A line is folded as lower-casing does, these first; a
# pattern's letter is read only if each of its case partners folds so to one letter
# (``_folded``, told by the regex engine's own table).
_PARTNERS = {"ſ": "s", "İ": "i", "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ"}
_PARTNER_TABLE = str.maketrans(_PARTNERS)
_PARTNER_RE = cache.constant("[" + "".join(_PARTNERS) + "]")
# Groups whose content is matched as it stands (capturing, non-capturing, atomic, "i" scoped).
_GROUP_OPENERS = ("(?:", "(?>", "(?i:", "(")
_LOOKAHEADS = ("(?=", "(?!")


@dataclass(frozen=True, slots=True)
class Lead:
    """What a line must hold for a pattern to match it: one of ``words`` (folded as
    ``case_fold`` folds), right after the run ``skip`` matches at the line's start when
    ``skip`` is set (a "^" pattern), anywhere in it otherwise."""

    words: tuple[str, ...]
    skip: regex.Pattern[str] | None


def case_fold(text: str) -> str:
    """``text`` lower-cased, each case partner of a letter (``_PARTNERS``) as that letter."""
    if not text.isascii() and _PARTNER_RE.search(text):
        text = text.translate(_PARTNER_TABLE)
    return text.lower()


@lru_cache(maxsize=None)
def _folded(letter: str) -> str | None:
    """The one letter that ``letter`` and every character it matches case-insensitively
    fold to (``case_fold``), or None."""
    if _regex is None:  # pragma: no cover - another layout of the regex package
        return None
    folds = {case_fold(chr(c)) for c in _regex.get_all_cases(regex.IGNORECASE | regex.UNICODE, ord(letter))}
    folds.add(case_fold(letter))
    return folds.pop() if len(folds) == 1 and len(next(iter(folds))) == 1 else None


def _set_end(pattern: str, k: int) -> int:
    """The index of the "]" closing the set opened at ``k`` ("[]...]" and "[^]...]"
    hold a "]"), or the pattern's length."""
    n = len(pattern)
    k += 1
    if k < n and pattern[k] == "^":
        k += 1
    if k < n and pattern[k] == "]":
        k += 1
    while k < n and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k


def _syntax(pattern: str) -> Iterator[tuple[int, str]]:
    """The "(", ")" and "|" of ``pattern`` that are syntax, with their index: escapes
    and sets are stepped over."""
    k, n = 0, len(pattern)
    while k < n:
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":
            k = _set_end(pattern, k)
        elif ch in "()|":
            yield k, ch
        k += 1


def _group_end(pattern: str) -> int:
    """The index of the ")" closing the group ``pattern`` opens with (-1 if none)."""
    depth = 0
    for k, ch in _syntax(pattern):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return k
    return -1


def _alternatives(body: str) -> list[str]:
    """``body`` (a group's content) cut at its top-level "|"."""
    out, depth, start = [], 0, 0
    for k, ch in _syntax(body):
        if ch == "|" and depth == 0:
            out.append(body[start:k])
            start = k + 1
        else:
            depth += 1 if ch == "(" else -1 if ch == ")" else 0
    out.append(body[start:])
    return out


def _leading_words(pattern: str) -> set[str] | None:
    """The letters every match of ``pattern`` opens with, one folded string per
    alternative, or None when unsure: a letter under a quantifier is left out, a group
    is read through its alternatives, anything else (an escape, a set, an optional
    group) ends the reading with no answer."""
    k = 0
    while k < len(pattern) and pattern[k].isalpha() and _folded(pattern[k]) is not None:
        k += 1
    if k < len(pattern) and pattern[k] in "?*+{":
        k -= 1
    if k > 0:
        return {"".join(_folded(ch) or "" for ch in pattern[:k])}
    opener = next((o for o in _GROUP_OPENERS if pattern.startswith(o)), None)
    if opener is None or (opener == "(" and pattern.startswith("(?")):
        return None
    end = _group_end(pattern)
    if end < 0 or pattern[end + 1 : end + 2] in ("?", "*", "{"):
        return None
    words: set[str] = set()
    for alternative in _alternatives(pattern[len(opener) : end]):
        found = _leading_words(alternative)
        if found is None:
            return None
        words |= found
    return words


_QUANTIFIER_RE = cache.constant(r"[?*+][?+]?|\{(\d*)(?:,\d*)?\}[?+]?")
_ESCAPE_RE = cache.constant(r"\\(?:[pPN]\{[^}]*\}|L<[^>]*>|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|0[0-7]{0,2}|.)", regex.DOTALL)
# Groups an inner word is read from: matched as they stand, or looked ahead for.
_INNER_OPENERS = ("(?:", "(?>", "(?i:", "(?-i:", "(?=")


def _elements(pattern: str) -> list[tuple[str, str]] | None:
    """``pattern`` (one alternative) as its elements (a character, an escape, a set, a
    group), each with its quantifier ("" for none); None if unsure."""
    out: list[tuple[str, str]] = []
    k, n = 0, len(pattern)
    while k < n:
        ch = pattern[k]
        if ch == "\\":
            m = _ESCAPE_RE.match(pattern, k)
            if m is None:
                return None
            end = m.end()
        elif ch == "[":
            end = _set_end(pattern, k) + 1
        elif ch == "(":
            end = _group_end(pattern[k:]) + k + 1
            if end <= k:
                return None
        else:
            end = k + 1
        q = _QUANTIFIER_RE.match(pattern, end)
        if q is None and pattern.startswith("{", end):
            return None  # (a brace that is no quantifier: a literal, read as unsure)
        out.append((pattern[k:end], q.group() if q is not None else ""))
        k = q.end() if q is not None else end
    return out


def _least(quantifier: str) -> int:
    """How many times an element under ``quantifier`` matches at the least."""
    if not quantifier:
        return 1
    if quantifier[0] == "{":
        return int(_QUANTIFIER_RE.match(quantifier).group(1) or 0)  # type: ignore[union-attr]
    return 1 if quantifier[0] == "+" else 0


def _inner_words(pattern: str) -> set[str] | None:
    """Words one of which every match of ``pattern`` holds somewhere (folded), or None
    when unsure: of each alternative, the required run of letters or the required
    group (or lookahead) whose shortest word is the longest."""
    alternatives = _alternatives(pattern)
    if len(alternatives) > 1:
        words: set[str] = set()
        for alternative in alternatives:
            found = _inner_words(alternative)
            if found is None:
                return None
            words |= found
        return words
    elements = _elements(pattern)
    if elements is None:
        return None
    candidates: list[set[str]] = []
    run = ""
    for element, quantifier in elements:
        least = _least(quantifier)
        letter = _folded(element) if len(element) == 1 and element.isalpha() else None
        if letter is not None and least:
            run += letter  # (repeated, it ends the run: "ab+c" holds "ab", not "abc")
            if not quantifier:
                continue
        if run:
            candidates.append({run})
            run = ""
        opener = next((o for o in _INNER_OPENERS if element.startswith(o)), None)
        if opener is not None and least and (found := _inner_words(element[len(opener) : -1])) is not None:
            candidates.append(found)
    if run:
        candidates.append({run})
    return max(candidates, key=lambda words: min(map(len, words)), default=None)


def _lead(pattern: str) -> Lead | None:
    """The literal prefilter of a pattern (``Lead``), or None when unsure. A "^" pattern:
    "^", lookaheads (they take no characters), one of ``_SKIPS``, then its leading words
    (``_leading_words``); failing that, or for any other pattern, the words one of which
    a match holds somewhere (``_inner_words``)."""
    if pattern.startswith("(?i)"):  # (case-insensitive already)
        pattern = pattern[4:]
    if UNREADABLE_RE.search(pattern):
        return None
    if anchored(pattern):
        rest = pattern[1:]
        while rest.startswith(_LOOKAHEADS) and (end := _group_end(rest)) > 0 and rest[end + 1 : end + 2] not in ("?", "*", "+", "{"):
            rest = rest[end + 1 :]
        spelling = next((s for s in _SKIPS if rest.startswith(s)), "")
        words = _leading_words(rest[len(spelling) :])
        if words:
            return Lead(tuple(sorted(words)), _SKIPS.get(spelling, _NO_SKIP))
    # (A word of one or two letters is in most lines: such a prefilter would let most
    # through, and take the pattern out of its shared scan.)
    words = _inner_words(pattern)
    return Lead(tuple(sorted(words)), None) if words and min(map(len, words)) >= 3 else None


def leads(patterns: list[str]) -> list[Lead | None]:
    """Each pattern's prefilter (``_lead``). Reading them took about 0.1 ms a pattern, a
    third of the start of an English matcher: kept on disk (``cache.parsed``), keyed by
    the patterns and by this module's code, as compiled patterns are."""
    import json  # (a matcher read from the cache (``cache.built``) needs none of this)

    data = json.dumps([_code_digest(), patterns]).encode("utf-8")
    kept: list[Any] = cache.parsed("leads", data, lambda _: [_plain(_lead(p)) for p in patterns])
    return [None if k is None else Lead(tuple(k[0]), None if k[1] is None else _SKIP_BY_SPELLING[k[1]]) for k in kept]


def _plain(lead: Lead | None) -> list[Any] | None:
    return None if lead is None else [list(lead.words), None if lead.skip is None else lead.skip.pattern]


_SKIP_BY_SPELLING = {skip.pattern: skip for skip in (_NON_WORD, _NON_WORD_OR_UNDERSCORE, _SPACES, _NO_SKIP)}


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """This module's code: a change in how prefilters are read makes a new key."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


# What makes a pattern unsafe to share one alternation with others: a group reference or
# call (renumbered there), inline flags (global in the regex module: they would change
# the others; scoped ones, "(?-i:...)", are fine), a comment.
UNSHAREABLE_RE = cache.constant(r"\\[1-9]|\\g<|\(\?P[=>]|\(\?[+-]?\d|\(\?[R&#]|\(\?[\^a-zA-Z0-9-]*\)")
# What makes a pattern unsafe to read a prefilter from: inline flags (a global "(?x)"
# makes its spaces no letters), a call of a group by number or of the whole pattern, a
# comment. A group reference or a call by name ("(?&item)": a list's item repeated) only
# repeats what the pattern matched or spells elsewhere; the words read around it hold.
UNREADABLE_RE = cache.constant(r"\(\?[+-]?\d|\(\?[R#]|\(\?[\^a-zA-Z0-9-]*\)")


def anchored(pattern: str) -> bool:
    """The pattern opens with ``^`` and has no alternative outside a group: it can match at
    the start of the line only (no MULTILINE: a line holds no line break), so ``search``
    and ``match`` agree on it. Unsure is no (an escape, a set, a group are stepped over)."""
    if not pattern.startswith("^") or UNSHAREABLE_RE.search(pattern):
        return False
    depth = 0
    for _, ch in _syntax(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return False
        elif depth == 0:
            return False
    return depth == 0
