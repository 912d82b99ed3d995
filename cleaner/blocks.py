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
import operator
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import regex

from .context import Context, is_prose, matches, nav_like
from .featurenames import AT, CATEGORIES, NEIGHBOUR, OFFSETS, OWN_NAMES, WINDOWS
from .features import LineInfo
from .lang import pieces
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
# A summary cut off mid-sentence ("..., who asked for..."): a teaser's.
CUT_SHORT_RE = regex.compile(r"[\w,;](?:\.{3}|…)\s*$")
_UPPER_RE = regex.compile(r"\p{Lu}")
_LETTER_RE = regex.compile(r"\p{L}")
_DIGITS_RE = regex.compile(r"\d")


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


def _signature(text: str) -> str:
    """A block's first punctuation mark: the items of one list share it."""
    return next((ch for ch in text if not ch.isalnum() and not ch.isspace()), "")


def first_word(text: str) -> str:
    """The first word, case-folded ("" when there is none): the items of a list of
    commands or steps open with the same one."""
    match = _TOKEN_RE.search(text)
    return match.group().casefold() if match else ""


def _same(k: int, keys: Sequence[str]) -> float:
    """Share of the two blocks either side whose key equals block ``k``'s (none if empty)."""
    if not keys[k]:
        return 0.0
    near = [keys[j] for j in (k - 2, k - 1, k + 1, k + 2) if 0 <= j < len(keys)]
    return sum(1 for x in near if x == keys[k]) / 4


def _log(x: float, scale: float = 1.0) -> float:
    return math.log1p(max(0.0, x)) / scale


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
) -> list[list[float]]:
    """One feature vector (in ``NAMES`` order) per block.

    All but the last two arguments are per block: its text and its normalised text (the
    key repeats are counted by), its shape (of its first line, for now one line a block),
    its phrase-rule hits, and whether it reads as prose, is menu-like, and is named by a
    rule that ends an article."""
    n = len(texts)
    if n == 0:
        return []
    removing = [any(x.rule.strength != "weak" for x in h) for h in hits]
    prefix = [0.0, *itertools.accumulate(info[k].size if prose[k] else 0 for k in range(n))]
    total = prefix[n] or 1.0
    positions: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        positions.setdefault(key, []).append(k)
    counts = [len(positions[key]) for key in keys]
    prev_prose, next_prose, since_end = _distances(prose, ends)
    shapes = [_signature(t) for t in texts]
    firsts = [first_word(t) for t in texts]
    own = [
        _own(texts[k], info[k], hits[k], prose[k], nav[k], counts[k], density_floor, ends[k], removing[k])
        for k in range(n)
    ]
    headers = _post_headers(texts, info, prose)
    seen = 0
    for k in range(n):
        own[k][AT["post_header"]] = float(k in headers)
        own[k][AT["headers_before_log"]] = _log(seen, 3)
        seen += k in headers
    neighbour = operator.itemgetter(*(AT[name] for name in NEIGHBOUR))
    missing = [0.0] * len(NEIGHBOUR)
    window_stats = _windows(n, prose, nav, removing, prefix)
    out: list[list[float]] = []
    prose_index = [k for k in range(n) if prose[k]]
    vocabularies: dict[int, set[str]] = {}
    for k in range(n):
        vec = own[k]
        before = prefix[k] / total
        after = (prefix[n] - prefix[k + 1]) / total
        vec[AT["pos"]] = k / max(1, n - 1)
        vec[AT["prose_before"]] = before
        vec[AT["prose_after"]] = after
        vec[AT["before_prose"]] = float(prefix[k] == 0)
        vec[AT["after_prose"]] = float(prefix[n] - prefix[k + 1] == 0)
        vec[AT["prev_prose_log"]] = _log(min(prev_prose[k], 50), 4)
        vec[AT["next_prose_log"]] = _log(min(next_prose[k], 50), 4)
        vec[AT["after_end"]] = float(since_end[k] > 0)
        vec[AT["since_end_log"]] = _log(min(since_end[k], 50), 4)
        vec[AT["blocks_log"]] = _log(n, 8)
        vec[AT["repeat_far"]] = float(any(abs(j - k) >= 10 for j in positions[keys[k]]))
        vec[AT["same_shape"]] = _same(k, shapes)
        vec[AT["same_word"]] = _same(k, firsts)
        if info[k].title_like and info[k].size >= 8:
            vec[AT["opening_overlap"]] = _overlap(k, texts, prose_index, function_words, vocabularies)
        row = list(vec)
        for off in OFFSETS:
            j = k + off
            row.extend(neighbour(own[j]) if 0 <= j < n else missing)
        row.extend(window_stats[k])
        out.append(row)
    return out


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


def _own(
    text: str,
    i: LineInfo,
    hits: tuple[Hit, ...],
    prose: bool,
    nav: bool,
    count: int,
    floor: float,
    end: bool,
    removing: bool,
) -> list[float]:
    stripped = text.strip()
    letters = len(_LETTER_RE.findall(stripped)) or 1
    nonspace = len(stripped.replace(" ", "")) or 1
    f = dict.fromkeys(OWN_NAMES, 0.0)
    f["bias"] = 1.0
    f["size_log"] = _log(i.size, 8)
    f["size_lt20"] = float(i.size < 20)
    f["size_lt50"] = float(20 <= i.size < 50)
    f["size_lt100"] = float(50 <= i.size < 100)
    f["size_lt200"] = float(100 <= i.size < 200)
    f["size_ge400"] = float(i.size >= 400)
    f["words_log"] = _log(i.words, 6)
    f["letters"] = i.letters
    f["density"] = min(2.0, i.density / floor) if floor else 0.0
    f["no_density"] = float(not floor)
    f["sentence_end"] = float(i.sentence_end)
    f["continues"] = float(i.continues)
    f["sentences_log"] = _log(i.sentences, 3)
    f["quoted"] = float(i.quoted)
    f["bullet"] = float(i.bullet)
    f["digits"] = float(i.digits)
    f["digit_share"] = len(_DIGITS_RE.findall(stripped)) / nonspace
    f["counted"] = float(i.counted)
    f["url"] = float(i.url)
    f["title_like"] = float(i.title_like)
    f["nav_like"] = float(nav)
    f["colon_end"] = float(stripped.endswith((":", "：")))
    f["upper_share"] = len(_UPPER_RE.findall(stripped)) / letters
    f["lower_start"] = float(bool(stripped) and stripped[0].islower())
    f["separators"] = min(5, len(_SEPARATOR_RE.findall(stripped))) / 5
    f["prose"] = float(prose)
    f["prose_long"] = float(prose and i.size >= 200)
    f["repeated"] = float(count > 1)
    f["repeat_log"] = _log(count - 1, 2)
    f["name_like"] = float(bool(_NAME_RE.match(stripped)) and i.size <= 40)
    f["time_like"] = float(bool(_TIME_RE.search(stripped)))
    f["date_like"] = float(bool(_DATE_RE.search(stripped)))
    f["cut_short"] = float(bool(CUT_SHORT_RE.search(stripped)))
    f["number"] = float(bool(_NUMBER_RE.match(stripped)))
    f["labelled"] = float(bool(LABELLED_RE.match(stripped)) and i.size <= 120)
    f["hit_any"] = float(removing)
    f["hit_end"] = float(end)
    for h in hits:
        if h.rule.category in CATEGORIES:
            f[f"hit_{h.rule.category}_{h.rule.strength}"] = 1.0
    return [f[name] for name in OWN_NAMES]


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
    n: int, prose: Sequence[bool], nav: Sequence[bool], removing: Sequence[bool], mass_prefix: Sequence[float]
) -> list[list[float]]:
    """Shares of prose, menu-like and matched blocks, and the prose mass, around each block."""
    pp, pn, pr = ([0, *itertools.accumulate(map(int, flags))] for flags in (prose, nav, removing))
    stats: list[list[float]] = [[] for _ in range(n)]
    for w in WINDOWS:
        masses = []
        for k in range(n):
            a, b = max(0, k - w), min(n, k + w + 1)
            size = b - a
            stats[k].extend(((pp[b] - pp[a]) / size, (pn[b] - pn[a]) / size, (pr[b] - pr[a]) / size, 0.0))
            masses.append(mass_prefix[b] - mass_prefix[a])
        top = max(masses) or 1.0
        for k in range(n):
            stats[k][-1] = masses[k] / top
    return stats


def _overlap(
    k: int, texts: Sequence[str], prose_index: Sequence[int], function_words: frozenset[str], memo: dict[int, set[str]]
) -> float:
    """Share of block ``k``'s content words that the next three prose blocks use."""
    words = vocabulary(texts[k]) - function_words
    if not words:
        return 0.0
    following = prose_index[bisect.bisect_right(prose_index, k) :][:3]
    if not following:
        return 0.0
    body: set[str] = set()
    for j in following:
        if j not in memo:
            memo[j] = vocabulary(texts[j])
        body |= memo[j]
    return len(words & body) / len(words)


def page_blocks(ctx: Context, params: Mapping[str, Any]) -> tuple[list[Block], list[list[float]]]:
    """The document's blocks (one non-blank line each, for now) and their features."""
    lines = [i for i in ctx.info if not i.blank]
    key_of = {j: key for key, where in ctx.positions.items() for j in where}
    size = int(params["prose_min_size"])
    matrix = block_features(
        [ctx.doc.lines[i.index].text for i in lines],
        [key_of[i.index] for i in lines],
        lines,
        [ctx.hits.get(i.index, ()) for i in lines],
        [is_prose(ctx, i, size) for i in lines],
        [nav_like(i) for i in lines],
        [matches(ctx, i.index, params["article_end_rules"]) for i in lines],
        ctx.density_floor,
        ctx.function_words,
    )
    return [Block(k, i.index, i.index) for k, i in enumerate(lines)], matrix
