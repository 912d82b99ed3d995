"""Per-line shape features: the language-independent signals the structural rules use.

Computed once per line, stored in an immutable ``LineInfo``. Sizes are in "effective
characters": a character of a script written without spaces (Chinese, Japanese) carries
about as much text as three Latin letters, so it counts three times (a Hangul syllable
twice); thresholds then work
for every script without assuming word counts.

It also holds the text shapes that both article finders read (a label and its value, a
teaser cut short, a line's vocabulary and first word), so the hand-set one does not load
the article model's ``blocks.py``.
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
# The full stops of other scripts: the danda and double danda of Hindi, Bengali, Marathi
# and Nepali, the Urdu full stop, the Armenian, Ethiopic, Myanmar and Khmer ones.
FULL_STOPS = "।॥۔։።။។"
# Scripts that mark no full stop at all (Thai, Lao): a line of this many characters in
# them ends a sentence (a paragraph; their menu items and headlines are shorter).
_UNMARKED_RE = regex.compile(r"[\p{Thai}\p{Lao}]")
UNMARKED_SENTENCE_CHARS = 60
_SENTENCE_END_RE = regex.compile(rf"(?r)(?:[.!?。！？…;؟{FULL_STOPS}][{_CLOSERS}]*|{_EMOJI})(?:{_EMOJI}|[\u200d\ufe0f\s])*$")
_SENTENCE_INNER_RE = regex.compile(rf"[.!?。！？؟{FULL_STOPS}][{_CLOSERS}]*(?:\s+|(?=\p{{Han}}|\p{{Hiragana}}|\p{{Katakana}}))")
_DIGIT_RE = regex.compile(r"\d")
_URL_RE = regex.compile(r"(?:https?://|www\.)\S+")
# A label, a separator, a count: "World (3031)", "Comments 12"; not a measurement with
# one or two decimals ("Harbourside 91.4", a row of a table: the lookahead). Otherwise
# the same matches as the older ``^[^\d]+?[\s(\[]+\d[\d.,]*[)\]]?$``, which tried every
# label length against every separator run (quadratic: 84 s for "x" + 100,000 spaces +
# "x"), but without any backtracking: label and separators are all the non-digits
# before the first digit (taken possessively), the last of them must be a separator
# with at least one character before it (the lookbehind), and the count runs to the
# end. (A greedy
# ``^[^\d]+[\s(\[]\d...`` has the same matches but is quadratic in the regex module on
# a long line of words.) tests/test_hostile.py compares old and new on random strings.
_COUNTED_RE = regex.compile(r"^[^\d]++(?<=[^\d][\s(\[])(?!\d++[.,]\d{1,2}[)\]]?$)\d[\d.,]*+[)\]]?$")
# A short label with a count in brackets, the label a date or a name with a number: an
# archive's "August 2012 (4)", "2011 (37)", a tag's "Windows 11 (5)".
_BRACKET_COUNT_RE = regex.compile(r"^[^()\[\]]{1,40}\s[(\[]\d[\d.,]*[)\]]$")
_SPACE_RE = regex.compile(r"\s")
# A space after a space: a table's columns or a centred title padded with spaces
# (inscriptis, lynx, w3m) take room, not characters of text.
_PADDING_RE = regex.compile(r"(?<=\s)\s")
_NONLETTER_RE = regex.compile(r"[^\p{L}\p{M}\s]")  # neither a letter nor a space

# A summary cut off mid-sentence ("..., who asked for..."): a teaser's.
CUT_SHORT_RE = regex.compile(r"[\w,;](?:\.{3}|…)\s*$")
_TOKEN_RE = regex.compile(r"\w+")
_DENSE_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]{2,}")
# Where ``vocabulary`` cuts a long line: before a character of neither its tokens nor its
# dense runs (a Han radical is no word character, but dense), which folds to such
# characters only (tests/test_memory.py): no token or run spans two pieces.
_CUT_RE = regex.compile(r"[^\w\p{Han}\p{Hiragana}\p{Katakana}]")
# "Where: Rozengaard Park", "日時：7月11日", "Flour — 500 g": a label of up to three words and its value.
# The word part is possessive (``*+``): without it a long run of letters is split every way
# into up to three words before the match fails (cubic: 2,000 letters took 83 s). Giving
# back never helps: a word may be followed only by a space, ':', '：' (none in its class)
# or the next word's letter, and a word that stops before a letter can take that word in
# (fewer words, still one to three). So the possessive pattern matches exactly the same
# lines (tests/test_hostile.py compares the two on random strings).
LABELLED_RE = regex.compile(r"^\W*(?:[\p{L}\p{M}][\p{L}\p{M}'’.-]*+\s?){1,3}(?::\s|：|\s[—–]\s)\s*\S")


# A line of program code: it ends in a brace or a semicolon, is a brace, opens a
# comment, or holds an assignment, a comparison, an arrow or a call ("f(x)", "f()"; not
# a count, "(12)"). Short, so it would read as a menu item; in documentation and
# tutorials it sits between paragraphs. (Tested piece by piece: one regex of all the
# alternatives, tried at every position, cost 9 % of the whole clean.)
_CALL_RE = regex.compile(r"\w\((?!\d+\))[^()]*\)")

# A statement's opening that ``_is_code`` does not see, for a line inside a block of code:
# a keyword that opens a statement in common languages ("import os", "def total(self):",
# "class Order:", "return total", "try:", "let x", "func main"), a command or REPL prompt
# ("$ make", a Python prompt, "git log", "pip install"), a comment ("# clone the repo",
# "// retry once"; not "# Heading", as Markdown prints one), an output comment ("#> 9.00"), an
# assignment ("x = 1", "items[0] += 2") or a lone closing bracket (")", "},"). Keywords
# as code writes them, in lower case but SQL's ("Return to top" is a link). On its own line
# in prose it is rare; ``code_like`` lines count only where several stand together
# (``linescore.py``).
_STATEMENT_RE = regex.compile(
    r"^\s*(?:"
    r"import\s+[\w.]+|from\s+[\w.]+\s+import\b|def\s+\w+\s*\(|class\s+\w+[\s:(]|return\b|elif\b|else:|try:"
    r"|except\b.*:$|finally:|with\s.+:$|for\s.+\bin\b.+:$|while\s.+:$|if\s.+:$"
    r"|var\s+\w|let\s+\w|const\s+\w|function\b|(?:public|private|static)\s.*[({;=]|#include\b|package\s+[\w.]+;?$"
    r"|fn\s+\w+|pub\s|use\s+[\w:]+;|func\s|SELECT\s|INSERT\s"
    r"|\$\s+[a-z]|>{3}\s|npm\s|pip\s+install|git\s+[a-z]|sudo\s|print\(|console\.|#>|#\s+[a-z]|//\s*\S"
    r"|[\w.\[\]'\"]+\s*[-+*/|&]?=\s*\S"
    r"|[)\]}][,;)]*$"
    r")"
)
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
    code: bool  # reads as a line of program code ("}", "if err != nil {", "f.Close()")
    names: bool  # a list of names joined by ";" or "|" (``name_list``): a site map, no prose

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
        return (True, 0, 0, 0.0, 0.0, False, False, 0, False, False, False, False, False, False, False)
    top = max(stripped)  # the line's highest character: which scripts it can hold at all
    if top < "\u1100":  # below Hangul Jamo: no dense script, no Hangul (most lines)
        dense, size = 0, len(stripped)
    else:
        dense = _count(DENSE_SCRIPT_RE, stripped)
        size = len(stripped) + 2 * dense + _count(_HANGUL_RE, stripped)
    if "  " in stripped:
        size -= _count(_PADDING_RE, stripped)
    nonspace = len(stripped) - _count(_SPACE_RE, stripped)
    letters = (nonspace - _count(_NONLETTER_RE, stripped)) / nonspace if nonspace else 0.0
    words = sum(len(piece.split()) for piece in pieces(stripped)) if dense * 3 < len(stripped) else max(1, size // 6)
    sentence_end = bool(_SENTENCE_END_RE.search(stripped))
    if lang is None and not sentence_end and "\u0e00" <= top and 2 * _count(_UNMARKED_RE, stripped) >= len(stripped):
        # Thai and Lao mark no full stop and put spaces between clauses, not words: a
        # paragraph is a long line that ends unmarked, and has a word every few letters.
        words = max(words, len(stripped) // 6)
        sentence_end = len(stripped) >= UNMARKED_SENTENCE_CHARS
    return (
        False,  # blank
        size,
        words,
        letters,
        density(stripped, lang),
        sentence_end,
        stripped.endswith((",", "、", "，", "；", "،")),  # continues
        sum(1 for _ in _SENTENCE_INNER_RE.finditer(stripped)),  # sentences
        bool(_QUOTE_START_RE.match(stripped)),  # quoted
        bool(_BULLET_RE.match(stripped)),  # bullet
        bool(_DIGIT_RE.search(stripped)),  # digits
        bool(_COUNTED_RE.match(stripped) or _BRACKET_COUNT_RE.match(stripped)),  # counted
        ("://" in stripped or "www." in stripped) and sum(m.end() - m.start() for m in _URL_RE.finditer(stripped)) * 2 > len(stripped),  # url
        _is_code(stripped),  # code
        name_list(stripped),  # names
    )


def _is_code(stripped: str) -> bool:
    """The line (stripped, not blank) reads as a line of program code (``_CALL_RE``)."""
    return (
        stripped[-1] in "{};"
        or stripped[0] in "{}"
        or stripped.startswith("//")
        or ":=" in stripped or "==" in stripped or "!=" in stripped or "<=" in stripped
        or ">=" in stripped or "=>" in stripped or "->" in stripped
        or ("(" in stripped and _CALL_RE.search(stripped) is not None)
    )


def title_case(text: str, share: float) -> bool:
    """At least ``share`` of the line's words of four letters or more are capitalised
    (three such words at least): a headline's style, not a sentence's or a list item's."""
    long = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= share * len(long)


def code_like(info: LineInfo, text: str) -> bool:
    """The line reads as program code (``LineInfo.code``) or opens a statement
    (``_STATEMENT_RE``): weaker evidence, for lines in a block of code."""
    return info.code or (not info.blank and _STATEMENT_RE.match(text) is not None)


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


def vocabulary(text: str) -> set[str]:
    """Content-ish tokens: words of three or more letters, and character pairs of scripts
    written without spaces. Enough to tell whether a title is about the text under it."""
    out: set[str] = set()
    for piece in pieces(text, _CUT_RE):  # (a 5 MB line: not a list of 870,000 words at once, nor folded whole)
        folded = piece.casefold()
        out.update(w for w in _TOKEN_RE.findall(folded) if len(w) >= 3 and not w.isdigit())
        for run in _DENSE_RE.findall(folded):
            out.update(run[k : k + 2] for k in range(len(run) - 1))
    return out


def name_list(text: str) -> bool:
    """Four or more items of at most four words on average, joined by semicolons or bars
    ("Home | News | Sport | ...", "North: The Courier; The Gazette; The Herald; ..."):
    a site map or a publisher's list of titles, long enough to pass for a paragraph. A
    sentence's semicolons join clauses, which are longer."""
    if text.count(";") + text.count("|") < 3:
        return False
    items = [item for item in text.replace("|", ";").split(";") if not item.isspace() and item]
    return len(items) >= 4 and sum(len(item.split()) for item in items) <= 4 * len(items)


def first_word(text: str) -> str:
    """The first word, case-folded ("" when there is none): the items of a list of
    commands or steps open with the same one."""
    match = _TOKEN_RE.search(text)
    return match.group().casefold() if match else ""
