"""Input formats: what an HTML-to-text tool printed, and the one-block-a-line view of it.

The rules were written for one block per line (``lines``). Other renderers print a
paragraph over several lines: lynx and w3m hard-wrap plain text at 80 columns
(``wrapped``), html2text prints Markdown wrapped at 78 (``markdown``), BeautifulSoup's
``get_text('\\n')`` breaks a sentence at every inline tag (``tagsplit``), and with
``strip=True`` leaves no space at the cuts (``tagsplit-stripped``). Judged line by
line, the middle lines of a paragraph look like titles or menu items, and Markdown's
URLs look like data. So such input is read as a ``View``: each paragraph (or list item)
joined into one logical line of visible text, which the pipeline decides on; each
verdict then applies to every physical line of the paragraph, and the output stays the
input's lines.

Detection is conservative: text that is not clearly one of those is ``lines`` and is
cleaned exactly as before, except for a passage of it that is clearly hard-wrapped (a
press release pasted into a page of menus): its paragraphs are joined the same way
(``lines_view``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

import regex

from . import cache
from .document import Document, Line, is_blank

FORMATS = ("lines", "wrapped", "markdown", "tagsplit", "tagsplit-stripped")
INPUT_FORMATS = ("auto", *FORMATS)

# Marks a renderer prints that are no text of the page: (rule id, what it is).
IMAGE_RULE = "media.image-mark"
REFERENCES_RULE = "navigation.reference-list"
LINK_BLOCK_RULE = "navigation.link-block"
ADDRESS_RULE = "navigation.link-address"

# --- Markdown ---------------------------------------------------------------------------
_MD_LINK_RE = cache.constant(r"\[[^\[\]\n]*\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"\n]*\")?\)")
_MD_HEADING_RE = cache.constant(r"^\s{0,3}#{1,6}\s+\S")
_MD_RULE_RE = cache.constant(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_BULLET_RE = cache.constant(r"^\s*(?:(?:[*+-]|\d{1,3}[.)])\s+)+(?=\S)")  # (nested: "* * item")
_MD_QUOTE_RE = cache.constant(r"^\s{0,3}>\s?")
_MD_QUOTES_RE = cache.constant(r"(?m)^[ \t]{0,3}>[ \t]?")  # every line's, in a joined quote
_MD_DELIMITER = r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$"  # a table's "|---|:--|"
_MD_DELIMITER_RE = cache.constant(_MD_DELIMITER)
_MD_TABLE_RE = cache.constant(r"^\s*\|.*\|\s*$|" + _MD_DELIMITER)  # a piped row, or the delimiter
# A whole block that is an image, or an image inside a link: ![alt](src) / [![alt](src)](href).
_MD_IMAGE_BLOCK_RE = cache.constant(r"^(?:\s*(?:\[\s*)?!\[[^\]]*\]\([^)]*\)(?:\s*\]\([^)]*\))?)+\s*$")
_MD_IMAGE_RE = cache.constant(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_INLINE_LINK_RE = cache.constant(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_REF_LINK_RE = cache.constant(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
# What is left of a link whose text spans paragraphs (a block inside <a>): its opening
# bracket alone, or its closing "](url "title")".
_MD_LINK_TAIL_RE = cache.constant(r"\]\((?:[^()]|\([^()]*\))*\)|^\s*\[\s*$|\[\s*$")
# A link's or image's address left open at the end of a line, its rest removed from the
# next one (``address_lines``): read as the whole link, so cleaning again reads the same.
_MD_OPEN_IMAGE_RE = cache.constant(r"(?m)!\[[^\]]*\]\([^()\s]*$")
_MD_OPEN_LINK_RE = cache.constant(r"(?m)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()\s]*$")
# The addresses no reader sees: an image's "](src)", then a link's "](href)" (html2text
# breaks either across lines at a hyphen), each opening in the same paragraph.
_MD_HIDDEN_IMAGE_RE = cache.constant(r"!\[[^\[\]]*(\]\((?:[^()\s]|\n|\([^()\s]*\))*\))")
_MD_HIDDEN_TARGET_RE = cache.constant(r"\[(?:[^\[\]]|\[[^\[\]]*\])*(\]\((?:[^()\s]|\n|\([^()\s]*\))+\))")
_NOT_NEWLINE_RE = cache.constant(r"[^\n]")
_MD_ESCAPE_RE = cache.constant(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_MD_EMPHASIS_RE = cache.constant(r"\*\*|(?<!\w)__|__(?!\w)|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)|`")

# --- plain text renderers ---------------------------------------------------------------
# List bullets of lynx (* + o # @) and w3m (• □ ◦ ○ ■ ●), and numbered items.
_BULLET_RE = cache.constant(r"^\s*(?:[*+o#@•□◦○■●▪·-]|\d{1,3}[.)])\s+(?=\S)")
# A renderer's mark for an image or inserted element: lynx [IMG], [INLINE], [LINK],
# [INS: :INS], (BUTTON) before or after a button's label; w3m [INS::INS] and an image's
# file name in brackets.
_MARK = r"\[(?:IMG|INLINE|LINK|BUTTON|EMBED|OBJECT|INS:\s*:INS|DEL:\s*:DEL)\]|\[INS::INS\]|\[DEL::DEL\]|\(BUTTON\)"
_MARK_RE = cache.constant(_MARK)
# A paragraph of such marks alone, or of image names ("[avatar] [photo]": w3m prints a
# linked image's name and the image's own side by side).
_MARKS_ALONE_RE = cache.constant(rf"\s*(?:(?:{_MARK}|\[[\w.\-%/]+\])\s*)+")
# lynx's line for an inline frame: "IFRAME:" and the frame's address or name, the address
# broken over lines where it is long.
_FRAME_RE = cache.constant(r"\s*IFRAME:[ \t]*\S*(?:[ \t]*\n[ \t]*\S+)*\s*")
# lynx's first line: the page's <link> elements ("#Feed Comments Feed", "#alternate
# publisher"), a "#" before the first, wrapped like a paragraph.
_LINK_ELEMENTS_RE = cache.constant(r"^\s*#[^\s#]")
_REF_NUMBER_RE = cache.constant(r"\[\d{1,4}\]")
_REFERENCE_RE = cache.constant(r"^\s*\d{1,4}\.\s+(?:https?|ftp|file|mailto|javascript):\S*\s*$")
_REFERENCES_HEAD_RE = cache.constant(r"^\s*(?:References|Visible links:?|Hidden links:?)\s*$")
_FORM_RE = cache.constant(r"_{6,}|\[\s{6,}\]")
_SPACES_RE = cache.constant(r"\s+")
_WORD_RE = cache.constant(r"\w")
_SPACE_WORD_RE = cache.constant(r" \w")
_CLOSING_RE = cache.constant(r"\s*[,.;:!?)\]»”’…]")
_BEFORE_CLOSING_RE = cache.constant(r" (?=[,.;:!?)\]»”’…])")
# What a stripped cut after a link or inline code prints: the punctuation that closes it,
# then the sentence going on (", which uses", ": unlike", ". The").
_CUT_RE = cache.constant(
    r"[,;:)\]]\s+\p{Ll}|\.\s+\p{Lu}\p{Ll}+\s"
    r"|[，、；：）」』。]\s*[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"  # ("，这项技术", "。另外")
)
_CUT_OPENERS = ",;:)].，、；：）」』。"
# Closing punctuation a stripped cut may open with, Chinese and Japanese marks too.
_STRIPPED_CLOSING_RE = cache.constant(r"\s*[,.;:!?)\]»”’…，、；：）」』〉》】。！？]")
_ENDS_SENTENCE_RE = cache.constant(r"[.!?…:;。！？]\W{0,2}$")
_SHORT_WORD_RE = cache.constant(r"^\p{Lu}\p{Ll}{0,2}$")  # "The", "A", "Un", "Der"
_SHORT_TAIL_RE = cache.constant(r"(?<!\w)\p{Ll}{1,3}$")  # "for", "the", "de", "und"
_COLUMNS_RE = cache.constant(r"\S {3,}\S")  # a table laid out in columns: not wrapped at a width


_NON_ASCII_RE = cache.constant(r"[^\x00-\x7f]")  # (no ASCII character is wide)


def width(text: str) -> int:
    """Display columns: East Asian wide characters take two, as in a terminal dump."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for c in _NON_ASCII_RE.findall(text) if unicodedata.east_asian_width(c) in "WF")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _line_width(texts: list[str]) -> int:
    """The column a hard-wrapped text is wrapped at: near the widest common line length
    (the 95th percentile of lines of 40 columns or more, tables left out: a renderer
    lays them out wider), 0 when there are too few."""
    measured = [t.rstrip() for t in texts if width(t.rstrip()) >= 40 and not _COLUMNS_RE.search(t)]
    breakable = [t for t in measured if max(map(len, t.split())) < 30]  # (lynx leaves a CJK run whole)
    widths = sorted(map(width, breakable if len(breakable) >= 8 else measured))
    if len(widths) < 8:
        return 0
    return widths[int(len(widths) * 0.95) - 1]


def detect(doc: Document) -> str:
    """The format of a document (``FORMATS``): ``lines`` unless the text clearly is one
    of the others (the rules were made for it, and it is what a scraper that keeps one
    block a line prints); ``wrapped`` also means printed by lynx or w3m."""
    texts = [line.text for line in doc.lines]
    content = [t for t in texts if not is_blank(t)]
    if len(content) < 8:
        return "lines"
    if len(content) < len(texts):  # (no blank line: one block a line, or tag-split)
        links = sum(len(_MD_LINK_RE.findall(t)) for t in content)
        marks = sum(1 for t in content if _MD_HEADING_RE.match(t) or _MD_RULE_RE.match(t))
        if links >= 3 and links + marks >= max(5, len(content) // 20):
            return "markdown"
        # lynx's and w3m's marks ([IMG], [INS: :INS]) need their reading even where
        # nothing is wrapped (lynx leaves a line of Chinese or Japanese whole)
        renderer = sum(1 for t in content if _MARK_RE.search(t) or _REFERENCES_HEAD_RE.match(t))
        if renderer >= 2 or _is_wrapped(texts):
            return "wrapped"
    enough = max(5, 0.05 * len(content))
    splits = sum(1 for a, b in zip(texts, texts[1:]) if _tag_split(a, b))
    if splits >= enough:
        return "tagsplit"
    cuts = sum(1 for a, b in zip(texts, texts[1:]) if _stripped_cut(a, b))
    return "tagsplit-stripped" if cuts >= max(5, 0.01 * len(content)) else "lines"


def _tag_split(previous: str, line: str) -> bool:
    """A sentence cut at an inline tag, as ``get_text('\\n')`` prints it: the text before
    the tag ends with its space ("said "), or the text after it starts with one (" at
    noon"). Scrapers that strip lines leave no such edge, so text that has none is
    never read as tag-split."""
    if is_blank(previous) or is_blank(line) or previous[:1].isspace():
        return False
    return bool((previous[-1:] in " \t" and not previous.endswith("  ") and _WORD_RE.search(previous)) or _SPACE_WORD_RE.match(line))


def _tag_joins(previous: str, line: str) -> bool:
    """``line`` goes on with ``previous`` in tag-split text: a space at the cut, or
    ``line`` starts with punctuation that closes a sentence or clause (", one of")."""
    if is_blank(previous) or is_blank(line):
        return False
    return _tag_split(previous, line) or bool(_CLOSING_RE.match(line))


def _stripped_cut(previous: str, line: str) -> bool:
    """A sentence cut at an inline tag with the edges stripped (``get_text('\\n',
    strip=True)``), told by what only such a cut prints: a line that opens with the
    punctuation closing the link or code before it and goes on with the sentence
    (", which uses" / "). The"). One block a line never starts so (the bench's 2,772
    inputs: 11 such lines in all, at most 3 in one text)."""
    if line[:1] not in _CUT_OPENERS or is_blank(previous) or previous[:1].isspace() or previous[-1:].isspace():
        return False  # (the first character first: most lines are told by it alone)
    return bool(_CUT_RE.match(line))


def _stripped_joins(previous: str, line: str) -> bool:
    """``line`` goes on with ``previous`` in stripped tag-split text: it opens with
    closing punctuation (", which"), or in lower case after a line that ends no sentence
    ("such as" / "service workers"), or ``previous`` stops where no sentence or heading
    does: after a short word in lower case ("replacement for" / "XMLHttpRequest", "the"
    / "town council"; not a capitalised item of one or two words such as "Log in", a
    menu's) or as a lone short word ("The" / "fetch()"). A menu item that still ends
    so is run into the next line: cruft with cruft, or kept with the article; a
    paragraph is never split."""
    if is_blank(previous) or is_blank(line) or line[:1].isspace():
        return False
    if _STRIPPED_CLOSING_RE.match(line):
        return True
    tail = previous.rstrip()
    if line[:1].islower() and not _ENDS_SENTENCE_RE.search(tail):
        return True
    return bool(_SHORT_WORD_RE.match(tail) or (_SHORT_TAIL_RE.search(tail) and (tail[:1].islower() or len(tail.split()) >= 3)))


def _is_wrapped(texts: list[str]) -> bool:
    """Hard-wrapped: almost no line runs past a common width, and many lines near it go
    on on the next line (a paragraph over several lines)."""
    limit = _line_width(texts)
    if limit < 50:
        return False
    stripped = [t.rstrip() for t in texts]
    sized = [t for t in stripped if width(t) >= 40 and not _COLUMNS_RE.search(t)]
    # (a line over the width with a long unbreakable word, a URL, is wrapped text too)
    over = sum(1 for t in sized if width(t) > limit + 2 and max(map(len, t.split())) < 30)
    if over > max(1, 0.05 * len(sized)):
        return False
    wraps = sum(1 for a, b in zip(stripped, stripped[1:]) if _wraps(a, b, limit))
    return wraps >= max(4, 0.1 * len(sized))


def _first_word_width(text: str) -> int:
    word = text.lstrip().split(" ", 1)[0]
    if word and unicodedata.east_asian_width(word[0]) in "WF":
        return 2  # a wide script breaks between any two characters
    return width(word)


def _wraps(previous: str, line: str, limit: int) -> bool:
    """``line`` goes on with ``previous``'s paragraph: both have text, ``line`` does not
    start a list item, and its first word would not have fitted on ``previous`` (the
    renderer broke the line because it was full)."""
    if is_blank(previous) or is_blank(line) or _BULLET_RE.match(line) or _MARK_RE.fullmatch(line.strip()):
        return False
    bullet = _BULLET_RE.match(previous)
    hang = bullet.end() if bullet else _indent(previous)
    if _indent(line) != hang or _COLUMNS_RE.search(previous.strip()):
        return False
    size = width(previous.rstrip())
    return limit < size + 1 + _first_word_width(line) and size <= limit + 2  # (wider: not wrapped here)


# Hard-wrapped passages inside one-block-a-line text (a press release or a plain-text
# article pasted into a page of menus): a block of lines in a band of widths, each
# full up to a common column, with sentences going on across the breaks.
_LOCAL_MIN_WIDTH = 40  # narrower lines end a passage (a heading, a paragraph's last line)
_LOCAL_MAX_WIDTH = 110  # wider ones were not wrapped
_ORPHAN_MIN_WIDTH = 30  # a line going on in lower case outside the joined ones
_LOCAL_MIN_COLUMN = 55  # a passage wrapped narrower is a list of short lines
_LOCAL_SLACK = 3  # columns a wrapped line may miss its column by (entities, marks dropped)
_LOCAL_MIN_LINES = 4  # a paragraph's lines, its last one counted
_LOCAL_MIN_LOWER = 2  # breaks going on in lower case, at least
_LOCAL_LOWER_SHARE = 0.5  # of the breaks going on in lower case: mid-sentence, not a list
_UNWORDY_RE = cache.constant(r"[^\p{L} ]+")
_CODE_MARK_RE = cache.constant(r"[{}]|\(\)|//| = ")
_LOCAL_WORDY = 0.85  # share of letters and spaces in a line of prose (not code, URLs, data)


def _wordy(text: str) -> bool:
    """Mostly letters and spaces, and no line of code (a brace, a call, an assignment, a
    comment, or ";" at its end)."""
    return text[-1:] != ";" and not _CODE_MARK_RE.search(text) and len(_UNWORDY_RE.sub("", text)) >= _LOCAL_WORDY * len(text)


def local_wraps(lines: tuple[Line, ...]) -> list[range]:
    """The hard-wrapped paragraphs inside one-block-a-line text, as runs of input lines
    (none in most texts). Judged one line at a time, such a paragraph's lines are each
    too short for prose, and the article in them is lost; joined, each reads as the
    paragraph it is. A run is a paragraph when its lines are full to the passage's
    column (``_wraps`` with a little slack) and at least ``_LOCAL_LOWER_SHARE`` of its
    breaks go on in lower case: a list of titles of like widths breaks before capitals."""
    texts = [line.text.rstrip() for line in lines]
    sizes = [len(t) if t.isascii() else _local_width(t) for t in texts]
    banded = [
        _LOCAL_MIN_WIDTH <= size <= _LOCAL_MAX_WIDTH and not _BULLET_RE.match(t) and not _COLUMNS_RE.search(t.strip()) and _wordy(t)
        for t, size in zip(texts, sizes)
    ]
    found: list[range] = []
    start = None
    for k, inside in enumerate([*banded, False]):  # (blocks of banded lines)
        if inside and start is None:
            start = k
        elif not inside and start is not None:
            found.extend(_wrapped_paragraphs(texts, sizes, start, k))
            start = None
    if not found:
        return found
    inside = {k for run in found for k in run}
    if _orphans(texts, sizes, inside) > len(inside):
        return []  # (wrapped throughout and broken at inline code or links: read it line by line)
    return found


def _local_width(text: str) -> int:
    """``width``, worked out only where a test of ``local_wraps`` may turn on it: a line
    of under 15 characters is under 30 columns, one of over 110 is over 110, and a line
    with no space is no wrapped line of prose."""
    if not 15 <= len(text) <= _LOCAL_MAX_WIDTH or " " not in text:
        return len(text)
    return width(text)


def _orphans(texts: list[str], sizes: list[int], inside: set[int]) -> int:
    """Lines outside the joined paragraphs that go on from the line before in lower case:
    where there are more of them than joined lines, the text is wrapped throughout but
    broken at inline code or links, and joining some of its paragraphs would make those
    outscore the rest of the same article."""
    return sum(
        1 for k in range(1, len(texts))
        if k not in inside and sizes[k] >= _ORPHAN_MIN_WIDTH and texts[k].lstrip()[:1].islower()
        and not is_blank(texts[k - 1]) and _wordy(texts[k])
    )


def _wrapped_paragraphs(texts: list[str], sizes: list[int], start: int, stop: int) -> list[range]:
    """The paragraphs of a block of banded lines: the column is the block's 90th
    percentile width; a line full to it goes on with the next (which may be the
    paragraph's short last line, just past the block)."""
    if stop - start < _LOCAL_MIN_LINES - 1:
        return []
    ranked = sorted(sizes[start:stop])
    column = ranked[min(len(ranked) - 1, int(len(ranked) * 0.9))]
    if column < _LOCAL_MIN_COLUMN:
        return []

    def full(i: int) -> bool:  # line i was broken because the next word did not fit
        following = texts[i + 1]
        return (
            not is_blank(following) and not _BULLET_RE.match(following) and _indent(following) == _indent(texts[i])
            and sizes[i] <= column + _LOCAL_SLACK and sizes[i] + 1 + _first_word_width(following) > column - _LOCAL_SLACK
        )

    found = []
    for run in _runs(min(stop + 1, len(texts)) - start, lambda k: full(start + k - 1)):
        lines = range(start + run.start, start + run.stop)
        breaks = [texts[k].lstrip()[:1] for k in lines[1:]]
        last = lines[-1]
        if sizes[last] > column + _LOCAL_SLACK or (last == stop and not _wordy(texts[last])):
            lines = lines[:-1]  # (not the paragraph's last line: wider, or no prose)
            breaks = breaks[:-1]
        lower = sum(1 for c in breaks if c.islower())
        if len(lines) >= _LOCAL_MIN_LINES and lower >= _LOCAL_MIN_LOWER and lower >= _LOCAL_LOWER_SHARE * len(breaks) and not _listed(texts, lines):
            found.append(lines)
    return found


def _listed(texts: list[str], lines: range) -> bool:
    """Lines of a list that share their second to fourth words ("ann reblogged this
    from", "bob reblogged this from"): a paragraph's breaks fall anywhere in it."""
    seen: set[tuple[str, ...]] = set()
    for k in lines:
        words = tuple(texts[k].split()[1:4])
        if len(words) == 3 and words in seen:
            return True
        seen.add(words)
    return False


@dataclass(frozen=True)
class View:
    """The logical lines the pipeline decides on: ``doc``'s line i stands for the input
    lines ``spans[i]``; ``marks`` names the logical lines that are a renderer's mark
    (an image, a reference list), with the rule that removes them and why; ``headings``
    those the input marks as headings."""

    format: str
    doc: Document
    spans: tuple[range, ...]
    marks: dict[int, tuple[str, str]]
    headings: frozenset[int] = frozenset()  # logical lines the input marks as headings (Markdown's "#")
    bullets: frozenset[int] = frozenset()  # logical lines the input marks as list items (its bullet is not in their text)
    aligned: frozenset[int] = frozenset()  # logical lines that are an input line printed as a table's row in columns (``aligned_rows``)


def view(doc: Document, fmt: str) -> View:
    """Join each paragraph of wrapped, Markdown or tag-split input into one logical line
    of its visible text; a blank input line stays one blank logical line."""
    lines = doc.lines
    rows = markdown_table_rows([line.text for line in lines]) if fmt == "markdown" else set()
    if fmt == "markdown":
        groups = _markdown_groups(lines, rows)
    elif fmt == "tagsplit":
        groups = _joined_groups(lines, _tag_joins)
    elif fmt == "tagsplit-stripped":
        groups = _stripped_groups(lines)
    else:
        groups = _wrapped_groups(lines)
    texts, spans = [], []
    for group in groups:
        physical = [lines[i].text for i in group]
        if fmt == "markdown":
            texts.append(_visible_markdown(physical, table=group[0] in rows))
        elif fmt == "tagsplit":  # (the cut kept its spaces: join as the page had it)
            texts.append(_SPACES_RE.sub(" ", "".join(physical)).strip())
        elif fmt == "tagsplit-stripped":  # (a space at each cut, none before closing punctuation)
            texts.append(_BEFORE_CLOSING_RE.sub("", _join(physical)))
        else:
            texts.append(_visible_plain(physical))
        spans.append(group)
    marks = _marks(lines, spans, texts, fmt)
    logical = tuple(
        Line(i, text, lines[span[-1]].ending) for i, (text, span) in enumerate(zip(texts, spans))
    )
    headings = frozenset(k for k, span in enumerate(spans) if _MD_HEADING_RE.match(lines[span[0]].text)) if fmt == "markdown" else frozenset()
    bullet_re = _MD_BULLET_RE if fmt == "markdown" else _BULLET_RE if fmt == "wrapped" else None
    bullets = frozenset() if bullet_re is None else frozenset(k for k, span in enumerate(spans) if bullet_re.match(lines[span[0]].text))
    return View(fmt, Document(logical, doc.bom, doc.newline), tuple(spans), marks, headings, bullets, _aligned(lines, spans))


_GAP_RE = cache.constant(r"(?<=\w\S*)[ \t]{2,}(?=\S)")  # between two cells of a row (not after a bullet: "*   -   Golf")


def aligned_rows(texts: Sequence[str], min_rows: int = 4, max_cells: int = 4, max_cell: int = 40) -> set[int]:
    """The positions of the rows of tables a text browser prints in columns (w3m, lynx,
    inscriptis: "Director      Ines Calloway"): ``min_rows`` or more lines in a row, each
    of two to ``max_cells`` cells of at most ``max_cell`` characters, a gap of two spaces
    or more before each cell but the first, the cells starting in the same columns in
    every row. Paragraphs have no such gaps; a page's layout in columns (teasers side by
    side, their titles broken across rows; an archive's drop-down wrapped) has more cells
    or longer ones."""
    out: set[int] = set()
    run: list[int] = []
    columns: tuple[int, ...] = ()
    for k, text in enumerate([*texts, ""]):
        row = _row_columns(text, max_cells, max_cell) if "  " in text or "\t" in text else ()
        if row and row == columns:
            run.append(k)
            continue
        if len(run) >= min_rows:
            out.update(run)
        run, columns = ([k], row) if row else ([], ())
    return out


def _row_columns(text: str, max_cells: int, max_cell: int) -> tuple[int, ...]:
    """Where the cells after the first start in ``text`` read as a table's row, or ()."""
    gaps = list(_GAP_RE.finditer(text.rstrip()))
    if not gaps or len(gaps) >= max_cells:
        return ()
    bounds = [len(text) - len(text.lstrip()), *(m.end() for m in gaps)]
    ends = [*(m.start() for m in gaps), len(text.rstrip())]
    if any(b - a > max_cell for a, b in zip(bounds, ends)):
        return ()
    return tuple(bounds[1:])


def lines_view(doc: Document) -> View | None:
    """One-block-a-line text with its hard-wrapped paragraphs (``local_wraps``) each
    joined into one logical line, every other line as it is; None when it has none."""
    lines = doc.lines
    paragraphs = local_wraps(lines)
    if not paragraphs:
        return None
    starts = {p.start: p for p in paragraphs}
    spans: list[range] = []
    texts: list[str] = []
    i = 0
    while i < len(lines):
        span = starts.get(i, range(i, i + 1))
        spans.append(span)
        texts.append(lines[i].text if len(span) == 1 else _join([lines[j].text for j in span]))
        i = span.stop
    logical = tuple(Line(k, text, lines[span[-1]].ending) for k, (text, span) in enumerate(zip(texts, spans)))
    return View("lines", Document(logical, doc.bom, doc.newline), tuple(spans), {}, aligned=_aligned(lines, spans))


def _aligned(lines: tuple[Line, ...], spans: Sequence[range]) -> frozenset[int]:
    """The logical lines that are one input line each, a row of a table in columns."""
    rows = aligned_rows([line.text for line in lines])
    return frozenset(k for k, span in enumerate(spans) if len(span) == 1 and span[0] in rows)


def _wrapped_groups(lines: tuple[Line, ...]) -> list[range]:
    limit = _line_width([line.text for line in lines])
    return _joined_groups(lines, lambda a, b: bool(limit) and _wraps(a, b, limit))


def _joined_groups(lines: tuple[Line, ...], joins: Callable[[str, str], bool]) -> list[range]:
    """Runs of lines where each goes on with the one before (``joins``)."""
    return _runs(len(lines), lambda i: joins(lines[i - 1].text, lines[i].text))


def _runs(n: int, joins_at: Callable[[int], bool]) -> list[range]:
    """Runs of ``range(n)`` where each i after the first has ``joins_at(i)``."""
    groups: list[range] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or not joins_at(i):
            groups.append(range(start, i))
            start = i
    return groups


def _stripped_groups(lines: tuple[Line, ...]) -> list[range]:
    """``_joined_groups`` with ``_stripped_joins``, and one more reading of a cut: a line
    that the next goes on from in lower case or with closing punctuation is inside a
    sentence (a link: "zwischen" / "Oberhafen" / "und dem Bahnhof"), so it goes on from
    the line before it too, unless that one ends a sentence."""
    texts = [line.text for line in lines]

    def joins(i: int) -> bool:
        previous, line = texts[i - 1], texts[i]
        if _stripped_joins(previous, line):
            return True
        if i + 1 == len(texts) or is_blank(previous) or is_blank(line) or _ENDS_SENTENCE_RE.search(previous.rstrip()):
            return False
        following = texts[i + 1]
        return bool(following[:1].islower() and not _ENDS_SENTENCE_RE.search(line.rstrip())) or bool(_STRIPPED_CLOSING_RE.match(following))

    return _runs(len(texts), joins)


def _starts_block(text: str) -> bool:
    """A Markdown line that opens a block of its own: a heading, list item, quote, rule,
    table row, or an image alone."""
    return bool(
        _MD_HEADING_RE.match(text) or _MD_BULLET_RE.match(text) or _MD_QUOTE_RE.match(text)
        or _MD_RULE_RE.match(text) or _MD_TABLE_RE.match(text) or text.lstrip().startswith("![")
    )


def markdown_table_rows(texts: Sequence[str]) -> set[int]:
    """The positions of the lines of Markdown tables of data in ``texts``: a header row,
    its delimiter row ("|---|:--|") and two rows or more under it, each with the header's
    number of cells (two or more; the outer pipes optional), the header's cells all
    filled, no image in any cell, at most one empty cell a row and no row of links
    alone. A renderer prints a page's layout tables so too (html2text: a logo and a
    menu side by side over "---|---"), but their cells are images and links, or empty."""
    rows: set[int] = set()
    for k, text in enumerate(texts):
        if k == 0 or "-" not in text or not _MD_DELIMITER_RE.match(text):
            continue
        width = len(_cells(text))
        header = _cells(texts[k - 1])
        if len(header) != width or not all(header) or not _data_row(header):
            continue
        body = 0
        for row in texts[k + 1 :]:
            cells = _cells(row)
            if "|" not in row or len(cells) != width or sum(1 for c in cells if not c) > 1 or not _data_row(cells):
                break
            body += 1
        if body >= 2:
            rows.update(range(k - 1, k + 1 + body))
    return rows


def _data_row(cells: list[str]) -> bool:
    """No cell is an image, and not every filled cell is a link alone (a menu's row)."""
    filled = [cell for cell in cells if cell]
    return not any("![" in cell for cell in filled) and not all(_MD_LINK_RE.fullmatch(cell) for cell in filled)


def _cells(row: str) -> list[str]:
    """A Markdown table row's cells, stripped (its outer pipes are optional)."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return [cell.strip() for cell in row.split("|")]


def _markdown_groups(lines: tuple[Line, ...], rows: set[int]) -> list[range]:
    """Consecutive non-blank lines form one paragraph (Markdown's own reading), except
    that a heading, list item, quote, rule or table row opens a new one (a quote's next
    line goes on with it), and a rule or table row, a heading that was not wrapped, or
    a line ending in a hard break (two spaces), closes one. Each row of a table of data
    (``rows``: ``markdown_table_rows``) is a block of its own, with or without its outer pipes."""
    limit = _line_width([line.text for line in lines]) or 78
    groups: list[range] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines):
            prev, text = lines[i - 1].text, lines[i].text
            quoted = bool(_MD_QUOTE_RE.match(prev) and _MD_QUOTE_RE.match(text) and prev.strip() != ">")
            heading = _MD_HEADING_RE.match(prev) and width(prev.rstrip()) + 1 + _first_word_width(text) <= limit
            joined = not (
                is_blank(prev) or is_blank(text) or (_starts_block(text) and not quoted) or prev.endswith("  ")
                or heading or _MD_RULE_RE.match(prev) or _MD_TABLE_RE.match(prev) or i in rows or i - 1 in rows
            )
            if joined:
                continue
        groups.append(range(start, i))
        start = i
    return groups


def _join(parts: list[str]) -> str:
    """Physical lines' text as one line: a space between, none between two wide
    characters (Chinese or Japanese wrapped mid-sentence)."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (unicodedata.east_asian_width(out[-1]) in "WF" and unicodedata.east_asian_width(part[0]) in "WF"):
            out += " "
        out += part
    return out


def _visible_plain(parts: list[str]) -> str:
    """What a reader sees of a wrapped paragraph: without list bullets, lynx reference
    numbers, form fields or image marks."""
    text = _join([_BULLET_RE.sub("", parts[0], count=1), *parts[1:]])
    text = _REF_NUMBER_RE.sub("", _MARK_RE.sub("", text))
    text = _FORM_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip() or _symbols(parts)


def _visible_markdown(parts: list[str], table: bool = False) -> str:
    """What a reader sees of a Markdown paragraph: link and image text without URLs,
    no heading marks, bullets, quote marks, emphasis or escapes. A line broken inside a
    URL (html2text breaks at hyphens) is joined first, so the URL goes whole. A table
    row's pipes become spaces, unless it is a ``table`` of data's row."""
    text = "\n".join(p.strip() for p in parts)
    if _MD_RULE_RE.match(text):
        return ""
    text = _MD_HEADING_RE.sub(lambda m: m.group(0)[-1], text, count=1) if _MD_HEADING_RE.match(text) else text
    text = _MD_QUOTES_RE.sub("", _MD_BULLET_RE.sub("", text, count=1))
    text = text.rstrip("#").rstrip() if parts and _MD_HEADING_RE.match(parts[0]) else text
    text = _MD_IMAGE_RE.sub("", text)
    text = _MD_INLINE_LINK_RE.sub(lambda m: m.group(1), text)
    text = _MD_OPEN_LINK_RE.sub(lambda m: m.group(1), _MD_OPEN_IMAGE_RE.sub("", text))
    text = _MD_REF_LINK_RE.sub(lambda m: m.group(1), text)
    text = _MD_LINK_TAIL_RE.sub("", text)
    text = _MD_EMPHASIS_RE.sub("", _MD_ESCAPE_RE.sub(r"\1", text))
    if _MD_TABLE_RE.match(parts[0]) and not table:
        text = text.replace("|", " ")  # (a layout table's row; a table of data keeps its cells apart)
    return _SPACES_RE.sub(" ", _join(text.split("\n"))).strip() or _symbols(parts)


def _symbols(parts: list[str]) -> str:
    """The stand-in for a paragraph of markup alone (a link's bracket, a bare image):
    its first few symbols, so it reads as a line of punctuation, not as blank or text."""
    return "".join(c for c in "".join(parts) if not c.isalnum() and not c.isspace())[:3]


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def address_lines(lines: tuple[Line, ...], span: range) -> list[int]:
    """The input lines of a Markdown paragraph that hold only the rest of a link's or
    image's address: html2text breaks a long address at a hyphen, and its rest takes a
    line of its own ("Model/dp/B07X?tag=a-20)"). Such a line has no text of the page, and
    the broken address is no longer a link a Markdown reader follows. Not in a heading,
    nor a line ending in a hard break (which ends the paragraph: without it, the next
    line would join it), so cleaning the output again reads the same paragraphs."""
    if len(span) < 2 or _MD_HEADING_RE.match(lines[span[0]].text):
        return []
    parts = [lines[j].text.strip() for j in span]
    joined = "\n".join(parts)
    if "](" not in joined:
        return []
    hidden = _MD_HIDDEN_TARGET_RE.sub(_hide_address, _MD_HIDDEN_IMAGE_RE.sub(_hide_address, joined)).split("\n")
    return [
        j
        for k, j in enumerate(span)
        if k and hidden[k][:1] == "\0" and hidden[k - 1][-1:] == "\0" and not _WORD_RE.search(hidden[k])
        and not lines[j].text.endswith("  ")
    ]


def _hide_address(m: regex.Match[str]) -> str:
    """A link or image with its address (group 1) as NULs, its line breaks kept."""
    return m.group(0)[: m.start(1) - m.start(0)] + _NOT_NEWLINE_RE.sub("\0", m.group(1))


def _link_block(raw: str, visible: str) -> bool:
    """A Markdown paragraph that is two links or more and (nearly) nothing else: a menu,
    a share bar, a row of teasers (each its headline and summary)."""
    raw = _MD_IMAGE_RE.sub("", raw)
    links = _MD_INLINE_LINK_RE.findall(raw)
    return len(links) >= 2 and sum(_letters(t) for t in links) >= 0.9 * _letters(visible)


def _marks(lines: tuple[Line, ...], spans: list[range], texts: list[str], fmt: str) -> dict[int, tuple[str, str]]:
    """Logical lines that are a renderer's mark: an image or an inline frame alone, and
    lynx's lists of links: the page's <link> elements first, the reference list at the
    end (a ``References`` heading, then numbered URLs)."""
    marks: dict[int, tuple[str, str]] = {}
    for i, span in enumerate(spans):
        raw = "\n".join(lines[j].text for j in span).strip()
        if not raw:
            continue
        if fmt == "markdown" and (_MD_IMAGE_BLOCK_RE.match(raw) or (_MD_IMAGE_RE.search(raw) and len(texts[i].split()) <= 3)):
            marks[i] = (IMAGE_RULE, "a Markdown image alone")  # (or with its file name or a word or two)
        elif fmt == "markdown" and _link_block(raw, texts[i]):
            marks[i] = (LINK_BLOCK_RULE, "a paragraph of links and nothing else")
        elif fmt not in ("markdown", "tagsplit-stripped") and _MARKS_ALONE_RE.fullmatch(raw):
            # (lynx's and w3m's marks: a scraper that strips its lines prints none, and
            # a "[...]" there is the text's own, as in a code listing)
            marks[i] = (IMAGE_RULE, "a renderer's image or insertion mark")
        elif fmt == "wrapped" and _FRAME_RE.fullmatch(raw):
            marks[i] = (IMAGE_RULE, "lynx's line for an inline frame")
    if fmt == "wrapped":
        first = next((i for i, span in enumerate(spans) if any(not is_blank(lines[j].text) for j in span)), None)
        if first is not None and _LINK_ELEMENTS_RE.match(lines[spans[first][0]].text):
            marks[first] = (REFERENCES_RULE, "lynx's list of the page's <link> elements")
    # The reference list: from its heading to the end, only numbered URLs and blanks.
    for i, text in enumerate(texts):
        if _REFERENCES_HEAD_RE.match(text):
            rest = [j for j in range(i + 1, len(texts)) if not is_blank(texts[j])]
            if rest and all(_REFERENCE_RE.match(lines[spans[j][0]].text) for j in rest):
                for j in (i, *rest):
                    marks[j] = (REFERENCES_RULE, "the renderer's list of link addresses")
                break
    return marks
