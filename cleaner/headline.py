"""The headline above the article, and its standfirst: the title-like line shortly
before the body whose words the article's opening uses most.
"""

from __future__ import annotations

import functools
import os
from typing import Any, Mapping

import regex

from .context import Context, matches, nav_like, next_line, previous_line, removing_hit
from .features import EMOJI_END_RE, vocabulary
from .phrases import normalise


_YEAR_RE = regex.compile(r"\b(?:19|20)\d\d\b")

_LOWER_START_RE = regex.compile(r"^[^\p{L}\d]*\p{Ll}+(?:\s|$)")  # the first word all lower case: a sentence's tail

_ITEM_BAR_RE = regex.compile(r"\s[|•·]\s")  # a bar or a bullet between items; three make a row of links ("About | Advertising | Email | Archive")

_TITLE_SEPARATORS = ("-", "|", "–", "—", "_", ":", "·", "»", "/", "｜", "：")
_TRAIL_SEPARATORS = ("/", ">", "›", "»", "|", "→", "·")


def find_headline(ctx: Context, start: int, end: int, p: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The best-scoring candidate (``_headline_score``) among the lines shortly before the
    article start, skipping menu-like and matched lines, and its standfirst if it has one:
    of two candidates in a row (or with only matched lines, a date or a byline, between
    them) the first is the headline, the second its standfirst."""
    best, best_score = None, 0.0
    seen = 0
    body = _Opening(_opening(ctx, start, end), ctx.language in p["headline_inflected_languages"])
    previous: dict[int, float | None] = {}
    order: list[int] = []
    feed: set[int] = set()
    index = start
    while index > 0:
        index -= 1
        i = ctx.info[index]
        if i.blank or removing_hit(ctx.hits.get(index, ())):
            continue
        if not order and not feed and (top := _feed_top(ctx, index, p)) is not None and len(_content(ctx, index) & body.words) < 3:
            # A video playlist or a teaser feed between the title and the body (its last
            # line is not about the article, or it would be the title): the title is
            # above it, and none of its lines is a candidate.
            feed = set(range(top, index + 1))
            index = top
            continue
        if not nav_like(i):  # a menu does not use up the window, but a short title may be the one
            seen += 1
        if seen > int(p["headline_window"]) + 1:
            break
        order.append(index)
        previous[index] = _headline_score(ctx, index, seen, body, p, adjacent=not order[:-1])
        if feed.intersection(ctx.positions.get(ctx.keys[index], ())):
            previous[index] = None  # printed again in the feed: a teaser
        score = previous[index]
        if seen <= int(p["headline_window"]) and score is not None and score > best_score:
            best, best_score = index, score
    if best is not None:
        opening = [i.index for i in ctx.info[start : end + 1] if not i.blank][:2]
        # (A menu label that could not be the title is not the headline alone either.)
        title = _headline_in_page_title(ctx, best, [j for j in order if previous[j] is not None] + opening)
        if title in opening:
            return None, None  # the headline opens the article; ``best`` is the page's title
        under = _title_under_trail(ctx, title, start)
        best = under if under in previous else title  # (not a line of a feed passed over)
        best_score = previous[best] or best_score
        at = order.index(best)
        before = order[at + 1] if at + 1 < len(order) else None
        if (
            before is not None
            and (previous[before] or 0.0) >= 0.6 * best_score
            # Right under the title, the longer line is its standfirst; with a date or a
            # byline between them, the second is its subtitle, however long; so it is
            # when the title opens the text (a cleaned article cleaned again).
            and (
                ctx.info[best].size > ctx.info[before].size
                or before != previous_line(ctx, best)
                or previous_line(ctx, before) is None
            )
        ):
            return before, best
    return best, None


def _headline_score(
    ctx: Context, index: int, seen: int, body: _Opening, p: Mapping[str, Any], adjacent: bool = False
) -> float | None:
    """How likely a line is the headline, or None if it cannot be: title-like (no final
    full stop, mostly letters, one sentence), and above all about the article: how many of
    its content words (up to four; function words say nothing of the topic) the article's
    first paragraphs use counts most."""
    i = ctx.info[index]
    text = ctx.doc.lines[index].text.strip()
    ends_plain = i.sentence_end and not text.endswith(("?", "!", "？", "！", "»", '"', "”", "…", "...")) and not EMOJI_END_RE.search(text)
    if ends_plain or i.letters < 0.6 or (i.words < 2 and index not in ctx.headings) or _LOWER_START_RE.match(text):
        return None  # a headline opens with a capital where the script has them ("iPhone" too); one word only as a marked heading ("# Configuration")
    if len(_ITEM_BAR_RE.findall(text)) >= 3:
        return None  # a row of links, a page's menu or tool bar ("Title | Section | Site" has two bars)
    if not int(p["headline_min_size"]) <= i.size <= int(p["headline_max_size"]):
        return None
    digit_share = sum(ch.isdigit() for ch in _YEAR_RE.sub("", text)) / len(text)  # "Budget 2024" is a title
    words = _content(ctx, index)
    common = body.shared(words)
    if nav_like(i) and (not common or (common < min(2, len(words)) and not adjacent)):
        return None  # a short label is the title only if it is about the article (or right above it)
    score = (
        float(p["headline_overlap_weight"]) * min(common, 4) / 4
        + 0.3 * min(i.words, 10)
        - (10 * digit_share if digit_share > 0.15 else 0.0)
        - 0.2 * seen
        - 1.0 * i.sentences  # a caption or a standfirst: several sentences
    )
    if ctx.count(index) > 1 and not nav_like(i):
        score += float(p["headline_repeat_bonus"])  # the title again in a breadcrumb or share text
    if (under := next_line(ctx, index)) is not None and matches(ctx, under, p["caption_credit_rules"]):
        score -= float(p["caption_credit_penalty"])  # a photo's caption over its credit, or the title over its source
    return score


class _Opening:
    """The article opening's words (``_opening``), and how many of a line's words it uses:
    the same words, or in a language that inflects its nouns by case
    (``headline_inflected_languages``), if there are none, the same words inflected
    ("линию" and "линии", "Заречье" and "Заречья"): two words of four letters or more
    that differ only in their last two letters at most, not a stem of four ("state" and
    "station"). A title in another case than the body then still shares its words with
    it; where it shares some as they are, a standfirst in the body's own words does not
    outscore it by inflection. (In English, tried on every page, a share button or a
    photo credit took the title's place more often than an inflected title was found.)
    """

    def __init__(self, words: set[str], cases: bool) -> None:
        self.words = words
        self._cases = cases

    @functools.cached_property
    def _by_head(self) -> dict[str, list[str]]:
        """The words by their first letters (asked only when no word is shared as it is)."""
        out: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) >= _STEM_MIN:
                out.setdefault(word[:_STEM_MIN], []).append(word)
        return out

    def shared(self, words: set[str]) -> int:
        same = len(words & self.words)
        if same or not self._cases:
            return same
        return sum(any(_inflected(word, other) for other in self._by_head.get(word[:_STEM_MIN], ())) for word in words)


_STEM_MIN = 4  # letters a word has at least, and its two forms share, to count as inflected


def _inflected(a: str, b: str) -> bool:
    """``a`` and ``b`` differ in at most their last two letters (see ``_Opening``)."""
    same = len(os.path.commonprefix((a, b)))
    return same >= max(_STEM_MIN, len(a) - 2, len(b) - 2)


def _content(ctx: Context, index: int) -> set[str]:
    """Line ``index``'s words that say what it is about (not its function words)."""
    return vocabulary(ctx.doc.lines[index].text) - ctx.function_words


def _opening(ctx: Context, start: int, end: int, chars: int = 2000) -> set[str]:
    """The vocabulary of the article's first ``chars`` characters of sentences: lines
    printed once and not matched by a rule (a share bar or a video notice repeated in the
    article must not make its twin before the article look like the title). If every
    line of it is printed again (an article printed twice), those lines."""
    for once in (True, False):
        taken: list[str] = []
        size = 0
        for i in ctx.info[start : end + 1]:
            if size >= chars:
                break
            if i.blank or i.words < 5 or (once and ctx.count(i.index) > 1) or removing_hit(ctx.hits.get(i.index, ())):
                continue
            taken.append(ctx.doc.lines[i.index].text)
            size += i.size
        if taken:
            break
    return vocabulary(" ".join(taken)) - ctx.function_words


def _feed_top(ctx: Context, index: int, p: Mapping[str, Any]) -> int | None:
    """If line ``index`` is the last of ``feed_min_lines`` or more headline-like lines in a
    row (title-like, four words or more, named by no rule), the first of them; else None."""
    top, count = index, 0
    for j in range(index, -1, -1):
        i = ctx.info[j]
        if i.blank:
            continue
        if not i.title_like or ctx.hits.get(j) or i.size < 20 or i.words < 4:
            break
        top, count = j, count + 1
    return top if count >= int(p["feed_min_lines"]) else None


def _title_under_trail(ctx: Context, best: int, start: int) -> int:
    """A breadcrumb trail that no rule names ("Docs / Guides / Scheduling tasks") is not
    the headline: the title is its last item, printed again on the line under it (as a
    menu item it was no candidate of its own: the side menu prints it too)."""
    under = next_line(ctx, best)
    if under is None or under >= start or removing_hit(ctx.hits.get(under, ())):
        return best
    text, last = normalise(ctx.doc.lines[best].text), normalise(ctx.doc.lines[under].text)
    trail = text[: -len(last)].rstrip() if last and text.endswith(last) else ""
    return under if trail.endswith(_TRAIL_SEPARATORS) and len(trail) > 1 else best


def _headline_in_page_title(ctx: Context, best: int, candidates: list[int]) -> int:
    """A page's title is often its headline and the site's name ("Headline - Site"): when
    the best candidate reads so and the headline alone is another candidate, take that."""
    text = normalise(ctx.doc.lines[best].text)
    for j in candidates:
        short = normalise(ctx.doc.lines[j].text)
        if j != best and len(short) >= 8 and text.startswith(short) and text[len(short) :].lstrip().startswith(_TITLE_SEPARATORS):
            return j
    return best
