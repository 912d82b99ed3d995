"""The hand-set article finder: the maximum-sum run of line scores (``linescore``),
joined to other good runs on either side, widened over the lines that open and close
an article (a lead-in, a last section, a list), with its headline and lead.

The article model's finder is ``region.py`` (``--finder model``).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any, Mapping

import regex

from .context import Context, Region, Thread, answer_counts, author_bio, checked_text, ends_in_colon, is_prose, listed_before, matches, nav_like, next_lines, previous_line, printed_again, removing_hit, runs_of
from .datalists import continues_numbering, list_items, template_sections
from .features import CUT_SHORT_RE, LABELLED_RE, LineInfo, first_word, title_case
from .headline import find_headline
from .linescore import BARRIER, between_posts, counts_posts, cuts_off_posts, echoed, ends_article, heads_named_posts, interruption, line_scores, live_entries, teaser_summary
from .phrases import normalise
from .threads import comment_thread, forum_posts, forum_started, post_headers

# A thematic break: three or more of one dash, star, underscore or equals sign, spaced or not.
_RULE_LINE_RE = regex.compile(r"([-*_=~])(?:\s?\1){2,}")


def find_region(ctx: Context, p: Mapping[str, Any]) -> Region | None:
    """The article: the maximum-sum run of line scores (Kadane) that no comment section or
    page footer cuts through, the one before the page's closing sections if it is good
    enough, widened to any other run on either side that scores at least
    ``secondary_share`` of it (an article cut in two by an ad block or a gallery; never
    across an end of article or a block of menus, nor to a teaser feed after it), and
    over what closes it: a last section, a closing line, a list or table
    (``_extend_end``, ``_extend_list``). No run spans a comment thread after the article
    (``threads.py``)."""
    found = post_headers(ctx, p)
    thread = comment_thread(ctx, p, found)
    if thread is not None and thread.bare:  # (a photo or a title alone, and its comments)
        assert thread.heading is not None
        post = _bare_post(ctx, thread.heading)
        return None if post is None else _framed(ctx, post, post, thread, p)
    entries = live_entries(ctx, p, thread)
    shown = [i for i in ctx.info if not i.blank]
    template = frozenset(template_sections(ctx, shown, int(p["template_min_repeats"]), int(p["template_window"]), int(p["template_max_items"]), int(p["prose_min_size"])))
    scores, cuts = line_scores(ctx, p, thread, entries, template)
    best = _best_run(ctx, scores)
    if best is not None and any(i < best[1] for i in cuts):
        # A comment heading or count under the article ends it only there: it cuts the
        # posts off the article, it never makes them the article (an article followed
        # by a hundred posts that print no names: they outscore it, once cut off). Under
        # a heading that names posts alone ("Comments") or a count over a post's "Reply",
        # the run above it is the article if it is one at all; under another heading
        # ("Discussion" heads an article's sections too), the page is read without the cut.
        cut = min((i for i in cuts if i < best[1] and cuts_off_posts(ctx, i, p)), default=None)
        earlier = None if cut is None else _run_above(ctx, scores, cut, float(p["min_article_score"]))
        if earlier is not None:
            best = earlier
        else:
            scores = [(i, cuts.get(i, s)) for i, s in scores]
            best = _best_run(ctx, scores)
    if best is not None:
        best = _above_count(ctx, scores, best, p) or best
    if best is None or best[0] < float(p["min_article_score"]):
        return None
    ends = frozenset(i for i, s in scores if s == BARRIER)  # found once, by line_scores
    counted = _post_over_count(ctx, scores, best, p)
    if counted is not None:  # (the post above its comments, as a bare thread's)
        count, post = counted
        if post is None:
            return None
        return _framed(ctx, post[0], post[1], Thread(count, best[2], (), count, bare=True), p)
    feed = _teaser_feed_heading(ctx, best, p)
    if feed is not None:  # (the article ends above it, and no later run joins across it)
        best, ends = (best[0], best[1], feed[1]), ends | {feed[0]}
    closed = _before_closing(ctx, scores, best, ends, thread, p)
    # (Moved before a comment thread: the article runs on up to its comments, as when the
    # run before the thread joins the one after it.)
    to_thread = thread is not None and closed is not best and closed[2] < thread.start <= best[1]
    if closed is not best:  # (the posts under a comment control it was moved above never join it)
        ends |= frozenset(i for i, _ in scores if closed[2] < i < best[1] and matches(ctx, i, p["closing_control_rules"]))
    best = _before_tags(ctx, scores, closed, p)
    total, start, end = best
    # (A later run never joins across the article's tag list or the page's copyright
    # line either, though those end no run: a photo's "© Getty Images" credit is none.)
    stops = ends | frozenset(k for k in ctx.hits if matches(ctx, k, p["join_end_rules"]) and not interruption(ctx, k, p))
    # (A question-and-answer page's counts of answers, and its last answer control.)
    counts = answer_counts(ctx, p)
    answers = (counts, max(k for k in ctx.hits if matches(ctx, k, p["answer_count_rules"]))) if counts else None
    while True:
        before = _best_run(ctx, [(i, s) for i, s in scores if i < start])
        after = _best_run(ctx, [(i, s) for i, s in scores if i > end])
        if after is not None and feed is None and (feed := _teaser_feed_heading(ctx, (after[0], end, after[2]), p)) is not None:
            stops |= {feed[0]}  # (a feed of teasers under its heading after the article never joins it)
        grown = False
        if before is not None and (
            _joins(ctx, before, before[2], start, total, stops, False, p)
            or _lead_over_contents(ctx, before, start, end, p)
            or _answered(ctx, before, before[2], start, total, answers, p)
        ):
            start, grown = before[1], True
        if after is not None and (_joins(ctx, after, end, after[1], total, stops, True, p) or _answered(ctx, after, start, after[1], total, answers, p)):
            end, grown = after[2], True
        elif (sections := _contents_after(ctx, end, p)) is not None:
            end, grown = sections, True
        elif (listed := _contents_above(ctx, start, p)) is not None and listed[1] > end:
            (start, end), grown = listed, True
        if not grown:
            break
    for stamps, last in entries:  # (a live blog: the article holds each of its entries)
        if start <= last and stamps[0] <= end:
            start, end = min(start, stamps[0]), max(end, last)
    listed = False
    while True:  # a last section, a list after it, a closing line after that
        closed = _extend_end(ctx, end, p, after_list=listed)
        grown = _to_closing_marker(ctx, _rest_of_block(ctx, _extend_list(ctx, closed, p, template), p), p)
        if grown == end:
            break
        end, listed = grown, grown != closed
    # (The comments under a question, then its answers: the article runs on over them.)
    answered = thread is not None and any(thread.end < k <= end for k in counts)
    if thread is not None and (to_thread or start < thread.start <= end) and not answered:  # (its headers may read as a list)
        # (up to the comments, but not over an end of the article above them: an author box)
        stop = min((e for e in ends if start < e < thread.start), default=thread.start)
        end = max(i.index for i in ctx.info[start:stop] if not i.blank)
    posts = forum_posts(ctx, p, found) if thread is None else None
    if posts is not None and start <= posts.end and end >= posts.start:  # (the best run is a post of a forum thread)
        end = max(end, posts.end)
        if any(h < start for h in posts.headers[1:]):  # (a reply: the posts above it are the page too)
            start = posts.start
    elif posts is not None and end < posts.start and forum_started(ctx, posts.headers[0], p):
        start, end = posts.start, posts.end  # (the best run is a notice above a forum's thread: the posts are the page)
    byline = posts.headers[0] if posts is not None and posts.headers[0] <= end else None
    region = _framed(ctx, start, _before_bio(ctx, start, end, p), thread, p, byline)
    return region if feed is None or region.end >= feed[0] else replace(region, feed=feed[0])


def _before_bio(ctx: Context, start: int, end: int, p: Mapping[str, Any]) -> int:
    """The article ends before the author's bio (``author_bio``: "Ann Lee is a reporter
    at the Courier." under "By Ann Lee") among its last ``bio_tail_lines`` lines with at
    most one paragraph after it (the bio's own second one, "She has ..."): prose, so it
    joined the article's last paragraph, but the box under the article, not the article.
    Not when the bio is all the run holds."""
    lines = [i.index for i in ctx.info[start : end + 1] if not i.blank]
    size = int(p["prose_min_size"])
    for n in range(max(1, len(lines) - int(p["bio_tail_lines"])), len(lines)):
        if author_bio(ctx, lines[n], p) and sum(1 for k in lines[n + 1 :] if is_prose(ctx, ctx.info[k], size)) <= 1:
            return lines[n - 1]
    return end


def _bare_post(ctx: Context, heading: int) -> int | None:
    """The last line above the heading of a post's comments that no rule removes, with a
    letter or a digit: what is left of a post with no prose (its title, a caption) over
    its comments (a renderer's bullet alone, "●", is none)."""
    for i in reversed(ctx.info[:heading]):
        if not i.blank and (i.letters or i.digits) and not removing_hit(ctx.hits.get(i.index, ())):
            return i.index
    return None


def _above_count(ctx: Context, scores: list[tuple[int, float]], best: tuple[float, int, int], p: Mapping[str, Any]) -> tuple[float, int, int] | None:
    """The best run starts right under a count of comments that opens the posts
    (``counts_posts``: a post's "Reply" under it), printed once: the run is the first
    posts, and the run above the count is the article if it scores as one. (A count under
    the article with the posts' sentences after it is a cut, ``line_scores``; one with no
    sentence in its next lines, "2,425 comments" over a "Previous comments" link, ends
    the article as a barrier, and the posts below it outscored a short post.)"""
    window = int(p["count_end_window"])
    count = next((i for i in reversed(range(max(0, best[1] - window), best[1])) if ctx.count(i) <= 1 and counts_posts(ctx, i, p)), None)
    return None if count is None else _run_above(ctx, scores, count, float(p["min_article_score"]))


def _post_over_count(
    ctx: Context, scores: list[tuple[int, float]], best: tuple[float, int, int], p: Mapping[str, Any]
) -> tuple[int, tuple[int, int] | None] | None:
    """The count of comments above the best run that heads the posts (a post's "Reply"
    right under it: ``counts_posts``), printed once, with no article above it and no
    control that closes the comments ("Leave a comment", ``closing_control_rules``)
    between: the best run is among the posts, their writers' names left out (a scraper
    that keeps paragraphs only), under a post with no prose (a video, a photo). Then the
    count, and the post's first and last lines above it: the run above that scores at
    all, else the last line there (``_bare_post``), or None if there is none."""
    count = min((i for i in ctx.hits if i < best[1] and ctx.count(i) <= 1 and counts_posts(ctx, i, p)), default=None)
    if count is None or any(matches(ctx, j, p["closing_control_rules"]) for j in range(count + 1, best[1])):
        return None
    above = _best_run(ctx, [(i, s) for i, s in scores if i < count])
    if above is not None and above[0] >= float(p["min_article_score"]):
        return None  # (an article above the count: the usual reading holds)
    if above is not None and above[0] > 0:
        return count, (above[1], above[2])
    post = _bare_post(ctx, count)
    return count, None if post is None else (post, post)


def _framed(ctx: Context, start: int, end: int, thread: Thread | None, p: Mapping[str, Any], byline: int | None = None) -> Region:
    """The region ``start``..``end`` with the lines that open it (``_extend_start``), its
    headline and its lead; never the ``byline`` (a forum's first post header: the
    opening post's writer, under the title)."""
    start = _extend_start(ctx, start, p)
    above = None if byline is None else previous_line(ctx, byline)
    if byline is not None and start <= byline and not (above is not None and is_prose(ctx, ctx.info[above], int(p["prose_min_size"]))):
        # (not when a post's text is right above it: headers that close their posts)
        start = next((i.index for i in ctx.info[byline + 1 :] if not i.blank), start)
    headline, standfirst = find_headline(ctx, start, end, p)
    lead: tuple[int, ...] = ()
    if headline is not None:
        # A standfirst between the headline and the body belongs to the article; the
        # bylines, dates and photo credits around it do not. When the headline is close
        # to the body, the two are one block: what lies between them is the article's
        # unless a rule names it or it reads as a menu.
        between = [i for i in ctx.info[headline + 1 : start] if not i.blank]
        # (A byline, a date or a photo credit that a rule names does not make it far.)
        close = sum(1 for i in between if not removing_hit(ctx.hits.get(i.index, ()))) <= int(p["lead_window"])
        teased = _teasers(ctx, between, p)
        lead = tuple(
            i.index
            for n, i in enumerate(between)
            if ctx.count(i.index) <= 1  # not a teaser of the lead, not a repeated label
            and i.index != byline
            and not echoed(ctx, i.index)  # nor an image's text and its caption (lynx)
            and i.index not in teased
            and not removing_hit(ctx.hits.get(i.index, ()))
            and (
                i.index == standfirst
                or (close and not nav_like(i))
                or ((i.sentence_end or n == 0) and is_prose(ctx, i, int(p["lead_min_size"])))
            )
        )
    return Region(start, end, headline, lead, thread=thread)


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


def _run_above(ctx: Context, scores: list[tuple[int, float]], line: int, floor: float) -> tuple[float, int, int] | None:
    """The best run above line ``line``, if it scores ``floor`` or more."""
    earlier = _best_run(ctx, [(i, s) for i, s in scores if i < line])
    return earlier if earlier is not None and earlier[0] >= floor else None


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
    ``follows`` the article, none of the lines that stop it (``ends``: those that end the
    article, its tag list and the page's copyright line, ``join_end_rules``: an author's
    bio, a teaser's summary or the footer's blurb under them is the page's) (a "Leave a
    comment" link between the headline block and the body does not cut off what is above it)."""
    return (
        run[0] >= _floor(ctx, run, total, p)
        and not (follows and any(after < e < before for e in ends))
        and not _menu_between(ctx, after, before, p, follows)
        and not (follows and _teaser_feed(ctx, run, p))
        and not (follows and _teasers_between(ctx, after, before, p))
    )


def _answered(
    ctx: Context, run: tuple[float, int, int], first: int, last: int, total: float, answers: tuple[list[int], int] | None, p: Mapping[str, Any]
) -> bool:
    """A question-and-answer page (``answers``: its counts of answers and its last answer
    control, found once per page, or None): a count of answers ("3 Answers") lies
    between lines ``first`` and ``last`` (between an earlier run and the article, or
    between the article's start and a later run: the question, the count, the answers),
    the run scores enough to join (``_floor``), and a later run lies above the last
    answer's control ("Improve this answer": the answer form and the page's sidebars
    follow it). The answers are the page's content: the votes, stamps, names and
    comments between the posts, menu-like as they are, cut none off."""
    if answers is None:
        return False
    counts, last_control = answers
    if not any(first < k < last for k in counts) or run[0] < _floor(ctx, run, total, p):
        return False
    later = run[1] > first  # (a run after the article, not the question above an answer)
    return not later or run[2] <= last_control


def _contents_after(ctx: Context, end: int, p: Mapping[str, Any]) -> int | None:
    """The article's lead ends at line ``end`` over its table of contents ("In this
    article", then the headings of its sections): ``contents_min_items`` distinct short
    lines or more right under it (a title above them allowed), each printed again
    further down, in order and apart (``listed_before``); the last heading's line, where
    the article runs on to, or None. A reference page opens so; its sections (a term
    over a line about it) score too little to join the lead otherwise."""
    following = next_lines(ctx, end, int(p["contents_max_items"]) + 1)
    lines = following[1:] if following and ctx.count(following[0].index) < 2 else following
    items: list[LineInfo] = []
    for i in lines:  # (up to the first heading printed again: the first section's)
        if not _contents_item(ctx, i, items, p):
            break
        items.append(i)
    return _last_section_end(ctx, items, p)


def _contents_above(ctx: Context, start: int, p: Mapping[str, Any]) -> tuple[int, int] | None:
    """The article starts at line ``start`` under the heading of its first section, and
    right above that heading stands the page's table of contents ("On this page", then
    the headings of its sections, this one's first): the sections it lists are the
    article's: from that heading to the last one's end (``_last_section_end``), or None.
    A service page or an event's page opens so, its sections short (a list of dates, an
    address): the first section alone is the best run."""
    heading = previous_line(ctx, start)
    if heading is None or ctx.count(heading) != 2:  # (in the contents and over its section; an author box printed above and under the article is printed more)
        return None
    items: list[LineInfo] = []
    k = previous_line(ctx, heading)
    while k is not None and len(items) < int(p["contents_max_items"]) and _contents_item(ctx, ctx.info[k], items, p):
        items.append(ctx.info[k])
        k = previous_line(ctx, k)
    items.reverse()
    if not items or ctx.keys[items[0].index] != ctx.keys[heading]:
        return None
    last = _last_section_end(ctx, items, p)
    return None if last is None else (heading, last)


def _contents_item(ctx: Context, i: LineInfo, items: list[LineInfo], p: Mapping[str, Any]) -> bool:
    """Line ``i`` may be the next item of a table of contents of ``items``: a short line
    of letters printed again, not code, not yet listed."""
    return bool(i.letters) and not i.code and not is_prose(ctx, i, int(p["prose_min_size"])) and ctx.count(i.index) >= 2 and all(ctx.keys[k.index] != ctx.keys[i.index] for k in items)


def _last_section_end(ctx: Context, items: list[LineInfo], p: Mapping[str, Any]) -> int | None:
    """Where the sections a table of contents lists (``items``, ``contents_min_items`` or
    more) end, if each is printed again further down, in order and apart
    (``listed_before``): the last section runs on to its last sentence before a line a
    rule removes or one printed again, over as many lines as the longest section above
    it at most; a last heading that a rule removes ("See also") heads none of the
    article's. None if they are no table of contents."""
    if len(items) < int(p["contents_min_items"]):
        return None
    again = listed_before(ctx, [i.index for i in items], len(ctx.info) - 1, float(p["contents_adjacent_share"]))
    if again is None:
        return None
    while len(again) > 2 and removing_hit(ctx.hits.get(again[-1], ())):
        again.pop()  # (the contents list the page's "See also" too: no section of the article's)
    ords = ctx.ordinals
    longest = max(ords[b] - ords[a] for a, b in zip(again, again[1:]))
    last = again[-1]
    for i in next_lines(ctx, again[-1], longest):
        if removing_hit(ctx.hits.get(i.index, ())) or ctx.count(i.index) > 1:
            break
        if i.sentence_end:
            last = i.index
    return last


def _lead_over_contents(ctx: Context, run: tuple[float, int, int], start: int, end: int, p: Mapping[str, Any]) -> bool:
    """An earlier run of prose is the article's lead when what lies between it and the
    article (``start``..``end``) is the article's table of contents: ``contents_min_items``
    distinct short lines or more, each printed again further down, up to the article's
    end, in order and apart (its section headings: ``listed_before``), and up to
    ``contents_other_lines`` others (its title, the lead's last line, the first section's
    heading) or ``contents_other_share`` of the gap. A documentation page or a long report
    opens so; the contents read as a menu, and the lead scores too little beside the body
    to join it otherwise."""
    gap = [i for i in ctx.info[run[2] + 1 : start] if not i.blank]
    if len(gap) < int(p["contents_min_items"]):
        return False
    size = int(p["prose_min_size"])
    if not any(is_prose(ctx, i, size) for i in ctx.info[run[1] : run[2] + 1]):
        return False
    items = [i.index for i in gap if i.letters and not i.code and not is_prose(ctx, i, size) and printed_again(ctx, i.index, end) is not None]
    others = max(int(p["contents_other_lines"]), float(p["contents_other_share"]) * len(gap))
    return (
        len({ctx.keys[k] for k in items}) >= int(p["contents_min_items"])
        and len(gap) - len(items) <= others
        and listed_before(ctx, items, end) is not None
    )


def _teasers_between(ctx: Context, after: int, before: int, p: Mapping[str, Any]) -> bool:
    """After the article, a gap of ``merge_gap_min_lines`` lines or more holds the heading
    of a block of other stories (``join_stop_rules``: "Most read", "More from Ann Lee"):
    the article has ended there, and a run beyond is the page's, however well it reads
    (a feed of posts, a blogger's latest). A "Related" box inside an article is a heading
    and a few links: too short a gap to stop the article."""
    lines = [i.index for i in ctx.info[after + 1 : before] if not i.blank]
    if len(lines) < int(p["merge_gap_min_lines"]):
        return False
    # (Not a heading right above the run, "See also", that heads the run itself.)
    heads = lines[: -int(p["join_stop_clear_lines"])]
    return any(_stop_heading(ctx, k, p) for k in heads)


def _stop_heading(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """Line ``index`` heads a block of other stories (``join_stop_rules``: "Most read"):
    not a label with a colon ("Don't miss:"), nor one of the labels that stand inside
    articles too (``join_stop_inline``: "Read also", whose link is the article's aside)."""
    return matches(ctx, index, p["join_stop_rules"]) and not ends_in_colon(ctx, index) and normalise(ctx.doc.lines[index].text) not in p["join_stop_inline"]


def _teaser_feed(ctx: Context, run: tuple[float, int, int], p: Mapping[str, Any]) -> bool:
    """A run of teasers: summaries of one paragraph each under a title ("Ferry fares to
    rise" / "The council voted on Monday to ..."), ``teaser_feed_min_pairs`` of them or
    more, the pairs making ``teaser_feed_share`` of the run's lines (a run may start at a
    summary, its title just before it). After the article and apart from it, that is a
    feed of other stories, however well its summaries read: an article's sections have
    paragraphs, and three features of a product a title and a sentence each."""
    lines = [i for i in ctx.info[run[1] : run[2] + 1] if not i.blank]
    size = int(p["prose_min_size"])
    before = previous_line(ctx, run[1])
    shown = ([ctx.info[before]] if before is not None else []) + lines

    prose = [is_prose(ctx, i, size) for i in shown] + [False]
    titles = [i.title_like and not ctx.hits.get(i.index) for i in shown]  # (not an ad label or a button)
    summaries = sum(1 for k in range(1, len(shown)) if titles[k - 1] and prose[k] and not prose[k + 1])
    return summaries >= int(p["teaser_feed_min_pairs"]) and 2 * summaries >= float(p["teaser_feed_share"]) * len(shown)


def _teaser_feed_heading(ctx: Context, best: tuple[float, int, int], p: Mapping[str, Any]) -> tuple[int, int] | None:
    """A heading of other stories inside the best run ("Most read", ``join_stop_rules``;
    not an inline label, ``join_stop_inline``, nor one with a colon) when all that
    follows it in the run is a feed of teasers, a title over one summary each,
    ``teaser_feed_heading_pairs`` of them or more (``_teaser_feed``): their summaries
    read as prose and carried the run on past the article's end. The heading and the
    run's last line above it, or None."""
    total, start, end = best
    for k in range(start + 1, end):
        if ctx.info[k].blank or not _stop_heading(ctx, k, p):
            continue
        first = next((j for j in range(k + 1, end + 1) if not ctx.info[j].blank), None)
        if first is not None and _teaser_feed(ctx, (total, first, end), {**p, "teaser_feed_min_pairs": p["teaser_feed_heading_pairs"]}):
            last = previous_line(ctx, k)
            return (k, last) if last is not None and last >= start else None
    return None


def _menu_between(ctx: Context, after: int, before: int, p: Mapping[str, Any], follows: bool) -> bool:
    """Between two runs lies a block of menus and teasers (``merge_gap_min_lines`` lines or
    more, at least ``merge_gap_menu_share`` of them menu-like or matched, but for a forum's
    chrome between its posts, ``between_posts``): what lies beyond
    is a footer or a teaser summary, not the rest of the article. A list or a product box
    inside an article is mostly longer lines, so it does not stop the article; nor do the
    marked lists of short items in a gap that holds paragraphs of the article's prose too
    (``merge_gap_prose_lines``: a subheading and its ten one-word items, a paragraph,
    another subheading and its items, a paragraph), nor the items of a list announced
    right before the gap (``_announced_items``). After the article (``follows``), a
    run of headlines counts as menu-like too (``_headline_runs``)."""
    lines = [i for i in ctx.info[after + 1 : before] if not i.blank]
    if len(lines) < int(p["merge_gap_min_lines"]):
        return False
    teasers = _headline_runs(ctx, lines, p) if follows else set()
    prose = sum(1 for i in lines if is_prose(ctx, i, int(p["prose_min_size"])))
    listed = prose >= int(p["merge_gap_prose_lines"])  # (a menu in a gap of menus has no paragraph)

    def menu_like(i: LineInfo) -> bool:
        return (nav_like(i) and not (listed and i.bullet)) or removing_hit(ctx.hits.get(i.index, ())) and not between_posts(ctx, i.index, p) or i.index in teasers

    listing = _announced_items(ctx, after, lines, p)
    menu = sum(1 for i in lines if menu_like(i) and i.index not in listing)
    return menu >= float(p["merge_gap_menu_share"]) * len(lines)


def _announced_items(ctx: Context, after: int, lines: list[LineInfo], p: Mapping[str, Any]) -> frozenset[int]:
    """The items of a list that the line before a gap (``after``) or its first line
    announces, ending in a colon ("The program prints:", "Results:"): up to
    ``announced_max_items`` lines that no phrase rule removes. A program's output or a
    list of results is short lines, often repeated, that read as a menu; announced, they
    are the article's, and the run after them is its next part."""
    head = next((k for k in (after, *(i.index for i in lines[:1])) if ends_in_colon(ctx, k) and not ctx.hits.get(k)), None)
    if head is None:
        return frozenset()
    items = [i.index for i in lines if i.index > head][: int(p["announced_max_items"])]
    return frozenset(k for k in items if not removing_hit(ctx.hits.get(k, ())))


def _before_closing(
    ctx: Context,
    scores: list[tuple[int, float]],
    best: tuple[float, int, int],
    ends: frozenset[int],
    thread: Thread | None,
    p: Mapping[str, Any],
) -> tuple[float, int, int]:
    """The article comes before the page's closing sections: if the best run lies after a
    comment policy, an "all rights reserved" footer, a comment thread under a heading
    (``threads.py``) or, among the page's last lines, the footer's links (``_footer_links``),
    and a run before it scores at least ``closing_share`` of the best,
    that run is the article (the promotions and teaser summaries after a footer or the
    comments can outscore a short article, a list or a schedule). So is any run above a
    count of comments with posts under it that name their writers alone
    (``heads_named_posts``), and a run right above a comment control
    (``_before_comment_control``)."""
    closing = [i for i, _ in scores if i < best[1] and i in ends and matches(ctx, i, p["closing_rules"])]
    if thread is not None and thread.heading is not None and thread.start < best[1]:
        closing.append(thread.start)
    footer = _footer_links(ctx, best[1], p)
    if footer is not None:
        closing.append(footer)
    # (Posts under a count of comments that stands under the article, each headed by its
    # writer's name alone, are never the article, however much more they say than it:
    # any run above the count that is an article at all is.)
    head = min((i for i in ends if i < best[1] and heads_named_posts(ctx, i, best[2], p)), default=None)
    earlier = None if head is None else _run_above(ctx, scores, head, float(p["min_article_score"]))
    if earlier is not None:
        return earlier
    first = min(closing, default=None)
    earlier = None if first is None else _run_above(ctx, scores, first, max(float(p["min_article_score"]), float(p["closing_share"]) * best[0]))
    return earlier if earlier is not None else _before_comment_control(ctx, scores, best, p)


def _before_tags(ctx: Context, scores: list[tuple[int, float]], best: tuple[float, int, int], p: Mapping[str, Any]) -> tuple[float, int, int]:
    """The article ends at its tag list (``run_end_rules``: "Tags: ...", "Mots-clés :
    ..."): when the best run goes on past one, what follows it (a newsletter box, the
    author's bio, teasers whose summaries read as prose) is the page's, and the part
    above it is the article if it scores ``min_article_score``. (Not the page's
    copyright line, which ``join_end_rules`` also name: a photo's caption ending in
    "© Name" matches it inside an article.)"""
    total, start, end = best
    cut = next((k for k in range(start + 1, end) if matches(ctx, k, p["run_end_rules"]) and not interruption(ctx, k, p)), None)
    if cut is None:
        return best
    earlier = _best_run(ctx, [(i, s) for i, s in scores if start <= i < cut])
    return earlier if earlier is not None and earlier[0] >= float(p["min_article_score"]) else best


def _before_comment_control(ctx: Context, scores: list[tuple[int, float]], best: tuple[float, int, int], p: Mapping[str, Any]) -> tuple[float, int, int]:
    """The article comes before a comment control ("Post a comment", "Leave a reply":
    ``closing_control_rules``) that follows it within ``closing_control_lines`` lines
    (its tags and share bar): a run before the control that scores at least
    ``closing_control_share`` of the best run after it is the article, and the best run
    is the posts (readers' comments are sentences too, so the control does not end the
    article by itself: ``ends_article``). A featured reader's comment over "Read all
    comments" in a sidebar scores a fraction of the article below it."""
    floor = max(float(p["min_article_score"]), float(p["closing_control_share"]) * best[0])
    for control in (i for i, _ in scores if i < best[1] and matches(ctx, i, p["closing_control_rules"])):
        earlier = _run_above(ctx, scores, control, floor)
        if earlier is not None and sum(1 for i in ctx.info[earlier[2] + 1 : control] if not i.blank) <= int(p["closing_control_lines"]):
            return earlier
    return best


def _footer_links(ctx: Context, start: int, p: Mapping[str, Any]) -> int | None:
    """The first of the page footer's links (``footer_link_rules``: three within ten
    lines) above a run that starts at ``start`` among the page's last
    ``footer_tail_lines`` non-blank lines: such a run is the footer's own text (a
    terms-of-use notice, a site blurb), which can outscore a forum post or a short
    article above. Only there: a menu's links at the top of a page close nothing."""
    lines = [i.index for i in ctx.info if not i.blank]
    tail = lines[-int(p["footer_tail_lines"]) :]
    if not tail or start < tail[0]:
        return None
    links = [index for index in tail if index < start and matches(ctx, index, p["footer_link_rules"])]
    return next((links[k] for k in range(len(links) - 2) if links[k + 2] - links[k] < 10), None)


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
        if taken >= int(p["lead_in_lines"]) or removing_hit(ctx.hits.get(index, ())) or nav_like(i):
            break
        if ctx.count(index) > 1 or (i.title_like and not i.sentence_end and not i.bullet and not i.digits):
            break
        if teaser_summary(ctx, index):
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
            if before is None or removing_hit(ctx.hits.get(before.index, ())) or not nav_like(before):
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
    box ("Read also: ...", an ad label; then up to ``closing_boxes_max`` in a row, the
    others of ``inline_box_rules``: a photo credit, then "Read also: ..."), a subheading
    and two or more sentences are its
    last section (a checklist whose bullets the scraper dropped), and so are the article's
    next numbered section ("5. ...") and one sentence; past the author's line (an
    address) a labelled note ("Correction: an earlier version...") is the article's. An
    app promotion of two sentences, or a reader's name and comment, is not. Right after a
    list the article took in (``after_list``), its closing sentence may be of any length;
    past an ad label too (``closing_box_categories``: an ad between the last paragraph and
    its closing line), though not past another box (a newsletter box's blurb is a
    sentence as well). Past a box, the paragraphs right over the article's tag list
    (``run_end_rules``) are its last ones, however long."""
    following = next_lines(ctx, end, int(p["list_max_lines"]))
    boxes = 0  # (removed boxes in a row: past the first, a credit, an ad or "Read also: ...")
    while (
        boxes < min(int(p["closing_boxes_max"]), len(following))
        and removing_hit(ctx.hits.get(following[boxes].index, ()))
        and not ends_article(ctx, following[boxes].index, p)
        and (boxes == 0 or matches(ctx, following[boxes].index, p["inline_box_rules"]))
    ):
        boxes += 1
    boxed = boxes > 0
    n = boxes
    heading = following[n] if boxed and n < len(following) and _own_line(ctx, following[n]) else None
    numbered = heading is not None and continues_numbering(ctx, end, heading)
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
    # (Past "Read also: ...", a paragraph, then "Tags: ...": no box between them.)
    after = following[n + len(taken)] if n + len(taken) < len(following) else None
    if boxed and not headed and taken and after is not None and matches(ctx, after.index, p["run_end_rules"]):
        return taken[-1].index
    ad = boxed and all(h.rule.category in p["closing_box_categories"] for h in ctx.hits.get(following[0].index, ()))
    first = following[int(ad)] if len(following) > int(ad) else None
    short = first is not None and (first.size < int(p["prose_min_size"]) or after_list)
    if first is not None and first.sentence_end and short and _own_line(ctx, first):
        return first.index
    return end


def _marked_items(ctx: Context, lines: list[LineInfo], p: Mapping[str, Any]) -> set[int]:
    """The first lines of ``lines`` that a renderer marked as list items (its bullets are
    gone from their text, ``Context.bullets``), if ``data_list_min_items`` - 1 or more in a
    row are items of text: "Label: value" pairs or sentences. A list of links to other
    stories is headlines, a pager "1", "2": no such items."""
    run = list(itertools.takewhile(lambda i: i.index in ctx.bullets and (i.sentence_end or bool(LABELLED_RE.match(checked_text(ctx, i.index)))), lines))
    return {i.index for i in run} if len(run) >= int(p["data_list_min_items"]) - 1 else set()


def _phrase_items(ctx: Context, lines: list[LineInfo], p: Mapping[str, Any]) -> set[int]:
    """Runs of ``data_list_min_items`` - 1 or more list items that are phrases, under a
    short heading: lines of three to ten words that open in lower case and end
    unpunctuated ("Zalety", then "bardzo dobre hamulce", "realny zasięg ponad 70 km
    zimą"): a review's pros and cons, what a guide needs. A menu's, a tag list's or a
    teaser's lines open with a capital or are a word or two; a blog's notes ("anna
    reblogged this from ...") and a teaser cut in lower case stand under no heading."""

    def phrase(i: LineInfo) -> bool:
        if i.blank or i.sentence_end or not 3 <= i.words <= 10 or i.code or i.url or i.letters < 0.8:
            return False
        text = checked_text(ctx, i.index).lstrip()
        return bool(text) and text[0].islower() and not removing_hit(ctx.hits.get(i.index, ()))

    def headed(run: list[int]) -> bool:
        above = previous_line(ctx, run[0])
        return above is not None and ctx.info[above].title_like and ctx.info[above].words <= 4 and _own_line(ctx, ctx.info[above])

    least = int(p["data_list_min_items"]) - 1
    return {k for run in runs_of(lines, phrase, least) if headed(run) for k in run}


def _own_line(ctx: Context, i: LineInfo) -> bool:
    """Printed once, named by no rule, mostly letters: a line of the article's own."""
    return ctx.count(i.index) <= 1 and not removing_hit(ctx.hits.get(i.index, ())) and i.letters >= 0.5


def _extend_list(ctx: Context, end: int, p: Mapping[str, Any], template: frozenset[int] = frozenset()) -> int:
    """An article goes on over a list right after it (bulleted, a run of lines with
    numbers and the same punctuation, or of phrases under a heading, printed once or in
    every section: ``template``), and over any list it announces ("Tour dates:")."""
    tail = itertools.islice((ctx.info[j] for j in range(end, -1, -1) if not ctx.info[j].blank), 2)
    announced = any(ends_in_colon(ctx, i.index) for i in tail)
    following = next_lines(ctx, end, int(p["list_max_lines"]))
    # One box between the text and its list ("Read also: ...", an ad label) or a
    # thematic break ("---") is stepped over: its own rule still removes a box.
    boxed = len(following) > 1 and (removing_hit(ctx.hits.get(following[0].index, ())) or _rule_line(ctx, following[0])) and not removing_hit(ctx.hits.get(following[1].index, ()))
    if boxed:
        following = following[1:]
    items = list_items(ctx, following, int(p["data_list_min_items"]))
    items |= _marked_items(ctx, following, p) | _phrase_items(ctx, following, p) | (template & {i.index for i in following})
    # A subheading and a sentence may introduce a list ("What changes", "The new fares
    # are as follows."): look past up to two such lines for its items.
    lead_in = 0
    while lead_in < min(2, len(following)) and following[lead_in].index not in items and not announced:
        lead_in += 1
    # (or two short lines and a line that announces the list: a cover's caption, "The Valley
    # Band" / "Crossings", then "Tracklist:")
    if lead_in == 2 and len(following) > 4 and ends_in_colon(ctx, following[2].index):
        lead_in = 3
    if lead_in and not (len(following) > lead_in + 1 and {following[lead_in].index, following[lead_in + 1].index} <= items):
        lead_in = 0
    last = end
    for n, i in enumerate(following):
        if removing_hit(ctx.hits.get(i.index, ())):
            break
        if n >= lead_in and not (i.index in items or (announced and not nav_like(i))):
            break
        last = i.index
    return last


def _to_closing_marker(ctx: Context, end: int, p: Mapping[str, Any]) -> int:
    """A documentation page or a guide ends with a marker of the page's own end ("Was
    this page helpful?", "Edit this page on GitHub", "This page was last edited on ...",
    ``page_end_rules``): up to ``page_end_max_lines`` lines after the article's last
    paragraph, what stands before it is the page's (its parameter tables, its code, its
    last sections), unless a comment section, an author box or a heading of other
    stories comes first (``article_end_rules``, ``join_stop_rules``). A bare "Edit" link
    is no such marker: a blog prints it under a post, over its comments."""
    between = []
    for i in next_lines(ctx, end, int(p["page_end_max_lines"])):
        if matches(ctx, i.index, p["page_end_rules"]) and i.words >= 2:
            return between[-1].index if between else end
        if matches(ctx, i.index, p["article_end_rules"]) or matches(ctx, i.index, p["join_stop_rules"]):
            return end
        between.append(i)
    return end


def _rule_line(ctx: Context, i: LineInfo) -> bool:
    """A thematic break the renderer printed as a line of its own ("---", "* * *")."""
    return i.size <= 20 and bool(_RULE_LINE_RE.fullmatch(checked_text(ctx, i.index).strip()))


def _rest_of_block(ctx: Context, end: int, p: Mapping[str, Any]) -> int:
    """The article runs on to the last line of the block it ends in, past the block's
    first line: on a page whose paragraphs stand between blank lines (``spaced_share`` of
    its lines or more stand alone, ``Context.alone_share``), lines with no blank between
    them are one block (a list, an address, a box of practical details: "Tarifs : 15 €",
    then "Gratuit pour les moins de 12 ans"), up to ``block_max_lines`` of them and up to
    a line a phrase rule removes. A whole-page dump has few blank lines, and its menus run on into its
    paragraphs; a renderer's block that the article only reaches (its first line) may
    be the footer's: neither."""
    lines = ctx.info
    if end + 1 >= len(lines) or lines[end + 1].blank or ctx.alone_share < float(p["spaced_share"]):
        return end
    most, first, last = int(p["block_max_lines"]), end, end
    while first > 0 and not lines[first - 1].blank and last - first < most:
        first -= 1
    while last + 1 < len(lines) and not lines[last + 1].blank and last - first < most:
        last += 1
    if first == end or last - first + 1 > most:
        return end
    for k in range(end + 1, last + 1):
        if removing_hit(ctx.hits.get(k, ())):
            return k - 1
    return last


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


def _headline_runs(ctx: Context, lines: list[LineInfo], p: Mapping[str, Any]) -> set[int]:
    """Lines in runs of ``teaser_run_min_lines`` or more headlines in a row (four words or
    more, no sentence end, in title case, no list marker): a teaser list. Not a list
    whose items are marked ("- Certified Personal Trainer"), nor one that a line
    announces ("Here are the walks:"): that is the article's. Only in the languages whose
    headlines are in title case (``title_case_languages``): a German list item
    capitalises its nouns too."""
    if ctx.language not in p["title_case_languages"]:
        return set()
    share = float(p["title_case_share"])

    def headline(i: LineInfo) -> bool:
        return i.title_like and not i.bullet and i.words >= 4 and title_case(ctx.doc.lines[i.index].text, share)

    def announced(run: list[int]) -> bool:
        before = previous_line(ctx, run[0])
        return before is not None and ends_in_colon(ctx, before)

    return {k for run in runs_of(lines, headline, int(p["teaser_run_min_lines"])) if not announced(run) for k in run}
