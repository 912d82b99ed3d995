"""Context rules: verdicts that come from a line's place in the document, not its words.

Boilerplate comes in clusters and the article is one contiguous run of prose. These
rules see the first-pass phrase hits and the line features, and add their own verdicts:

- ``structure.outside-article``: the article region is the run of lines with the highest
  prose score (a maximum-sum segment: prose lines count for, short and matched lines
  against); the headline is found just before it; lines outside both are boilerplate.
- ``structure.far-from-article``: the same, strong, for lines far from the article, so
  a long paragraph there (a comment, a teaser summary) goes too.
- ``structure.link-run``: a run of short title-like lines (a menu, a tag list, the
  headlines of related stories) right after a navigation heading inside the article.
- ``structure.repeated``: a short line that occurs more than once in the page (menus
  rendered twice, a headline repeated in a breadcrumb) and is outside the article.
- ``structure.sandwich``: a short line between two removed lines.
- ``structure.appeal-continuation``: short lines and appeal cues after an appeal, which
  often runs over several paragraphs.

Guards (headline, long prose, quoted speech) are computed here too; they protect a line
from all but strong verdicts.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import regex

from .blocks import CUT_SHORT_RE, LABELLED_RE, first_word, vocabulary
from .document import Document
from .formats import IMAGE_RULE
from .features import DENSE_SCRIPT_RE, EMOJI_END_RE, LineInfo
from .matcher import MAX_RULE_CHARS, Hit, normalise
from .rules import Evidence, Rule, Verdict


@dataclass(frozen=True)
class Region:
    """The article: lines ``start``..``end`` inclusive, or only the line ranges in ``parts``
    when it comes in several parts (the article model's), and its headline if one was found."""

    start: int
    end: int
    headline: int | None
    lead: tuple[int, ...] = ()  # prose between the headline and the body (a standfirst)
    parts: tuple[tuple[int, int], ...] = ()

    def contains(self, index: int) -> bool:
        if index == self.headline or index in self.lead:
            return True
        if self.parts:
            return any(a <= index <= b for a, b in self.parts)
        return self.start <= index <= self.end


@dataclass(frozen=True)
class Context:
    """Everything a context rule may look at; nothing in it changes."""

    doc: Document
    info: tuple[LineInfo, ...]
    hits: Mapping[int, tuple[Hit, ...]]
    density_floor: float  # below this a long line does not read as prose here
    positions: Mapping[str, tuple[int, ...]]  # where each normalised line occurs in the page
    keys: tuple[str, ...]  # each line normalised, as ``positions`` is keyed (``line_keys``)
    function_words: frozenset[str] = frozenset()  # of the document's language: no evidence of topic
    timed_out: Mapping[str, int] = field(default_factory=dict)  # pattern rule -> lines it hit its time limit on

    def count(self, index: int) -> int:
        """How many times line ``index`` occurs in the page (normalised)."""
        return len(self.positions.get(self.keys[index], ()))

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


_BARRIER = -1e9  # the score of a line that ends the article: no maximum-sum run spans it


def _removing_hit(hits: tuple[Hit, ...]) -> bool:
    return any(h.rule.strength != "weak" for h in hits)


def line_keys(doc: Document) -> tuple[str, ...]:
    """Every line normalised, once per distinct text: the rules ask for a line's key many
    times, and a page of menus repeats a few texts."""
    seen: dict[str, str] = {}
    out = []
    for line in doc.lines:
        key = seen.get(line.text)
        if key is None:
            key = seen[line.text] = normalise(line.text)
        out.append(key)
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


def _printed_elsewhere(ctx: Context, index: int, distance: int) -> bool:
    """The same line occurs again at least ``distance`` lines away (a teaser list at the top
    and the bottom of the page; not a paragraph an author happened to repeat)."""
    where = ctx.positions.get(ctx.keys[index], ())  # in line order
    if not where:
        return False
    at = ctx.ordinals  # (the farthest are the ends)
    return at[where[-1]] - at[index] >= distance or at[index] - at[where[0]] >= distance


def is_prose(ctx: Context, i: LineInfo, min_size: int, floor_share: float = 1.0) -> bool:
    """A line that reads like article prose: long enough, sentence punctuation, and
    (where the language is known) function words near the document's usual density."""
    # A long sentence full of names and figures has few function words; a comma inside
    # and a full stop at the end still make it a sentence (a link list has neither).
    worded = i.sentence_end and i.words >= 12 and "," in ctx.doc.lines[i.index].text
    return (
        i.size >= min_size
        and (i.sentence_end or i.continues or i.sentences > 0 or i.size >= 2 * min_size)
        and i.density >= floor_share * ctx.density_floor * (0.25 if worded else 1.0)
        and i.letters >= 0.5
        and not i.url
    )


def nav_like(i: LineInfo) -> bool:
    """A menu item, tab or button label: a few words, no digits (but for a count, as in
    "World (3031)"), no sentence punctuation."""
    return not i.blank and i.words <= 4 and i.size <= 40 and not i.sentence_end and (not i.digits or i.counted)




def _teaser_summary(ctx: Context, index: int) -> bool:
    """A summary cut off mid-sentence ("..., who asked for...") under a title-like line: a
    teaser's (a blog paragraph that trails off after another paragraph is not)."""
    if not CUT_SHORT_RE.search(checked_text(ctx, index)):
        return False
    before = _previous_line(ctx, index)
    return before is not None and ctx.info[before].title_like


def _score(ctx: Context, i: LineInfo, p: Mapping[str, Any]) -> float:
    """A line's contribution to the article region: positive for prose, negative for
    matched and menu-like lines, slightly negative for other short lines (list items and
    subheadings inside an article must not cut it in two)."""
    hits = ctx.hits.get(i.index, ())
    if _removing_hit(hits):
        if _interruption(ctx, i.index, p):
            return -float(p["interruption_penalty"])
        return -float(p["matched_penalty"])
    if i.size >= int(p["prose_min_size"]) and _printed_elsewhere(ctx, i.index, int(p["repeat_distance"])):
        return 0.0  # a paragraph printed twice is a teaser or a pull quote: no evidence either way
    if _teaser_summary(ctx, i.index):
        return 0.0  # no evidence either way
    if is_prose(ctx, i, int(p["prose_min_size"]), floor_share=0.5):
        weight = 1.0 if i.sentence_end or i.continues or i.sentences else float(p["unended_prose_factor"])
        if ctx.density_floor:
            weight *= min(1.0, i.density / ctx.density_floor)
        return weight * min(i.size, int(p["prose_cap"])) / float(p["prose_unit"])
    if (i.sentence_end or i.continues) and i.size >= 20 and i.density >= ctx.density_floor and i.letters >= 0.5:
        return float(p["sentence_bonus"])
    if nav_like(i):
        return -float(p["nav_penalty"])
    if i.words >= 4 and not i.sentence_end:
        return -float(p["title_penalty"])
    return -float(p["short_penalty"])


def _scores(ctx: Context, p: Mapping[str, Any]) -> list[tuple[int, float]]:
    """Every non-blank line's score; the items of a list that a line announces ("... as
    follows:") cost nothing (up to ``announced_max_items``: "Change language:" over a
    hundred-line menu announces no list), so a list inside the article does not cut it in two."""
    out: list[tuple[int, float]] = []
    announced = 0  # how many more items of an announced list cost nothing
    gap = 0  # how many non-prose lines in a row so far
    data = _data_runs(ctx, [i for i in ctx.info if not i.blank], int(p["data_list_min_items"]))
    for i in ctx.info:
        if i.blank or _image(ctx, i.index):
            continue
        s = _score(ctx, i, p)
        matched = _removing_hit(ctx.hits.get(i.index, ()))
        if i.index in data and not matched:
            s = max(s, float(p["data_list_bonus"]))  # a schedule or a results table is content
        if announced and s < 0 and not matched and ctx.count(i.index) <= 1:
            s, announced = 0.0, announced - 1
        elif s > 0 or matched or announced:
            announced = 0  # (a table of contents: its entries come back as subheadings)
        if s > 0:
            gap = 0
        elif s < 0:
            # A subheading between paragraphs costs little; the third short line in a
            # row costs three times as much: teaser feeds (kicker, headline, summary,
            # source) do not read as one article however many summaries they hold.
            gap += 1
            s *= min(gap, int(p["gap_growth_cap"]))
        if not matched and ctx.doc.lines[i.index].text.rstrip().endswith((":", "：")):
            announced, s = int(p["announced_max_items"]), max(s, float(p["sentence_bonus"]))
        if _ends_article(ctx, i.index, p):
            s = _BARRIER  # no run of the article spans it
        out.append((i.index, s))
    return out


def _image(ctx: Context, index: int) -> bool:
    """A renderer's image mark (html2text's ``![alt](src)``, lynx's ``[IMG]``): neither for
    nor against the article, as in text from a scraper, which prints no line for an image.
    Unless a phrase rule names it too ("Comments (5)" as an image's text ends an article)."""
    hits = ctx.hits.get(index, ())
    return bool(hits) and all(h.rule.id == IMAGE_RULE for h in hits)


def _best_run(ctx: Context, scores: list[tuple[int, float]]) -> tuple[float, int, int] | None:
    """Kadane over (index, score) pairs: the maximum-sum run as (sum, first, last)."""
    best: tuple[float, int, int] | None = None
    run_sum, run_start = 0.0, -1
    for index, s in scores:
        if run_start < 0 or run_sum <= 0:
            run_sum, run_start = s, index
        else:
            run_sum += s
        if best is None or run_sum > best[0]:
            best = (run_sum, run_start, index)
    return best


def _floor(ctx: Context, run: tuple[float, int, int], total: float, p: Mapping[str, Any]) -> float:
    """What another run must score to join the article (of score ``total``): a share of
    it; a larger share if the run has no paragraph of prose, only a data list (a league
    table or market prices in a sidebar scores like that too)."""
    prose = any(is_prose(ctx, i, int(p["prose_min_size"])) for i in ctx.info[run[1] : run[2] + 1])
    share = float(p["secondary_share"] if prose else p["secondary_data_share"])
    return max(float(p["min_article_score"]), share * total)


def _joins(
    ctx: Context,
    run: tuple[float, int, int],
    after: int,
    before: int,
    total: float,
    ends: frozenset[int],
    follows: bool,
    p: Mapping[str, Any],
) -> bool:
    """Another run joins the article (of score ``total``) as a second part: it scores
    enough, no block of menus lies between (``after``..``before``) and, for a run that
    ``follows`` the article, none of the lines that end the article (``ends``) (a "Leave a comment" link between the
    headline block and the body does not cut off what is above it)."""
    return (
        run[0] >= _floor(ctx, run, total, p)
        and not (follows and any(after < e < before for e in ends))
        and not _menu_between(ctx, after, before, p)
    )


def _menu_between(ctx: Context, after: int, before: int, p: Mapping[str, Any]) -> bool:
    """Between two runs lies a block of menus and teasers (``merge_gap_min_lines`` lines or
    more, at least ``merge_gap_menu_share`` of them menu-like or matched): what lies beyond
    is a footer or a teaser summary, not the rest of the article. A list or a product box
    inside an article is mostly longer lines, so it does not stop the article."""
    lines = [i for i in ctx.info[after + 1 : before] if not i.blank]
    menu = sum(1 for i in lines if nav_like(i) or _removing_hit(ctx.hits.get(i.index, ())))
    return len(lines) >= int(p["merge_gap_min_lines"]) and menu >= float(p["merge_gap_menu_share"]) * len(lines)


def _before_closing(
    ctx: Context, scores: list[tuple[int, float]], best: tuple[float, int, int], ends: frozenset[int], p: Mapping[str, Any]
) -> tuple[float, int, int]:
    """The article comes before the page's closing sections: if the best run lies after a
    comment policy or an "all rights reserved" footer and a run before it scores at least
    ``closing_share`` of the best, that run is the article (the promotions and teaser
    summaries after a footer can outscore a short article or a schedule)."""
    first = next(
        (i for i, _ in scores if i < best[1] and i in ends and matches(ctx, i, p["closing_rules"])),
        None,
    )
    if first is None:
        return best
    earlier = _best_run(ctx, [(i, s) for i, s in scores if i < first])
    floor = max(float(p["min_article_score"]), float(p["closing_share"]) * best[0])
    return earlier if earlier is not None and earlier[0] >= floor else best


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


def _ends_article(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """A comment-section heading or a copyright footer ends the article: prose after it is
    readers' or the page's (a teaser feed), not the author's, however long. But not when
    the text goes on in sentences right after it (two of the next three lines, not
    counting an ad label or a photo credit): then it is a photo credit above a subheading,
    a "Leave a comment" link under the headline, or a sentence of a story that reports on
    comments."""
    if not matches(ctx, index, p["article_end_rules"]):
        return False
    following = _next_lines(ctx, index, 3, lambda i: not _interruption(ctx, i.index, p))
    return sum(1 for i in following if _text_goes_on(ctx, i, p)) < 2


def _next_lines(ctx: Context, index: int, count: int, keep: Callable[[LineInfo], bool] | None = None) -> list[LineInfo]:
    """The first ``count`` non-blank lines after line ``index`` (that ``keep`` accepts):
    read up to them only, not to the end of the page (per call, that was quadratic)."""
    lines = (ctx.info[j] for j in range(index + 1, len(ctx.info)))
    return list(itertools.islice((i for i in lines if not i.blank and (keep is None or keep(i))), count))


def _interruption(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a box that sits inside articles (an ad label, a photo credit)."""
    hits = [h for h in ctx.hits.get(index, ()) if h.rule.strength != "weak"]
    return bool(hits) and all(h.rule.category in p["interruption_categories"] for h in hits)


def _text_goes_on(ctx: Context, i: LineInfo, p: Mapping[str, Any]) -> bool:
    """A paragraph of prose, or a sentence of some length (a short quote, a closing line)."""
    return is_prose(ctx, i, int(p["prose_min_size"])) or (i.sentence_end and i.size >= int(p["lead_min_size"]))


def _extend_start(ctx: Context, start: int, p: Mapping[str, Any]) -> int:
    """An article may open with short lines (a one-line intro, the first items of a list,
    a line of code) before its first long paragraph: take in up to ``lead_in_lines`` such
    lines, stopping at a menu-like, matched or repeated line, or at a title-like line
    (which may be the headline)."""
    start = _same_opening_above(ctx, _announced_above(ctx, start, p), p)
    taken = 0
    for index in range(start - 1, -1, -1):
        i = ctx.info[index]
        if i.blank:
            continue
        if taken >= int(p["lead_in_lines"]) or _removing_hit(ctx.hits.get(index, ())) or nav_like(i):
            break
        if ctx.count(index) > 1 or (i.title_like and not i.sentence_end and not i.bullet and not i.digits):
            break
        if _teaser_summary(ctx, index):
            break
        start, taken = index, taken + 1
    return start


def _announced_above(ctx: Context, start: int, p: Mapping[str, Any]) -> int:
    """Right above the first paragraph, a short heading that asks or announces ("What's
    new?", "Co nowego?", "Changes:") and the short lines from it down to the paragraph: a
    list that opens the article, if no rule names any of them, none is printed twice, and
    the heading does not sit in a menu (the line above it is not menu-like)."""
    above = [i for i in reversed(ctx.info[:start]) if not i.blank][: int(p["announced_max_items"]) + 1]
    for n, i in enumerate(above):
        if not _own_line(ctx, i) or ctx.hits.get(i.index) or i.sentences:
            return start
        text = ctx.doc.lines[i.index].text.rstrip()
        if text.endswith(("?", ":", "？", "：")) and i.words <= 8 and n >= int(p["data_list_min_items"]) - 1:
            before = above[n + 1] if n + 1 < len(above) else None
            if before is None or _removing_hit(ctx.hits.get(before.index, ())) or not nav_like(before):
                return i.index
            return start
    return start


def _same_opening_above(ctx: Context, start: int, p: Mapping[str, Any]) -> int:
    """Right above the first paragraph, ``data_list_min_items`` - 1 or more short lines that
    open with the same word ("player.setav health", "player.setav stamina", ...): a list of
    commands or steps that opens the article, if no rule names them, none is printed twice
    and a line of the article's introduces them (not a "Related" heading: teasers "How to
    ...", "How to ..." under it)."""
    above = [i for i in reversed(ctx.info[:start]) if not i.blank]
    first = [first_word(ctx.doc.lines[i.index].text) for i in above]
    n = 0
    while n < len(above) and first[n] and first[n] == first[0] and _own_line(ctx, above[n]) and not ctx.hits.get(above[n].index):
        n += 1
    before = above[n] if n < len(above) else None  # what introduces the list: a line of the article's
    if n >= int(p["data_list_min_items"]) - 1 and before is not None and _own_line(ctx, before) and not nav_like(before):
        return above[n - 1].index
    return start


def _extend_end(ctx: Context, end: int, p: Mapping[str, Any], after_list: bool = False) -> int:
    """An article may close with a short sentence of its own right after the last paragraph
    (a sign-off, "See you next week 🙂"): take it in if no rule names it. Past one removed
    box ("Read also: ...", an ad label), a subheading and two or more sentences are its
    last section (a checklist whose bullets the scraper dropped), and so are the article's
    next numbered section ("5. ...") and one sentence; past the author's line (an
    address) a labelled note ("Correction: an earlier version...") is the article's. An
    app promotion of two sentences, or a reader's name and comment, is not. Right after a
    list the article took in (``after_list``), its closing sentence may be of any length."""
    following = _next_lines(ctx, end, int(p["list_max_lines"]))
    boxed = bool(following) and _removing_hit(ctx.hits.get(following[0].index, ())) and not _ends_article(ctx, following[0].index, p)
    n = int(boxed)
    heading = following[n] if boxed and n < len(following) and _own_line(ctx, following[n]) else None
    numbered = heading is not None and _continues_numbering(ctx, end, heading)
    headed = heading is not None and (numbered or (heading.title_like and heading.words >= 2))  # (not a user name)
    n += int(headed)
    taken = list(itertools.takewhile(lambda i: i.sentence_end and _own_line(ctx, i), following[n:]))
    # After the author's line (a byline, an address), a labelled note is the editor's.
    noted = (
        boxed
        and bool(taken)
        and all(h.rule.category == "metadata" for h in ctx.hits.get(following[0].index, ()))
        and bool(LABELLED_RE.match(checked_text(ctx, taken[0].index)))
    )
    if (headed and len(taken) >= (1 if numbered else 2)) or (noted and not headed):
        return taken[-1].index
    first = following[0] if following else None
    short = first is not None and (first.size < int(p["prose_min_size"]) or after_list)
    if first is not None and first.sentence_end and short and _own_line(ctx, first):
        return first.index
    return end


def _continues_numbering(ctx: Context, end: int, heading: LineInfo) -> bool:
    """The heading is the article's next numbered section ("5. ..." after a "4. ...")."""
    match = _ENUMERATOR_RE.match(checked_text(ctx, heading.index))
    if not match:
        return False
    number = int(_DIGIT_RUN_RE.search(match.group()).group())
    for i in reversed(ctx.info[: end + 1]):
        other = _ENUMERATOR_RE.match(checked_text(ctx, i.index)) if not i.blank else None
        if other:
            return int(_DIGIT_RUN_RE.search(other.group()).group()) == number - 1
    return False


def _own_line(ctx: Context, i: LineInfo) -> bool:
    """Printed once, named by no rule, mostly letters: a line of the article's own."""
    return ctx.count(i.index) <= 1 and not _removing_hit(ctx.hits.get(i.index, ())) and i.letters >= 0.5


def _extend_list(ctx: Context, end: int, p: Mapping[str, Any]) -> int:
    """An article goes on over a list right after it (bulleted, or a run of lines with
    numbers and the same punctuation), and over any list it announces ("Tour dates:")."""
    tail = itertools.islice((ctx.info[j] for j in range(end, -1, -1) if not ctx.info[j].blank), 2)
    announced = any(ctx.doc.lines[i.index].text.rstrip().endswith((":", "：")) for i in tail)
    following = _next_lines(ctx, end, int(p["list_max_lines"]))
    # One box between the text and its list ("Read also: ...", an ad label) is stepped
    # over: its own rule still removes it.
    boxed = len(following) > 1 and _removing_hit(ctx.hits.get(following[0].index, ())) and not _removing_hit(ctx.hits.get(following[1].index, ()))
    if boxed:
        following = following[1:]
    items = _list_items(ctx, following, int(p["data_list_min_items"]))
    # A subheading and a sentence may introduce a list ("What changes", "The new fares
    # are as follows."): look past up to two such lines for its items.
    lead_in = 0
    while lead_in < min(2, len(following)) and following[lead_in].index not in items and not announced:
        lead_in += 1
    if lead_in and not (len(following) > lead_in + 1 and {following[lead_in].index, following[lead_in + 1].index} <= items):
        lead_in = 0
    last = end
    for n, i in enumerate(following):
        if _removing_hit(ctx.hits.get(i.index, ())):
            break
        if n >= lead_in and not (i.index in items or (announced and not nav_like(i))):
            break
        last = i.index
    return last


def _signature(text: str) -> str:
    """A line's first punctuation mark: the items of one list share it ("June 9 – City, ST
    @ Venue" -> "–", "1. Stage: ..." -> ".")."""
    text = _ADDED_TIME_RE.sub("0", text, count=1)  # a minute with added time ("90+3'") is one number
    return next((ch for ch in text if not ch.isalnum() and not ch.isspace()), "")


def _list_items(ctx: Context, lines: list[LineInfo], min_items: int) -> set[int]:
    """Bulleted lines, and data runs (``_data_runs``; three "Label: value" lines will do)."""
    return {i.index for i in lines if i.bullet} | _data_runs(ctx, lines, min_items, labelled_min=3)


_ENUMERATOR_RE = regex.compile(r"^\W*\d{1,3}\W")
_DIGIT_RE = regex.compile(r"\d")
_DIGIT_RUN_RE = regex.compile(r"\d+")
_ADDED_TIME_RE = regex.compile(r"^\s*\d+\+\d+")
# The address is tried from the start of a run of its characters only, and the run is
# not given back (the "@" is not one of them): tried from every position of a long run
# of letters, it was quadratic in the line (20,000 letters: 9 s). Same lines match: a
# match inside a run also matches from the run's start.
_CONTACT_RE = regex.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]{2,}|\b(?:fax|telefax|téléfax|факс)\b", regex.IGNORECASE)


def _data_runs(ctx: Context, lines: list[LineInfo], min_items: int, labelled_min: int | None = None) -> set[int]:
    """Runs of at least ``min_items`` lines that carry numbers or are "Label: value" pairs
    (at least half of them with numbers) and open with the same punctuation: a schedule,
    a price list, results, an event's practical details. Lists, not menus: menu-like lines
    such as "World (3031)" never count, nor a ranking's "1. Headline" (its only number is
    its place), nor a run of kicker teasers ("Opinion: ...", "Analysis: ..."), nor a
    contact block with an e-mail address or a fax number. A run of "Label: value" lines
    only may be shorter, ``labelled_min`` (an obituary's "Funeral: ...", "Burial: ...")."""
    items: set[int] = set()
    run: list[int] = []
    numbered = 0
    labelled = 0
    contact = False  # an e-mail address or a fax number: the publisher's contact block
    previous = None
    place = 0  # the previous line's leading number
    for i in lines + [None]:  # type: ignore[list-item]
        text = checked_text(ctx, i.index) if i is not None else ""
        lead = _ENUMERATOR_RE.match(text)
        number = int(_DIGIT_RUN_RE.search(lead.group()).group()) if lead else 0
        # A leading number counts unless it is a place (1, or one more than the line
        # before): "17' Goal", "41' Yellow card" are data, "1. Headline", "2. ..." are not.
        counted = bool(lead) and number not in (1, place + 1) and not lead.group().endswith(" ")  # ("27 Oddest ..." is a title)
        place = number
        digits = i is not None and not nav_like(i) and (counted or bool(_DIGIT_RE.search(_ENUMERATOR_RE.sub("", text, count=1))))
        data = (digits or bool(LABELLED_RE.match(text))) and not _removing_hit(ctx.hits.get(i.index, ()))  # type: ignore[union-attr]
        sig = _signature(text) if data else None
        if sig and sig == previous:
            run.append(i.index)  # type: ignore[union-attr]
            numbered += bool(_DIGIT_RE.search(text))
            labelled += bool(LABELLED_RE.match(text))
            contact = contact or bool(_CONTACT_RE.search(text))
            continue
        enough = len(run) >= min_items or (labelled_min is not None and labelled == len(run) >= labelled_min)
        if enough and 2 * numbered >= len(run) and not contact:
            items.update(run)
        run = [i.index] if sig else []  # type: ignore[union-attr]
        numbered = int(bool(sig) and bool(_DIGIT_RE.search(text)))
        labelled = int(bool(sig) and bool(LABELLED_RE.match(text)))
        contact = bool(sig) and bool(_CONTACT_RE.search(text))
        previous = sig
    return items


def find_region(ctx: Context, p: Mapping[str, Any]) -> Region | None:
    """The article: the maximum-sum run of line scores (Kadane) that no comment section or
    page footer cuts through, the one before the page's closing sections if it is good
    enough, widened to any other run on either side that scores at least
    ``secondary_share`` of it (an article cut in two by an ad block or a gallery; never
    across an end of article or a block of menus), and over what closes it: a last
    section, a closing line, a list or table (``_extend_end``, ``_extend_list``)."""
    scores = _scores(ctx, p)
    best = _best_run(ctx, scores)
    if best is None or best[0] < float(p["min_article_score"]):
        return None
    ends = frozenset(i for i, s in scores if s == _BARRIER)  # found once, by _scores
    best = _before_closing(ctx, scores, best, ends, p)
    total, start, end = best
    while True:
        before = _best_run(ctx, [(i, s) for i, s in scores if i < start])
        after = _best_run(ctx, [(i, s) for i, s in scores if i > end])
        grown = False
        if before is not None and _joins(ctx, before, before[2], start, total, ends, False, p):
            start, grown = before[1], True
        if after is not None and _joins(ctx, after, end, after[1], total, ends, True, p):
            end, grown = after[2], True
        if not grown:
            break
    listed = False
    while True:  # a last section, a list after it, a closing line after that
        closed = _extend_end(ctx, end, p, after_list=listed)
        grown = _extend_list(ctx, closed, p)
        if grown == end:
            break
        end, listed = grown, grown != closed
    start = _extend_start(ctx, start, p)
    headline, standfirst = find_headline(ctx, start, end, p)
    lead: tuple[int, ...] = ()
    if headline is not None:
        # A standfirst between the headline and the body belongs to the article; the
        # bylines, dates and photo credits around it do not. When the headline is close
        # to the body, the two are one block: what lies between them is the article's
        # unless a rule names it or it reads as a menu.
        between = [i for i in ctx.info[headline + 1 : start] if not i.blank]
        # (A byline, a date or a photo credit that a rule names does not make it far.)
        close = sum(1 for i in between if not _removing_hit(ctx.hits.get(i.index, ()))) <= int(p["lead_window"])
        teased = _teasers(ctx, between, p)
        lead = tuple(
            i.index
            for n, i in enumerate(between)
            if ctx.count(i.index) <= 1  # not a teaser of the lead, not a repeated label
            and i.index not in teased
            and not _removing_hit(ctx.hits.get(i.index, ()))
            and (
                i.index == standfirst
                or (close and not nav_like(i))
                or ((i.sentence_end or n == 0) and is_prose(ctx, i, int(p["lead_min_size"])))
            )
        )
    return Region(start, end, headline, lead)


def _teasers(ctx: Context, between: list[LineInfo], p: Mapping[str, Any]) -> set[int]:
    """Under a "See also" heading between the headline and the body: the linked headline
    (title-like lines) and its summary cut short ("..., who asked for...")."""
    out: set[int] = set()
    heading = False
    for i in between:
        hits = ctx.hits.get(i.index, ())
        if any(h.rule.id in p["teaser_headings"] for h in hits):
            heading = True
        elif heading and not hits and (i.title_like or CUT_SHORT_RE.search(checked_text(ctx, i.index))):
            out.add(i.index)
        else:
            heading = False
    return out


_TOKEN_RE = regex.compile(r"\w+")
_YEAR_RE = regex.compile(r"\b(?:19|20)\d\d\b")
_LOWER_START_RE = regex.compile(r"^[^\p{L}\d]*\p{Ll}+(?:\s|$)")  # the first word all lower case: a sentence's tail


def _headline_score(
    ctx: Context, index: int, seen: int, body: set[str], p: Mapping[str, Any], adjacent: bool = False
) -> float | None:
    """How likely a line is the headline, or None if it cannot be: title-like (no final
    full stop, mostly letters, one sentence), and above all about the article: how many of
    its content words (up to four; function words say nothing of the topic) the article's
    first paragraphs use counts most."""
    i = ctx.info[index]
    text = ctx.doc.lines[index].text.strip()
    ends_plain = i.sentence_end and not text.endswith(("?", "!", "？", "！", "»", '"', "”", "…", "...")) and not EMOJI_END_RE.search(text)
    if ends_plain or i.letters < 0.6 or i.words < 2 or _LOWER_START_RE.match(text):
        return None  # a headline opens with a capital where the script has them ("iPhone" too)
    if not int(p["headline_min_size"]) <= i.size <= int(p["headline_max_size"]):
        return None
    digit_share = sum(ch.isdigit() for ch in _YEAR_RE.sub("", text)) / len(text)  # "Budget 2024" is a title
    words = _content(ctx, index)
    common = len(words & body)
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
    return score


def _content(ctx: Context, index: int) -> set[str]:
    """Line ``index``'s words that say what it is about (not its function words)."""
    return vocabulary(ctx.doc.lines[index].text) - ctx.function_words


def _opening(ctx: Context, start: int, end: int, chars: int = 2000) -> set[str]:
    """The vocabulary of the article's first ``chars`` characters of sentences: lines
    printed once and not matched by a rule (a share bar or a video notice repeated in the
    article must not make its twin before the article look like the title)."""
    taken: list[str] = []
    size = 0
    for i in ctx.info[start : end + 1]:
        if size >= chars:
            break
        if i.blank or i.words < 5 or ctx.count(i.index) > 1 or _removing_hit(ctx.hits.get(i.index, ())):
            continue
        taken.append(ctx.doc.lines[i.index].text)
        size += i.size
    return vocabulary(" ".join(taken)) - ctx.function_words


def find_headline(ctx: Context, start: int, end: int, p: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The best-scoring candidate (``_headline_score``) among the lines shortly before the
    article start, skipping menu-like and matched lines, and its standfirst if it has one:
    of two candidates in a row (or with only matched lines, a date or a byline, between
    them) the first is the headline, the second its standfirst."""
    best, best_score = None, 0.0
    seen = 0
    body = _opening(ctx, start, end)
    previous: dict[int, float | None] = {}
    order: list[int] = []
    feed: set[int] = set()
    index = start
    while index > 0:
        index -= 1
        i = ctx.info[index]
        if i.blank or _removing_hit(ctx.hits.get(index, ())):
            continue
        if not order and not feed and (top := _feed_top(ctx, index, p)) is not None and len(_content(ctx, index) & body) < 3:
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
        best = title
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
                or before != _previous_line(ctx, best)
                or _previous_line(ctx, before) is None
            )
        ):
            return before, best
    return best, None


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


_TITLE_SEPARATORS = ("-", "|", "–", "—", "_", ":", "·", "»", "/", "｜", "：")


def _headline_in_page_title(ctx: Context, best: int, candidates: list[int]) -> int:
    """A page's title is often its headline and the site's name ("Headline - Site"): when
    the best candidate reads so and the headline alone is another candidate, take that."""
    text = normalise(ctx.doc.lines[best].text)
    for j in candidates:
        short = normalise(ctx.doc.lines[j].text)
        if j != best and len(short) >= 8 and text.startswith(short) and text[len(short) :].lstrip().startswith(_TITLE_SEPARATORS):
            return j
    return best


def _previous_line(ctx: Context, index: int) -> int | None:
    return next((j for j in range(index - 1, -1, -1) if not ctx.info[j].blank), None)


def guards(ctx: Context, region: Region | None, p: Mapping[str, Any]) -> dict[int, Evidence]:
    """Lines protected from all but strong verdicts, with the reason."""
    out: dict[int, Evidence] = {}
    if region is not None and region.headline is not None:
        out[region.headline] = Evidence("", None, "headline")
    for index in region.lead if region is not None else ():
        out[index] = Evidence("", None, "standfirst")
    for i in ctx.info:
        if i.blank or i.index in out:
            continue
        if is_prose(ctx, i, int(p["guard_prose_size"])):
            out[i.index] = Evidence("", None, f"long prose paragraph ({i.size} chars)")
        elif i.quoted and i.sentence_end and i.size >= 40 and (region is None or region.contains(i.index)):
            out[i.index] = Evidence("", None, "quoted speech")
        elif (
            region is not None
            and region.contains(i.index)
            and _announced_by(ctx, i.index)
            and all(h.rule.category == "navigation" for h in ctx.hits.get(i.index, ()))
        ):
            # ("Settings > Wi-Fi > Details" reads like a breadcrumb; a date there is still a date.)
            out[i.index] = Evidence("", None, "announced by the sentence before it")
    return out


def _announced_by(ctx: Context, index: int) -> bool:
    """The line before is a sentence of the article's that ends in a colon ("You find the
    setting under:"): this line is what it announces (a menu path, a command), not a menu."""
    before = _previous_line(ctx, index)
    if before is None or ctx.hits.get(before):
        return False
    text = ctx.doc.lines[before].text.rstrip()
    return text.endswith((":", "：")) and ctx.info[before].words >= 4 and ctx.info[before].size >= 25


def _verdict(rule: Rule, line: int, detail: str, matched: str = "") -> Verdict:
    return Verdict(line, rule.id, rule.category, rule.strength, Evidence(matched, None, detail))


def outside_article(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    if region is None:
        return []
    where = f"article is lines {region.start + 1}-{region.end + 1}"
    out = []
    for i in ctx.info:
        if not i.blank and not region.contains(i.index):
            side = "before" if i.index < region.start else "after"
            out.append(_verdict(rule, i.index, f"{side} the article ({where})"))
    return out


def far_from_article(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """Prose far outside the article (comments, teaser summaries, an "about us" blurb):
    strong, so the long-prose guard does not keep it. Prose right next to the article is
    left to ``outside-article``, whose verdict the guard can overrule."""
    if region is None:
        return []
    min_distance = int(rule.params.get("min_distance", 3))
    positions = {i.index: k for k, i in enumerate(i for i in ctx.info if not i.blank)}
    first, last = positions[region.start], positions[region.end]
    out = []
    for i in ctx.info:
        if i.blank or region.contains(i.index):
            continue
        k = positions[i.index]
        distance = first - k if k < first else k - last
        if distance >= min_distance:
            side = "before" if k < first else "after"
            out.append(_verdict(rule, i.index, f"{distance} lines {side} the article (lines {region.start + 1}-{region.end + 1})"))
    return out


def repeated(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    max_size = int(rule.params.get("max_size", 120))
    out = []
    said: dict[str, Evidence] = {}  # one (immutable) evidence per text: a menu repeats a few
    for line, i in zip(ctx.doc.lines, ctx.info):
        if i.blank or i.size > max_size:
            continue
        index, key = line.index, ctx.keys[line.index]
        if len(ctx.positions.get(key, ())) > 1 and index != (region.headline if region else None):
            if region is None or not region.contains(index):
                evidence = said.get(line.text)
                if evidence is None:
                    evidence = said[line.text] = Evidence(line.text.strip(), None, f"occurs {len(ctx.positions[key])} times in the page")
                out.append(Verdict(index, rule.id, rule.category, rule.strength, evidence))
    return out


def _neighbours(ctx: Context, index: int) -> tuple[int | None, int | None]:
    """The lines of text around line ``index``: an image between is no neighbour (a photo
    between the byline and the first paragraph does not box the paragraph in)."""
    before = next((j for j in range(index - 1, -1, -1) if not ctx.info[j].blank and not _image(ctx, j)), None)
    after = next((j for j in range(index + 1, len(ctx.info)) if not ctx.info[j].blank and not _image(ctx, j)), None)
    return before, after


def sandwich(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    max_size = int(rule.params.get("max_size", 100))
    out = []
    for i in ctx.info:
        if i.blank or i.index in removed or i.size > 2.5 * max_size:
            continue
        before, after = _neighbours(ctx, i.index)
        boxed = all(j is not None and any(h.rule.category == "subscription" for h in ctx.hits.get(j, ())) for j in (before, after))
        if i.size > max_size and not boxed:
            continue  # (a sign-up box's blurb may be a long sentence)
        if i.sentence_end and i.words >= 6 and region is not None and region.contains(i.index) and not boxed:
            continue  # a sentence of the article between an ad label and a teaser heading (not inside a sign-up box)
        if before in removed and after in removed:
            out.append(_verdict(rule, i.index, f"between removed lines {before + 1} and {after + 1}"))
    return out


def appeal_continuation(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    cues = {c.casefold() for items in rule.phrases.values() for c in items}
    max_lines = int(rule.params.get("max_lines", 6))
    max_short = int(rule.params.get("max_short_size", 80))
    out: list[Verdict] = []
    appeal_lines = [
        index for index, hits in ctx.hits.items() if any(h.rule.category == "appeal" and h.rule.strength == "strong" for h in hits)
    ]
    for start in sorted(appeal_lines):
        taken = 0
        for j in range(start + 1, len(ctx.info)):
            i = ctx.info[j]
            if i.blank:
                continue
            if taken >= max_lines:
                break
            text = ctx.doc.lines[j].text.casefold()
            cue = next((c for c in cues if c in text), None)
            if cue is None and i.size > max_short:
                break
            out.append(_verdict(rule, j, f"continues the appeal on line {start + 1}", cue or ""))
            taken += 1
    return out


def link_run(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """After a navigation heading ("Related", "Read more"), the run of short title-like
    lines that follows is its list of links (and confirms a weak verdict on the heading);
    inside the article, a "Read also" heading (``single_link_headings``) heads one."""
    min_run = int(rule.params.get("min_run", 2))
    single = set(rule.params.get("single_link_headings", ()))
    max_size = int(rule.params.get("max_size", 140))
    out: list[Verdict] = []
    headings = sorted(index for index, hits in ctx.hits.items() if any(h.rule.category == "navigation" and _bare(ctx, index, h) for h in hits))
    # The lines a run may hold, in order (blank and removed lines are passed over), and for
    # each, where the next one that ends every run stands (not a link's shape, the
    # headline, the lead) and where the next line of the article does: each heading's run
    # is then a slice, not a scan to the end of the page (quadratic in a page of menus).
    lines = [i.index for i in ctx.info if not i.blank and i.index not in removed]
    ends = [len(lines)] * (len(lines) + 1)
    article = [len(lines)] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        j = lines[k]
        i = ctx.info[j]
        shape = not i.title_like or i.size > max_size or i.letters < 0.3  # (a bare price or number is a product box or a table, not a link)
        ends[k] = k if shape or (region is not None and (j == region.headline or j in region.lead)) else ends[k + 1]
        article[k] = k if region is not None and region.contains(j) else article[k + 1]
    given = [0] * len(lines)  # verdicts given to each line so far
    skip = list(range(len(lines) + 1))  # a full line points past itself
    for index in headings:
        if _announced_by(ctx, index):
            continue  # a menu path the text announces ("... under:") heads no links
        # Inside the article or between its headline and body, "Read also" heads a single
        # linked headline.
        inside = (
            region is not None
            and (region.contains(index) or (region.headline is not None and region.headline < index < region.start))
            and any(h.rule.id in single for h in ctx.hits[index])
        )
        first = bisect.bisect_right(lines, index)
        last = ends[first]
        if region is not None and not region.contains(index):
            last = min(last, article[first])  # a menu heading before the article does not head the article's lines
        if last - first >= (1 if inside else min_run):
            k = _unfilled(skip, first)
            while k < last:
                out.append(_verdict(rule, lines[k], f"link list under the heading on line {index + 1}"))
                given[k] += 1
                if given[k] >= LINK_RUN_REASONS:
                    skip[k] = k + 1  # full: later headings step over it
                k = _unfilled(skip, k + 1)
    return out


# In a page of menus every heading's run reaches the same lines: a line is said to be
# under the first three headings at most (one verdict per heading and line was quadratic).
LINK_RUN_REASONS = 3


def _unfilled(skip: list[int], k: int) -> int:
    """The first position from ``k`` on not yet full (``skip[k] == k``), shortening the
    path on the way (union-find), so that stepping over full lines stays linear."""
    root = k
    while skip[root] != root:
        root = skip[root]
    while skip[k] != root:
        skip[k], k = root, skip[k]
    return root


def _bare(ctx: Context, index: int, hit: Hit) -> bool:
    """The hit is the line's heading ("Read more", "Related:", "Most read in World news"):
    a heading over a list. A line that goes on after it with a headline of its own ("Read
    also: <headline>") is a link by itself; what follows it is the article again."""
    if hit.evidence.span is None:
        return True
    text = ctx.doc.lines[index].text
    start, end = hit.evidence.span
    rest = text[:start] + text[end:]
    # What remains is at most a section's name ("World news"): about 20 letters, a
    # Chinese or Japanese character counting three.
    return sum(ch.isalnum() for ch in rest) + 2 * len(DENSE_SCRIPT_RE.findall(rest)) <= 20


ContextFn = Callable[[Context, Rule, "Region | None", set[int]], list[Verdict]]

# The order matters: later rules see the removals of earlier ones.
CONTEXT_RULES: dict[str, ContextFn] = {
    "structure.outside-article": outside_article,
    "structure.far-from-article": far_from_article,
    "structure.repeated": repeated,
    "structure.link-run": link_run,
    "structure.appeal-continuation": appeal_continuation,
    "structure.sandwich": sandwich,
}

