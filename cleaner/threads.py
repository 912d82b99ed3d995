"""Comment threads: the posts under an article, found by their recurring headers.

A comment or forum post opens (or closes) with a short line of a fixed shape: a name
and a date, a name and "says:" ("Ann on 3 May 2012 at 10:42", "Posted by: Bo | Mar 26,
2007 2:00 PM", "Cy schrieb:"). Three or more such lines of one shape, each with text
between it and the next, and the names changing, are a thread. The hand-set finder
(``article.py``) lets no article run through one: comments are sentences, so without
this a long thread outscored a short article, or joined it. A thread that starts at a
comment heading is not weighed by the removal budget either (``pipeline.py``), nor one
that a comment control in or right after it names ("Post a comment", "Report this
comment"; ``Thread.marked``), unless a header labels its post an answer (a question
page's answers, "Add a comment" under each, are its content) or counts comments (a
listing's entries, each with its own comments).

A thread is only taken as such when the article before it holds some prose
(``thread_min_prose_before``): on a forum or a question-and-answer page the posts are
the page's content, and the first header comes before any prose (``forum_posts``
finds those, for the article finder to run over them all). Or when a heading
that names comments (``thread_comment_words``: not a forum's "60 replies") is right
above the first header: then the thread is ``bare``, under a post with no prose (a
photo and its caption, a title alone), and the article finder takes what is left of
the post above the heading. A timeline or a live
blog has headers of one shape too, but only a time or a date, no name: a header must
have words besides its date (``thread_date_words``). A date alone may take its name
from a short line right above it ("Ann Lee" over "May 3, 2024 · 8:23 PM"), but only in a
thread that starts at a comment heading: a live blog's "Update" over "10:42" reads the
same. An embedded social post's byline ("— Ann (@ann) May 3, 2012") is quoted inside
articles, so it is no header.
"""

from __future__ import annotations

import functools
import itertools
import statistics
from typing import Any, Mapping, NamedTuple, Sequence

import regex

from . import cache
from .context import Context, Thread, answer_counts, is_prose, matches, next_lines, previous_line, removing_hit
from .features import FULL_STOPS, LABELLED_RE

_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", *FULL_STOPS)
_SAID_ENDS = (":", "：", ",", "...", "…")  # "Ann says:", "Bo said,", "Cy said..."
_POST_NUMBER_RE = cache.constant(r"#(\d{1,5})")  # a forum post's number alone on its line: "#12"
_HANDLE_RE = cache.constant(r"\(@\w+\)")
# A header's shape: runs of words as "a", numbers as "0", punctuation as it is.
_NUMBER_RE = cache.constant(r"\d+")
# (A name's initials, hyphens and underscores are its own: "Ann K.", "jean-luc", "bo_99".)
_WORDS_RE = cache.constant(r"\p{L}[\p{L}\d'’._-]*(?:\s+\p{L}[\p{L}\d'’._-]*)*")
_SPACE_RE = cache.constant(r"\s+")
_HANDLE_NAME_RE = cache.constant(r"\p{L}[\p{L}\d_.-]*\d[\p{L}\d_.-]*")  # one token, letters and digits
_WORD_RE = cache.constant(r"(?<![\p{L}\p{N}])\p{L}+(?![\p{L}\p{N}])")  # ("10th" is a number)


class PostHeaders(NamedTuple):
    """Lines that may head a post, in runs of one shape (``_headers``, ``_chains``), and
    those whose writer's name is on the line above: what both ``comment_thread`` and
    ``forum_posts`` start from, found once for both."""

    chains: list[list[int]]
    named_above: set[int]


def post_headers(ctx: Context, p: Mapping[str, Any]) -> PostHeaders:
    """The page's ``PostHeaders``."""
    by_shape, named_above = _headers(ctx, p)
    max_gap = int(p["thread_max_gap"])
    return PostHeaders([chain for where in by_shape.values() for chain in _chains(ctx.ordinals, where, max_gap)], named_above)


def comment_thread(ctx: Context, p: Mapping[str, Any], found: PostHeaders | None = None) -> Thread | None:
    """The page's comment thread after its article, or None (see the module's docstring);
    ``found``: the page's ``post_headers``, if they were looked for already."""
    ords = ctx.ordinals
    max_gap = int(p["thread_max_gap"])
    chains, named_above = post_headers(ctx, p) if found is None else found
    # (A date under a short line is also a live blog's entry, "Update" over "10:42": such
    # a thread starts at a comment heading.)
    chains = [chain if named_above.isdisjoint(chain) else _from_heading(ctx, chain, max_gap, p) for chain in chains]
    headers = _thread_headers(ctx, chains, p)
    if not headers or forum_started(ctx, headers[0], p):
        return None  # (a forum's "Thread starter Ann" over the first post: the posts are the page)
    first = headers[0]
    min_before = int(p["thread_min_prose_before"])
    heading = _marker_above(ctx, first, max_gap, p)
    # A post with no prose (a photo, a title alone) and its comments: the heading that
    # names them is right above the first header, past an avatar's image mark (a forum's
    # "60 replies" names no comments: there the posts are the page).
    bare = heading is not None and previous_line(ctx, first, past_images=True) == heading and _names_comments(ctx, heading, p)
    before = None if heading is None else _prose_before(ctx, heading, p)
    # (A short article, some prose over a list or paragraphs with no full stop, and "74
    # Comments" over the posts, the first header one line under it or two, its name above
    # its date: a thread all the same. Not a listing's entries, whose headers count their
    # own comments.)
    listing = any(_counts_comments(ctx, h, p) for h in headers)
    headed = heading is not None and not bare and not listing and _names_comments(ctx, heading, p) and ords[first] - ords[heading] <= 2
    if before is not None and before < min_before and not bare and not headed:
        # A count above the article ("Read the 4 comments »" in its byline) heads no thread.
        if not named_above.isdisjoint(headers):
            return None
        heading = before = None
    if headed or (_prose_before(ctx, first, p) if before is None else before) >= min_before:
        bare = False
    elif not bare:
        return None
    start = first if heading is None else heading
    following = _last_post(ctx, headers)
    end = following[-1] if following else headers[-1]
    # (On a question-and-answer page the comments under the question end at the count of
    # answers: the answers are the page's content, not more comments.)
    answers = [k for k in answer_counts(ctx, p) if start < k <= end]
    if answers:
        headers = [h for h in headers if h < answers[0]]
        if not headers:
            return None
        end = max(i.index for i in ctx.info[start : answers[0]] if not i.blank)
    # (A header that counts comments, "May 3, 10:42 - Desktop - New release - 9
    # Comments", is a listing's entry, not a post's: each entry has its own comments.)
    marked = not listing and not _answers(ctx, headers, p) and _marked(ctx, start, end, p)
    return Thread(start, end, tuple(headers), heading, bare, marked)


def forum_posts(ctx: Context, p: Mapping[str, Any], found: PostHeaders | None = None) -> Thread | None:
    """The posts of a forum thread that is the page's content, or None: its post numbers
    (``_numbered_posts``), or else three or more post headers of one shape, a date
    under its writer's name too ("Ann Lee" over "May 3, 2024"), by more than one
    writer, the first of them before
    ``thread_min_prose_before`` of the page's prose (under an article they are its
    comments) and under no heading that names comments, or under a forum's chrome
    (``forum_started``: "Thread starter Ann"), whatever stands above. The article finder's best run
    is one post; the replies are as much the page as the post they answer. ``found`` as
    for ``comment_thread``."""
    max_gap = int(p["thread_max_gap"])
    chains, named_above = post_headers(ctx, p) if found is None else found
    headers = _numbered_posts(ctx, p) or _thread_headers(ctx, chains, p)
    if not headers:
        return None
    if any(ctx.info[h].bullet for h in headers):
        return None  # (a list's dated items: "• Fed holds rates 1/15/2008, 10:22 a.m.")
    if 2 * sum(_headlined(ctx, h, named_above) for h in headers[1:]) >= len(headers) - 1:
        return None  # (a listing's entries: headline, writer, date, summary)
    first = headers[0]
    if not forum_started(ctx, first, p) and (_prose_before(ctx, first, p) >= int(p["thread_min_prose_before"]) or any(_marker_above(ctx, h, max_gap, p) is not None for h in headers)):
        return None  # (an article's dated byline over its comments has their shape, and a comment heading between)
    name = previous_line(ctx, first) if first in named_above else None
    # (The last post ends before the first line a rule names after it: "Reply", "Similar threads".)
    following = list(itertools.takewhile(lambda k: not removing_hit(ctx.hits.get(k, ())), _last_post(ctx, headers)))
    return Thread(first if name is None else name, following[-1] if following else headers[-1], tuple(headers))


def _numbered_posts(ctx: Context, p: Mapping[str, Any]) -> list[int]:
    """A forum's post numbers, each alone on its line ("#1", "#2", "#3": forum software
    prints one over or under each post), counting up from 1 under a forum's chrome
    (``forum_started``), ``thread_min_headers`` of them or more: the posts' headers."""
    found: list[int] = []
    for i in ctx.info:
        match = None if i.blank or i.size > 6 else _POST_NUMBER_RE.fullmatch(ctx.doc.lines[i.index].text.strip())
        if match is not None and int(match.group(1)) == len(found) + 1:
            found.append(i.index)
    return found if len(found) >= int(p["thread_min_headers"]) and forum_started(ctx, found[0], p) else []


def forum_started(ctx: Context, first: int, p: Mapping[str, Any]) -> bool:
    """A forum's chrome ("Thread starter Ann", ``interruption_rules``) stands within
    ``thread_max_gap`` lines above the first header: the thread is the page's."""
    top = max(0, first - int(p["thread_max_gap"]))
    return any(matches(ctx, k, p["interruption_rules"]) for k in range(top, first) if ctx.hits.get(k))


def _thread_headers(ctx: Context, chains: list[list[int]], p: Mapping[str, Any]) -> list[int]:
    """The headers of the chains long enough to be a thread and with posts between
    (``_is_thread``), in line order."""
    return sorted({k for chain in chains if len(chain) >= int(p["thread_min_headers"]) and _is_thread(ctx, chain, p) for k in chain})


def _prose_before(ctx: Context, index: int, p: Mapping[str, Any]) -> int:
    """The size of the prose above a line, in sentences: long menu lines are no article."""
    min_size = int(p["prose_min_size"])
    return sum(i.size for i in ctx.info[:index] if not i.blank and i.sentence_end and is_prose(ctx, i, min_size))


def _last_post(ctx: Context, headers: Sequence[int]) -> list[int]:
    """The lines after the last header, as many as posts usually take (the median gap
    between headers; one line for a single header, ``thread_min_headers`` = 1)."""
    ords = ctx.ordinals
    gaps = [ords[b] - ords[a] for a, b in zip(headers, headers[1:])]
    span = int(statistics.median(gaps)) if gaps else 1
    return [i.index for i in ctx.info[headers[-1] + 1 :] if not i.blank][:span]


def _headlined(ctx: Context, header: int, named_above: set[int]) -> bool:
    """A header under a headline: the line above it (above its name, if that is on the
    line above) is short, printed once, names no label ("Reactions: Ann, Bo") and no rule
    matches it. A listing's entries open so; a forum's posts follow the post before."""
    top = previous_line(ctx, header) if header in named_above else header
    above = None if top is None else previous_line(ctx, top)
    if above is None:
        return False
    i = ctx.info[above]
    text = ctx.doc.lines[above].text
    return i.title_like and ctx.count(above) <= 1 and not ctx.hits.get(above) and not LABELLED_RE.match(text)


def _headers(ctx: Context, p: Mapping[str, Any]) -> tuple[dict[str, list[int]], set[int]]:
    """Lines that may head a post, by their shape, for the shapes that recur: short, not a
    sentence, with a date, a time or a closing "says:", and a name of a few words
    (``_header_name``; a list's dated headlines are no names);
    and those whose name is on the line above. The shapes are grouped first: most lines'
    shape is their own, and the dates are looked for only in the lines of a recurring one."""
    min_headers = max(1, int(p["thread_min_headers"]))
    max_size, max_words = int(p["thread_header_max_size"]), int(p["thread_header_max_words"])
    max_name = int(p["thread_header_max_name_words"])
    shapes: dict[str, list[int]] = {}
    for line, i in zip(ctx.doc.lines, ctx.info):
        if i.blank or i.size > max_size:
            continue
        text = line.text.strip()
        said = text.endswith(_SAID_ENDS)
        if (i.digits or said) and (said or not text.endswith(_SENTENCE_ENDS)) and len(text.split()) <= max_words:
            shapes.setdefault(_shape(text), []).append(i.index)
    stamp_re, said_re = _stamp_res(tuple(p["thread_date_words"]), tuple(p["thread_said_words"]))

    named_above: set[int] = set()

    def heads(index: int) -> bool:
        text = ctx.doc.lines[index].text.strip()
        said = said_re.search(text)
        if not (ctx.info[index].digits and stamp_re.search(text) or said) or _HANDLE_RE.search(text):
            return False
        if said and any(matches(ctx, i.index, p["interruption_rules"]) for i in next_lines(ctx, index, int(p["quote_window"]))):
            return False  # (a quote inside a post: "Ann said:", the quote, "Click to expand...")
        name, above = _header_name(ctx, index, p)
        if above:
            named_above.add(index)
        return bool(name) and len(name.split()) <= max_name

    out = {}
    for key, where in shapes.items():
        if len(where) >= min_headers and len(found := [k for k in where if heads(k)]) >= min_headers:
            out[key] = found
    return out, named_above


def _shape(text: str) -> str:
    return _SPACE_RE.sub("", _WORDS_RE.sub("a", _NUMBER_RE.sub("0", text)))


@functools.lru_cache(maxsize=8)
def _stamp_res(date_words: tuple[str, ...], said_words: tuple[str, ...]) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A time or a date ("10:42", "3.5.2024", "2024-05-03", "May 3", "3. Mai", "3 de
    mayo"), and a closing "says:" ("Ann says:", "Bo schrieb:", "Cy said,", "Di said...").
    Compiled through the disk cache: the month list takes about 8 ms to compile, a
    one-page run's to pay."""
    stamp = (
        r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)"
        r"|(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)"
        r"|(?<!\w)\L<months>\.?\s*\d{1,2}(?!\d)"
        r"|(?<!\d)\d{1,2}(?:st|nd|rd|th|\.)?\s*(?:de\s+|of\s+)?\L<months>(?!\w)"
    )
    said = r"(?<!\w)\L<said>\s*(?:[:：,]|\.\.\.|…)$"
    return (
        cache.compile(stamp, regex.IGNORECASE, store="modules", months=list(date_words)),
        cache.compile(said, regex.IGNORECASE, store="modules", said=list(said_words)),
    )


def _chains(ords: Sequence[int], where: list[int], max_gap: int) -> list[list[int]]:
    """Headers of one shape in runs: one to ``max_gap`` lines between each and the next."""
    out = [[where[0]]]
    for a, b in zip(where, where[1:]):
        if 1 <= ords[b] - ords[a] - 1 <= max_gap:
            out[-1].append(b)
        else:
            out.append([b])
    return out


def _is_thread(ctx: Context, chain: list[int], p: Mapping[str, Any]) -> bool:
    """Posts between the headers (between most of them, a line of three words or more
    with no date: the rows of a dated list are no posts), by more than one author (the
    headers differ in more than their dates)."""
    stamp_re, _ = _stamp_res(tuple(p["thread_date_words"]), tuple(p["thread_said_words"]))

    def post(index: int) -> bool:
        i = ctx.info[index]
        return not i.blank and i.words >= 3 and not (i.digits and stamp_re.search(ctx.doc.lines[index].text))

    filled = sum(1 for a, b in zip(chain, chain[1:]) if any(post(k) for k in range(a + 1, b)))
    names = {_header_name(ctx, k, p)[0] for k in chain}
    return 2 * filled >= len(chain) - 1 and len(names) >= 2


def _header_name(ctx: Context, index: int, p: Mapping[str, Any]) -> tuple[str, bool]:
    """A header's name (``_name``), and whether it is on the line above: a date or a time
    alone takes its name from a short line right above it that no rule matched ("Ann Lee"
    over "May 3, 2024 · 8:23 PM")."""
    name = _name(ctx, ctx.doc.lines[index].text, p)
    above = None if name else previous_line(ctx, index)
    if above is None:
        return name, False
    i = ctx.info[above]
    text = ctx.doc.lines[above].text.strip()
    if i.digits and i.words == 1 and _HANDLE_NAME_RE.fullmatch(text) and not ctx.hits.get(above):
        return text.casefold(), True  # a writer's handle ("bo_99", "y2kyle89")
    if i.words > int(p["thread_name_max_words"]) or i.digits or i.sentence_end or ctx.hits.get(above):
        return "", False
    name = _name(ctx, ctx.doc.lines[above].text, p)
    return name, bool(name)


def _name(ctx: Context, text: str, p: Mapping[str, Any]) -> str:
    """What a header says besides its date: its words but for month names, "am" and "pm"
    (``thread_date_words``), a post's labels ("posted", "reply": ``thread_label_words``)
    and the language's function words ("on", "at", "um"). Empty for a date or a time
    alone (a live blog's or a timeline's entries, "Posted on May 3, 2024")."""
    no_name = _date_words(tuple(p["thread_date_words"]) + tuple(p["thread_label_words"]))
    return " ".join(w for w in _WORD_RE.findall(text.casefold()) if w not in no_name and w not in ctx.function_words)


@functools.lru_cache(maxsize=8)
def _date_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


def _from_heading(ctx: Context, chain: list[int], max_gap: int, p: Mapping[str, Any]) -> list[int]:
    """The chain from its first header with a comment heading right above it (the
    article's own dated byline may share the comments' shape); empty if none has one."""
    for n, index in enumerate(chain):
        marker = _marker_above(ctx, index, max_gap, p)
        if marker is not None and (n == 0 or marker > chain[n - 1]):
            return chain[n:]
    return []


def _marker_above(ctx: Context, first: int, max_gap: int, p: Mapping[str, Any]) -> int | None:
    """The comment heading or count nearest above the first header, if within ``max_gap``
    lines: the thread starts there (with a post above its first header, if headers close
    their posts)."""
    seen = 0
    for index in range(first - 1, -1, -1):
        if ctx.info[index].blank:
            continue
        seen += 1
        if seen > max_gap:
            return None
        if matches(ctx, index, p["thread_marker_rules"]) or _counts_comments(ctx, index, p):
            return index
    return None


def _marked(ctx: Context, start: int, end: int, p: Mapping[str, Any]) -> bool:
    """A comment control (a line a ``thread_control_rules`` rule names that names
    comments: "Report this comment", "Post a comment") between the thread's lines
    ``start``..``end`` or among the three lines after it: the posts are comments, not a
    forum's replies, even with no heading above them."""
    lines = [*range(start, end + 1), *(i.index for i in next_lines(ctx, end, 3))]
    return any(matches(ctx, index, p["thread_control_rules"]) and _names_comments(ctx, index, p) for index in lines)


def _answers(ctx: Context, headers: Sequence[int], p: Mapping[str, Any]) -> bool:
    """A header opens with a word that labels its post an answer or the question
    (``thread_answer_words``: "answered Mar 3, 2019 at 10:42"): the page is a question
    and its answers, the page's content, not comments under an article."""
    words = tuple(p["thread_answer_words"])
    return any(ctx.doc.lines[h].text.strip().casefold().startswith(words) for h in headers)


def _names_comments(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """The line names comments (``thread_comment_words``), not a forum's replies or a
    question page's answers."""
    text = ctx.doc.lines[index].text.casefold()
    return any(word in text for word in p["thread_comment_words"])


def _counts_comments(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """A short line that counts the comments among other words ("{ 74 comments… read them
    below or add one }", "There are 12 comments. Add yours."): no rule removes such a
    line (an article's sentence may count comments too), but above a post header it
    heads the thread."""
    i = ctx.info[index]
    if not i.digits or i.size > int(p["thread_header_max_size"]):
        return False
    return bool(_count_re(tuple(p["thread_count_words"])).search(ctx.doc.lines[index].text))


@functools.lru_cache(maxsize=8)
def _count_re(words: tuple[str, ...]) -> regex.Pattern[str]:
    return cache.compile(r"(?<![\w.,])\d[\d.,]*\s*\L<words>(?!\w)", regex.IGNORECASE, store="modules", words=list(words))
