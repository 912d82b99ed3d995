"""Context rules: verdicts that come from a line's place in the document, not its words.

Boilerplate comes in clusters and the article is one contiguous run of prose. These
rules see the first-pass phrase hits and the line features, and add their own verdicts:

- ``structure.outside-article``: the article region is the run of lines with the highest
  prose score (a maximum-sum segment: prose lines count for, short and matched lines
  against); the headline is found just before it; lines outside both are boilerplate.
- ``structure.far-from-article``: the same, strong, for lines far from the article (or
  under an author box's heading right after it), so
  a long paragraph there (a comment, a teaser summary) goes too.
- ``structure.link-run``: a run of short title-like lines (a menu, a tag list, the
  headlines of related stories) right after a navigation heading inside the article.
- ``structure.repeated``: a short line that occurs more than once in the page (menus
  rendered twice, a headline repeated in a breadcrumb) and is outside the article.
- ``structure.contents``: the article's table of contents, its section headings listed
  before the sections.
- ``structure.sandwich``: a short line between two removed lines.
- ``structure.menu-block``: where no article was found, a block of menu-like lines
  among which a rule named one, or most of them labels with a count ("July (39)").
- ``structure.appeal-continuation``: short lines and appeal cues after an appeal, which
  often runs over several paragraphs.

Guards (headline, long prose, quoted speech) are computed here too; they protect a line
from all but strong verdicts.

The article region itself is found in ``article.py`` (lines scored in ``linescore.py``,
lists in ``datalists.py``, the headline in ``headline.py``); what they all read is in
``context.py``.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Mapping

import regex

from .context import Context, Region, author_bio, checked_text, ends_in_colon, is_prose, listed_before, matches, nav_like, next_line, next_lines, previous_line, printed_again, runs_of
from .datalists import leading_number, previous_numbered
from .features import DENSE_SCRIPT_RE, LineInfo
from .linescore import programme
from .matcher import Hit
from .phrases import normalise
from .rules import STRENGTH_RANK, Evidence, Rule, Verdict


def guards(ctx: Context, region: Region | None, p: Mapping[str, Any], posts: int | None = None) -> dict[int, Evidence]:
    """Lines protected from all but strong verdicts, with the reason. ``posts``: the line
    that opens the comment section after the article (``linescore.comments_after``)."""
    out: dict[int, Evidence] = {}
    if region is not None and region.headline is not None:
        out[region.headline] = Evidence("", None, "headline")
    for index in region.lead if region is not None else ():
        out[index] = Evidence("", None, "standfirst")
    if region is not None and region.thread is not None and region.thread.bare:
        for index in range(region.start, region.end + 1):  # (short lines: a caption, a title)
            out.setdefault(index, Evidence("", None, "the post above its comments"))
    # (Under the heading, count or policy that opens the comment section after the
    # article, a long paragraph is a post: the first, right under it, is no nearer the
    # article than the others.)
    timed = programme(ctx, p) if region is not None else set()
    for i in ctx.info:
        if i.blank or i.index in out:
            continue
        if region is not None and i.index in timed and region.contains(i.index):
            out[i.index] = Evidence("", None, "a time or a day of the article's programme")
        elif is_prose(ctx, i, int(p["guard_prose_size"])) and not _bio_outside(ctx, region, i.index, p) and (posts is None or i.index < posts):
            out[i.index] = Evidence("", None, f"long prose paragraph ({i.size} chars)")
        elif i.quoted and i.sentence_end and i.size >= 40 and (region is None or region.contains(i.index)):
            out[i.index] = Evidence("", None, "quoted speech")
        elif region is not None and region.contains(i.index) and _named_in_article(ctx, i.index, p):
            out[i.index] = Evidence("", None, "introduces someone the article is about, not its author")
        elif (
            region is not None
            and region.contains(i.index)
            and _announced_by(ctx, i.index)
            and all(h.rule.category == "navigation" for h in ctx.hits.get(i.index, ()))
        ):
            # ("Settings > Wi-Fi > Details" reads like a breadcrumb; a date there is still a date.)
            out[i.index] = Evidence("", None, "announced by the sentence before it")
    return out


def _named_in_article(ctx: Context, index: int, p: Mapping[str, Any]) -> bool:
    """A line of the article shaped like a bio ("Jo Feld is the editor of the Gazette. He
    said ...") whose name no byline gives (``author_bio``): someone the article is about.
    Its weak rule must not be confirmed by the removed line after the article."""
    return matches(ctx, index, p["bio_line_rules"]) and not author_bio(ctx, index, p)


def _bio_outside(ctx: Context, region: Region | None, index: int, p: Mapping[str, Any]) -> bool:
    """The author's bio (``author_bio``) outside the article: prose, but no paragraph of
    the article's that the guard is for. (Inside the article its rule is weak: between
    paragraphs a sentence that introduces someone stays.)"""
    return region is not None and not region.contains(index) and author_bio(ctx, index, p)


def _announced_by(ctx: Context, index: int) -> bool:
    """The line before is a sentence of the article's that ends in a colon ("You find the
    setting under:"): this line is what it announces (a menu path, a command), not a menu."""
    before = previous_line(ctx, index)
    if before is None or ctx.hits.get(before):
        return False
    return ends_in_colon(ctx, before) and ctx.info[before].words >= 4 and ctx.info[before].size >= 25


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
            out.append(_verdict(rule, i.index, f"{side} the article ({where}){_in_thread(ctx, region, i.index)}"))
    return out


def _in_thread(ctx: Context, region: Region, index: int) -> str:
    """What a removal says when the line lies in the comment thread after the article."""
    thread = region.thread
    if thread is None or not thread.contains(index):
        return ""
    if not thread.headers and thread.heading is not None:
        count = ctx.doc.lines[thread.heading].text.strip()
        return f"; in the comments under {count!r} (line {thread.heading + 1}), their posts closed by a reply control"
    header = ctx.doc.lines[thread.headers[0]].text.strip()
    return f"; in a comment thread (lines {thread.start + 1}-{thread.end + 1}, {len(thread.headers)} post headers such as {header!r})"


def far_from_article(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """Prose far outside the article (comments, teaser summaries, an "about us" blurb):
    strong, so the long-prose guard does not keep it. Prose right next to the article is
    left to ``outside-article``, whose verdict the guard can overrule, but for the lines
    under an author box's heading there (``_box_heading_after``): the bio."""
    if region is None:
        return []
    min_distance = int(rule.params.get("min_distance", 3))
    positions = {i.index: k for k, i in enumerate(i for i in ctx.info if not i.blank)}
    first, last = positions[region.start], positions[region.end]
    box = _box_heading_after(ctx, region, rule.params.get("box_heading_rules", ()), min_distance)
    out = []
    for i in ctx.info:
        if i.blank or region.contains(i.index):
            continue
        k = positions[i.index]
        distance = first - k if k < first else k - last
        if distance >= min_distance:
            side = "before" if k < first else "after"
            detail = f"{distance} lines {side} the article (lines {region.start + 1}-{region.end + 1}){_in_thread(ctx, region, i.index)}"
            out.append(_verdict(rule, i.index, detail))
        elif box is not None and i.index > box:
            out.append(_verdict(rule, i.index, f"under {ctx.doc.lines[box].text.strip()!r} (line {box + 1}) after the article (lines {region.start + 1}-{region.end + 1})"))
    return out


def _box_heading_after(ctx: Context, region: Region, rules: list[str], lines: int) -> int | None:
    """The heading of the author's box (``box_heading_rules``: "About the author")
    among the first ``lines`` lines after the article, or None: the paragraphs under it
    are the author's bio, however near the article and however long."""
    return next((i.index for i in next_lines(ctx, region.end, lines) if matches(ctx, i.index, rules)), None)


def menu_block(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """Where no article was found, a block of ``min_run`` or more menu-like lines in a row
    (a site's menu, an archive's months, a tag cloud) among which a phrase rule named one
    ("Home", "Archives"), or of which ``counted_share`` are labels with a count ("July
    (39)", "creative ads (48)": an archive or a tag cloud names itself so): what is left
    of the page is kept, but not its menus. Where an article was found, the region rules
    see to them."""
    if region is not None:
        return []

    def menu_like(i: LineInfo) -> bool:  # (a marked list item is a list's; "():" is code's)
        return i.index in removed or (nav_like(i) and not i.bullet and i.letters > 0)

    least, counted = int(rule.params["min_run"]), float(rule.params["counted_share"])
    out = []
    for run in runs_of((i for i in ctx.info if not i.blank), menu_like, least):
        menu = [k for k in run if k not in removed]
        named = any(ctx.hits.get(k) for k in run) or sum(ctx.info[k].counted for k in run) >= counted * len(run)
        if len(menu) >= least and named:
            detail = f"one of {len(run)} menu-like lines in a row (lines {run[0] + 1}-{run[-1] + 1}); no article was found"
            out.extend(_verdict(rule, k, detail) for k in menu)
    return out


def after_comment_form(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """Where no article was found, the lines after a blog's comment form (the last line
    a ``form_rules`` rule names: "Leave a Reply", "Name (required)", "Email (will not be
    published)") are its sidebar and footer: the post and its comments come before the
    form that answers them. Where an article was found, the region rules see to them."""
    if region is not None:
        return []
    ids = frozenset(rule.params["form_rules"])
    form = [k for k, hits in ctx.hits.items() if any(h.rule.id in ids for h in hits)]
    if not form:
        return []
    last = max(form)
    detail = f"after the comment form (line {last + 1}): a sidebar or a footer; no article was found"
    return [_verdict(rule, i.index, detail) for i in ctx.info[last + 1 :] if not i.blank and i.index not in removed]


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
    return previous_line(ctx, index, past_images=True), next_line(ctx, index, past_images=True)


def sandwich(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    max_size = int(rule.params.get("max_size", 100))
    # (A forum post's writer stands over the chrome beside the post, "Well-known member",
    # "Posts: 1,204": the name is the post's header, which a forum page keeps.)
    writer_over = list(rule.params.get("writer_over_rules", ()))
    post_start = list(rule.params.get("post_start_rules", ()))
    out = []
    for i in ctx.info:
        if i.blank or i.index in removed or i.size > 2.5 * max_size:
            continue
        before, after = _neighbours(ctx, i.index)
        if writer_over and after is not None and i.words <= 4 and matches(ctx, after, writer_over):
            continue
        if post_start and before is not None and matches(ctx, before, post_start):
            continue  # (the first line of a post under its number: a reply of one line is the post)
        boxed = all(j is not None and any(h.rule.category == "subscription" for h in ctx.hits.get(j, ())) for j in (before, after))
        if i.size > max_size and not boxed:
            continue  # (a sign-up box's blurb may be a long sentence)
        if i.sentence_end and i.words >= 6 and (region is None or region.contains(i.index)) and not boxed:
            continue  # a sentence of the article (or of a page with none found) between an ad label and a teaser heading (not in a sign-up box)
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


def gallery_captions(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """Under a gallery's label or counter, the run of short lines of one sentence each,
    ending like one (not a menu's items; the photo credits between them removed already),
    is its captions, when there are
    ``min_captions`` or more: a gallery set in the page, not the article's text. The run
    ends at a line of another shape (a paragraph, the headline), at the article's edge (a
    gallery lies inside the article or outside it) or at the gallery's own control ("View
    all photos", ``end_rules``). A label after a menu item or tab heads nothing: under
    "Video", "Photo", "Gallery" tabs, the article's one-sentence paragraphs are no captions."""
    if region is None:
        return []  # (no article: a page of captions, a photo post, is the page)
    heads_named = {normalise(phrase) for items in rule.phrases.values() for phrase in items}
    longest = max((len(phrase.split()) for phrase in heads_named), default=0) + 2  # (a counter "Photo 1 of 12": 4 words)
    head_rules, end_rules = list(rule.params.get("head_rules", ())), list(rule.params.get("end_rules", ()))
    least, max_words = int(rule.params.get("min_captions", 3)), int(rule.params.get("max_words", 20))
    heads = [
        i.index
        for i in ctx.info
        if not i.blank and i.words <= longest and (matches(ctx, i.index, head_rules) or normalise(ctx.doc.lines[i.index].text) in heads_named)
        and not _among_tabs(ctx, i.index)
    ]
    out: list[Verdict] = []
    for index, following in zip(heads, heads[1:] + [len(ctx.info)]):  # (a run ends at the next head: linear)
        inside = region.contains(index)
        captions: list[int] = []
        for j in ctx.info[index + 1 : following]:
            if j.blank or (j.index in removed and not matches(ctx, j.index, end_rules)):
                continue  # (a photo credit, a counter)
            edge = region.contains(j.index) != inside or j.index == region.headline
            if edge or not j.sentence_end or j.words > max_words or j.sentences > 1 or matches(ctx, j.index, end_rules):
                break
            captions.append(j.index)
        if len(captions) >= least:
            if index not in removed:
                out.append(_verdict(rule, index, f"the label of the gallery of {len(captions)} captions under it"))
            out.extend(_verdict(rule, k, f"caption {n + 1} of {len(captions)} under the gallery on line {index + 1}") for n, k in enumerate(captions))
    return out


def contents(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """The article's table of contents: ``min_items`` or more distinct short lines in a
    row, each printed once more in the page, further down the article as the heading of
    its section (not a label every profile of a listing repeats, "Certifications"), in
    the same order and apart (``listed_before``: a chorus printed again is printed as a
    block; nor are lines of code, which later listings repeat), and the title above them
    ("Contents", "Inhalt": the rule's phrases); not a list one of the two lines above
    announces ("The workout:", then its exercises, each heading its section). Each
    line's text stays in the article: only the list of it goes."""
    if region is None:
        return []
    least, max_words = int(rule.params.get("min_items", 3)), int(rule.params.get("max_words", 12))
    titles = {normalise(phrase) for items in rule.phrases.values() for phrase in items}
    lines = [i for i in ctx.info[region.start : region.end + 1] if not i.blank]

    def listed(i: LineInfo) -> bool:
        return i.letters > 0 and i.words <= max_words and not i.code and ctx.count(i.index) == 2 and printed_again(ctx, i.index, region.end) is not None

    out: list[Verdict] = []
    for run in runs_of(lines, listed, least):
        again = listed_before(ctx, run, region.end)
        if again is None or len({ctx.keys[k] for k in run}) < least:
            continue
        title = previous_line(ctx, run[0])
        named = title is not None and region.contains(title) and normalise(ctx.doc.lines[title].text) in titles
        above = [title, previous_line(ctx, title)] if title is not None and not named else []
        if any(k is not None and ends_in_colon(ctx, k) for k in above):
            continue  # (announced: "The workout:", "Warm-up", then the exercises, each with its section)
        if named:
            out.append(_verdict(rule, title, f"the title of the article's table of contents (lines {run[0] + 1}-{run[-1] + 1})"))
        out.extend(_verdict(rule, k, f"one of {len(run)} section headings listed before their sections (this one again on line {j + 1})") for k, j in zip(run, again))
    return out


def _among_tabs(ctx: Context, index: int) -> bool:
    """Line ``index`` comes after a menu item or a tab ("Video", "Photo", "Gallery"): a
    row of labels heads nothing under its last one."""
    before = previous_line(ctx, index)
    return before is not None and nav_like(ctx.info[before])


def link_run(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """After a navigation heading ("Related", "Read more", "LIVE"), the run of short
    title-like lines that follows is its list of links (and confirms a weak verdict on the
    heading), up to a box's closing link ("See all updates", ``box_end_rules``) if one
    comes first; inside the article, a "Read also" heading (``single_link_headings``)
    heads one."""
    min_run = int(rule.params.get("min_run", 2))
    single = set(rule.params.get("single_link_headings", ()))
    box_ends = list(rule.params.get("box_end_rules", ()))  # (a box's last line heads no run of its own)
    # Navigation lines that head no run: a box's last line, and a line that holds its
    # links itself ("« Previous | Main | Next »": the post's own title may follow it).
    no_heading = {*box_ends, *rule.params.get("link_line_rules", ())}
    max_size = int(rule.params.get("max_size", 140))
    out: list[Verdict] = []
    # (Where no article was found, not under a weak cue such as a menu's "Home": the run
    # then ends only at a sentence, and a poem's lines read as links.)
    least = STRENGTH_RANK["weak" if region is not None else "normal"]
    headings = sorted(
        index
        for index, hits in ctx.hits.items()
        if any(h.rule.category == "navigation" and STRENGTH_RANK[h.rule.strength] >= least and h.rule.id not in no_heading and _bare(ctx, index, h) for h in hits)
    )
    # The lines a run may hold, in order (blank and removed lines are passed over), and for
    # each, where the next one that ends every run stands (not a link's shape, the
    # headline, the lead) and where the next line of the article does: each heading's run
    # is then a slice, not a scan to the end of the page (quadratic in a page of menus).
    # (A box's closing link is kept among them though removed: the run ends with it.)
    lines = [i.index for i in ctx.info if not i.blank and (i.index not in removed or (box_ends and matches(ctx, i.index, box_ends)))]
    marks = _section_marks(ctx, region) if region is not None else {}
    ends = [len(lines)] * (len(lines) + 1)
    article = [len(lines)] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        j = lines[k]
        i = ctx.info[j]
        shape = not i.title_like or i.size > max_size or i.letters < 0.3  # (a bare price or number is a product box or a table, not a link)
        if shape or (region is not None and (j == region.headline or j in region.lead or (region.contains(j) and (_next_section(ctx, marks, j) or _announces(ctx, i))))):
            ends[k] = k
        else:  # (a box's closing link, "See all updates", is its last line)
            ends[k] = k + 1 if box_ends and matches(ctx, j, box_ends) else ends[k + 1]
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


def _next_section(ctx: Context, marks: dict[str, int], index: int) -> bool:
    """Line ``index`` of the article heads its next section as its earlier subheadings do,
    so a box of links before it ends there: a paragraph follows it, and it goes on with
    their numbering ("5. ..." under a "4. ..." over a paragraph) or opens with the mark of
    one above it (``marks``: "◇", "■"). A ranked list's "2. ..." follows a "1. ..." with
    no paragraph under it."""
    if not _over_paragraph(ctx, index):
        return False
    text = checked_text(ctx, index).lstrip()
    number = leading_number(text)
    if number is not None:
        before = previous_numbered(ctx, index - 1)
        return before is not None and before[1] == number - 1 and _over_paragraph(ctx, before[0])
    return marks.get(text[:1], index) < index


def _section_marks(ctx: Context, region: Region) -> dict[str, int]:
    """For each mark that opens a subheading of the article (a title-like line over a
    paragraph, opening with a sign that is no letter, digit, quote or bracket: "◇"), the
    first such line: found once per page, not again for every line a link run may hold."""
    marks: dict[str, int] = {}
    for i in ctx.info[region.start : region.end + 1]:
        if i.blank or not i.title_like:
            continue
        mark = checked_text(ctx, i.index).lstrip()[:1]
        if mark and not mark.isalnum() and not mark.isspace() and not _OPENING_RE.match(mark) and mark not in marks and _over_paragraph(ctx, i.index):
            marks[mark] = i.index
    return marks


def _announces(ctx: Context, i: LineInfo) -> bool:
    """A line of the article that announces what follows ("The risk is higher for these
    groups:"): a clause of four words or more ending in a colon, no link's title."""
    return i.words >= _ANNOUNCE_MIN_WORDS and ends_in_colon(ctx, i.index)


_ANNOUNCE_MIN_WORDS = 4


def _over_paragraph(ctx: Context, index: int) -> bool:
    """The next line is a paragraph: a long sentence."""
    following = next_line(ctx, index)
    return following is not None and ctx.info[following].sentence_end and ctx.info[following].size >= _PARAGRAPH_MIN_SIZE


_PARAGRAPH_MIN_SIZE = 80
_OPENING_RE = regex.compile(r"[\p{Pi}\p{Pf}\p{Ps}\"'«»]")  # (a quote or a bracket opens any line)


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
    "structure.gallery-captions": gallery_captions,
    "structure.contents": contents,
    "structure.appeal-continuation": appeal_continuation,
    "structure.sandwich": sandwich,
    "structure.after-comment-form": after_comment_form,
    "structure.menu-block": menu_block,  # (last: the others' runs do not grow through its removals)
}
