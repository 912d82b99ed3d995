"""Each line's score for the article search: prose counts for the article, menus,
matched and short lines against, and a line that ends the article (a comment heading,
a copyright footer) is a barrier no run of the article spans.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any, Callable, Mapping, Sequence

from . import cache
from .context import Context, Thread, checked_text, ends_in_colon, is_image, is_prose, matches, nav_like, next_line, next_lines, previous_line, removing_hit, runs_of
from .datalists import aligned_tables, cell_tables, data_runs, pipe_tables, quantity_lists, timetable
from .features import CUT_SHORT_RE, LineInfo, code_like, title_case
from .matcher import Hit
from .phrases import normalise


COUNT_RE = cache.constant(r"\d[\d,.]*")  # the number in a count of comments
_NUMBER_OR_PRICE_RE = cache.constant(r"[\d\p{Sc}]")
_TIME_RE = cache.constant(r"(?<!\d)(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d)")  # a time of day
BARRIER = -1e9  # the score of a line that ends the article: no maximum-sum run spans it


def line_scores(
    ctx: Context,
    p: Mapping[str, Any],
    thread: Thread | None = None,
    entries: Sequence[tuple[list[int], int]] = (),
    template: frozenset[int] = frozenset(),
) -> tuple[list[tuple[int, float]], dict[int, float]]:
    """Every non-blank line's score; the items of a list that a line announces ("... as
    follows:") cost nothing (up to ``announced_max_items``: "Change language:" over a
    hundred-line menu announces no list), so a list inside the article does not cut it in two.
    Every line of a comment ``thread`` is a barrier: no run of the article lies in it, nor
    across a line that ends the article (``ends_article``). And the lines that are barriers
    only as a comment heading or count under the article (``_cuts_posts``), with the score
    each has as a line: where the best run lies after one, the finder reads the page
    without them. A live blog's time stamps (``entries``, ``live_entries``) cost nothing:
    priced as the removed lines they are, two short lines an entry (a stamp, its title)
    cut the article after its first entry. So do a guide's headings printed in every section
    and the phrases under them (``template``: ``template_sections``)."""
    out: list[tuple[int, float]] = []
    cuts: dict[int, float] = {}
    announced = 0  # how many more items of an announced list cost nothing
    gap = 0  # how many non-prose lines in a row so far
    shown = [i for i in ctx.info if not i.blank]
    data = data_runs(ctx, shown, int(p["data_list_min_items"])) | cell_tables(ctx, shown, int(p["cell_table_min_rows"]), int(p["cell_value_max_words"]), int(p["prose_min_size"])) | pipe_tables(ctx, shown) | aligned_tables(ctx, shown) | quantity_lists(ctx, shown, int(p["data_list_min_items"]))
    timed = programme(ctx, p)
    printed_twice = _printed_twice(ctx, p)
    bio = _bio_lines(ctx, p)
    code = _code_blocks(ctx, p)
    stamps = frozenset(k for run, _ in entries for k in run)
    for i in ctx.info:
        if i.blank or is_image(ctx, i.index):
            continue
        s = _score(ctx, i, p, printed_twice)
        matched = removing_hit(ctx.hits.get(i.index, ()))
        if i.index in bio:
            s = min(s, 0.0)  # (prose, but the author's about themselves, not the post)
        if (i.index in data and not matched) or i.index in timed:
            s = max(s, float(p["data_list_bonus"]))  # a schedule or a results table is content
        if announced and s < 0 and not matched and ctx.count(i.index) <= 1:
            s, announced = 0.0, announced - 1
        elif s > 0 or matched or announced:
            announced = 0  # (a table of contents: its entries come back as subheadings)
        if i.index in code and s < 0 and not matched:
            s = 0.0  # (a tutorial's code between its paragraphs: no menu however short its lines)
        if i.index in stamps:
            s = 0.0  # (a live blog's time over each entry: the entries are one article)
        if i.index in template and s < 0 and not matched:
            s = 0.0  # (a guide's "Pros" and its phrases, in every section: no menu between them)
        if s > 0:
            gap = 0
        elif s < 0:
            # A subheading between paragraphs costs little; the third short line in a
            # row costs three times as much: teaser feeds (kicker, headline, summary,
            # source) do not read as one article however many summaries they hold.
            gap += 1
            s *= min(gap, int(p["gap_growth_cap"]))
        if not matched and ends_in_colon(ctx, i.index):
            announced, s = int(p["announced_max_items"]), max(s, float(p["sentence_bonus"]))
        if (thread is not None and thread.contains(i.index)) or ends_article(ctx, i.index, p, under=False):
            s = BARRIER  # no run of the article spans it
        elif _cuts_posts(ctx, i.index, p):
            cuts[i.index], s = s, BARRIER
        out.append((i.index, s))
    return out, cuts


def programme(ctx: Context, p: Mapping[str, Any]) -> set[int]:
    """The lines of an event's programme on the page (``datalists.timetable``): a data
    list the date rules (``timetable_rules``) name, which the article keeps."""
    shown = [i for i in ctx.info if not i.blank]
    return timetable(ctx, shown, int(p["data_list_min_items"]) - 1, int(p["prose_min_size"]), p["timetable_rules"])


def _score(ctx: Context, i: LineInfo, p: Mapping[str, Any], printed_twice: frozenset[int]) -> float:
    """A line's contribution to the article region: positive for prose, negative for
    matched and menu-like lines, slightly negative for other short lines (list items and
    subheadings inside an article must not cut it in two)."""
    hits = ctx.hits.get(i.index, ())
    if removing_hit(hits):
        if interruption(ctx, i.index, p):
            return -float(p["interruption_penalty"])
        return -float(p["matched_penalty"])
    if i.size >= int(p["prose_min_size"]) and i.index not in printed_twice and _printed_elsewhere(ctx, i.index, int(p["repeat_distance"])):
        return 0.0  # a paragraph printed twice is a teaser or a pull quote: no evidence either way
    if i.size >= int(p["prose_min_size"]) and echoed(ctx, i.index):
        return 0.0  # printed twice in a row: an image's text and its caption, as lynx prints them (a gallery, a playlist)
    if teaser_summary(ctx, i.index):
        return 0.0  # no evidence either way
    if is_prose(ctx, i, int(p["prose_min_size"]), floor_share=0.5):
        ended = i.sentence_end or i.continues or i.sentences
        if not ended and title_case(ctx.doc.lines[i.index].text, float(p["unended_title_share"])):
            return 0.0  # menu items run on in one line ("Jump to: The Blog Our Team Contact Us ..."): no evidence either way
        weight = 1.0 if ended else float(p["unended_prose_factor"])
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


def _code_blocks(ctx: Context, p: Mapping[str, Any]) -> frozenset[int]:
    """The lines of blocks of program code: at least ``code_block_min`` of the
    ``code_window`` non-blank lines on either side and itself read as code
    (``code_like``). A listing's short lines ("sku: str", "notes: str = ''", ")") read
    as a menu, and documentation alternates paragraphs with such listings: priced as
    menus, they cut the article after its first listing."""
    lines = [i for i in ctx.info if not i.blank]
    flags = [code_like(i, ctx.doc.lines[i.index].text) for i in lines]
    window, least = int(p["code_window"]), int(p["code_block_min"])
    return frozenset(i.index for k, i in enumerate(lines) if sum(flags[max(0, k - window) : k + window + 1]) >= least)


def live_entries(ctx: Context, p: Mapping[str, Any], thread: Thread | None = None) -> list[tuple[list[int], int]]:
    """A live blog's entries, as (the time stamps over them, the last entry's last
    paragraph): lines that are a time of day and little else ("14:52", "10:42 GMT",
    "Updated 9.15am"), ``entry_min_stamps`` or more in a row, each followed by a paragraph
    within ``entry_max_lines`` lines and before the next; none in a comment ``thread``
    (a reader's time over a comment)."""
    shown = [i for i in ctx.info if not i.blank and not (thread is not None and thread.contains(i.index))]
    max_words = int(p["entry_stamp_max_words"])
    where = [k for k, i in enumerate(shown) if i.digits and i.words <= max_words and _stamp(ctx.doc.lines[i.index].text)]
    if len(where) < int(p["entry_min_stamps"]):
        return []
    min_size, reach = int(p["prose_min_size"]), int(p["entry_max_lines"])
    series: list[tuple[list[int], int]] = []
    chained = False  # (the stamp before this one was over an entry too)
    for a, b in zip(where, [*where[1:], len(shown)]):
        prose = [i.index for i in shown[a + 1 : min(b, a + 1 + reach)] if is_prose(ctx, i, min_size)]
        if prose and chained:
            series[-1] = ([*series[-1][0], shown[a].index], prose[-1])
        elif prose:
            series.append(([shown[a].index], prose[-1]))
        chained = bool(prose)
    return [(stamps, last) for stamps, last in series if len(stamps) >= int(p["entry_min_stamps"]) and not _headed_feed(ctx, stamps[0], p)]


def _headed_feed(ctx: Context, first: int, p: Mapping[str, Any]) -> bool:
    """Stamped entries under a heading of other stories ("Latest news", ``join_stop_rules``)
    within the ``entry_max_lines`` lines above: a news ticker, not a live blog."""
    above = [i for i in ctx.info[:first] if not i.blank][-int(p["entry_max_lines"]) :]
    return any(matches(ctx, i.index, p["join_stop_rules"]) for i in above)


def _stamp(text: str) -> bool:
    """A time of day and no other number or a currency: no date ("2019-03-26 16:40:42"
    over a comment), no price ("€ 12.50")."""
    found = _TIME_RE.search(text)
    return found is not None and not _NUMBER_OR_PRICE_RE.search(text[: found.start()] + text[found.end() :])


def _bio_lines(ctx: Context, p: Mapping[str, Any]) -> frozenset[int]:
    """The self-description in a box about the author: the first prose line in the
    ``bio_window`` lines under an about-me or author-box heading (``bio_heading_rules``:
    "About me", then "Name: Ann", "Location: Oslo"), and the line right above a link to
    the author's profile (``bio_link_rules``). Such a paragraph outscored a post of a
    few short lines, which was then removed as far from it."""
    out: set[int] = set()
    window, min_size = int(p["bio_window"]), int(p["prose_min_size"])
    for index in ctx.hits:
        if matches(ctx, index, p["bio_heading_rules"]):
            prose = [i.index for i in next_lines(ctx, index, window) if is_prose(ctx, i, min_size)]
            out.update(prose[:1])
        if matches(ctx, index, p["bio_link_rules"]) and (above := previous_line(ctx, index)) is not None:
            out.add(above)
    return frozenset(out)


def _printed_twice(ctx: Context, p: Mapping[str, Any]) -> frozenset[int]:
    """The paragraphs of an article printed twice (a page that holds its print version
    too): ``printed_twice_min_run`` or more sentences in a row, each printed again in the
    page, with the subheadings between them printed again too. Unlike a teaser's summary
    or a pull quote, they score as prose, both copies (which one is the article is not
    known: keep both). A teaser list's summaries have a headline each, or a kicker and a
    headline: at least ``printed_twice_per_heading`` sentences a subheading, never two
    short lines in a row."""
    min_size, least = int(p["prose_min_size"]), int(p["printed_twice_min_run"])
    per_heading = int(p["printed_twice_per_heading"])

    def printed_again(i: LineInfo) -> bool:
        return ctx.count(i.index) >= 2 and (i.title_like or (i.size >= min_size and i.sentence_end))

    out: set[int] = set()
    for run in runs_of((i for i in ctx.info if not i.blank), printed_again, least):
        heading = [not (ctx.info[k].sentence_end and ctx.info[k].size >= min_size) for k in run]
        if False not in heading:
            continue
        # (between its sentences: not a date or a menu label over them)
        first, last = heading.index(False), len(heading) - heading[::-1].index(False)
        run, heading = run[first:last], heading[first:last]
        sentences = heading.count(False)
        adjacent = any(a and b for a, b in zip(heading, heading[1:]))  # (two short lines in a row)
        if sentences >= least and sentences >= per_heading * heading.count(True) and not adjacent:
            out.update(k for k, h in zip(run, heading) if not h)
            continue
        for is_heading, group in itertools.groupby(zip(run, heading), lambda kh: kh[1]):  # (the sentences in a row alone)
            paragraphs = [k for k, _ in group]
            if not is_heading and len(paragraphs) >= least:
                out.update(paragraphs)
    return frozenset(out)


def echoed(ctx: Context, index: int) -> bool:
    """The line beside line ``index`` (above or under it) has the same text, or the line is
    one text twice over: an image's text and its caption as lynx and w3m print them (a
    gallery, a video playlist; in one paragraph when no blank line parts them), no
    paragraph of the article's."""
    key = ctx.keys[index]
    return _doubled(ctx.doc.lines[index].text) or any(j is not None and ctx.keys[j] == key for j in (previous_line(ctx, index), next_line(ctx, index)))


def _doubled(text: str) -> bool:
    """``text`` is a text of 20 characters or more, a space, and the same text again."""
    text = text.strip()
    half = (len(text) - 1) // 2
    return half >= 20 and len(text) % 2 == 1 and text[half].isspace() and text[:half] == text[half + 1 :]


def _printed_elsewhere(ctx: Context, index: int, distance: int) -> bool:
    """The same line occurs again at least ``distance`` lines away (a teaser list at the top
    and the bottom of the page; not a paragraph an author happened to repeat)."""
    where = ctx.positions.get(ctx.keys[index], ())  # in line order
    if not where:
        return False
    at = ctx.ordinals  # (the farthest are the ends)
    return at[where[-1]] - at[index] >= distance or at[index] - at[where[0]] >= distance


def teaser_summary(ctx: Context, index: int) -> bool:
    """A summary cut off mid-sentence ("..., who asked for...") under a title-like line: a
    teaser's (a blog paragraph that trails off after another paragraph is not)."""
    if not CUT_SHORT_RE.search(checked_text(ctx, index)):
        return False
    before = previous_line(ctx, index)
    return before is not None and ctx.info[before].title_like


def ends_article(ctx: Context, index: int, p: Mapping[str, Any], under: bool = True) -> bool:
    """A comment-section heading or a copyright footer ends the article: prose after it is
    readers' or the page's (a teaser feed), not the author's, however long. But not when
    the text goes on in sentences right after it (two of the next three lines, not
    counting an ad label or a photo credit): then it is a photo credit above a subheading,
    a "Leave a comment" link under the headline, or a sentence of a story that reports on
    comments. A comment heading under an article (``heading_end_rules``) ends it all the
    same, unless ``under`` is False: the posts are sentences, and where the page prints no
    name over them no thread is seen (``_under_article``). So does a count of comments
    there with a post's control or the comment policy right under it
    (``count_end_rules``): "Comments (3)" between two paragraphs is a link."""
    if not matches(ctx, index, p["article_end_rules"]):
        return False
    following = next_lines(ctx, index, 3, lambda i: not interruption(ctx, i.index, p))
    return sum(1 for i in following if _text_goes_on(ctx, i, p)) < 2 or (under and _cuts_posts(ctx, index, p))


def _cuts_posts(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a comment heading or count under the article, which ends it even
    with the posts' sentences after it (``ends_article``)."""
    return matches(ctx, index, p["article_end_rules"]) and _heads_comments(ctx, index, p) and _under_article(ctx, index, p)


def heads_named_posts(ctx: Context, index: int, end: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a count of comments under the article (``count_end_rules``) with
    posts right under it headed by their writers' names alone ("Ann Lee" over a paragraph
    or two; no date, so no thread is seen): ``thread_min_headers`` lines or more up to
    line ``end`` that read as a name (``thread_name_max_words`` words at most, no digit,
    no sentence end, no function word, no rule's) over a paragraph of prose, two names
    at least, the first of them right under the count."""
    if not matches(ctx, index, p["count_end_rules"]) or not _under_article(ctx, index, p):
        return False
    lines = [i for i in ctx.info[index + 1 : end + 1] if not i.blank]
    size = int(p["prose_min_size"])

    def name(i: LineInfo) -> bool:
        words = ctx.doc.lines[i.index].text.split()
        return (
            0 < len(words) <= int(p["thread_name_max_words"])
            and not i.digits and not i.sentence_end and i.letters >= 0.8 and not ctx.hits.get(i.index)
            and not any(w.casefold() in ctx.function_words for w in words)
        )

    names = [(a.index, ctx.doc.lines[a.index].text.strip()) for a, b in zip(lines, lines[1:]) if name(a) and is_prose(ctx, b, size)]
    return len(names) >= int(p["thread_min_headers"]) and names[0][0] == lines[0].index and len({n for _, n in names}) >= 2


def cuts_off_posts(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a heading that names readers' posts and nothing else
    (``posts_heading_phrases``: "Comments", not "Discussion"), the comment policy
    (``policy_end_rules``) or a count of comments over a post's "Reply", under the
    article, with the posts' sentences right under it,
    which it cuts off (``line_scores``). Printed twice at most: a jump link to it may
    stand under the headline, but a "Comments" link under every item of a listing heads
    nothing."""
    if ctx.count(index) > 2 or not _cuts_posts(ctx, index, p) or ends_article(ctx, index, p, under=False):
        return False
    return _opens_posts(ctx, index, p) or normalise(ctx.doc.lines[index].text) in _phrases(tuple(p["posts_heading_phrases"]))


def _opens_posts(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a count of comments or the comment policy: it opens the readers'
    posts and heads no section of an article."""
    return matches(ctx, index, p["count_end_rules"]) or matches(ctx, index, p["policy_end_rules"])


@functools.lru_cache(maxsize=8)
def _phrases(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise(phrase) for phrase in phrases)


def _heads_comments(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a comment heading or the comment policy ("Comments are closed
    for this story"), or a count of comments over the posts: one of the next
    ``count_end_window`` lines is a post's control ("Reply") or the policy."""
    if matches(ctx, index, p["heading_end_rules"]) or matches(ctx, index, p["policy_end_rules"]):
        return True
    if not matches(ctx, index, p["count_end_rules"]):
        return False
    return any(matches(ctx, i.index, p["count_end_control_rules"]) for i in next_lines(ctx, index, int(p["count_end_window"]))) or _under_paragraphs(ctx, index, p)


def _under_paragraphs(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` counts comments ("23 Comments", "{ 131 comments }") right under the
    article's last paragraphs, with as many paragraphs or sentences under it as it
    counts: the posts, printed without names (a scraper that keeps paragraphs only).
    Under the article: ``count_prose_min`` of the ``count_prose_window`` nearest lines
    above it that no rule removes (a share bar's "Tweet") are prose; a count under a
    byline heads the article. "Comments (3)" over the article's last two paragraphs is
    a link, and "0 comments" heads nothing."""
    number = COUNT_RE.search(ctx.doc.lines[index].text)
    count = int(number.group().replace(",", "").replace(".", "")) if number else 0
    if not count:
        return False
    size = int(p["prose_min_size"])
    above = (ctx.info[j] for j in range(index - 1, -1, -1) if not ctx.info[j].blank and not removing_hit(ctx.hits.get(j, ())))
    if sum(1 for i in itertools.islice(above, int(p["count_prose_window"])) if is_prose(ctx, i, size)) < int(p["count_prose_min"]):
        return False
    below = (i for i in ctx.info[index + 1 :] if not i.blank and _text_goes_on(ctx, i, p))
    return sum(1 for _ in itertools.islice(below, count)) >= count


def _under_article(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Heading ``index`` stands under an article: ``heading_end_min_prose`` paragraphs of
    prose or more above it, and it is none of the article's own section headings, as
    "Comment" is between "Data" and "Coffee" in a list of tips (``_among_sections``); a
    count of comments or the comment policy never is one, though an author box's
    heading stands past the bio above it."""
    size = int(p["prose_min_size"])
    prose = (i for i in ctx.info[:index] if is_prose(ctx, i, size))
    if sum(1 for _ in itertools.islice(prose, int(p["heading_end_min_prose"]))) < int(p["heading_end_min_prose"]):
        return False
    return _opens_posts(ctx, index, p) or not _among_sections(ctx, index, p)


def _among_sections(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """On one side of heading ``index``, past the paragraphs next to it (and an ad label
    or a photo credit), stands another section heading: a short line
    (``section_heading_max_words``) that no rule matched, with no digit and no sentence
    or colon at its end but a question ("What next?"); a post's "Ann, May 3" or "Bo
    says:" is none."""
    size = int(p["prose_min_size"])

    def beyond_paragraphs(step: Callable[[int], int | None]) -> int | None:
        k = step(index)
        if k is None or not is_prose(ctx, ctx.info[k], size):
            return None
        while k is not None and is_prose(ctx, ctx.info[k], size):
            k = step(k)
        return k

    def section_heading(k: int | None) -> bool:
        if k is None:
            return False
        i = ctx.info[k]
        return (
            not ctx.hits.get(k) and not i.digits and not ends_in_colon(ctx, k)
            and (not i.sentence_end or ctx.doc.lines[k].text.rstrip().endswith(("?", "？")))
            and i.words <= int(p["section_heading_max_words"]) and not is_prose(ctx, i, size)
        )

    def before(k: int) -> int | None:
        j = previous_line(ctx, k)
        while j is not None and interruption(ctx, j, p):
            j = previous_line(ctx, j)
        return j

    def after(k: int) -> int | None:
        lines = next_lines(ctx, k, 1, lambda i: not interruption(ctx, i.index, p))
        return lines[0].index if lines else None

    return section_heading(beyond_paragraphs(before)) or section_heading(beyond_paragraphs(after))


def comments_after(ctx: Context, end: int, p: Mapping[str, Any]) -> int | None:
    """The line after the article (which ends at line ``end``) that opens its comment
    section: a comment heading, a count of comments or a comment policy
    (``comment_section_rules``) that ends the article (``ends_article``) or counts the
    posts under it (``counts_posts``), printed once in the page (the "Comment" link
    under each item of a listing opens no section), or a comment heading or count with
    the posts' sentences under it (``cuts_off_posts``)."""
    entries = p["comment_section_rules"]
    for i in ctx.info[end + 1 :]:
        if i.blank or not matches(ctx, i.index, entries):
            continue
        once = ctx.count(i.index) <= 1
        if once and (ends_article(ctx, i.index, p, under=False) or counts_posts(ctx, i.index, p)) or cuts_off_posts(ctx, i.index, p):
            return i.index
    return None


def counts_posts(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a count of comments with a post's control or the comment policy
    right under it (``_heads_comments``): the posts follow, however much they say."""
    return matches(ctx, index, p["count_end_rules"]) and _heads_comments(ctx, index, p)


def interruption(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a box that sits inside articles (an ad label, a photo credit), or
    a forum's chrome between its posts (``between_posts``)."""
    hits = _removing_hits(ctx, index)
    return bool(hits) and all(h.rule.category in p["interruption_categories"] or h.rule.id in p["interruption_rules"] for h in hits)


def between_posts(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` is a forum's chrome between its posts ("Click to expand...",
    "Reactions: Ann, Bo and 5 others"; ``interruption_rules``): removed, but no menu
    between two runs of posts either (``article._menu_between``)."""
    hits = _removing_hits(ctx, index)
    return bool(hits) and all(h.rule.id in p["interruption_rules"] for h in hits)


def _removing_hits(ctx: Context, index: int) -> list[Hit]:
    """Line ``index``'s hits that remove it (normal or strong, not weak)."""
    return [h for h in ctx.hits.get(index, ()) if h.rule.strength != "weak"]


def _text_goes_on(ctx: Context, i: LineInfo, p: Mapping[str, Any]) -> bool:
    """A paragraph of prose, or a sentence of some length (a short quote, a closing line)."""
    return is_prose(ctx, i, int(p["prose_min_size"])) or (i.sentence_end and i.size >= int(p["lead_min_size"]))
