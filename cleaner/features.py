"""Per-line shape features: the language-independent signals the structural rules use.

Computed once per line, stored in an immutable ``LineInfo``. Sizes are in "effective
characters": a character of a script written without spaces (Chinese, Japanese) carries
about as much text as three Latin letters, so it counts three times (a Hangul syllable
twice); thresholds then work
for every script without assuming word counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from .document import Document, is_blank
from .lang import PIECE_CHARS, Language, density, pieces

DENSE_SCRIPT_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_HANGUL_RE = regex.compile(r"\p{Hangul}")
# An emoji ends a sentence as a full stop does, in blogs and social posts ("... see you 🙂").
_EMOJI = r"(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)"
# Both end-of-line patterns are searched backwards from the end ((?r)): searched forwards,
# every emoji of a long run started a match that read the run to its end and failed at a
# letter after it (20,000 emoji and an "x": 23 s each, quadratic). Backwards, only the
# end of the line starts one. Whether a match exists does not depend on the direction.
EMOJI_END_RE = regex.compile(rf"(?r){_EMOJI}(?:{_EMOJI}|[\u200d\ufe0f\s])*$")
_CLOSERS = r"\"'”’“‘»)\]）」』"  # closing quotes and brackets after a full stop („So.“ in German)
_SENTENCE_END_RE = regex.compile(rf"(?r)(?:[.!?。！？…;؟][{_CLOSERS}]*|{_EMOJI})(?:{_EMOJI}|[\u200d\ufe0f\s])*$")
_SENTENCE_INNER_RE = regex.compile(rf"[.!?。！？؟][{_CLOSERS}]*(?:\s+|(?=\p{{Han}}|\p{{Hiragana}}|\p{{Katakana}}))")
_DIGIT_RE = regex.compile(r"\d")
_URL_RE = regex.compile(r"(?:https?://|www\.)\S+")
# A label, a separator, a count: "World (3031)", "Comments 12". The same matches as the
# older ``^[^\d]+?[\s(\[]+\d[\d.,]*[)\]]?$``, which tried every label length against
# every separator run (quadratic: 84 s for "x" + 100,000 spaces + "x"), but without any
# backtracking: label and separators are all the non-digits before the first digit
# (taken possessively), the last of them must be a separator with at least one
# character before it (the lookbehind), and the count runs to the end. (A greedy
# ``^[^\d]+[\s(\[]\d...`` has the same matches but is quadratic in the regex module on
# a long line of words.) tests/test_hostile.py compares old and new on random strings.
_COUNTED_RE = regex.compile(r"^[^\d]++(?<=[^\d][\s(\[])\d[\d.,]*+[)\]]?$")
_SPACE_RE = regex.compile(r"\s")
_NONLETTER_RE = regex.compile(r"[^\p{L}\p{M}\s]")  # neither a letter nor a space
_QUOTE_START_RE = regex.compile(r"^\s*[\"“„«‘‚「『‹»—–-]")
_BULLET_RE = regex.compile(r"^\s*(?:[-*•·▪●◦‣–—]|\d{1,2}[.)]|[a-z][.)])\s+\S")


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What the structural rules need to know about one line."""

    index: int
    blank: bool
    size: int  # effective characters (dense scripts count 3x)
    words: int  # whitespace tokens, or size / 6 for dense scripts
    letters: float  # share of letters among non-space characters
    density: float  # function-word density (0 when the language is unknown)
    sentence_end: bool  # ends like a sentence
    continues: bool  # ends with a comma: a sentence broken across lines goes on
    sentences: int  # sentence boundaries inside the line
    quoted: bool  # starts with a quotation mark or dash (reported speech)
    bullet: bool  # starts like a list item
    digits: bool  # has a digit (dates, scores, quantities: content, rarely a menu)
    counted: bool  # a label with a count, "World (3031)", "Comments 12": a menu or tag link
    url: bool  # mostly a web address: a link or an image path, not prose

    @property
    def title_like(self) -> bool:
        """Short and not ending like a sentence: a heading, menu item or teaser headline."""
        return not self.blank and not self.sentence_end and self.size <= 160


def line_info(index: int, text: str, lang: Language | None) -> LineInfo:
    return LineInfo(index, *_shape(text, lang))


def _shape(text: str, lang: Language | None) -> tuple[Any, ...]:
    """Every field of the line's ``LineInfo`` but its index: they depend on the text alone."""
    stripped = text.strip()
    if is_blank(stripped):
        return (True, 0, 0, 0.0, 0.0, False, False, 0, False, False, False, False, False)
    if max(stripped) < "\u1100":  # below Hangul Jamo: no dense script, no Hangul (most lines)
        dense, size = 0, len(stripped)
    else:
        dense = _count(DENSE_SCRIPT_RE, stripped)
        size = len(stripped) + 2 * dense + _count(_HANGUL_RE, stripped)
    nonspace = len(stripped) - _count(_SPACE_RE, stripped)
    letters = (nonspace - _count(_NONLETTER_RE, stripped)) / nonspace if nonspace else 0.0
    words = sum(len(piece.split()) for piece in pieces(stripped)) if dense * 3 < len(stripped) else max(1, size // 6)
    return (
        False,  # blank
        size,
        words,
        letters,
        density(stripped, lang),
        bool(_SENTENCE_END_RE.search(stripped)),  # sentence_end
        stripped.endswith((",", "、", "，", "；", "،")),  # continues
        sum(1 for _ in _SENTENCE_INNER_RE.finditer(stripped)),  # sentences
        bool(_QUOTE_START_RE.match(stripped)),  # quoted
        bool(_BULLET_RE.match(stripped)),  # bullet
        bool(_DIGIT_RE.search(stripped)),  # digits
        bool(_COUNTED_RE.match(stripped)),  # counted
        ("://" in stripped or "www." in stripped) and sum(m.end() - m.start() for m in _URL_RE.finditer(stripped)) * 2 > len(stripped),  # url
    )


def _count(char: regex.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character pattern ``char`` matches, found
    ``PIECE_CHARS`` at a time: a one-character match never spans two pieces, so the count
    is that of the whole, but a long line never becomes one list of its matches (a 50 MB
    line of prose has millions of spaces)."""
    return sum(len(char.findall(text, start, start + PIECE_CHARS)) for start in range(0, len(text), PIECE_CHARS))


# Shapes of short lines are remembered across documents, per language, up to this many
# (menus, footers and bylines repeat across the pages of a site; a shape depends on the
# text and the language alone). Longer lines are prose, rarely seen twice.
SHAPE_MEMO_MAX_CHARS = 200
SHAPE_MEMO_SIZE = 50_000
_shapes: dict[Language | None, dict[str, tuple[Any, ...]]] = {}


def analyse(doc: Document, lang: Language | None) -> tuple[LineInfo, ...]:
    """Features of every line of the document, in order. A line's shape is computed once
    per distinct text: menus, separators and blank lines repeat (a page of 200,000 menu
    lines spent 3 of its 10 s here), within a page and across a site's pages."""
    memo = _shapes.get(lang)
    if memo is None or len(memo) >= SHAPE_MEMO_SIZE:
        memo = _shapes[lang] = {}
    shapes: dict[str, tuple[Any, ...]] = {}  # this document's longer lines
    out = []
    for line in doc.lines:
        text = line.text
        table = memo if len(text) <= SHAPE_MEMO_MAX_CHARS else shapes
        shape = table.get(text)
        if shape is None:
            shape = _shape(text, lang)
            if len(table) < SHAPE_MEMO_SIZE:  # (a million distinct menu lines: no million shapes kept)
                table[text] = shape
        out.append(LineInfo(line.index, *shape))
    return tuple(out)
