"""What the hand-set article finder and the context rules read: the page's ``Context``,
the article ``Region`` they agree on, and the line tests they all share.

The finder's parts (``linescore``, ``datalists``, ``headline``, ``article``), the rules
(``structure``) and the article model's blocks (``blocks``) all stand on this one small
module, which imports none of them.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

import regex

from . import cache
from .document import Document
from .features import LineInfo
from .formats import IMAGE_RULE
from .matcher import MAX_RULE_CHARS, Hit
from .phrases import normal_length, normalise

# A line's leading capitalised words: the name a bio opens with ("Ann Lee is a ...").
_LEADING_NAME_RE = cache.constant(r"^[\W_]*(\p{Lu}[\p{L}\p{M}.'’\-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’\-]*){0,3})")


@dataclass(frozen=True)
class Thread:
    """A comment thread (``threads.py``): lines ``start``..``end``, its post headers, and
    the comment heading it starts at, if one was found right above its first header. A
    thread of posts that print no header (``article._post_over_count``) has none, and
    starts at the count of comments over them."""

    start: int
    end: int
    headers: tuple[int, ...]
    heading: int | None = None
    bare: bool = False  # under a post with no prose (a photo, a title alone): the article is what is above it
    marked: bool = False  # a comment control in it or right after it ("Post a comment"); no answers, no listing

    def contains(self, index: int) -> bool:
        return self.start <= index <= self.end


@dataclass(frozen=True)
class Region:
    """The article: lines ``start``..``end`` inclusive, or only the line ranges in ``parts``
    when it comes in several parts (the article model's), and its headline if one was found."""

    start: int
    end: int
    headline: int | None
    lead: tuple[int, ...] = ()  # prose between the headline and the body (a standfirst)
    parts: tuple[tuple[int, int], ...] = ()
    thread: Thread | None = None  # the comment thread after it, which no part of it spans
    feed: int | None = None  # the heading of other stories after it whose teasers' summaries ended it ("Most read")

    def contains(self, index: int) -> bool:
        if index == self.headline or index in self.lead:
            return True
        if self.parts:
            return any(a <= index <= b for a, b in self.parts)
        return self.start <= index <= self.end


def map_region(region: Region, span: Callable[[int], Sequence[int]]) -> Region:
    """A region found on some lines, on the lines they stand for: ``span(i)``, the input
    lines of line ``i`` (a paragraph's of a wrapped text; one, further down, for a window's)."""
    first, last = (lambda i: span(i)[0]), (lambda i: span(i)[-1])
    thread = region.thread
    if thread is not None:
        heading = None if thread.heading is None else first(thread.heading)
        thread = replace(thread, start=first(thread.start), end=last(thread.end), headers=tuple(first(h) for h in thread.headers), heading=heading)
    return replace(
        region,
        start=first(region.start),
        end=last(region.end),
        headline=None if region.headline is None else first(region.headline),
        lead=tuple(j for i in region.lead for j in span(i)),
        parts=tuple((first(a), last(b)) for a, b in region.parts),
        thread=thread,
        feed=None if region.feed is None else first(region.feed),
    )


@dataclass(frozen=True)
class Context:
    """Everything a context rule may look at; nothing in it changes."""

    doc: Document
    info: tuple[LineInfo, ...]
    hits: Mapping[int, tuple[Hit, ...]]
    density_floor: float  # below this a long line does not read as prose here
    positions: Mapping[str, tuple[int, ...]]  # where each normalised line occurs in the page
    keys: tuple[str, ...]  # each line normalised (or a stand-in, ``line_keys``), as ``positions`` is keyed
    function_words: frozenset[str] = frozenset()  # of the document's language: no evidence of topic
    timed_out: Mapping[str, int] = field(default_factory=dict)  # pattern rule -> lines it hit its time limit on
    language: str | None = None  # the document's language code, if it was detected
    headings: frozenset[int] = frozenset()  # lines the input marks as headings (Markdown's "#": ``View.headings``)
    bullets: frozenset[int] = frozenset()  # lines the input marks as list items, the bullet gone from their text (``View.bullets``)
    aligned: frozenset[int] = frozenset()  # lines the input prints as a table's rows in columns (``formats.aligned_rows``)

    def count(self, index: int) -> int:
        """How many times line ``index`` occurs in the page (normalised)."""
        return len(self.positions.get(self.keys[index], ()))

    @functools.cached_property
    def alone_share(self) -> float:
        """The share of the page's non-blank lines with a blank line (or the page's edge)
        on either side: near 1 where paragraphs stand between blank lines, low in a
        whole-page dump, whose menus run on into its paragraphs."""
        lines = self.info
        shown = [k for k, i in enumerate(lines) if not i.blank]
        alone = sum(1 for k in shown if (k == 0 or lines[k - 1].blank) and (k + 1 == len(lines) or lines[k + 1].blank))
        return alone / len(shown) if shown else 0.0

    @functools.cached_property
    def ordinals(self) -> tuple[int, ...]:
        """Each line's place among the non-blank lines: distances count these, since a
        blank line is layout (wrapped or Markdown text has one between any two paragraphs)."""
        out, n = [], 0
        for i in self.info:
            out.append(n)
            n += not i.blank
        return tuple(out)


def checked_text(ctx: Context, index: int) -> str:
    """Line ``index`` as the context rules' pattern checks see it (a list item's label or
    number, a contact address, a summary cut short): empty for a line over the line-length
    limit (``MAX_RULE_CHARS``), which is none of these and is judged by its features alone."""
    text = ctx.doc.lines[index].text
    return "" if len(text) > MAX_RULE_CHARS else text


def line_keys(doc: Document) -> tuple[str, ...]:
    """Every line normalised, once per distinct text: the rules ask for a line's key many
    times, and a page of menus repeats a few texts.

    Keys are only compared. A line over ``MAX_RULE_CHARS`` whose normal form has a length
    no other line's has can equal no other line: its key is ``"\\0"`` and that length, which
    no other key is (a normal form never starts with a non-word character), rather than
    its normal form, which for a 50 MB line would be a copy of it kept all the run."""
    seen: dict[str, str] = {}
    out = []
    long: dict[int, int] = {}  # a long line's index -> the length of its normal form
    for line in doc.lines:
        if len(line.text) > MAX_RULE_CHARS:
            long[line.index] = normal_length(line.text)
            out.append("")  # (set below)
            continue
        key = seen.get(line.text)
        if key is None:
            key = seen[line.text] = normalise(line.text)
        out.append(key)
    if long:
        lengths = Counter(len(key) for index, key in enumerate(out) if index not in long)
        lengths.update(long.values())
        for index, length in long.items():
            out[index] = f"\0{length}" if length and lengths[length] == 1 else normalise(doc.lines[index].text)
    return tuple(out)


def line_positions(keys: tuple[str, ...], info: tuple[LineInfo, ...]) -> dict[str, tuple[int, ...]]:
    """Where each normalised line occurs: menus rendered twice, a title repeated in a
    breadcrumb, a teaser list shown at the top and again at the bottom."""
    out: dict[str, list[int]] = {}
    for key, i in zip(keys, info):
        if not i.blank:
            out.setdefault(key, []).append(i.index)
    return {key: tuple(where) for key, where in out.items()}


def density_floor(info: tuple[LineInfo, ...], ratio: float, counted: bool = True) -> float:
    """Half (``ratio``) the median function-word density of the long lines: calibrated per
    document, so it works whatever the language's typical density is. Not used (0) where
    function words cannot be ``counted`` as words (scripts without spaces, where substring
    counts are too noisy, and Korean, whose particles are written onto the noun)."""
    if not counted:
        return 0.0
    dens = sorted(i.density for i in info if i.size >= 150)
    if len(dens) < 2 or dens[len(dens) // 2] == 0.0:
        return 0.0
    return ratio * dens[len(dens) // 2]


def removing_hit(hits: tuple[Hit, ...]) -> bool:
    return any(h.rule.strength != "weak" for h in hits)


def is_prose(ctx: Context, i: LineInfo, min_size: int, floor_share: float = 1.0) -> bool:
    """A line that reads like article prose: long enough, sentence punctuation, (where
    the language is known) function words near the document's usual density, and not a
    list of names joined by semicolons or bars (``LineInfo.names``)."""
    # A long sentence full of names and figures has few function words; a comma inside
    # and a full stop at the end still make it a sentence (a link list has neither).
    worded = i.sentence_end and i.words >= 12 and "," in ctx.doc.lines[i.index].text
    return (
        i.size >= min_size
        and (i.sentence_end or i.continues or i.sentences > 0 or i.size >= 2 * min_size)
        and i.density >= floor_share * ctx.density_floor * (0.25 if worded else 1.0)
        and i.letters >= 0.5
        and not i.url
        and not i.names
    )


def nav_like(i: LineInfo) -> bool:
    """A menu item, tab or button label: a few words, no digits (but for a count, as in
    "World (3031)"), no sentence punctuation, not a line of code ("}", "f.Close()")."""
    return not i.blank and i.words <= 4 and i.size <= 40 and not i.sentence_end and (not i.digits or i.counted) and not i.code


def answer_counts(ctx: Context, p: Mapping[str, Any]) -> list[int]:
    """The lines that count a question's answers ("3 Answers", ``answer_count_rules``), in
    order: on a question-and-answer page, what follows one is answers, not comments."""
    return sorted(k for k in ctx.hits if ctx.info[k].digits and matches(ctx, k, p["answer_count_rules"]))


def matches(ctx: Context, index: int, entries: list[str]) -> bool:
    """Line ``index`` is hit by one of ``entries``: a rule id, or ids joined by "+" that
    must all hit it ("legal.copyright-line+legal.all-rights-reserved")."""
    hits = ctx.hits.get(index)
    if not hits:
        return False
    ids = {h.rule.id for h in hits}
    return any(entry <= ids for entry in _id_sets(tuple(entries)))


@functools.lru_cache(maxsize=64)
def _id_sets(entries: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """``matches``' entries split once, not per line asked about."""
    return tuple(frozenset(entry.split("+")) for entry in entries)


def is_image(ctx: Context, index: int) -> bool:
    """A renderer's image mark (html2text's ``![alt](src)``, lynx's ``[IMG]``): neither for
    nor against the article, as in text from a scraper, which prints no line for an image.
    Unless a phrase rule names it too ("Comments (5)" as an image's text ends an article)."""
    hits = ctx.hits.get(index, ())
    return bool(hits) and all(h.rule.id == IMAGE_RULE for h in hits)


def runs_of(lines: Iterable[LineInfo], keep: Callable[[LineInfo], bool], least: int) -> list[list[int]]:
    """The runs of ``least`` or more lines in a row that ``keep`` accepts, as line indexes."""
    runs = ([i.index for i in group] for kept, group in itertools.groupby(lines, keep) if kept)
    return [run for run in runs if len(run) >= least]


def printed_again(ctx: Context, index: int, until: int, after: int | None = None) -> int | None:
    """The next line after ``index`` (or after line ``after``), up to line ``until``, with
    the same text (normalised): a table of contents lists the headings it is printed
    again as."""
    since = index if after is None else max(index, after)
    return next((j for j in ctx.positions.get(ctx.keys[index], ()) if since < j <= until), None)


def listed_before(ctx: Context, items: list[int], until: int, adjacent_share: float = 0.25) -> list[int] | None:
    """Where ``items`` (lines in order) are printed again after the last of them, up to
    line ``until``, if each is, in the same order and mostly apart: a table of contents
    lists headings that each open a section (a quarter of the steps may be to the next
    line: a title over the first section), most of them starting as headings do; a
    chorus or a post printed again is printed as a block."""
    # (Headings start with a capital, a digit or a letter of a script without case; lines
    # of code do not: "from typing import Optional", "</header>". Most of them, at least.)
    if not items or 4 * sum(_heading_start(ctx.doc.lines[k].text) for k in items) < 3 * len(items):
        return None
    again: list[int] = []
    place = items[-1]
    for k in items:  # (each the next copy after the one before: "Key points" may head each section)
        found = printed_again(ctx, k, until, after=place)
        if found is None:
            return None
        again.append(found)
        place = found
    ords = ctx.ordinals
    steps = [ords[b] - ords[a] for a, b in zip(again, again[1:])]
    return again if sum(step == 1 for step in steps) <= adjacent_share * len(steps) else None


def _heading_start(text: str) -> bool:
    """The line's first letter or digit is no lower-case letter."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return bool(first) and not first.islower()


def previous_line(ctx: Context, index: int, past_images: bool = False) -> int | None:
    """The nearest non-blank line above line ``index`` (``past_images``: nor a renderer's
    image mark, which a scraper's text has no line for)."""
    return next((j for j in range(index - 1, -1, -1) if not ctx.info[j].blank and not (past_images and is_image(ctx, j))), None)


def next_line(ctx: Context, index: int, past_images: bool = False) -> int | None:
    """The nearest non-blank line under line ``index`` (``past_images``: as in ``previous_line``)."""
    return next((j for j in range(index + 1, len(ctx.info)) if not ctx.info[j].blank and not (past_images and is_image(ctx, j))), None)


def ends_in_colon(ctx: Context, index: int) -> bool:
    """Line ``index`` ends in a colon: it announces what follows ("Tour dates:")."""
    return ctx.doc.lines[index].text.rstrip().endswith((":", "："))


def next_lines(ctx: Context, index: int, count: int, keep: Callable[[LineInfo], bool] | None = None) -> list[LineInfo]:
    """The first ``count`` non-blank lines after line ``index`` (that ``keep`` accepts):
    read up to them only, not to the end of the page (per call, that was quadratic)."""
    lines = (ctx.info[j] for j in range(index + 1, len(ctx.info)))
    return list(itertools.islice((i for i in lines if not i.blank and (keep is None or keep(i))), count))


def author_bio(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is the author's bio: a ``bio_line_rules`` rule names it ("Ann Lee is
    a reporter at the Courier."), and the name it opens with stands in a short line above
    it (``bio_name_line_max_size``: the byline "By Ann Lee", the author's name over the
    article). A sentence about someone the article names only in its prose ("Jo Feld is
    the editor of the Gazette. He said ...") is the article's."""
    if not matches(ctx, index, p["bio_line_rules"]):
        return False
    found = _LEADING_NAME_RE.match(ctx.doc.lines[index].text)
    if found is None:
        return False
    name = regex.compile(r"(?<!\w)" + regex.escape(found.group(1)) + r"(?!\w)")
    limit = int(p["bio_name_line_max_size"])
    return any(not i.blank and i.size <= limit and name.search(ctx.doc.lines[i.index].text) for i in ctx.info[:index])
