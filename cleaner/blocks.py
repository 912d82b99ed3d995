"""Blocks and what the article model sees of each: named features, kept as data.

A block is the unit the article model decides on. Today a block is one non-blank input
line; a block may span several input lines (a hard-wrapped paragraph), and its verdict
then applies to each of them, so the output stays the input's lines.

Every feature has a name and a one-line meaning (``FEATURES``, in ``featurenames.py``);
``block_features`` returns one vector per block in that order. Features describe kinds
of lines and their places (long prose, a menu label, a line a phrase rule names, the
lines after a comment heading), never one site's wording.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from operator import sub, truediv
from typing import Any, Mapping, Sequence

import regex

from .context import Context, is_prose, matches, nav_like
from .featurenames import CATEGORIES, NAMES, NEIGHBOUR, OFFSETS, STRENGTHS, WINDOWS
from .features import CUT_SHORT_RE, LABELLED_RE, LineInfo, first_word, vocabulary
from .matcher import Hit


@dataclass(frozen=True, slots=True)
class Block:
    """Lines ``first``..``last`` of the document (inclusive), decided on together."""

    index: int
    first: int
    last: int

    @property
    def lines(self) -> range:
        return range(self.first, self.last + 1)


_NUMBER_RE = regex.compile(r"^\W{0,2}\d[\d.,:/ -]{0,12}\W{0,2}$")
_TIME_RE = regex.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d)")
_DATE_RE = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|(?<!\d)\d{1,2}[./-]\d{1,2}[./-]?(?:\d{2,4})?(?!\d)")
_NAME_RE = regex.compile(r"^(?:\p{Lu}[\p{L}'’.-]*\s+){1,3}\p{Lu}[\p{L}'’.-]*$")
_SEPARATOR_RE = regex.compile(r"\s[|·•/»]\s")
_UPPER_RE = regex.compile(r"\p{Lu}")
_LETTERS_RE = regex.compile(r"\p{L}+")
_DIGITS_RE = regex.compile(r"\d")


def _signature(text: str) -> str:
    """A block's first punctuation mark: the items of one list share it."""
    for ch in text:  # (a loop, not a generator: a paragraph's first mark may come late)
        if not ch.isalnum() and not ch.isspace():
            return ch
    return ""


def _same(keys: Sequence[str]) -> list[float]:
    """Per block: share of the two blocks either side whose key equals its own (0 when
    its key is empty); past the page's edge nothing is equal."""
    pad: list[str | None] = [None, None, *keys, None, None]
    return [
        ((a == key) + (b == key) + (c == key) + (d == key)) / 4 if key else 0.0
        for a, b, key, c, d in zip(pad, pad[1:], pad[2:], pad[3:], pad[4:])
    ]


def _log(x: float, scale: float = 1.0) -> float:
    return math.log1p(x) / scale if x > 0 else 0.0


def block_features(
    texts: Sequence[str],
    keys: Sequence[str],
    info: Sequence[LineInfo],
    hits: Sequence[tuple[Hit, ...]],
    prose: Sequence[bool],
    nav: Sequence[bool],
    ends: Sequence[bool],
    density_floor: float,
    function_words: frozenset[str],
) -> list[tuple[float, ...]]:
    """One feature vector (in ``NAMES`` order) per block.

    All but the last two arguments are per block: its text and its normalised text (the
    key repeats are counted by), its shape (of its first line, for now one line a block),
    its phrase-rule hits, and whether it reads as prose, is menu-like, and is named by a
    rule that ends an article.

    Built a feature at a time, a column over all blocks, then turned into rows: a
    neighbour's feature is the column shifted, and a column is one list comprehension
    rather than a dictionary entry per block (three times faster on dev/page)."""
    n = len(texts)
    if n == 0:
        return []
    prefix = [0.0, *itertools.accumulate(info[k].size if prose[k] else 0 for k in range(n))]  # prose mass
    cols = _own_columns(texts, keys, info, hits, prose, nav, ends, density_floor, function_words, prefix)
    for off in OFFSETS:
        for name in NEIGHBOUR:
            cols[f"n{off:+d}_{name}"] = _shifted(cols[name], off)
    cols.update(_windows(prose, nav, cols["hit_any"], prefix))
    return list(zip(*(cols[name] for name in NAMES)))


def _shifted(column: Sequence[float], off: int) -> list[float]:
    """Each block's value of the block ``off`` places away (0 past the page's edge)."""
    n = len(column)
    if off < 0:
        return [*[0.0] * -off, *column][:n]
    return [*column[off:], *[0.0] * off][:n]


# A block's features that its text alone decides, in the order ``_text_features`` gives them.
TEXT_NAMES = (
    "digit_share",
    "colon_end",
    "upper_share",
    "lower_start",
    "separators",
    "name_like",
    "time_like",
    "date_like",
    "cut_short",
    "number",
    "labelled",
)


def _text_features(text: str, size: int) -> tuple[float, ...]:
    """``TEXT_NAMES`` of a block's text (``size``: its effective characters)."""
    stripped = text.strip()
    letters = sum(map(len, _LETTERS_RE.findall(stripped))) or 1  # (runs: fewer strings than letters)
    nonspace = len(stripped.replace(" ", "")) or 1
    return (
        len(_DIGITS_RE.findall(stripped)) / nonspace,
        float(stripped.endswith((":", "："))),
        len(_UPPER_RE.findall(stripped)) / letters,
        float(bool(stripped) and stripped[0].islower()),
        min(5, len(_SEPARATOR_RE.findall(stripped))) / 5,
        float(size <= 40 and bool(_NAME_RE.match(stripped))),
        float(bool(_TIME_RE.search(stripped))),
        float(bool(_DATE_RE.search(stripped))),
        # (a match holds "..." or "…": without them the search would try every position)
        float(("..." in stripped or "…" in stripped) and bool(CUT_SHORT_RE.search(stripped))),
        float(bool(_NUMBER_RE.match(stripped))),
        float(size <= 120 and bool(LABELLED_RE.match(stripped))),
    )


def _own_columns(
    texts: Sequence[str],
    keys: Sequence[str],
    info: Sequence[LineInfo],
    hits: Sequence[tuple[Hit, ...]],
    prose: Sequence[bool],
    nav: Sequence[bool],
    ends: Sequence[bool],
    floor: float,
    function_words: frozenset[str],
    prefix: Sequence[float],
) -> dict[str, list[float]]:
    """Every ``OWN_NAMES`` column (``prefix``: the prose characters before each block)."""
    n = len(texts)
    cols: dict[str, list[float]] = {}
    memo: dict[str, tuple[float, ...]] = {}  # (a menu repeats its texts)
    for text, i in zip(texts, info):
        if text not in memo:
            memo[text] = _text_features(text, i.size)
    cols.update(zip(TEXT_NAMES, map(list, zip(*map(memo.__getitem__, texts)))))
    sizes = [i.size for i in info]
    cols["bias"] = [1.0] * n
    cols["size_log"] = [_log(size, 8) for size in sizes]
    cols["size_lt20"] = [float(size < 20) for size in sizes]
    cols["size_lt50"] = [float(20 <= size < 50) for size in sizes]
    cols["size_lt100"] = [float(50 <= size < 100) for size in sizes]
    cols["size_lt200"] = [float(100 <= size < 200) for size in sizes]
    cols["size_ge400"] = [float(size >= 400) for size in sizes]
    cols["words_log"] = [_log(i.words, 6) for i in info]
    cols["letters"] = [i.letters for i in info]
    cols["density"] = [min(2.0, i.density / floor) for i in info] if floor else [0.0] * n
    cols["no_density"] = [float(not floor)] * n
    cols["sentence_end"] = [float(i.sentence_end) for i in info]
    cols["continues"] = [float(i.continues) for i in info]
    cols["sentences_log"] = [_log(i.sentences, 3) for i in info]
    cols["quoted"] = [float(i.quoted) for i in info]
    cols["bullet"] = [float(i.bullet) for i in info]
    cols["digits"] = [float(i.digits) for i in info]
    cols["counted"] = [float(i.counted) for i in info]
    cols["url"] = [float(i.url) for i in info]
    cols["title_like"] = [float(i.title_like) for i in info]
    cols["nav_like"] = [float(x) for x in nav]
    cols["prose"] = [float(x) for x in prose]
    cols["prose_long"] = [float(p and size >= 200) for p, size in zip(prose, sizes)]

    positions: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        positions.setdefault(key, []).append(k)
    counts = [len(positions[key]) for key in keys]
    cols["repeated"] = [float(count > 1) for count in counts]
    cols["repeat_log"] = [_log(count - 1, 2) for count in counts]
    cols["repeat_far"] = [float(positions[key][0] <= k - 10 or positions[key][-1] >= k + 10) for k, key in enumerate(keys)]

    headers = _post_headers(texts, info, prose)
    cols["post_header"] = [float(k in headers) for k in range(n)]
    before = list(itertools.accumulate((k in headers for k in range(n)), initial=0))
    cols["headers_before_log"] = [_log(seen, 3) for seen in before[:n]]
    cols["same_shape"] = _same([_signature(t) for t in texts])
    cols["same_word"] = _same([first_word(t) for t in texts])
    overlap = cols["opening_overlap"] = [0.0] * n
    prose_index = [k for k in range(n) if prose[k]]
    vocabularies: dict[int, set[str]] = {}
    for k, i in enumerate(info):
        if i.title_like and i.size >= 8:
            overlap[k] = _overlap(k, texts, prose_index, function_words, vocabularies)

    removing = [any(x.rule.strength != "weak" for x in h) for h in hits]
    cols["hit_any"] = [float(x) for x in removing]
    cols["hit_end"] = [float(x) for x in ends]
    for category in CATEGORIES:
        for strength in STRENGTHS:
            cols[f"hit_{category}_{strength}"] = [0.0] * n
    for k, h in enumerate(hits):
        for x in h:
            column = cols.get(f"hit_{x.rule.category}_{x.rule.strength}")
            if column is not None:  # (a category or strength the model has no feature for: none)
                column[k] = 1.0

    total = prefix[n] or 1.0
    last = max(1, n - 1)
    prev_prose, next_prose, since_end = _distances(prose, ends)
    cols["pos"] = [k / last for k in range(n)]
    cols["prose_before"] = [prefix[k] / total for k in range(n)]
    cols["prose_after"] = [(prefix[n] - prefix[k + 1]) / total for k in range(n)]
    cols["before_prose"] = [float(prefix[k] == 0) for k in range(n)]
    cols["after_prose"] = [float(prefix[n] - prefix[k + 1] == 0) for k in range(n)]
    cols["prev_prose_log"] = [_log(min(d, 50), 4) for d in prev_prose]
    cols["next_prose_log"] = [_log(min(d, 50), 4) for d in next_prose]
    cols["after_end"] = [float(d > 0) for d in since_end]
    cols["since_end_log"] = [_log(min(d, 50), 4) for d in since_end]
    cols["blocks_log"] = [_log(n, 8)] * n
    return cols


def _post_headers(texts: Sequence[str], info: Sequence[LineInfo], prose: Sequence[bool]) -> set[int]:
    """Short blocks right above prose whose shape (a name, a date, a time, a number, how
    many words) recurs three or more times so in the page: the headers of comments or
    forum posts, whatever the language."""
    keys: dict[tuple, list[int]] = {}
    for k in range(len(texts) - 1):
        i = info[k]
        if i.size > 80 or prose[k] or not (prose[k + 1] or info[k + 1].sentence_end):
            continue
        t = texts[k].strip()
        key = (
            bool(_TIME_RE.search(t)),
            bool(_DATE_RE.search(t)),
            bool(_NAME_RE.match(t)),
            bool(_NUMBER_RE.match(t)),
            t.endswith((":", "：")),
            min(i.words, 6),
        )
        keys.setdefault(key, []).append(k)
    return {k for where in keys.values() if len(where) >= 3 for k in where}


def _distances(prose: Sequence[bool], ends: Sequence[bool]) -> tuple[list[int], list[int], list[int]]:
    """Per block: blocks back to the previous prose block and on to the next (50 when
    none), and blocks since the last article-ending block (0 when none)."""
    n = len(prose)
    prev, nxt, since = [50] * n, [50] * n, [0] * n
    last = None
    last_end = None
    for k in range(n):
        if last is not None:
            prev[k] = k - last
        if last_end is not None:
            since[k] = k - last_end
        if prose[k]:
            last = k
        if ends[k]:
            last_end = k
    last = None
    for k in range(n - 1, -1, -1):
        if last is not None:
            nxt[k] = last - k
        if prose[k]:
            last = k
    return prev, nxt, since


def _windows(
    prose: Sequence[bool], nav: Sequence[bool], hit: Sequence[float], mass_prefix: Sequence[float]
) -> dict[str, list[float]]:
    """Shares of prose, menu-like and matched blocks, and the prose mass, around each block."""
    n = len(prose)
    pp, pn, pr = ([0, *itertools.accumulate(map(int, flags))] for flags in (prose, nav, hit))
    out: dict[str, list[float]] = {}
    for w in WINDOWS:
        sizes = _window_sums(range(n + 1), w)
        out[f"w{w}_prose"] = list(map(truediv, _window_sums(pp, w), sizes))
        out[f"w{w}_nav"] = list(map(truediv, _window_sums(pn, w), sizes))
        out[f"w{w}_hit"] = list(map(truediv, _window_sums(pr, w), sizes))
        masses = _window_sums(mass_prefix, w)
        top = max(masses) or 1.0
        out[f"w{w}_mass"] = [m / top for m in masses]
    return out


def _window_sums(prefix: Sequence[float], w: int) -> list[float]:
    """Per block k of the n = len(prefix) - 1: ``prefix[min(n, k + w + 1)] - prefix[max(0, k - w)]``,
    the sum of blocks k - w to k + w, from prefix sums shifted by slicing, not indexed per block."""
    n = len(prefix) - 1
    ahead = [*prefix[w + 1 :], *[prefix[n]] * (w + 1)][:n]
    behind = [*[prefix[0]] * w, *prefix[:n]][:n]
    return list(map(sub, ahead, behind))


def _overlap(
    k: int, texts: Sequence[str], prose_index: Sequence[int], function_words: frozenset[str], memo: dict[int, set[str]]
) -> float:
    """Share of block ``k``'s content words that the next three prose blocks use."""
    at = bisect.bisect_right(prose_index, k)
    following = prose_index[at : at + 3]
    if not following:
        return 0.0
    words = vocabulary(texts[k]) - function_words
    if not words:
        return 0.0
    body: set[str] = set()
    for j in following:
        if j not in memo:
            memo[j] = vocabulary(texts[j])
        body |= memo[j]
    return len(words & body) / len(words)


def page_blocks(ctx: Context, params: Mapping[str, Any]) -> tuple[list[Block], list[tuple[float, ...]]]:
    """The document's blocks (one non-blank line each, for now) and their features."""
    lines = [i for i in ctx.info if not i.blank]
    size = int(params["prose_min_size"])
    matrix = block_features(
        [ctx.doc.lines[i.index].text for i in lines],
        [ctx.keys[i.index] for i in lines],
        lines,
        [ctx.hits.get(i.index, ()) for i in lines],
        [is_prose(ctx, i, size) for i in lines],
        [nav_like(i) for i in lines],
        [matches(ctx, i.index, params["article_end_rules"]) for i in lines],
        ctx.density_floor,
        ctx.function_words,
    )
    return [Block(k, i.index, i.index) for k, i in enumerate(lines)], matrix
