"""Comment threads (``cleaner/threads.py``): posts under recurring headers after an article
are removed, with the thread named in the reason; timelines, live blogs, recipes,
embedded social posts and forum pages are not threads. Pages in the one-block-per-line
layout, built from conftest's prose."""

from __future__ import annotations

import textwrap

import pytest

from conftest import HEADLINE, MENU, PROSE
from cleaner import Config, clean, clean_and_explain

FOOTER = ["About us", "Privacy policy", "Terms of use"]
# Readers' comments: as long as paragraphs, and together longer than the article.
COMMENTS = [
    "I have lived on the far bank for forty years and nobody from the council ever asked us what we thought about the bridge, so this is the first I have heard of the opening.",
    "The ferry was always late in winter, and I for one will not miss standing on the jetty in the rain waiting for it to come back from the other side of the river.",
    "Two years of work and the cost went up twice while they were building it, which is what happens every time the region takes on something of this size without a plan.",
    "My grandfather helped to build the old ferry landing, and I hope the town keeps it as it is, with the iron rings and the stone steps, instead of pulling it down for parking.",
    "Will there be a path for bicycles on the bridge? The article does not say, and the plans on the council's website were taken down months ago without any explanation.",
]
NAMES = ["Martha Jones", "Peter", "Anna K", "oldtown_resident", "Sam Okafor"]
# Each comment under a header of one shape ("Martha Jones on May 3, 2024 at 10:32 am"),
# then a reply link.
HEADERS = [f"{name} on May {day}, 2024 at 10:{day}2 am" for day, name in enumerate(NAMES, start=3)]
THREAD = [line for header, comment in zip(HEADERS, COMMENTS) for line in (header, comment, "Reply")]
# Replies on a forum: shorter than comments under an article.
REPLIES = [
    "The sign at the ferry landing says the first of April, but nobody at the town hall would confirm it.",
    "It was meant to open at Easter, and then the railings failed their inspection in the new year.",
    "My neighbour works for the engineers and says it is ready, they are only waiting for the paperwork.",
]


def _page(thread: list[str], above: list[str] = ["12 Comments"]) -> str:
    return "\n".join([*MENU, HEADLINE, *PROSE[:2], "Share", "Facebook", *above, *thread, "Leave a Reply", *FOOTER]) + "\n"


def _forum_keeps_its_replies(headers: list[str], above: list[str]) -> bool:
    """A forum page: a question, its opening post (one paragraph), a reply under each header."""
    posts = [line for header, text in zip(headers, REPLIES) for line in (header, text)]
    page = "\n".join([*MENU, *above, "When does the new bridge open?", PROSE[0], *posts, *FOOTER]) + "\n"
    return set(REPLIES) <= set(clean(page).splitlines())


def test_a_thread_longer_than_the_article_goes_and_the_article_stays() -> None:
    result = clean_and_explain(_page(THREAD))
    out = result.text.splitlines()
    assert HEADLINE in out and PROSE[0] in out and PROSE[1] in out
    assert not set(COMMENTS) & set(out) and not set(HEADERS) & set(out)
    why = {r.text: r.reasons for r in result.removed}
    assert any("in a comment thread" in v.evidence.detail and "Martha Jones on May 3, 2024" in v.evidence.detail for v in why[COMMENTS[2]])


def test_headers_under_their_posts_start_the_thread_at_its_heading() -> None:
    # "Posted by: NAME | DATE" closes each comment: the first comment lies above the
    # first header, between it and the "Comments" heading.
    footers = [f"Posted by: {name} | Mar {day}, 2024 {day}:05 PM" for day, name in enumerate(NAMES, start=2)]
    thread = [line for comment, footer in zip(COMMENTS, footers) for line in (comment, footer)]
    out = clean(_page(thread, above=["Comments"])).splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out)


def test_a_german_thread_of_names_that_wrote() -> None:
    headers = [f"{name} schrieb:" for name in ("Jens", "Maria K.", "hafenblick", "Uwe Brandt")]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment)]
    out = clean(_page(thread, above=["Kommentare"])).splitlines()
    assert PROSE[1] in out and not set(COMMENTS[:4]) & set(out)


def test_a_live_blog_keeps_its_entries() -> None:
    # Entries under time stamps: a header needs more than a date or a time (no name).
    stamps = ["10:42", "11:05", "11:30", "12:15", "12:40"]
    entries = [line for stamp, text in zip(stamps, COMMENTS) for line in (stamp, text)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, "Share", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(COMMENTS) <= set(out)


def test_one_authors_dated_entries_are_no_thread() -> None:
    # A diary or a changelog: the same name over each entry, only the dates change.
    headers = [f"Posted by the editor on June {day}, 2024" for day in (3, 10, 17, 24)]
    entries = [line for header, text in zip(headers, COMMENTS) for line in (header, text)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, "Share", *FOOTER]) + "\n"
    assert set(COMMENTS[:4]) <= set(clean(page).splitlines())


def test_embedded_social_posts_in_an_article_are_no_thread() -> None:
    bylines = [f"— {name} (@{name.split()[0].lower()}) May {day}, 2024" for day, name in enumerate(NAMES, start=3)]
    body = [line for text, byline in zip(COMMENTS, bylines) for line in (text, byline, PROSE[2])]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *body, "Share", *FOOTER]) + "\n"
    assert set(COMMENTS) <= set(clean(page).splitlines())


def test_a_forums_opening_header_goes_as_its_byline_and_the_replies_keep_theirs() -> None:
    # The opening post's writer and date, on one line between the title and the post, is
    # its byline (fixtures/README.md, rule 2); each reply keeps its writer's line. Where
    # the header closes its post (the post's text right above it), the title stays.
    headers = [f"Post by {name} » 0{day}.05.2024, 10:1{day}" for day, name in enumerate(NAMES[:4], start=2)]
    posts = [line for header, text in zip(headers, REPLIES * 2) for line in (header, text)]
    out = clean("\n".join([*MENU, "When does the new bridge open?", *posts, *FOOTER]) + "\n").splitlines()
    assert "When does the new bridge open?" in out and REPLIES[0] in out
    assert headers[0] not in out and set(headers[1:]) <= set(out)
    closing = [line for header, text in zip(headers, REPLIES * 2) for line in (text, header)]
    out = clean("\n".join([*MENU, "When does the new bridge open?", *closing, *FOOTER]) + "\n").splitlines()
    assert "When does the new bridge open?" in out


def test_a_forum_page_keeps_its_posts() -> None:
    # The opening post is the only prose above the first header, and shorter than an
    # article: the replies are the page, not comments under an article.
    headers = [f"{name} replied · Mar {day}, 2024 at 9:1{day}" for day, name in enumerate(NAMES[:3], start=2)]
    assert _forum_keeps_its_replies(headers, ["Forum > Town > Bridge"])


# Short replies, each under its writer's name and a date on the line below it: shorter
# than prose, they scored as no article, and the article finder took the opening post alone.
SHORT_REPLIES = [
    ["Saw it from the hill yesterday.", "The railings are up at last."],
    ["Easter, according to the ferryman."],
    ["Good news for the cyclists, then.", "Is there a lane for them?"],
]
WRITERS = ["mossbank", "Anna K", "rower_1987"]


def _forum_with_named_dates(writers: list[str]) -> str:
    posts = [line for n, (writer, text) in enumerate(zip(writers, SHORT_REPLIES)) for line in [writer, f"Mar {n + 3}, 2025", *text]]
    return "\n".join([*MENU, "When does the new bridge open?", "riverside_kid", "Mar 2, 2025", PROSE[0], *posts, "Reply", "Similar threads", *FOOTER]) + "\n"


def test_a_forum_thread_of_short_replies_keeps_every_reply_and_writer() -> None:
    out = clean(_forum_with_named_dates(WRITERS)).splitlines()
    assert PROSE[0] in out
    assert all(line in out for text in SHORT_REPLIES for line in text)
    assert set(WRITERS) <= set(out)  # (a handle with digits names a writer too)
    assert "Similar threads" not in out and not set(FOOTER) & set(out)


def test_a_listings_dated_entries_under_headlines_are_no_forum_thread() -> None:
    # Headline, writer, date, summary: a listing of other pages, under an article.
    entries = [
        line
        for n, writer in enumerate(["Ann Lee", "Bo Park", "Cy Diaz"])
        for line in (f"Headline number {n} about the harbour", writer, f"Mar {n + 3}, 2025", "A summary of the story in a few words.")
    ]
    page = "\n".join([*MENU, HEADLINE, "riverside_kid", "Mar 2, 2025", PROSE[0], "More news", *entries, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[0] in out and not {"Headline number 1 about the harbour", "Bo Park"} & set(out)


def test_a_timeline_of_dates_is_no_thread() -> None:
    # Each entry under a date alone (``metadata.dateline`` names it): the months differ,
    # but no name does.
    dates = ["3 March 2019", "14 June 2020", "2 May 2021", "9 October 2022", "21 January 2023"]
    entries = [line for date, text in zip(dates, COMMENTS) for line in (date, text)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, "Share", *FOOTER]) + "\n"
    assert set(COMMENTS) <= set(clean(page).splitlines())


def test_dated_names_with_no_text_between_are_no_thread() -> None:
    # A results list: a name and a date, then a one-word line; no post between them.
    results = [line for day, name in enumerate(NAMES, start=3) for line in (f"{name} on May {day}, 2024", "Winner")]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "The winners of the season so far:", *results, PROSE[2], "Share", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[2] in out and {r for r in results if r != "Winner"} <= set(out)


def test_a_recipe_of_fractions_is_no_thread() -> None:
    ingredients = ["1/2 cup of flour", "1/4 cup of sugar", "1/2 teaspoon of salt", "3/4 cup of milk"]
    steps = [f"{amount} goes in with the rest, and the whole is stirred until the batter is smooth and thick." for amount in ingredients]
    body = [line for item, step in zip(ingredients, steps) for line in (item, step)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *body, "Share", *FOOTER]) + "\n"
    assert set(steps) <= set(clean(page).splitlines())


def test_a_list_at_the_article_s_end_does_not_run_on_into_the_thread() -> None:
    # The article ends in a list it announces ("Tips for the walk:"); the list's
    # extension reads on over the short lines after it, and post headers are short lines.
    headers = [f"{day}. May, 2024 / {name} says:" for day, name in enumerate(NAMES, start=3)]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment, "[Reply]")]
    listed = ["Tips for the walk:", "Bring a raincoat, since the weather on the towpath can turn quickly in the afternoon."]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *listed, "Tweet", "« Previous Post | Next post »", "Comments (5)", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[1] in out
    assert not set(COMMENTS) & set(out) and not set(headers) & set(out)


def test_a_thread_under_a_heading_is_no_part_of_the_removal_budget() -> None:
    # Ten long comments are most of the page's prose: removing them would exceed the
    # removal budget (70 % of the prose), which then undid every structural removal.
    headers = [f"{name} on June {day}, 2024 at 9:{day}5 pm" for day, name in enumerate(NAMES * 2, start=1)]
    thread = [line for header, comment in zip(headers, COMMENTS * 2) for line in (header, comment, "Reply")]
    result = clean_and_explain(_page(thread))
    out = result.text.splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out) and "Home" not in out
    assert not any("budget" in note for note in result.notes)


def test_a_thread_with_no_heading_that_its_controls_name_is_no_part_of_the_budget() -> None:
    # No heading names the comments, but "Post a comment" under them does: ten long
    # comments, most of the page's prose, go, and the budget does not undo it.
    footers = [f"Posted by: {name} | Mar {day}, 2024 {day}:05 PM" for day, name in enumerate(NAMES * 2, start=2)]
    thread = [line for comment, footer in zip(COMMENTS * 2, footers) for line in (comment, footer)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *thread, "Post a comment", *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert PROSE[0] in out and PROSE[1] in out and not set(COMMENTS) & set(out)
    assert not any("budget" in note for note in result.notes)


def test_a_question_page_keeps_its_answers_under_comment_controls() -> None:
    # The same shape on a question page: each answer is signed "answered DATE", a
    # reader's remark under it "Commented DATE", then "Add a comment". The answers are
    # the page's content: they stay.
    thread = [
        line
        for day, answer in enumerate(COMMENTS * 2, start=2)
        for line in (answer, f"answered Mar {day}, 2024 at {day}:05", REPLIES[day % 3], f"Commented Mar {day}, 2024 at {day}:35", "Add a comment")
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[0] in out and set(COMMENTS) <= set(out)


def test_a_listing_whose_entries_count_their_comments_keeps_its_entries() -> None:
    # A news site's front page: each entry's line has a date, a section, a title and
    # its count of comments, then its summary, and "Add a comment" closes the page. The
    # entries are no comments: the budget still weighs them, and the page stays whole.
    sections = ["Town", "Roads", "Schools", "River", "Council"] * 2
    headers = [f"May {day}, 2024 10:{day}5 AM - {section} - Week {day} update - {day + 4} Comments" for day, section in enumerate(sections)]
    entries = [line for header, summary in zip(headers, COMMENTS * 2) for line in (header, summary)]
    page = "\n".join(["Latest news from the valley", *PROSE[:2], *entries, "Add a comment", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(COMMENTS) <= set(out)


def test_a_listings_count_over_its_entries_heads_no_thread() -> None:
    # Each entry: a header that counts its comments, its section, the count twice, its
    # summary. The count right above an entry's header names comments, but the headers
    # count their own: a listing's entries, not posts, and the budget still weighs them.
    sections = ["Town", "Roads", "Schools", "River", "Council", "Harbour", "Parks", "Rail"]
    counts = [9, 8, 13, 8, 2, 9, 4, 8]
    newest = ["10 Hours Ago - Town - New ferry timetable - 2 Comments", "Town", "- 2 Comments", "2 Comments", PROSE[1]]
    entries = [
        line
        for k, (section, n) in enumerate(zip(sections, counts))
        for line in (f"{7 - k % 3} March {10 + k}:{k}6 AM EST - {section} - Week {k} news - {n} Comments", section, f"- {n} Comments", f"{n} Comments", (COMMENTS * 2)[k])
    ]
    page = "\n".join(["Latest news from the valley", PROSE[0], *newest, *entries, *FOOTER]) + "\n"
    assert set(COMMENTS) <= set(clean(page).splitlines())


def test_long_menu_lines_above_a_forum_thread_are_no_article() -> None:
    # A forum page under a long menu of topics (long lines, no sentence): the prose
    # above the first post header is the opening post alone, so the replies stay.
    menu = [
        "Topics Baby names Holidays Property Pets Gardening Cooking Money Travel Work Schools Health Fitness Books Films Music Games Cars Weddings Recipes Crafts Dogs Cats",
        "Most popular Best buggies Best car seats Best tablets Best stair gates Best bikes Best lunch boxes Best water bottles Best scooters Best tents Best kettles Best toasters",
    ]
    headers = [f"{name} · 0{day}/03/2024 19:4{day}" for day, name in enumerate(NAMES[:3], start=2)]
    assert _forum_keeps_its_replies(headers, menu)


def test_the_thread_limits_are_parameters() -> None:
    # A user may ask for any number of headers: none or one is no error, and a number no
    # page has turns the thread finder off (the comments then count for the article).
    page = _page(THREAD)
    for n in (0, 1):
        out = clean(page, Config(params=(("structure.outside-article", "thread_min_headers", n),))).splitlines()
        assert PROSE[1] in out and not set(COMMENTS) & set(out)
    # Ten long comments, more prose than the article: a number of headers no page has
    # finds no thread. They go all the same: "12 Comments" ends the article, and the
    # removal budget weighs nothing after a comment heading.
    headers = [f"{name} on June {day}, 2024 at 9:{day}5 pm" for day, name in enumerate(NAMES * 2, start=1)]
    long_page = _page([line for header, comment in zip(headers, COMMENTS * 2) for line in (header, comment, "Reply")])
    found = clean_and_explain(long_page)
    assert found.region is not None and found.region.thread is not None
    off = clean_and_explain(long_page, Config(params=(("structure.outside-article", "thread_min_headers", 100),)))
    assert off.region is not None and off.region.thread is None
    for result in (found, off):
        assert not set(COMMENTS) & set(result.text.splitlines()) and not result.notes


def test_wrapped_text_names_the_thread_on_its_own_lines() -> None:
    # Hard-wrapped at 60 columns, a paragraph is several input lines: the thread the
    # finder found on the paragraphs is given back on the input's lines.
    paragraphs = [HEADLINE, *PROSE[:2], "12 Comments", *(x for h, c in zip(HEADERS, COMMENTS) for x in (h, c)), "Leave a Reply"]
    text = "\n\n".join(textwrap.fill(p, 60) for p in paragraphs) + "\n"
    result = clean_and_explain(text)
    lines = text.splitlines()
    thread = result.region.thread if result.region is not None else None
    assert result.format == "wrapped" and thread is not None
    assert lines[thread.start] == "12 Comments" and [lines[h] for h in thread.headers] == HEADERS
    out = result.text.splitlines()
    assert textwrap.fill(PROSE[1], 60).splitlines()[0] in out
    assert not any(textwrap.fill(c, 60).splitlines()[0] in out for c in COMMENTS)


def test_rows_of_a_dated_list_are_no_posts() -> None:
    # A tour's dates: rows of several shapes (one or two commas), so the rows of one
    # shape have rows of the others between them; those are dated too, so no posts.
    rows = [
        "Aug. 4 -- Riverside Hall, Linden, OH", "Aug. 8 -- North Stadium, Bay City, Harbour County, MI",
        "Aug. 14 -- Old Town Arena, Milford, IN", "Sept. 2 -- Harbour Park Theatre, Salt Lake City, Wasatch, UT",
        "Sept. 5 -- Hill Road Ground, Seaton, WA", "Sept. 12 -- Castle Green Pavilion, Mountain View, Santa Clara, CA",
        "Sept. 18 -- Market Square Stage, Ashby, CA", "Oct. 3 -- Mill Lane Amphitheatre, Phoenix, Maricopa, AZ",
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "The band's tour dates:", *rows, "Share", *FOOTER]) + "\n"
    assert set(rows) <= set(clean(page).splitlines())


def test_the_article_model_leaves_a_thread_under_a_heading_out_too() -> None:
    # With --finder model, the blocks of a thread under a comment heading are "after"
    # the article whatever the model made of them, strong, and say why.
    headers = [f"{name} on June {day}, 2024 at 9:{day}5 pm" for day, name in enumerate(NAMES * 2, start=1)]
    page = _page([line for header, comment in zip(headers, COMMENTS * 2) for line in (header, comment, "Reply")])
    result = clean_and_explain(page, Config(finder="model"))
    out = result.text.splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out)
    why = [v for r in result.removed if r.text == COMMENTS[0] for v in r.reasons]
    assert any(v.strength == "strong" and "in a comment thread" in v.evidence.detail for v in why)


def test_a_name_on_the_line_above_a_date_heads_a_post_under_a_heading() -> None:
    # "Martha Jones" over "May 3, 2024 · 10:32 AM": the date line's shape recurs, and
    # its name is the short line above it.
    dates = [f"May {day}, 2024 · 10:{day}2 AM" for day in range(3, 8)]
    thread = [line for name, date, comment in zip(NAMES, dates, COMMENTS) for line in (name, date, comment, "Reply")]
    result = clean_and_explain(_page(thread, above=["5 Comments"]))
    out = result.text.splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out) and not set(dates) & set(out)
    why = {r.text: r.reasons for r in result.removed}
    assert any("in a comment thread" in v.evidence.detail for v in why[COMMENTS[2]])



def test_a_live_blog_of_labels_over_times_keeps_its_entries() -> None:
    # A short label over a time stamp reads like a name over a date; with no comment
    # heading above it, it is a live blog's entry, not a post.
    labels = ["Update", "Breaking", "Reaction", "Analysis", "Update"]
    stamps = ["10:42 GMT", "11:05 GMT", "11:30 GMT", "12:15 GMT", "12:40 GMT"]
    entries = [line for label, stamp, text in zip(labels, stamps, COMMENTS) for line in (label, stamp, text, PROSE[2])]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, "Share", *FOOTER]) + "\n"
    assert set(COMMENTS) <= set(clean(page).splitlines())




def test_a_post_label_is_no_name() -> None:
    # "Posted on DATE" under the reader's name: "posted" names no one (every header
    # would have the same name), so the name is the line above.
    # Ten comments outweigh the article: unless they are found as a thread, the removal
    # budget keeps them all.
    dates = [f"Posted on June {day}, 2024 at 9:{day}5 pm" for day in range(1, 11)]
    thread = [line for name, date, comment in zip(NAMES * 2, dates, COMMENTS * 2) for line in (name, date, comment)]
    out = clean(_page(thread, above=["Comments (10)"])).splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out)


def test_a_thread_under_names_starts_at_its_heading_not_at_the_byline() -> None:
    # The article's own dated line shares the posts' shape and comes first; the thread
    # starts at the heading between them, so the article stays.
    dates = [f"Posted on June {day}, 2024 at 9:{day}5 pm" for day in range(1, 11)]
    thread = [line for name, date, comment in zip(NAMES * 2, dates, COMMENTS * 2) for line in (name, date, comment)]
    page = "\n".join([*MENU, HEADLINE, "Editor", "Posted on June 1, 2024 at 8:15 am", *PROSE[:3], "Comments (10)", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:3]) <= set(out) and not set(COMMENTS) & set(out)


def test_a_comment_heading_that_names_the_post_starts_the_thread() -> None:
    # "12 comments to TITLE" (WordPress): the thread starts there, and the heading goes.
    thread = [line for header, comment in zip(HEADERS, COMMENTS) for line in (header, comment)]
    heading = f"5 responses to {HEADLINE}"
    result = clean_and_explain(_page(thread, above=[heading]))
    out = result.text.splitlines()
    assert PROSE[1] in out and heading not in out and not set(COMMENTS) & set(out)
    assert result.region is not None and result.region.thread is not None and result.region.thread.heading is not None


def test_a_comment_count_in_the_byline_is_no_heading_of_the_thread() -> None:
    # "3 Comments" under the headline is the nearest comment count above the first post
    # header; the thread does not start there (all of the article would be in it).
    headers = [f"{name} on May {day}, 2024 at 10:{day}2 am" for day, name in enumerate(NAMES[:3], start=3)]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment)]
    page = "\n".join([*MENU, HEADLINE, "By Ann Lee", "3 Comments", *PROSE[:3], *thread, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert set(PROSE[:3]) <= set(out) and not set(COMMENTS) & set(out)
    assert result.region is not None and result.region.thread is not None and result.region.thread.heading is None


def test_a_line_that_counts_the_comments_heads_the_thread() -> None:
    # "{ 10 comments… read them below or add one }" and "There are 10 comments." match no
    # rule (an article's sentence may count comments too), but right above the first
    # post header they head the thread, which then leaves the removal budget alone.
    headers = [f"{name} on June {day}, 2024 at 9:{day}5 pm" for day, name in enumerate(NAMES * 2, start=1)]
    thread = [line for header, comment in zip(headers, COMMENTS * 2) for line in (header, comment)]
    for count in ["{ 10 comments… read them below or add one }", "There are 10 comments. Add yours."]:
        result = clean_and_explain(_page(thread, above=[count]))
        out = result.text.splitlines()
        assert PROSE[1] in out and not set(COMMENTS) & set(out), count
        assert result.region is not None and result.region.thread is not None and result.region.thread.heading is not None


def test_an_article_sentence_that_counts_comments_stays() -> None:
    sentence = "The post drew 300 comments in its first hour."
    page = "\n".join([*MENU, HEADLINE, PROSE[0], sentence, *PROSE[1:3], "Share", *FOOTER]) + "\n"
    assert sentence in clean(page).splitlines()


def test_headers_that_end_in_comment_links_still_head_posts() -> None:
    # "Link To Comment | Reply To Comment" after the name and date makes a header of 15
    # words and more: its name is still short.
    headers = [f"{name} wrote on May {day}, 2024 at 10:{day}2 am Link To Comment | Reply To Comment" for day, name in enumerate(NAMES, start=3)]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment)]
    out = clean(_page(thread)).splitlines()
    assert PROSE[1] in out and not set(COMMENTS) & set(out)


def test_a_numbered_list_of_long_dated_titles_is_no_thread() -> None:
    # An author's list of earlier columns, a long title with its paper and date, and
    # replies to readers between them: the titles change as names do, but a name is a
    # few words, not a headline.
    titles = [
        "Why the council should never have sold the ferry landing",
        "What the engineers told the town before the first vote",
        "Ten years of promises about the crossing and their fate",
        "How the region paid twice for the same stretch of road",
        "The quiet fight over the land on the far bank",
        "When the railings failed and nobody would explain why",
    ]
    items = [
        f"{n}. {title} (The Evening Courier, May {n + 2}, 2004)" if n % 2 else f"{n}. {title} (a reply to readers)"
        for n, title in enumerate(titles * 2, start=1)
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "My earlier columns on the bridge:", *items, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(items) <= set(out) and PROSE[2] in out


def test_names_that_said_with_a_comma_or_dots_head_posts() -> None:
    # Blog themes close the name with "said," or "said..." instead of "says:".
    for end in (",", "..."):
        headers = [f"{name} said{end}" for name in NAMES * 2]
        thread = [line for header, comment in zip(headers, COMMENTS * 2) for line in (header, comment)]
        out = clean(_page(thread, above=["10 Comments"])).splitlines()
        assert PROSE[1] in out and not set(COMMENTS) & set(out), end

def test_the_article_comes_before_its_comment_thread() -> None:
    # A short post of links, its comments (names over dates), then a block of menus and a
    # digest of six long summaries: the digest scored most, the menus kept the post from
    # joining it, and the post was removed as far from the article.
    links = ["The ferry timetable for the winter months", "A map of the new cycle paths", "Photos from the harbour festival",
             "Where to buy bread on a Sunday", "The council's plan for the old mill", "Results of the river clean-up"]
    dates = [f"May {day}, 2024 at 10:{day}2 am" for day in range(3, 8)]
    thread = [line for name, date, reply in zip(NAMES, dates, REPLIES * 2) for line in (name, date, reply)]
    menus = ["Archives", "Categories", "Harbour", "Schools", "Weather", "Markets", "Transport", "Sport", "Letters", "Meta"]
    digest = [f"{PROSE[k % 5]} This was item {k} of the digest." for k in range(6)]
    page = "\n".join([*MENU, "Links for Tuesday", *PROSE[:2], *links, "5 Comments", *thread, *menus, *digest, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:2]) <= set(out) and set(links) <= set(out)


@pytest.mark.parametrize("stamps", [
    ["10:42 GMT", "11:05 GMT", "11:30 GMT", "12:15 GMT", "12:40 GMT"],
    ["10.42 Uhr", "11.05 Uhr", "11.30 Uhr", "12.15 Uhr", "12.40 Uhr"],
    ["Updated 9:05am", "9:30am", "10:10am", "10:45am", "11:20am"],
])
def test_a_live_blog_of_one_paragraph_an_entry_keeps_its_entries(stamps: list[str]) -> None:
    # Two short lines an entry (a label, a time) cost the run more than one paragraph
    # brings: a live blog's stamps cost nothing, or the article ends at its first entry.
    labels = ["Update", "Breaking", "Reaction", "Analysis", "Update"]
    entries = [line for label, stamp, text in zip(labels, stamps, COMMENTS) for line in (label, stamp, text)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, "Share", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(COMMENTS) <= set(out) and not set(stamps) & set(out)


def test_a_news_ticker_under_a_latest_news_heading_is_no_live_blog() -> None:
    # Times over other stories' titles and one-sentence summaries after the article: a
    # feed under its heading, not entries of the article, though it reads like them.
    stamps = ["16:05", "15:40", "15:12", "14:55"]
    titles = ["Hospital opens new ward", "Police appeal for witnesses", "Library extends its hours", "Ferry fares to rise"]
    ticker = [line for stamp, title, text in zip(stamps, titles, COMMENTS) for line in (stamp, title, text)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Latest news", *ticker, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[2] in out and not set(COMMENTS[:4]) & set(out)


@pytest.mark.parametrize("days", [
    ["Tuesday, May 14, 2024", "Saturday, May 18, 2024", "Monday, May 20, 2024", "Thursday, May 23, 2024"],
    ["Dienstag, 14. Mai 2024", "Samstag, 18. Mai 2024", "Montag, 20. Mai 2024", "Donnerstag, 23. Mai 2024"],
])
def test_a_schedule_under_weekdays_is_no_thread(days: list[str]) -> None:
    # A weekday is part of a date, not a writer's name: a schedule of dated entries (a
    # blood drive's clinics) under an article is no comment thread of "Tuesday",
    # "Saturday" and "Monday".
    venues = ["The old town hall, Market Square", "Riverside community centre", "St Anne's church hall", "The sports hall on Mill Lane"]
    notes = [f"Open from {k} pm to 8 pm; no appointment is needed, and donors can bring a friend along." for k in (2, 3, 4, 5)]
    schedule = [line for day, venue, note in zip(days, venues, notes) for line in (day, venue, note)]
    result = clean_and_explain(_page(schedule, above=["Where to give blood"]))
    assert result.region is not None and result.region.thread is None


@pytest.mark.parametrize(("line", "stamp"), [
    ("14:52", True), ("10.42 GMT", True), ("Updated 9.15am", True), ("14h30", True),
    ("2019-03-26 16:40:42", False), ("May 3, 10:42", False), ("€ 12.50", False), ("Chapter 12", False),
])
def test_an_entry_stamp_is_a_time_and_no_other_number(line: str, stamp: bool) -> None:
    # (A comment's full date and time, a price, a number: no live blog's entries.)
    from cleaner.linescore import _stamp

    assert _stamp(line) is stamp


def test_a_photo_post_with_no_prose_loses_its_comments_and_keeps_its_caption() -> None:
    # The post is a title over a photo's short caption: no prose before the thread, so
    # before, the thread was taken for a forum's posts, and a comment won as the article.
    caption = "The new bridge from the hill, on the first morning."
    headers = [f"{name} said..." for name in NAMES]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment, "Reply")]
    page = "\n".join([*MENU, HEADLINE, caption, "5 comments:", *thread, "Post a Comment", *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert out == [HEADLINE, caption]
    assert result.region is not None and result.region.thread is not None and result.region.thread.bare


def test_a_photo_post_in_markdown_loses_its_comments_past_the_avatars() -> None:
    # The same post as html2text prints it: each comment's header under its writer's
    # avatar, an image mark the page's text has no line for. The first avatar stood
    # between the count and the first header, so the count headed no photo post's
    # thread, and a comment won as the article.
    caption = "The new bridge from the hill, on the first morning."
    avatar = "[![](https://example.org/avatars/{0}.png)](https://example.org/people/{0})"
    posts = [
        block
        for k, (name, comment) in enumerate(zip(NAMES, COMMENTS))
        for block in (avatar.format(k), f"[{name}](https://example.org/people/{k}) said...", comment, "[Reply](https://example.org/reply)")
    ]
    menu = [f"  * [{item}](https://example.org/{item.lower()})" for item in MENU]
    blocks = ["\n".join(menu), f"## {HEADLINE}", "![](https://example.org/photos/bridge.jpg)", caption, "#### 5 comments:", *posts, *FOOTER]
    page = "\n\n".join(blocks) + "\n"
    result = clean_and_explain(page)
    assert [line for line in result.text.splitlines() if line.strip()] == [f"## {HEADLINE}", caption]
    assert result.format == "markdown" and result.region is not None and result.region.thread is not None


def test_a_photo_post_as_w3m_prints_it_keeps_its_caption_not_a_bullet() -> None:
    # w3m: each comment under its writer's two images' names side by side ("[blank]
    # [avatar]"), an empty list item as a bullet alone ("●") above the comment count.
    # The images' names stood between the count and the first header (no thread), and
    # then the bullet was taken for what is left of the post.
    caption = "The new bridge from the hill, on the first morning."
    posts = [
        block
        for k, (name, comment) in enumerate(zip(NAMES, COMMENTS))
        for block in (f"[blank] [avatar{k}]", f"{name} said...", textwrap.fill(comment, 72), f"May {k + 3}, 2024 10:1{k} AM [delete]")
    ]
    blocks = ["\n".join(MENU), HEADLINE, "[bridge-photo]", caption, "●", "5 comments:", *posts, "●", *FOOTER]
    page = "\n\n".join(blocks) + "\n"
    result = clean_and_explain(page)
    assert result.format == "wrapped"
    assert [line for line in result.text.splitlines() if line.strip()] == [HEADLINE, caption]


def test_a_video_post_s_comments_without_names_go_under_their_count() -> None:
    # A scraper that keeps paragraphs only: the post is a video (no prose), its comments
    # print no names, only their text and a "Reply" each, under a count. No header makes
    # them a thread; the best run was a comment, and the post's title was removed.
    posts = [line for comment in COMMENTS for line in (comment, "Reply")]
    page = "\n".join([*MENU, HEADLINE, "Previous post: A walk along the river", "{ 5 comments… read them below or add one }", *posts, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert HEADLINE in out and not any(comment in out for comment in COMMENTS) and not result.notes
    first = next(r for r in result.removed if r.text == COMMENTS[0])
    assert "in the comments under '{ 5 comments" in " ".join(v.evidence.detail for v in first.reasons if v.evidence.detail)


def test_a_menu_run_on_in_one_line_does_not_trip_the_budget_under_a_photo_post() -> None:
    # A sidebar's list of post titles printed as one long line has no sentence: it is
    # no prose the budget weighs. Counted as prose, it was most of the page's (the
    # comments under their count are not counted, the post has none), and the budget
    # kept every comment.
    caption = "The new bridge from the hill, on the first morning."
    headers = [f"{name} said..." for name in NAMES]
    thread = [line for header, comment in zip(headers, COMMENTS) for line in (header, comment, "Reply")]
    titles = ["The view from the old ferry landing", "A walk along the river at dawn", "The last ferry of the year",
              "Stone steps and iron rings of the old jetty", "The bridge in the fog", "A winter on the far bank of the river",
              "The gulls of the sea wall", "What the council said about the road", "The night the lights came on"]
    recent = "Recent posts " + " ".join(titles)
    page = "\n".join([*MENU, recent, HEADLINE, caption, "{ 5 comments… read them below }", *thread, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert result.text.splitlines() == [HEADLINE, caption] and not result.notes


def test_a_forum_heading_that_counts_replies_still_keeps_the_posts() -> None:
    # "3 replies" right above the first post names no comments: the posts are the page.
    headers = [f"{name} · Mar {day}, 2024 at 9:1{day}" for day, name in enumerate(NAMES[:3], start=2)]
    posts = [line for header, text in zip(headers, REPLIES) for line in (header, text)]
    page = "\n".join([*MENU, "When does the new bridge open?", "3 replies", *posts, *FOOTER]) + "\n"
    assert set(REPLIES) <= set(clean(page).splitlines())


def test_a_guide_s_updated_dates_are_no_post_headers() -> None:
    # A hub of buying guides: each entry a title, a byline, a summary and "Updated DATE"
    # or "Published DATE". Neither word names anyone: the dates are the entries', not
    # readers' posts (two "names" made them a thread of two authors).
    guides = ["The Best Desk Lamps", "The Best Rain Jackets", "The Best Travel Kettles", "The Best Bike Locks", "The Best Garden Hoses"]
    entries = [
        line
        for n, (title, name, summary) in enumerate(zip(guides, NAMES, REPLIES + REPLIES))
        for line in (title, f"by {name}", summary, f"{('Updated', 'Published')[n % 2]} March {n + 2}, 2026")
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *entries, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert result.region is not None and result.region.thread is None


def test_the_article_runs_on_to_its_comments_but_not_over_the_author_box() -> None:
    # A long text after the thread outscores the article, so the article is the run
    # before the thread, taken up to the thread's heading: but not over "About the
    # author", which ends the article, and the author's lines under it.
    bio = "Ann Lee grew up by the river and has written about its towns and ferries for twenty years."
    later = [comment.replace("I ", "We ") for comment in COMMENTS]
    above = [*MENU, HEADLINE, *PROSE[:2], "About the author", "Ann Lee", bio, "12 Comments"]
    page = "\n".join([*above, *THREAD, "Leave a Reply", "Our story", *later, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:2]) <= set(out) and bio not in out and not set(later) & set(out)


def test_a_short_article_over_a_list_keeps_its_place_above_a_counted_thread() -> None:
    # One paragraph and a list of specifications: less prose than a thread needs above it
    # (on a forum the posts are the page). But "5 Comments" right above the first post,
    # whose writer's name stands over its date, names what follows: comments, under an
    # article, however short. The article stays; the posts go.
    specs = ["Sensor: 24 megapixels", "Screen: 3 inches, tilting", "Weight: 505 grams", "Battery: 900 shots"]
    # (one of them long: alone, it outscored the article)
    texts = [*COMMENTS[:3], " ".join(COMMENTS), *COMMENTS[3:]]
    dates = [f"Posted May {day}, 2024 at {day}:{day}5 am | Permalink" for day in range(1, 7)]
    posts = [line for k, date in enumerate(dates) for line in (NAMES[k % 5], date, texts[k], "Reply")]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], "The new model, in short:", *specs, "5 Comments", *posts, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[0] in out and set(specs) <= set(out)
    assert not set(texts) & set(out)


def test_a_counted_thread_under_a_post_with_no_full_stop_is_a_thread() -> None:
    # A post whose two paragraphs end without a full stop (no "sentence" above the thread)
    # and "{ 5 comments... }" over the posts, each under its writer's name and date: the
    # count names comments, so they are a thread. Without prose above, no thread was
    # seen, and one reader's five paragraphs outscored the post: the page was kept whole.
    notice = [
        "Readers write about the new bridge. Letters may be in any language. We print the best of them in the Saturday edition, with a photograph of the writer if they send one",
        "Letters are read by an editor before they appear. We do not print insults, or letters that give another reader's address, and we may shorten the long ones",
    ]
    letter = [
        "I crossed on the ferry every morning for thirty years, first to school and then to the bakery where I worked until it closed, and I knew every one of its captains by name.",
        "In the winter of the great flood the ferry ran for nine days without stopping, carrying families and their animals across, and nobody was ever asked to pay for a ticket.",
        "When they first spoke of a bridge, my father said it would cut the town in two, because the river was the one place where the people of both banks met each other every day.",
        "Now that it is built I will walk across it on the first morning, but I will stop in the middle and look down at the landing, and I think many of my neighbours will do the same.",
        "I hope the town will put a plaque on the landing with the names of the captains, so that our grandchildren know that for a hundred years the crossing was made by people.",
    ]
    posts = [*THREAD[:6], HEADERS[2], *letter, "Reply", *THREAD[9:]]
    above = ["Letters on the bridge", "by the editors on May 1, 2024", *notice, "Previous post: The ferry's last summer"]
    page = "\n".join([*MENU, *above, "{ 5 comments\u2026 read them below or add one }", "\u2190 Older Comments", *posts, "Leave a Reply", *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert set(notice) <= set(out) and not (set(COMMENTS) | set(letter) | set(HEADERS)) & set(out)
    assert result.region is not None and result.region.thread is not None


def test_a_forums_chrome_between_its_posts_goes_and_the_posts_stay() -> None:
    # A scraper that keeps paragraphs only: each reply quotes the post before it ("Peter
    # said:", the quote, "Click to expand...") and ends in who reacted to it. The chrome
    # goes; the quotes' expanders are no menu between the posts, so no reply is cut off.
    names = ["Peter", "Anna K", "oldtown_resident"]
    posts = [PROSE[0]]
    for name, quoted, reply in zip(names, [PROSE[0], *REPLIES], REPLIES):
        posts += [f"{name} said:", quoted, "Click to expand...", reply, f"Reactions: {name}, mossbank and 2 others"]
    page = "\n".join([*MENU, "When does the new bridge open?", "Thread starter riverside_kid", *posts, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[0] in out and set(REPLIES) <= set(out)
    assert not {"Click to expand...", "Thread starter riverside_kid"} & set(out) and not any(line.startswith("Reactions:") for line in out)


def test_a_forums_chrome_is_no_menu_between_its_posts() -> None:
    # Ten short lines between the opening post and the replies: a post's reactions and
    # sharing menu, the next writer's name, post count and number, a quote whose text
    # the scraper dropped. Named as chrome between posts, the matched lines are no block
    # of menus that cuts the replies off.
    gap = [
        "Reactions: mossbank, Anna K and 2 others", "More sharing options...", "mossbank", "1,203", "#2",
        "Click to expand...", "Reactions: Peter", "More sharing options...", "Anna K", "#3",
    ]
    page = "\n".join([*MENU, "When does the new bridge open?", PROSE[0], PROSE[1], *gap, *REPLIES, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert {PROSE[0], PROSE[1]} | set(REPLIES) <= set(out) and "Click to expand..." not in out


def test_a_forums_quotes_are_no_thread_of_comments() -> None:
    # A reply that quotes three posts, each quote under "NAME said:" and closed by its
    # expander: three headers of one shape, but of quotes inside a post, not of posts
    # under an article. Read as a comment thread, the replies under them went.
    quotes = [line for name, quote in zip(["Peter", "Anna K", "mossbank"], REPLIES) for line in (f"{name} said:", quote, "Click to expand...")]
    page = "\n".join([*MENU, "When does the new bridge open?", PROSE[0], PROSE[1], *quotes, *COMMENTS[:2], "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert {PROSE[0], PROSE[1], *COMMENTS[:2]} <= set(out) and "Click to expand..." not in out


def test_a_forum_thread_under_its_starter_is_no_comment_thread() -> None:
    # A site notice of two paragraphs above the thread is prose enough for an article,
    # so the dated posts under it read as its comments and went. "Thread starter Ann"
    # over the first post says the posts are the page.
    notice = [
        "Members are reminded never to send money to anyone who offers to sell them tools through a private message on this forum, however good the offer looks.",
        "Several regional groups have held their spring meetings already, and the others are being planned now: see the events board for the dates and places near you.",
    ]
    headers = [f"{name} · Mar {day}, 2024 at 9:1{day} AM" for day, name in enumerate(["riverside_kid", "Peter", "Anna K", "mossbank"], start=2)]
    posts = [line for header, text in zip(headers, [PROSE[0], *REPLIES]) for line in (header, text)]
    page = "\n".join([*MENU, *notice, "When does the new bridge open?", "Thread starter riverside_kid", *posts, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert PROSE[0] in out and set(REPLIES) <= set(out)


def test_a_forums_posts_under_its_starter_outweigh_a_notice_above_them() -> None:
    # The forum's notices (two paragraphs) above its menus, then the thread: each post a
    # name, a date, a number and one short paragraph. The notices scored more than any
    # post, so they were the article and the thread went as far from it.
    notice = [
        "Members are reminded never to send money to anyone who offers to sell them tools through a private message on this forum, however good the offer looks.",
        "Several regional groups have held their spring meetings already, and the others are being planned now: see the events board for the dates and places near you.",
    ]
    texts = ["Does anyone know when it opens?", *REPLIES]
    posts = [line for n, (name, text) in enumerate(zip(["riverside_kid", "Peter", "Anna K", "mossbank"], texts)) for line in (name, f"Mar {n + 2}, 2024", f"#{n + 1}", text)]
    page = "\n".join([*MENU, *notice, *MENU, "When does the new bridge open?", "Thread starter riverside_kid", *posts, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(texts) <= set(out) and not set(notice) & set(out)


def test_a_forums_numbered_posts_are_its_posts_whatever_lies_between_them() -> None:
    # Forum software prints each writer's rank, join date, post count and the post's
    # date between the name and the post, then its number: no header shape is seen, the
    # first post's paragraphs were the article and the one-line replies went as far
    # from it. Numbered "#1", "#2", ... under the thread's starter, they are its posts.
    texts = [
        [PROSE[0], PROSE[1], PROSE[2]], ["Do I get to bring my bicycle across on the first day?"],
        ["Easter, according to the ferryman, but he says that every year."], ["The railings are up at last, I saw them from the hill."],
        ["Good news for the shops on the far bank, then."], ["Is there a lane for cyclists or do we share it with the buses?"],
    ]
    names = ["riverside_kid", "Peter", "Anna K", "mossbank", "oldtown", "rower_1987"]
    posts = [
        line
        for n, (name, text) in enumerate(zip(names, texts))
        for line in (name, "Member", "Oct 25, 2017", f"{1200 + 37 * n:,}", f"Mar {n + 2}, 2025", f"#{n + 1}", *text)
    ]
    page = "\n".join([*MENU, "When does the new bridge open?", "Thread starter riverside_kid", "Discussion", *posts, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert {line for text in texts for line in text} <= set(out)



def test_a_forums_post_numbers_go_and_a_one_line_reply_under_one_stays() -> None:
    # Each reply: its writer, the writer's rank, the post's number ("#3"), the post, its
    # "Quote" button. The numbers go (weak: beside the rank line); a reply of one line
    # with no full stop, between its number and its button, is the post, not a short
    # line between two removed ones.
    short = "still running the old model here and it does the job fine"
    posts = [
        "mossbank", "Well-known member", "#2", PROSE[2], "Quote",
        "Anna K", "Well-known member", "#3", short, "Quote",
        "oldtown_resident", "Well-known member", "#4", PROSE[3], "Quote",
    ]
    page = "\n".join([*MENU, "When does the new bridge open?", PROSE[0], PROSE[1], *posts, "Similar threads", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert {PROSE[0], PROSE[2], short, PROSE[3], "Anna K"} <= set(out)
    assert not {"#2", "#3", "#4", "Quote"} & set(out)
