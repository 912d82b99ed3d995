"""How a line is compared with a phrase: normal forms and the phrase tables.

A ``line`` phrase is compared with a whole line in normal form (``normalise``: case-folded,
quotes unified, whitespace collapsed, punctuation trimmed from both ends); ``prefix`` and
``contains`` phrases are looked for in the folded line (``fold``: same length, so spans
found there are spans of the line). ``phrase_tables`` keys every phrase of a RuleSet by
its form, one table per kind.
"""

from __future__ import annotations

from typing import Iterator

import regex

from . import cache
from .rules import Rule, RuleError, RuleSet

# Lines up to this long are remembered, up to this many (about 20 MB at most).
MEMO_MAX_CHARS = 200
MEMO_SIZE = 50_000

# Greek drops its accents in capitals ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ" for "Διαβάστε επίσης"): a vowel
# with a tonos is compared as the vowel (one character for one, so spans stay in place).
_GREEK_TONOS = {"ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω", "ΐ": "ϊ", "ΰ": "ϋ",
                "Ά": "Α", "Έ": "Ε", "Ή": "Η", "Ί": "Ι", "Ό": "Ο", "Ύ": "Υ", "Ώ": "Ω"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " ", **_GREEK_TONOS})
_EDGE_RE = cache.constant(r"^[\W_]+|[\W_]+$")
_WS_RE = cache.constant(r"\s+")


# Normal forms of short lines, remembered (up to ``MEMO_SIZE``): a line is normalised for
# its key in the document (``structure.line_keys``) and again for the line phrases, and
# menus and footers repeat across a site's pages.
_normal: dict[str, str] = {}


def normalise(text: str) -> str:
    """Case-folded, quotes unified, whitespace collapsed, punctuation and symbols trimmed
    from both ends: the form in which a whole line is compared with a phrase."""
    if len(text) > MEMO_MAX_CHARS:
        return _normal_form(text)
    found = _normal.get(text)
    if found is None:
        if len(_normal) >= MEMO_SIZE:
            _normal.clear()
        found = _normal[text] = _normal_form(text)
    return found


def _normal_form(text: str) -> str:
    return _EDGE_RE.sub("", "".join(_folded(text)))


_CUT_RE = cache.constant(r"(?<!\s)|(?!\s)")  # a place not inside a run of whitespace
_PIECE_CHARS = 1 << 16
_WORD_CHAR_RE = cache.constant(r"[^\W_]")
_LAST_WORD_CHAR_RE = cache.constant(r"(?r)[^\W_]")


def _folded(text: str) -> Iterator[str]:
    """``text`` case-folded, quotes unified and each run of whitespace as one space, in
    pieces: a long line is cut about every ``_PIECE_CHARS`` characters, never inside a run
    of whitespace, and each piece folded alone. Folding maps each character by itself,
    whitespace to whitespace and nothing else to it (tests/test_memory.py checks every
    code point), so the pieces joined are the whole line folded; but no step holds a
    folded copy of a 50 MB line (the regex module's ``sub`` holds every piece of its
    result in a list, 57 MB for a 5 MB line of prose; ``casefold`` of a line of Japanese
    takes a buffer of six times its size)."""
    if "İ" in text:  # (the Turkish dotted capital I case-folds to "i" and a combining dot)
        text = text.replace("İ", "i")
    start = 0
    while len(text) - start > _PIECE_CHARS and (m := _CUT_RE.search(text, start + _PIECE_CHARS)):
        yield _WS_RE.sub(" ", text[start : m.start()].casefold().translate(_QUOTES))
        start = m.start()
    yield _WS_RE.sub(" ", text[start:].casefold().translate(_QUOTES))


def normal_length(text: str) -> int:
    """``len(normalise(text))``, counted over the folded pieces (``_folded``) without
    building the normal form: it runs from the first word character to the last
    (``_EDGE_RE`` trims what is outside them), or is empty when there is none."""
    length, first, last = 0, -1, -1
    for piece in _folded(text):
        if (m := _WORD_CHAR_RE.search(piece)) is not None:
            first = length + m.start() if first < 0 else first
            last = length + _LAST_WORD_CHAR_RE.search(piece).start()  # type: ignore[union-attr]
        length += len(piece)
    return last + 1 - first if first >= 0 else 0


# Lower-casing and these substitutions keep every character in place (same length), so
# spans found in the folded text are spans of the original line.
_FOLD = str.maketrans({"İ": "i", "\u202f": " ", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " ", "\t": " ", **_GREEK_TONOS})


def fold(text: str) -> str | None:
    """Lower-cased, apostrophes and spaces unified, Greek tonos dropped, same length as ``text`` (None in the
    rare case lower-casing changes the length). The Turkish dotted capital I, which
    lower-cases to two characters, is folded to a plain i first."""
    folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else None


def _phrase_key(phrase: str) -> str:
    return _WS_RE.sub(" ", phrase.translate(_FOLD).lower()).strip()


def wanted(lang: str, languages: frozenset[str] | None) -> bool:
    return languages is None or lang == "any" or lang in languages


def phrase_tables(
    rules: RuleSet, languages: frozenset[str] | None = None
) -> tuple[dict[str, Rule], dict[str, Rule], dict[str, Rule]]:
    """The ``line``, ``prefix`` and ``contains`` phrases keyed by their normalised form.
    A phrase claimed by two rules of one kind is an error: a match must name one rule."""
    tables: dict[str, dict[str, Rule]] = {"line": {}, "prefix": {}, "contains": {}}
    for rule in rules:
        table = tables.get(rule.kind)
        if table is None:
            continue
        for lang, phrases in rule.phrases.items():
            if not wanted(lang, languages):
                continue
            for phrase in phrases:
                key = normalise(phrase) if rule.kind == "line" else _phrase_key(phrase)
                other = table.get(key)
                if other is not None and other.id != rule.id:
                    raise RuleError(f"phrase {phrase!r} is in both {other.id} and {rule.id} ({rule.source})")
                table[key] = rule
    return tables["line"], tables["prefix"], tables["contains"]
