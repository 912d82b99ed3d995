"""Where the article is: data lists (schedules, results, price tables) and the runs that
join the article. Pages in the one-block-per-line layout, built from conftest's prose."""

from __future__ import annotations

import pytest
from conftest import HEADLINE, MENU, PROSE
from cleaner import Config, Pipeline, clean, clean_and_explain, segment

FOOTER = ["About us", "Privacy policy", "Contact"]
SCHEDULE = [
    "Round 1: 8 February – Riverside Hall",
    "Round 2: 22 February – North Stadium",
    "Round 3: 8 March – Old Town Arena",
    "Round 4: 22 March – Riverside Hall",
    "Round 5: 5 April – Harbour Park",
    "Round 6: 26 April – Hill Road Ground",
    "Final: 10 May – National Arena",
]
TABLE = [f"{n}. {team} {played} {points}" for n, (team, played, points) in enumerate(
    [("Riverside", 12, 30), ("Harbour", 12, 27), ("Old Town", 12, 25), ("North End", 12, 22),
     ("Hill Road", 12, 19), ("Castle", 12, 17), ("Bridge", 12, 15), ("Market", 12, 12),
     ("Station", 12, 10), ("Mill Lane", 12, 7)], start=1)]


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_a_page_whose_article_is_a_schedule_keeps_it() -> None:
    # No paragraph of prose at all: the schedule under its title is the article, not the
    # comment policy further down, which is the only thing that reads like sentences.
    policy = "Comments that insult other readers or are off topic will not be approved by the moderators of this site."
    page = "\n".join([*MENU, "Riverside Hall league: the 2025 schedule", *SCHEDULE, "Share", "Tags", policy, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert SCHEDULE[0] in out and SCHEDULE[-1] in out
    assert policy not in out and "Home" not in out


def test_a_ranking_of_headlines_is_not_a_data_list() -> None:
    # "1. Headline": the only number is the place, so it is a teaser list, not data.
    ranking = [f"{n}. {title}" for n, title in enumerate(
        ["Council approves the budget", "Three teams move up a league", "Fun run draws a thousand",
         "New bus lane opens in May", "Library extends its hours"], start=1)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Most read", *ranking, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not set(ranking) & set(out)


def test_a_table_in_the_sidebar_does_not_join_the_article() -> None:
    # The league table scores as a data list, a little per row, and without a paragraph
    # of prose it needs half the article's score to join it as a second part, not a fifth.
    # (Under a two-paragraph article the same ten rows would join: a page that is only a
    # schedule must keep it, and that is the price.)
    page = "\n".join([*MENU, HEADLINE, *PROSE, "Share", "Facebook", "Email", "Standings", *TABLE, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[-1] in out and not set(TABLE) & set(out)


def test_a_drop_down_of_prices_is_not_a_data_list() -> None:
    # A property search form after the article: two drop-downs of bare numbers, a hundred
    # lines. A row of data has a label or several values; an option is one number. As
    # data, the options outscored an article that an ad label had cut in two.
    prices = [f"{n:,}" for n in range(50_000, 1_000_001, 25_000)]
    form = ["Find your new home:", "Minimum price £", *prices, "Maximum price £", *prices, "Postcode"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Advertisement", *PROSE[2:4], "Share", *form, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[3] in out
    assert not set(prices) & set(out)


# A price list printed one cell to a line (as a scraper prints an HTML table): each
# service over its price, a note or a section heading between rows.
PRICE_INTRO = "The guide below lists what the workshop charges for the repairs it is asked for most, before any parts, so that a customer knows what to expect."
PRICE_CELLS = [
    "Bicycle repairs", "Puncture repair", "£12", "Brake adjustment", "£15 - £25", "(per wheel)",
    "New chain fitted", "£20 + parts", "Wheel truing", "£18", "Full service", "£65 - £90",
    "(includes cleaning and a test ride)", "Electric bikes", "Battery check", "£30", "Motor diagnosis", "£45 per hour",
]
PRICE_CLOSING = "Prices were last reviewed in March and may change for older frames or parts that must be ordered from abroad; a quote is always free."


def test_a_table_printed_a_cell_to_a_line_inside_the_article_is_kept() -> None:
    # Short lines in a row cost the article more the longer the row: the table cut the
    # introduction off the rest, and the finder kept the introduction as a lead and the
    # paragraphs after the table, and removed the whole table.
    page = "\n".join([*MENU, HEADLINE, PRICE_INTRO, *PRICE_CELLS, PRICE_CLOSING, "Why prices vary", PROSE[0], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert [line for line in out if line in PRICE_CELLS] == PRICE_CELLS
    assert PRICE_INTRO in out and PRICE_CLOSING in out and PROSE[0] in out
    assert "Home" not in out and "Privacy policy" not in out


def _cell_table(text: str) -> set[str]:
    from cleaner.datalists import cell_tables

    _, ctx, _ = Pipeline(Config()).observe(segment(text))
    found = cell_tables(ctx, [i for i in ctx.info if not i.blank], 5, 5, 80)
    return {ctx.doc.lines[k].text for k in found}


def test_cell_tables_finds_the_rows_between_paragraphs() -> None:
    text = "\n".join([PRICE_INTRO, *PRICE_CELLS, PRICE_CLOSING]) + "\n"
    assert _cell_table(text) == set(PRICE_CELLS)


@pytest.mark.parametrize(
    "block",
    [
        # a shop's grid: every item under the product's name
        [cell for n in range(6) for cell in ("Trail Wallet", f"Colour {chr(65 + n)}", f"${60 + n}")],
        # a drop-down or a pager: values with no label between them
        ["£12", "£15", "£18", "£20", "£25", "£30", "£45", "£60"],
        # a ranking's places and a time are no values
        [cell for n in range(1, 7) for cell in (f"Headline number {n} of the day", f"{n}. {n}")],
    ],
)
def test_cell_tables_are_not_grids_pagers_or_rankings(block: list[str]) -> None:
    text = "\n".join([PRICE_INTRO, *block, PRICE_CLOSING]) + "\n"
    assert not _cell_table(text)


def _template(text: str) -> set[str]:
    from cleaner.datalists import template_sections

    _, ctx, _ = Pipeline(Config()).observe(segment(text))
    return {ctx.doc.lines[k].text for k in template_sections(ctx, [i for i in ctx.info if not i.blank], 3, 4, 3, 80)}


_KETTLES = ["Copper Swan", "Blue Heron", "Steel Owl", "Red Finch"]


def _kettle_section(n: int, name: str) -> list[str]:
    return [
        f"{n}. {name} kettle",
        f"The {name} boils a full litre in under three minutes and keeps its handle cool, though its lid sticks a little after a month of daily use.",
        "Pros",
        f"quiet boil number {n}",
        f"wide spout for pouring {n}",
        "Cons",
        f"heavy when full, model {n}",
        f"short cord of {n} feet",
    ]


def test_a_guides_headings_in_every_section_and_their_phrases_are_a_template() -> None:
    guide = [line for n, name in enumerate(_KETTLES, 1) for line in _kettle_section(n, name)]
    found = _template("\n".join([PRICE_INTRO, *guide, PRICE_CLOSING]) + "\n")
    # (up to three short lines under each heading: the next section's own heading too)
    assert found == {line for line in guide if not line.startswith(("The ", "1. "))}


@pytest.mark.parametrize(
    "under",
    [
        # a grid of tiles: "Learn more" under each paragraph, then the next tile's name over its own
        lambda n: [f"Service number {n}"],
        # a forum's post header: the poster's name over the same lines every time
        lambda n: ["Members", "2.4k posts"],
    ],
)
def test_repeated_labels_with_one_line_or_the_same_lines_under_them_are_no_template(under) -> None:
    blocks = [line for n in range(4) for line in ("Learn more", *under(n), f"{PROSE[n % len(PROSE)]}")]
    assert not _template("\n".join([PRICE_INTRO, *blocks]) + "\n")


def test_a_menu_with_counts_and_no_prose_beside_it_is_no_cell_table() -> None:
    menu = [cell for topic, n in [("Audio", 1673), ("Phones", 2183), ("Cameras", 640), ("Laptops", 912), ("Gaming", 455), ("Software", 2224)] for cell in (topic, f"{n:,} stories")]
    text = "\n".join([PRICE_INTRO, "Share", "Email", "Topics", *menu, "About us", "Contact"]) + "\n"
    assert not _cell_table(text)
    text = "\n".join([PRICE_INTRO, *menu, PRICE_CLOSING]) + "\n"
    assert _cell_table(text) == set(menu)  # (the same rows between two paragraphs: a table)


def test_a_blog_archive_of_months_is_a_menu_not_a_data_list() -> None:
    # "March 2012 (4)": a month and its count of posts. The year made it a line with
    # numbers, and thirty of them a data list that outscored a one-paragraph post.
    months = [f"{m} {y} ({(3 * k) % 11 + 1})" for k, (y, m) in enumerate(
        (y, m) for y in (2012, 2011, 2010) for m in ("December", "November", "October", "September", "August",
                                                     "July", "June", "May", "April", "March"))]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], "Share", "Archives", *months, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not set(months) & set(out)


def test_a_table_of_measurements_inside_the_article_is_kept() -> None:
    # "Harbourside 91.4": a district and its score, forty rows between two parts of a
    # report. A label with an integer is a menu's count ("World (3031)"); one with
    # decimals is a measurement, so the rows are data and the article runs over them.
    districts = ["Harbourside", "Old Town", "North End", "Castle Hill", "Market Square", "Mill Lane",
                 "Bridge Street", "Station Road", "Riverside", "Park View"]
    rows = [f"{name} {90 - 1.7 * k:.1f}" for k, name in enumerate(districts)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Scores by district", *rows, *PROSE[2:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(rows) <= set(out)
    assert PROSE[0] in out and PROSE[-1] in out and "Home" not in out


def test_a_recipe_after_the_article_keeps_its_list_of_ingredients() -> None:
    # A blog post and a recipe under it: each ingredient a line that opens with its
    # quantity ("1 ½ cups rolled oats"), one without ("Sea salt, to taste"). The lines read
    # as a menu, and the recipe after them was cut off the article.
    ingredients = ["2 cups rolled oats", "1 ½ cups warm water", "½ cup chopped walnuts", "1 tsp ground cinnamon",
                   "Sea salt, to taste", "3 tbsp maple syrup", "250 g fresh blueberries"]
    method = "Soak the oats in the water overnight, then stir in the walnuts, the cinnamon and the syrup, and serve with the blueberries on top."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Overnight oats", *ingredients, method, "Share", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE[:3]) and set(ingredients) <= set(out) and method in out


def test_counts_and_options_are_no_list_of_ingredients() -> None:
    # A number and a word in lower case: a forum's sections with their counts, a filter's
    # durations. The same label with other numbers is a menu, not a list of quantities.
    stats = ["5520 posts (23 new)", "4121 posts (7 new)", "3908 posts (40 new)", "2785 posts (14 new)"]
    options = ["30 days", "60 days", "90 days", "180 days", "1 year"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Share", *stats, *options, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not (set(stats) | set(options)) & set(out)


def test_a_bio_over_a_link_to_the_authors_posts_is_not_the_article() -> None:
    # The author's name alone, a paragraph about them, then "View all posts by ...": the
    # paragraph is the author's about themselves, and the article ends above it.
    bio = "A features writer for twenty years, Ann Lee covers transport and the towns of the river valley for the Courier."
    page = "\n".join([*MENU, HEADLINE, "By Ann Lee", *PROSE[:3], "Ann Lee", bio, "View all posts by Ann Lee \u2192", "Related", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE[:3]) and bio not in out


def test_a_reference_page_runs_on_from_its_lead_over_the_sections_its_contents_list() -> None:
    # A lead, "In this article" and the headings of its sections, then the sections: each
    # a term over a line about it, too short to score as prose. The lead was the article
    # and every section went; the contents list them, so the article runs on to the last
    # one's last sentence.
    lead = ("The Timer object schedules a function to run once after a delay, or again and again at a fixed interval, "
            "on the thread that created it. A timer that is no longer referenced is stopped when it is collected, so "
            "keep a reference to every timer you start for as long as it should run.")
    toc = ["Constructor", "Properties", "Methods", "Events"]
    sections = ["Constructor", "Timer()", "Creates a timer that is not yet started.",
                "Properties", "Timer.interval", "The delay between two runs, in milliseconds.", "Timer.running", "Whether the timer is started.",
                "Methods", "Timer.start()", "Starts the timer.", "Timer.stop()", "Stops the timer and cancels the next run.",
                "Events", "tick", "Fired each time the function runs.", "done", "Fired after the last run of a timer with a count."]
    page = "\n".join([*MENU, "Timer", lead, "In this article", *toc, *sections, "Help improve these pages", *MENU]) + "\n"
    out = lines(clean(page))
    assert lead in out and out[out.index(lead) :] == [lead, *sections]  # (the contents go, each heading stays)


_SERVICE_TOC = ["What it is", "Dates and times", "Where", "Costs"]
_SERVICE_SECTIONS = [
    "What it is",
    "The lantern walk has crossed the old town every autumn since 1998. Children build their own paper lanterns in the library's workshop and carry them through the lanes at dusk.",
    "Workshops run on two afternoons in the week before the walk, and every lantern gets a battery light rather than a candle.",
    "Dates and times",
    "Thursday afternoon, the first lantern workshop in the library hall",
    "Friday afternoon, the second lantern workshop",
    "Saturday at dusk, the walk from the market square to the river",
    "Where",
    "Library hall, 4 Mill Lane",
    "Market square, by the fountain",
    "Costs",
    "The walk is free. A workshop place costs three euros a child, materials included, and must be booked by the Monday before.",
]


def test_the_sections_a_contents_list_above_the_first_one_lists_are_the_pages() -> None:
    # A service page: "On this page" and its sections' headings, then the sections, short
    # ones among them (dates, addresses). The first section alone was the article: the
    # dates and the places went, and the costs with them.
    page = "\n".join([*MENU, "Lantern walk 2025", "On this page", *_SERVICE_TOC, *_SERVICE_SECTIONS, "Was this page helpful?", *MENU]) + "\n"
    out = lines(clean(page))
    assert out[out.index(_SERVICE_SECTIONS[0]) :] == _SERVICE_SECTIONS


def test_an_author_box_printed_above_and_under_the_article_lists_no_sections() -> None:
    # Printed four times (twice above the article, twice under it), the box reads as a
    # contents list whose "sections" are the article and the box under it: the heading
    # the contents list is printed twice, no more.
    box = ["Get in touch", "Ilse Varga", "Head of Relocation Services"]
    article = [PROSE[0], PROSE[1], PROSE[2]]
    page = "\n".join([*MENU, HEADLINE, *box, *box, *article, "Tags", "relocation, travel", *box, *box, *MENU]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not any(line in out for line in box)


def test_a_contents_list_of_lines_a_rule_removes_is_read_without_error() -> None:
    # The contents' last headings that a rule removes are no sections of the article's;
    # dropping all but one of them left no section to measure the others by (a crash,
    # found by the windowing property test).
    paragraph = "The harbour board met on Monday and agreed to repair the breakwater before the storms, its chair said."
    page = ["", paragraph, paragraph + " More.", paragraph, "Home", "Subscribe to our newsletter", "Share on Facebook", "Home", paragraph + " More.", "Subscribe to our newsletter", "Share on Facebook"]
    assert paragraph in lines(clean("\n".join(page) + "\n"))


def test_opening_hours_announced_in_an_article_are_kept() -> None:
    # "Saturday: 10:00-16:00" read as a date line (metadata.dateline) and went from the
    # middle of a story about the new hours; a span of clock times is no time stamp.
    hours = ["Monday to Friday: 9:00–20:00", "Saturday: 10:00–16:00", "Sunday: closed."]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], "The new opening hours are as follows:", *hours, PROSE[1], PROSE[2], *MENU]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in hours)


_PROGRAMME = [
    "Friday 12 September",
    "17:00",
    "Gates open, food stalls in the courtyard",
    "19:30",
    "The river choir sings harbour songs",
    "21:00",
    "Brass band on the main stage",
    "Saturday 13 September",
    "10:00",
    "Workshop: building a kite for children",
    "15:30",
    "Parade of the lantern boats",
]


def _timetable(text: str) -> set[str]:
    from cleaner.datalists import timetable

    _, ctx, _ = Pipeline(Config()).observe(segment(text))
    return {ctx.doc.lines[k].text for k in timetable(ctx, [i for i in ctx.info if not i.blank], 3, 80, ["metadata.dateline"])}


def test_an_events_programme_is_kept_with_its_times_and_days() -> None:
    # A time to a line over what happens then, under each day: metadata.dateline names
    # the times and the days, and the programme between the event's facts and its
    # description went (the time lines as date lines, the rest as far from the article).
    page = "\n".join([*MENU, HEADLINE, PROSE[0], "Programme", *_PROGRAMME, "About the festival", PROSE[1], PROSE[2], *MENU]) + "\n"
    assert _timetable(page) == set(_PROGRAMME)
    out = lines(clean(page))
    assert all(line in out for line in _PROGRAMME)


def test_a_news_tickers_times_run_backward_and_make_no_programme() -> None:
    ticker = ["15:44", "Ferry fares to rise in spring", "13:53", "Storm warning lifted for the coast", "12:26", "Pier repairs start next week", "11:09", "Council approves the harbour budget"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Latest news", *ticker, *MENU]) + "\n"
    assert _timetable(page) == set()
    assert not any(line in lines(clean(page)) for line in ticker)


def test_the_last_paragraph_between_a_read_also_box_and_the_tags_is_the_articles() -> None:
    # A paragraph of two sentences after an inline "Read also: ..." box and right over
    # the tag list scored too little to join a long article, and went as outside it.
    last = "The names of the chosen growers will be published in the second week of September. Work on the pumps starts in October."
    more = "The pumps run on solar panels, and the farmers pay a tenth of their price; the state and the district share the rest, the office said."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], more, "Read also: Farm credit rates fall for the third month", last, "Tags: farming, water, subsidies", *MENU]) + "\n"
    out = lines(clean(page))
    assert last in out and "Tags: farming, water, subsidies" not in out


def test_a_menu_of_versions_is_not_a_data_list() -> None:
    # "Manual 5.9", "Manual 5.8", ...: one label with other numbers is a menu (of versions,
    # pages, seasons), not rows of data, and does not outscore a short page beside it.
    versions = [f"Manual {v / 10:.1f}" for v in range(59, 29, -1)]
    page = "\n".join([*MENU, *versions, HEADLINE, *PROSE[:2], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[1] in out
    assert not set(versions) & set(out)


def test_the_lead_above_the_articles_table_of_contents_is_kept() -> None:
    # A manual's page: a lead paragraph, the list of its sections, then the sections. The
    # list reads as a menu and the lead scores too little beside the body to join it; its
    # lines are the article's own headings printed again below, so the lead is the article's.
    lead = ("This guide explains how the ferry timetable is planned each season, who decides on "
            "changes to it, and how passengers can follow those changes as they happen.")
    sections = ["Planning the season", "Who decides", "Changes during the season", "Following the changes"]
    body = [line for k, heading in enumerate(sections) for line in (heading, PROSE[k % len(PROSE)], PROSE[(k + 1) % len(PROSE)])]
    page = "\n".join([*MENU, HEADLINE, lead, *sections, *body, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert lead in out and set(body) <= set(out)
    assert "Home" not in out and "Privacy policy" not in out
    # ... and the list itself goes (structure.contents): each heading stays once, over its section.
    assert [out.count(heading) for heading in sections] == [1, 1, 1, 1]
    assert out.index(sections[0]) == out.index(body[0])


def test_the_contents_name_their_headings_as_the_reason() -> None:
    lead = "This guide explains how the ferry timetable is planned each season and who decides on changes."
    sections = ["Planning the season", "Who decides", "Following the changes"]
    body = [line for k, heading in enumerate(sections) for line in (heading, PROSE[k], PROSE[k + 1])]
    result = clean_and_explain("\n".join([*MENU, HEADLINE, lead, "Contents", *sections, *body, *FOOTER]) + "\n")
    reasons = {r.line: r.reasons[0] for r in result.removed}
    first = len(MENU) + 2  # the "Contents" line
    assert reasons[first].rule_id == "structure.contents"
    assert [reasons[first + 1 + k].rule_id for k in range(3)] == ["structure.contents"] * 3
    assert "again on line" in reasons[first + 1].evidence.detail


def test_an_announced_list_is_no_table_of_contents() -> None:
    # "Each session goes:", then its steps, each the heading of its section further down:
    # the list is the article's, announced by the line above it (or the one above that).
    steps = ["Warm-up", "Squats", "Push-ups", "Planks"]
    body = [line for k, step in enumerate(steps) for line in (step, PROSE[k])]
    for announced in (["Each session goes like this:"], ["Each session goes like this:", "Ten minutes in all"]):
        page = "\n".join([*MENU, HEADLINE, PROSE[4], *announced, *steps[1:], *body, *FOOTER]) + "\n"
        out = lines(clean(page))
        assert [out.count(step) for step in steps[1:]] == [2, 2, 2]


@pytest.mark.parametrize(
    "later, listed",
    [
        (["A", "p", "B", "p", "C", "p"], True),  # each opens a section, in order
        (["A", "B", "C", "p"], False),  # printed again as a block (a chorus, a quoted post)
        (["B", "p", "A", "p", "C", "p"], False),  # in another order
        (["A", "p", "B", "p"], False),  # one of them not printed again
    ],
)
def test_listed_before_tells_a_table_of_contents_from_a_block_printed_again(later: list[str], listed: bool) -> None:
    from cleaner.context import listed_before

    names = {"A": "Choosing the place", "B": "Laying the liner", "C": "Planting", "p": PROSE[0]}
    text = "\n".join([names["A"], names["B"], names["C"], PROSE[1], *(names[k] if k != "p" else PROSE[n % 4 + 1] for n, k in enumerate(later))]) + "\n"
    pipe = Pipeline(Config())
    _, ctx, _ = pipe.observe(segment(text))
    assert (listed_before(ctx, [0, 1, 2], len(ctx.info) - 1) is not None) is listed


def test_lines_of_code_that_later_listings_repeat_are_no_table_of_contents() -> None:
    # A tutorial's first listing, then fuller ones that repeat its lines among others:
    # printed again in order and apart, but code, not a list of headings.
    first = ["section {", "display: flex;", "gap: 1rem;", "}"]
    fuller = ["section {", "zoom: 0.8;", "display: flex;", "flex-wrap: wrap;", "gap: 1rem;", "align-items: center;", "}"]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *first, PROSE[1], *fuller, PROSE[2], PROSE[3], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out.count("display: flex;") == 2 and out.count("gap: 1rem;") == 2
    # ... nor lines that start as no heading does: an import, a tag.
    first = ["Python 3.10 and above", "from typing import Optional", "from models import Item"]
    fuller = ["Python 3.10 and above", "import json", "from typing import Optional", "import sys", "from models import Item", "def load(path):"]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *first, PROSE[1], *fuller, PROSE[2], PROSE[3], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out.count("from typing import Optional") == 2


def test_the_labels_each_profile_of_a_listing_repeats_are_no_table_of_contents() -> None:
    # Trainers' profiles: each with a paragraph and its certifications. The first one's
    # are each printed again further down, in order and apart, in the later profiles;
    # but not once more only: "- First aid" is three trainers'.
    profiles = [
        ("Ann Lee", ["- First aid", "- Strength training", "- Yoga teacher"]),
        ("Bo Park", ["- First aid", "- Weight loss"]),
        ("Cy Diaz", ["- Nutrition coach", "- Strength training"]),
        ("Di Moss", ["- Swimming coach", "- Yoga teacher"]),
        ("Ed Hart", ["- First aid", "- Rowing coach"]),
    ]
    body = [line for k, (name, items) in enumerate(profiles) for line in (name, PROSE[k], *items)]
    page = "\n".join([*MENU, HEADLINE, *body, PROSE[4], *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert not [r for r in result.removed if any(v.rule_id == "structure.contents" for v in r.reasons)]


def test_a_chorus_printed_again_is_no_table_of_contents() -> None:
    # A song's chorus, printed before the verses and again after them: short lines each
    # printed again further down, but as a block, not as headings apart.
    chorus = ["Row the boat to the island", "Row it back before the rain", "Leave the nets upon the shore", "And row it out again"]
    verse = ["The fishermen of our town", "have sung this at the harbour wall", "for longer than the oldest of them", "can remember anyone singing it"]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *chorus, *verse, *chorus, PROSE[1], PROSE[2], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert [out.count(line) for line in chorus] == [2, 2, 2, 2]


POEM = ["The Heron", "A grey heron stands", "where the river bends and waits", "the water goes on",
        "and so does the heron", "until the light is gone"]


def test_a_poem_under_a_menu_is_no_link_list() -> None:
    # No paragraph of prose, so no article is found: then only lines that phrase rules
    # name go. Under the menu's "Home" the poem's short lines read like a list of links,
    # and the link list ran on to the end of the page.
    page = "\n".join(["Home", "Poems", "About", *POEM, "By Ann Lee, 2012"]) + "\n"
    result = clean_and_explain(page)
    assert result.region is None
    assert POEM == [line for line in lines(result.text) if line in POEM]


PHOTO_POST = ["Three cats in the garden", "Our three cats asleep in the garden on the first warm afternoon of the spring."]
SIDEBAR = ["Archives", "March 2012 (4)", "February 2012 (7)", "January 2012 (2)", "December 2011 (5)",
           "November 2011 (3)", "October 2011 (6)", "Tags", "garden (12)", "cats (40)", "spring (3)"]


def test_where_no_article_is_found_a_block_of_menus_goes() -> None:
    # A photo post: too little prose for an article, so only what rules name goes; but
    # the archive's months under "Archives" are a block of menus, named by a rule.
    page = "\n".join([*PHOTO_POST, *SIDEBAR, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert result.region is None
    assert lines(result.text) == PHOTO_POST
    reasons = {r.text: {v.rule_id for v in r.reasons} for r in result.removed}
    assert "structure.menu-block" in reasons["March 2012 (4)"]


def test_no_menu_block_that_no_rule_names() -> None:
    # Short lines no rule names may be anything: a list of names, a poem's lines.
    names = ["Ann Lee", "Bo Chan", "Cy Moreau", "Dee Okafor", "Eli Novak", "Fay Duarte", "Gus Lind"]
    page = "\n".join(["Our volunteers this year", *names]) + "\n"
    assert lines(clean(page)) == lines(page)


def test_a_marked_list_and_code_cut_at_its_tags_are_no_menu_block() -> None:
    # A service page's bulleted list, and code printed one token a line, under a menu.
    services = [f"- {s}" for s in ("Proofreading", "Translation", "Speech writing", "Ghost writing", "Editing", "Indexing")]
    code = ["from", "flask", "import", "Flask", "app", "=", "Flask", "(", "__name__", ")", "@app", "route", "(", '"/"', ")"]
    page = "\n".join([*MENU, "What we offer", *services, "Example", *code, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert result.region is None
    out = lines(result.text)
    assert services == [line for line in out if line in services]
    assert code == [line for line in out if line in code]


def test_a_sentence_between_removed_lines_stays_where_no_article_is_found() -> None:
    # Too little prose for an article: a sentence between a sign-up line and an ad label
    # is not the middle of a cluster of boilerplate, as it is not inside an article.
    note = "The bridge opens to traffic on Monday morning, the council said."
    page = "\n".join(["Subscribe to our newsletter", note, "Advertisement"]) + "\n"
    result = clean_and_explain(page)
    assert result.region is None
    assert lines(result.text) == [note]


FOOTER_MENU = ["Sections", "World", "Politics", "Business", "Science", "Health", "Sport",
               "Culture", "Travel", "Weather", "Podcasts", "Newsletters", "Archive"]
CONTACT = ("Our customer service centre can be reached with any question or request by telephone "
           "on weekdays between nine and five, or by e-mail at any time of the day or night, and "
           "we will answer every message as soon as we can.")


SPENDING = ["- Schools", "- Roads and bridges", "- Libraries", "- Parks", "- Street lighting", "- Waste collection",
            "- Fire service", "- Buses", "- Housing", "- Social care", "- Museums", "- Sports halls"]
VILLAGES = ["- Ashford", "- Brookley", "- Cole End", "- Dunmore", "- Eastwick", "- Fairholm", "- Greenway", "- Hollins"]


def test_marked_lists_between_paragraphs_do_not_cut_the_article() -> None:
    # Two lists of one- and two-word items under subheadings, with the article's own
    # paragraphs between them: short lines enough to read as a block of menus, so the
    # rest of the article was cut off as far from it. A site menu has no paragraphs.
    page = "\n".join([
        *MENU, HEADLINE, *PROSE[:4], "Where the money goes", *SPENDING,
        "The same budget pays for the ferry until the vote in the autumn, the treasurer of the council said.",
        "The villages",
        "Eight villages on the far bank will share the new bus service that crosses the bridge, the council said.",
        *VILLAGES,
        "Each village will also get a shelter and a timetable board at its stop, paid for by the county.",
        "What happens next", PROSE[4],
        "Work on a second crossing, a footbridge for walkers a mile downstream, is to start next year if the "
        "council can find the money for it.",
        *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out[-1].startswith("Work on a second crossing") and "What happens next" in out
    assert set(SPENDING + VILLAGES) <= set(out) and not set(MENU + FOOTER) & set(out)


TITLES = [
    "Our daily papers in the north: The Courier; The Evening Star; The Gazette (Riverside); The Herald; "
    "The News of the Hills; The Valley Post; The Lakeside Times.",
    "Our weekly papers: The Advertiser; The Bay Journal; The Chronicle of the Vale; The Coast Register; "
    "The Harbour Echo; The Market Town Mercury; The Sentinel; The Western Observer.",
    "Our magazines: The Garden and the Home; The Good Table; Home and Country Living; The Angler; The Walker; "
    "The Railway Enthusiast; The Cook of the Month; The Sailor.",
]


def test_a_publishers_list_of_titles_is_not_prose() -> None:
    # Long lines of names joined by semicolons, each name with its "The": as long and
    # as full of function words as paragraphs, they joined the article over the menus.
    teasers = ["Most read", "Mayor opens school", "Flood warning lifted", "New bus routes", "Library to close"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Share", *teasers, "Contact us", *TITLES, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out == [HEADLINE, *PROSE[:2]]


FEED = [
    "Harbour master retires after forty years",
    "The man who has guided every ship into the port since the old quay was built will leave his post at the end of the month.",
    "Flood defences to be raised along the quay",
    "Engineers say the wall that protects the lower town will need another metre of stone before the storms of next winter come.",
    "School choir wins the national prize",
    "Forty children from the village school sang in the final in the capital and came home with the cup for the first time.",
    "New bus route links the valley villages",
    "From next month a bus will run every hour between the five villages of the upper valley and the station in the town.",
]


def test_a_teaser_feed_after_the_article_does_not_join_it() -> None:
    # Titles each over a summary of one sentence: the summaries read like the article's
    # paragraphs and scored enough to join it over the short gap of a share bar.
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Share", "More news", *FEED, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out == [HEADLINE, *PROSE[:3]]


def test_an_article_of_sections_with_one_paragraph_each_is_kept_whole() -> None:
    # The same shape inside the article, one run with it: not a later run, so kept.
    body = [PROSE[0], *FEED, PROSE[1]]
    page = "\n".join([*MENU, HEADLINE, *body, "Share", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert out == [HEADLINE, *body]


POSTS = [
    "I have lived on the far bank for forty years and I will believe in this bridge when I can walk across it, "
    "not before, and I said so to the council at every meeting they held about it.",
    "The ferry is the only thing that makes this town worth visiting in the summer, and I hope the vote in the "
    "autumn keeps it running for the visitors and for those of us who like it.",
    "Two years of work and a dispute about the land, and nobody has yet told us what the bridge cost in the end, "
    "which is the only thing that the people who pay for it want to know.",
    "The engineers did good work and the bridge looks fine from the hill, but the road on the far bank is still "
    "too narrow for the buses that the council has promised to send over it.",
    "Does anyone know whether the footpath on the bridge will be open at night, or only in the day as the path "
    "by the old mill is, because some of us work late shifts in the town?",
    "My grandfather ran a boat on that river before the war, and he always said that a bridge would come one day "
    "and that the town would be the poorer for it, and now we will see.",
]


def test_comments_after_a_closed_comment_section_do_not_trip_the_budget() -> None:
    # Posts whose headers (a user name, a number) make no thread: before, their prose
    # was weighed by the removal budget, five times the article's, and the budget kept
    # the whole page. What follows the comment section's heading is readers' prose.
    posts = []
    for n, name in enumerate(["annie_k", "ben77", "carol.w", "dlee", "eve_r", "frank9"]):
        posts += [name, f"#{n + 1}", POSTS[n] + " " + POSTS[n - 1]]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Comments", "Comments are closed.", *posts, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    assert result.text.splitlines() == [HEADLINE, *PROSE[:2]]
    assert not result.notes


def test_a_listings_comment_links_do_not_open_a_comment_section() -> None:
    # "Comment" under every item of a listing is a link, not the heading of readers'
    # comments: what follows the first one is still weighed by the budget.
    items = []
    for n in range(6):
        items += [f"{POSTS[n][:40].rstrip(', ')}", POSTS[n] + " " + POSTS[n - 1], "Comment"]
    page = "\n".join([*MENU, *PROSE[:2], "Comment", *items, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    kept = result.text.splitlines()
    assert all(POSTS[n] + " " + POSTS[n - 1] in kept for n in range(6))


def test_code_between_paragraphs_does_not_cut_the_article() -> None:
    # A tutorial: two code blocks of short lines ("}", "f.Close()", "if f == nil {")
    # that read as menu items, so everything after the first paragraph was cut off.
    first = ["func closeAll(files []File) {", "for _, f := range files {", "if f == nil {", "continue", "}",
             "if f.Closed() {", "continue", "}", "f.Flush()", "f.Close()", "}", "}"]
    second = ["func openAll(names []string) {", "for _, name := range names {", "f, err := Open(name)",
              "if err != nil {", "log(err)", "return", "}", "defer f.Close()", "use(f)", "}", "}"]
    tutorial = [
        "Closing what you open",
        "A program that opens files must close them again, and the simplest way is to keep every open file in a "
        "list and close the whole list when the work is done.",
        *first,
        "The loop skips the files that were never opened and those already closed, and flushes each one before "
        "it closes it, so that nothing written is lost.",
        *second,
        "Deferring the close right after the open keeps the two together, so that the next reader of the code "
        "does not have to look for the close at every return.",
    ]
    page = "\n".join([*MENU, *tutorial, *FOOTER]) + "\n"
    assert lines(clean(page)) == tutorial


def test_commands_under_their_comments_do_not_cut_the_article() -> None:
    # A cheat sheet: each command under a comment that says what it does. The comments
    # read as short lines of text, the commands as code: half the block cost the article,
    # and the run ended in its middle.
    sheet = [line for command, comment in [
        ("git status", "show what changed since the last commit"), ("git add -A", "stage every change"),
        ("git commit -m 'message'", "record the staged changes"), ("git pull", "fetch and merge the remote branch"),
        ("git switch -c topic", "start a new branch"), ("git branch -d topic", "delete a branch once merged"),
        ("git stash", "put the changes aside"), ("git stash pop", "bring them back"),
        ("git log --oneline", "one line a commit"), ("git fetch", "fetch the remote branches"),
        ("git diff", "what is not staged yet"), ("git reset --hard", "throw away every change (destructive)"),
    ] for line in (f"# {comment}", command)]
    tutorial = [
        "Git in a dozen commands",
        "Most days need only a handful of git commands, and the list below is the one I keep beside the keyboard, "
        "each command under a comment that says what it does.",
        *sheet,
        "The last one cannot be undone, so it is worth a look at the status and the diff before running it.",
    ]
    page = "\n".join([*MENU, *tutorial, *FOOTER]) + "\n"
    assert lines(clean(page)) == tutorial


def test_the_answers_of_a_question_and_answer_page_join_the_question() -> None:
    # The question, its votes, tags, stamps and a comment, the count of answers, then the
    # answer: the chrome between them read as a block of menus, so the finder kept the
    # question and removed the answer as far from it (or the other way round).
    question = [
        "How do I stop bread dough sticking to the proofing basket?",
        "Every loaf I proof in my cane basket sticks to it, however much flour I use, and the top of the loaf tears "
        "when I turn it out onto the tray.",
        "The dough is quite wet, about 75 per cent water, and it proofs overnight in the fridge. What am I doing wrong?",
    ]
    answer = [
        "Use rice flour instead of wheat flour for dusting the basket, because it has no gluten and so it does not "
        "turn into glue when it soaks up water from a wet dough during a long proof.",
        "A linen cloth between the dough and the basket helps too, and you can brush the excess flour off the loaf "
        "before it goes into the oven so that the crust does not taste of raw flour.",
    ]
    chrome = ["baking", "sourdough", "Share", "Improve this question", "Follow", "asked Mar 3, 2021 at 8:15",
              "Jo Baker", "2,310", "Add a comment", "1 Answer", "Sorted by:", "Highest score (default)", "12"]
    page = "\n".join([*MENU, "Ask Question", *question, *chrome, *answer, "Share", "Improve this answer",
                      "answered Mar 3, 2021 at 9:40", "Your Answer", "Post as a guest", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(question) <= set(out) and set(answer) <= set(out)
    assert not {"1 Answer", "Improve this answer", "asked Mar 3, 2021 at 8:15", "Your Answer"} & set(out)


def test_comments_under_a_question_do_not_swallow_its_answers() -> None:
    # Comments under the question, each with its writer and stamp, are a thread; it ran
    # on over the answers after the count of answers, which were then comments too.
    question = [
        "Can I keep a sourdough starter in the freezer over the summer holidays?",
        "We are away for five weeks and nobody can feed the starter while we are gone, so I wonder whether freezing "
        "it would keep it alive until we are back home.",
        "The starter is four years old and lives on rye flour, fed twice a day, and it has made every loaf we have "
        "eaten since we moved into this house, so losing it would be a small disaster.",
        "A neighbour offered to take it, but she has never baked bread, and I would rather not hand her a jar and a "
        "page of instructions the day before we leave for the airport.",
        "Has anyone here frozen a starter for that long, and did it come back to life afterwards?",
    ]
    comments = [line for n, (text, who) in enumerate([
        ("Dried starter keeps much better than frozen starter in my experience.", "Ann Reyes"),
        ("How big is the starter? A small one is easier to dry on baking paper.", "Tom Hale"),
        ("Mine survived three weeks in the fridge with one feeding before we left.", "Ann Reyes"),
    ]) for line in (text, who, f"– {who}", f"2022-06-0{n + 2} 09:{10 + n}:05 +00:00", f"Commented Jun {n + 2}, 2022 at 9:{10 + n}")]
    answers = [
        "Freezing works, but the yeast suffers more than the bacteria, so expect the first two or three feedings after "
        "thawing to be slow before the starter doubles again in the usual time.",
        "Drying is the safer way for a long trip: spread a thin layer on baking paper, let it dry completely, break it "
        "into flakes and keep them in a jar, then soak a spoonful in water to start again.",
    ]
    posts = [answers[0], "Share", "Improve this answer", "answered Jun 2, 2022 at 10:05", "Lee Park", "Add a comment",
             answers[1], "Share", "Improve this answer", "answered Jun 3, 2022 at 18:40", "Mia Lund", "Add a comment"]
    page = "\n".join([*MENU, *question, "Share", "Improve this question", "asked Jun 1, 2022 at 21:12", "Jo Baker",
                      *comments, "2 Answers", "Sorted by:", "Highest score (default)", *posts, "Your Answer", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(question) <= set(out) and set(answers) <= set(out)
    assert not {"2 Answers", "Improve this answer", "Your Answer"} & set(out)


def test_prose_beyond_a_menu_block_does_not_join_the_article() -> None:
    # A footer paragraph strong enough to join a short article as its second part, but a
    # block of menu lines lies between them: it is the page's, not the article's.
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Share", *FOOTER_MENU, CONTACT, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[1] in out and CONTACT not in out and "Archive" not in out


def test_the_article_goes_on_after_a_product_box() -> None:
    # Between the two parts: a product box of longer lines, not a menu, so the second
    # part still joins the article (and the box between is kept with it).
    box = ["Deal of the day: the Riverside kettle", "Boils a full litre in under three minutes",
           "Keeps water warm for an hour after boiling", "Comes with a two year guarantee",
           "Available in four colours from most shops", "Price £39.99 at the time of writing",
           "Prices may change after publication", "Buy now", "Riverside kettle, steel finish",
           "Riverside kettle, white finish", "Riverside kettle, black finish"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *box, *PROSE[2:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE) and all(b in out for b in box)


def test_a_teaser_feed_after_the_footer_line_does_not_join_the_article() -> None:
    # Headlines of other stories, each with a sentence of summary: they read as prose,
    # but after "All rights reserved" the page's own footer has ended the article.
    feed = []
    for title, summary in [
        ("Harbour wall to be rebuilt before winter", "Engineers say the old wall will not survive another season of storms on the coast."),
        ("School roof repairs finished early", "Pupils will return to their classrooms a week before the date the council had given."),
        ("Oyster festival draws record crowd", "More than twenty thousand visitors came to the harbour over the long weekend this year."),
        ("Bus timetable changes from Monday", "Three routes will run every ten minutes in the morning and the evening from next week."),
        ("Mayor answers readers' questions", "The mayor spoke about housing, the new bridge and the budget for the coming year."),
    ]:
        feed += [title, summary]
    footer = "© 2025 The Riverside Courier. All rights reserved."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], footer, "Latest news", *feed, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[2] in out and not set(feed) & set(out)


def test_a_sentence_of_the_article_between_two_removed_lines_is_kept() -> None:
    # An ad label above it and a related-links heading below: a short line there would be
    # the middle of a cluster of boilerplate, but a sentence inside the article is not.
    sentence = "Experts say the bridge will carry ten thousand cars a day."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Advertisement", sentence, "Related articles",
                      "Ferry to stop in June", "New bus lane opens", *PROSE[2:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert sentence in out and "Advertisement" not in out and "Ferry to stop in June" not in out


PROMOS = [
    "Click on the picture above to see how the drivers stand in this season's ranking after "
    "the last race of the year, with every point and every podium counted for you by our team.",
    "Click here to find the times of every practice session and race of the season on television, "
    "with the track guide, the statistics and the history of the circuit in one place for you.",
    "Our weekly podcast is back for its twelfth season, with a long chat about everything that "
    "happened on and off the track this week and the questions our listeners sent us by email.",
]


def test_the_article_comes_before_the_page_footer() -> None:
    # After "All rights reserved" the page promotes its other content in sentences that
    # outscore a short article; the run before the footer is the article all the same.
    footer = "© 2025 The Riverside Courier. All rights reserved."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], footer, "Sections", "Our podcasts", *PROMOS, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[1] in out and not set(PROMOS) & set(out)


@pytest.mark.parametrize("credit", ["© 2025 Riverside Photo Agency. All rights reserved.", "© 2024 Riverside Photo Agency"])
def test_a_copyright_credit_inside_the_article_does_not_end_it(credit: str) -> None:
    # Under a photo between two paragraphs: a paragraph follows it right away, so it is a
    # credit, not the page footer, and the article goes on past it.
    page = "\n".join([*MENU, HEADLINE, PROSE[0], credit, *PROSE[1:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE)


def test_a_copyright_line_alone_ends_the_article_before_a_slideshow() -> None:
    # "© 2024 Example News" under the last paragraph, then a slideshow whose captions are
    # sentences: they outscored the negative lines between, and the article's run went on
    # over them. The copyright line ends the article as "All rights reserved" does.
    captions = [
        "The first lorries cross the new bridge on Monday morning, two years after work began on the far bank of the river. (Town Council) Share",
        "Engineers test the railings in January, after the first inspection found that two of the posts on the north side were too low. (Regional Press) Share",
        "The old ferry landing seen from the bridge, with the iron rings and stone steps that the town has promised to keep as they are. (Regional Press) Share",
        "Workers lift the last section of the deck into place in the autumn, watched by a crowd of neighbours from both banks. (Town Council) Share",
    ]
    slideshow = ["Photos: The new bridge", "Open in new window", "previous next", *captions]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "\u00a9 2024 Example News Reprints", *slideshow, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE) and not set(slideshow) & set(out)


def test_a_pipe_table_after_the_last_paragraph_is_kept() -> None:
    # A Markdown table of data closes the article: its header and delimiter rows hold no
    # number, so it was no data run, and its rows were removed as lines after the article.
    table = ["| Tariff | Until March | From April |", "|---|---|---|", "| Basic | 38.9 cents | 34.2 cents |", "| Green | 36.5 cents | 32.1 cents |"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], *table, "Share", "Facebook", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE[:3]) and all(row in out for row in table) and "Facebook" not in out


def test_a_schedule_article_does_not_trip_the_removal_budget() -> None:
    # The schedule holds no prose; the promotions removed after the comment policy and
    # its form are all the page's prose. The budget weighs them against the article's lines, so it stays
    # quiet and the promotions go.
    policy = "Comments that insult other readers will not be approved by the moderators."
    form = ["Leave a comment", "Name", "Email"]
    text = "\n".join([*MENU, "Riverside Hall league: the 2025 schedule", *SCHEDULE, policy, *form, *PROMOS, *FOOTER]) + "\n"
    result = clean_and_explain(text)
    out = lines(result.text)
    assert result.notes == ()
    assert SCHEDULE[0] in out and not set(PROMOS) & set(out)


def test_a_link_run_stops_at_a_bare_price() -> None:
    # Under "Don't miss:" the first title-like lines look like links to other stories, but
    # a bare price is a product box or a table: the run ends there and what follows stays.
    box = ["Riverside kettle", "Boils a litre in three minutes", "£39.99", "Available from most shops",
           "Keeps water warm for an hour"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Don't miss:", *box, *PROSE[2:], *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = lines(result.text)
    assert "Riverside kettle" not in out and all(b in out for b in box[2:]) and all(p in out for p in PROSE)


def test_a_post_pager_heads_no_link_run() -> None:
    # "« Previous post | Main | Next post »" holds its links itself (link_line_rules): the
    # title-like lines after it are no list of links under a heading. (Above a post, they
    # are its own title and byline.)
    pager = "« Notes from the allotment | Main | Three walks along the estuary »"
    after = ["The vote", "Councillors back the plan"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], pager, *after, *PROSE[2:], *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = lines(result.text)
    assert pager not in out and all(a in out for a in after) and all(p in out for p in PROSE)
    assert not [r for r in result.removed if r.reasons[0].rule_id == "structure.link-run"]


def test_a_live_box_inside_the_article_goes_up_to_its_closing_link() -> None:
    # Another story's live updates between two paragraphs: the label, the box's title, its
    # time-stamped headlines and "See all updates" go; the article's subheadings right
    # after the box stay (the closing link ends the run, and heads none of its own).
    box = ["LIVE", "Storm warning: latest updates", "10:42 Ferry crossings cancelled until noon",
           "10:15 Schools in the north to close early", "See all updates"]
    after = ["The vote", "Councillors back the plan"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], *box, *after, *PROSE[2:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert not set(box) & set(out) and all(a in out for a in after) and all(p in out for p in PROSE)


def test_short_paragraphs_under_a_gallery_menu_item_are_no_captions() -> None:
    # A "Gallery" item at the end of the menu, then an article of one-sentence paragraphs:
    # a gallery's captions read so too, but a gallery lies inside the article or outside
    # it, never across its edge.
    menu = ["Home", "News", "Sport", "Gallery"]
    short = [
        "The harbour board met on Monday to discuss the breakwater.",
        "Its chair said repairs would start in March.",
        "The work is expected to last two years.",
        "Fishermen welcomed the decision but asked for a quicker timetable.",
    ]
    page = "\n".join([*menu, *short, *PROSE, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(s in out for s in short) and all(p in out for p in PROSE)


def test_short_paragraphs_under_media_tabs_are_no_captions() -> None:
    # "Video", "Photo", "Gallery" tabs of a media player inside the story, and paragraphs of
    # one short sentence each under it: a row of tabs heads nothing under its last label.
    short = [
        "The harbour board met on Monday to discuss the breakwater.",
        "Its chair said repairs would start in March.",
        "The work is expected to last two years.",
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Video", "Photo", "Gallery", *short, *PROSE[2:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(s in out for s in short) and all(p in out for p in PROSE)


def test_a_comment_link_with_a_paragraph_right_after_it_does_not_end_the_article() -> None:
    # "Comments (3)" between two paragraphs is a link in the article's furniture; the
    # comment section does not start there, because the article's prose goes on at once.
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Comments (3)", *PROSE[3:], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE) and "Comments (3)" not in out


INFO_BOX = [
    "Practical information",
    "When: Friday 11 to Sunday 13 July",
    "Where: Rozengaard Park",
    "Times: Friday 6 pm to 1 am, weekend noon to 1 am",
    "Tickets: evening 17.50 euros, weekend 39 euros",
    "Information: 0575 512 340",
]


def test_an_event_info_box_after_the_article_is_kept() -> None:
    # "Label: value" lines, most with numbers: the event's practical details. One box
    # between the text and them ("Read also: <headline>") is stepped over and removed.
    read_also = "Read also: Council approves the new ferry timetable for the summer"
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], read_also, *INFO_BOX, "Share this article", "Facebook", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(INFO_BOX) <= set(out)
    assert read_also not in out and "Facebook" not in out and "About us" not in out


def test_kicker_teasers_after_the_article_are_not_an_info_box() -> None:
    # "Opinion: <headline>" lines are labelled too, but carry no numbers: teasers.
    kickers = ["Opinion: The bridge came too late", "Analysis: What the budget means for schools",
               "Explainer: Who pays for the ferry", "Watch: The first crossing at dawn"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], *kickers, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[2] in out and not set(kickers) & set(out)


def test_the_text_after_an_inline_read_also_link_is_the_article_again() -> None:
    # "Read also: <headline>" is a link by itself, not the heading of a link list: the
    # short lines after it (a numbered step, a command) are the article's.
    step, command = "4. Test the installation", "sudo docker run hello-world"
    read_also = "Read also: How to check your Ubuntu version in the terminal"
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], read_also, step, command, *PROSE[2:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert step in out and command in out and read_also not in out


def test_short_intro_lines_under_a_headline_with_a_byline_and_credits_are_kept() -> None:
    # Eight lines between the headline and the first paragraph, but four of them are a
    # date, a reading time and photo credits that rules name: the headline is still close,
    # so the three short intro sentences are the article's and the credits are not.
    intro = ["Spoiler: the town is sick of the ferry.", "But the mayor is not.", "Two years, one bridge, a very long queue."]
    meta = ["Posted on 12 March 2025 by Hannah Lowe", "7 min read"]
    credits = ["Photo: Hannah Lowe", "The old ferry, on its last day. Photo: Hannah Lowe"]
    page = "\n".join([*MENU, HEADLINE, *meta, *intro, *credits, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(intro) <= set(out) and HEADLINE in out
    assert not (set(meta) | set(credits)) & set(out)


def test_a_question_heading_and_its_list_under_the_standfirst_are_kept() -> None:
    # Headline, byline, standfirst, "What's new?" and five short items, then the body:
    # the items read like a menu one by one, but a heading that asks right under the
    # standfirst announces them.
    standfirst = "The town's transport company has released a new version of its app, the largest update since its launch in 2019."
    items = ["What's new?", "Tickets without an account", "Card payments", "Live vehicle map", "Dark mode", "Detour alerts"]
    page = "\n".join([*MENU, HEADLINE, "Kamil Nowak", standfirst, *items, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(items) <= set(out) and standfirst in out
    assert "Kamil Nowak" not in out and "Home" not in out


def test_a_share_bar_under_the_standfirst_is_not_an_announced_list() -> None:
    standfirst = "The town's transport company has released a new version of its app, the largest update since its launch in 2019."
    bar = ["Share this:", "Facebook", "Flipboard", "Copy link"]
    page = "\n".join([*MENU, HEADLINE, standfirst, *bar, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert standfirst in out and not set(bar) & set(out)


def test_a_last_section_after_a_read_also_link_is_kept() -> None:
    # The article's last section (a subheading and three short sentences, a checklist
    # whose bullets the scraper dropped) comes after a "Read also" link: kept.
    checklist = ["How to spot a fake", "The message names no decree and no date.",
                 "It asks you to share it urgently, before it is deleted.", "It links to no government site."]
    read_also = "Read also: How to check that your pension is calculated correctly"
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], read_also, *checklist, "Share this article", "Facebook", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(checklist) <= set(out)
    assert read_also not in out and "Facebook" not in out


@pytest.mark.parametrize("label", ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement"])
def test_a_closing_sentence_after_an_ad_label_is_kept(label: str) -> None:
    # An ad placed between the last paragraph and a short closing sentence: the label
    # goes, the sentence is the article's, as it is right under the last paragraph. Past
    # a newsletter box, a sentence is the box's blurb ("Get the best stories every week.").
    closing = "The new timetable starts on 1 June."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], label, closing, "More from News", "Ferry fares to rise", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert closing in out and PROSE[3] in out
    assert label not in out and "Ferry fares to rise" not in out
    blurb = "Get the best local stories in your inbox."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], "Sign up for our newsletter", blurb, *FOOTER]) + "\n"
    assert blurb not in lines(clean(page))


def test_reader_comments_after_a_comment_heading_are_not_a_last_section() -> None:
    comments = ["Comments (2)", "Anna", "Great piece, thank you.", "The bridge is overdue anyway.", "Tom", "Agreed."]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], *comments, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[3] in out and not set(comments) & set(out)


def test_a_see_also_box_between_the_headline_and_the_body_goes() -> None:
    # "See also", a linked headline and its summary cut short: a teaser, however close to
    # the body, and the summary does not open the article.
    box = ["See also", "Ferry fares to rise in the spring",
           "The operator said the new fares would apply from March and that season tickets would cost..."]
    page = "\n".join([*MENU, HEADLINE, "By Ana Ruiz", *box, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert HEADLINE in out and PROSE[0] in out and not set(box) & set(out)


def test_a_read_also_heading_inside_the_article_takes_its_one_headline() -> None:
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Read also", "Ferry fares to rise in the spring", *PROSE[2:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[1] in out and PROSE[2] in out
    assert "Read also" not in out and "Ferry fares to rise in the spring" not in out


def test_a_colon_over_a_long_menu_announces_no_list() -> None:
    # "Change language:" over a hundred menu lines must not make them cost nothing, or the
    # menu joins the article.
    countries = ["Argentina", "Australia", "Austria", "Belgium", "Brazil", "Canada", "Chile", "Denmark", "Egypt",
                 "Finland", "France", "Germany", "Greece", "India", "Ireland", "Italy", "Japan", "Kenya", "Mexico",
                 "Norway", "Peru", "Poland", "Portugal", "Spain", "Sweden"]
    menu = [f"{country} ({language})" for country in countries for language in ("English", "local")]
    page = "\n".join(["Change language & content:", *menu, HEADLINE, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not set(menu) & set(out)


def test_a_correction_note_after_the_reporters_address_is_kept() -> None:
    contact = "Contact the reporter at jane@example.com or 555-0143."
    note = "Correction: An earlier version of this article misstated the date the bridge opens. It is May 6."
    page = "\n\n".join([HEADLINE, *PROSE[:4], contact, note, "Related Stories", "Ferry fares to rise"]) + "\n"
    out = lines(clean(page))
    assert note in out and contact not in out and "Ferry fares to rise" not in out


def test_a_match_timeline_after_the_report_is_kept() -> None:
    # "17' Goal", "41' Yellow card": the leading numbers are minutes, not places in a
    # ranking (those run 1, 2, 3), so the timeline is a data list after the report.
    timeline = ["17' Header by Marcos, 1-0", "41' Yellow card for Gao", "58' Rodrigues equalises, 1-1",
                "72' Substitution: Liu for Feng", "90+3' Zhang chips the keeper, 1-2"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], "Key moments", *timeline, "Share this article", "Facebook", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(timeline) <= set(out) and "Facebook" not in out


def test_a_question_heading_and_its_list_right_above_the_first_paragraph_are_kept() -> None:
    # Headline, date and byline (named by rules), then "What's new?" and its items, then
    # the body: the list opens the article; the headline is still found above it.
    items = ["What's new in version 2.26?", "New tasks for the game!", "More questions for your opponent",
             "Challenges coming soon", "Better Android support", "Bugs fixed"]
    page = "\n".join([*MENU, HEADLINE, "October 5, 2018", "Posted by Vortex", "Leave a comment", *items, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(items) <= set(out) and HEADLINE in out
    assert "Posted by Vortex" not in out and "Leave a comment" not in out


def test_command_lines_that_open_the_article_are_kept() -> None:
    # Short lines that open with the same word, introduced by a line of the article's:
    # a list of commands, not a menu.
    intro = "The standard speed is set with player.setav speedmult, in per cent"
    commands = ["player.setav health 100", "player.setav magicka 100", "player.setav stamina 100"]
    page = "\n".join([*MENU, HEADLINE, intro, *commands, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(commands) <= set(out)


def test_teasers_that_open_with_the_same_word_under_a_heading_are_not_kept() -> None:
    teasers = ["How to renew a ferry pass", "How to report a pothole", "How to book the town hall"]
    page = "\n".join([*MENU, HEADLINE, "Related", *teasers, *PROSE[:4], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and not set(teasers) & set(out)


def test_listicle_teasers_with_a_number_are_not_a_timeline() -> None:
    # "27 Oddest ...", "10 Strangest ...": a number then a word is a title's count, not a
    # minute ("17' Goal"), so a run of such teasers after the article is no data list.
    teasers = ["27 Oddest Ferry Crossings, Ranked", "10 Strangest Bridges, From Oslo to Rome",
               "15 Weird Things, All Found in the River", "12 Harbours, Each Worth a Detour"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], *teasers, "Share this article", "Facebook", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[3] in out and not set(teasers) & set(out)


def test_a_teaser_that_asks_is_still_a_link_under_a_related_heading() -> None:
    teasers = ["Ferry fares to rise in the spring", "Which schools will get a breakfast club first?",
               "Harbour festival draws record crowds"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], "Related coverage", *teasers, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[3] in out and not set(teasers) & set(out)


def test_a_long_blurb_inside_a_sign_up_box_goes_with_it() -> None:
    # Between a sign-up heading and the e-mail field, the newsletter's description is a
    # long sentence; inside the box it is the box's.
    blurb = ("Our morning email breaks down the key stories of the day, telling you what is happening "
             "in the town and why it matters to you and your family.")
    page = "\n\n".join([HEADLINE, *PROSE[:2], "Sign up to our Morning Briefing newsletter", blurb,
                        "Enter your email address", *PROSE[2:4]]) + "\n"
    out = lines(clean(page))
    assert blurb not in out and PROSE[2] in out


def test_an_article_printed_twice_is_found() -> None:
    # The page holds its print version too: every paragraph comes twice. A paragraph
    # printed again is a teaser's or a pull quote's and scores nothing, so no article was
    # found: the teasers after it stayed; three in a row, each printed again, are an article.
    teasers = ["Local bakeries tighten their belts as prices rise", "Harbour festival draws record crowds this summer"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Print", "Email", *PROSE[:3], *FOOTER, *teasers]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert HEADLINE in out and out.count(PROSE[0]) == 2 and set(PROSE[:3]) <= set(out)
    assert not set(teasers) & set(out) and result.region is not None



def test_an_article_printed_twice_with_subheadings_is_found() -> None:
    # Its short sections, two paragraphs and a subheading (printed again too), made no run
    # of three paragraphs printed again: each scored as a teaser's summary, and the
    # article lost its opening and its last section.
    sections = [*PROSE[:2], "The ferry", *PROSE[2:4], "Next spring", PROSE[4]]
    page = "\n".join([*MENU, HEADLINE, *sections, "Print", "Email", "Comments", HEADLINE, *sections, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert out[: len(sections) + 1] == [HEADLINE, *sections]
    assert not set(FOOTER) & set(out)


# Sentences readers write under an article, combined three by three into posts that print no names.
REPLIES = [
    "I took that ferry every morning for years and I will miss the boatman more than the boat.",
    "The council should have asked the people of the old quarter before it spent all that money.",
    "My grandfather helped build the old pier, and he always said this day would come.",
    "It is good news for the shops on the far bank, which lose their customers every winter.",
    "Two years of work is not long for something of that size, and the engineers deserve some praise.",
    "I hope they keep the ferry for the summer visitors, because the crossing is the best part of the trip.",
    "Does anyone know whether it will be open to bicycles, or only to cars and buses?",
    "The dispute over the land took longer than the building itself, which says a lot about this place.",
]


def _replied(n: int) -> tuple[list[str], list[str]]:
    """``n`` posts of two sentences each, and the thread that prints each with its "Reply"."""
    posts = [f"{a} {b}" for a in REPLIES for b in REPLIES if a != b][:n]
    return posts, [line for post in posts for line in (post, "Reply")]


def test_a_comment_count_under_the_article_never_makes_the_posts_the_article() -> None:
    # "28 comments" over the posts' "Reply" ends the article even with the posts' sentences
    # after it, but 120 posts with no names over them outscore it five times once cut off
    # (too much for it to join them, and with no headline above it nothing brings it back
    # as their lead): the article above the count is the article all the same, and the
    # posts go (the removal budget does not weigh them), the first too (long prose next
    # to the article is guarded, but not under the comment section's count).
    posts = [f"{a} {b} {c}" for a in REPLIES for b in REPLIES for c in REPLIES if len({a, b, c}) == 3][:120]
    article = [
        *PROSE,
        "The engineers said the bridge had been built to carry twice the traffic the town sees today, so that it would not need to be widened for fifty years.",
        "A ceremony is planned for the first weekend of April, when the mayor and the families who ran the ferry will be the first to walk across.",
    ]
    thread = [line for post in posts for line in (post, "Reply")]
    page = "\n".join([*MENU, *article, "28 comments", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(article) <= set(out) and not set(posts) & set(out)


def test_a_comment_count_under_an_author_box_is_no_section_heading() -> None:
    # An author box ("ABOUT ANN LEE" over her bio) right above the count of comments made
    # the count read as one of the article's section headings (a short heading past the
    # paragraph beside it): it cut nothing off, and 40 posts with their "Reply" stayed
    # with the article. A count of comments heads no section of an article.
    posts, thread = _replied(40)
    box = [
        "ABOUT ANN LEE",
        "Reporter, walker and reluctant cyclist; she has written about the towns and villages of the river valley for this paper since 2009.",
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE, *box, "{ 40 comments… read them below or add one }", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE) <= set(out) and not set(posts) & set(out)


def test_a_short_post_over_a_count_and_a_previous_comments_link_stays_the_article() -> None:
    # A video post: a byline and two sentences, then the count of comments and a link to
    # the older ones (no sentence right under the count, so it ends the article as a
    # barrier and cuts nothing), then 40 posts with their "Reply". The posts outscored
    # the post and were kept as the article while the post went as far from it.
    posts, thread = _replied(40)
    post = [
        "by Ann Lee on March 3, 2024",
        "The film below was shot from the new bridge on the morning it opened to walkers, from the first light until the mayor cut the ribbon at noon, with the old ferry still crossing beneath it.",
        "Tell us what you remember of the old ferry crossing in the comments, and send us your own photographs of the river if you have any.",
    ]
    page = "\n".join([*MENU, HEADLINE, *post, "{ 40 comments… read them below or add one }", "← Previous Comments", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(post[1:]) <= set(out) and not set(posts) & set(out)


def test_posts_under_a_comment_heading_are_removed_when_they_outscore_the_article() -> None:
    # The page prints the posts' sentences and nothing else (no names, no dates), under
    # a "Comments" heading that the footer's link repeats. They outscore the article
    # five times once cut off, so the page was read without the cut, and the removal
    # budget then kept every line (the posts counted as prose the rules would remove).
    posts = [f"{a} {b}" for a in REPLIES for b in REPLIES if a != b][:40]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "Comments", *posts, "Comments", *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE) <= set(out) and not set(posts) & set(out)


@pytest.mark.parametrize("count", ["23 Comments", f"23 thoughts on “{HEADLINE}”"])
def test_posts_printed_as_paragraphs_under_a_count_are_not_the_article(count: str) -> None:
    # A scraper that keeps paragraphs only: the count of comments right under the
    # article's last paragraphs (past its share bar), then the posts' sentences with no
    # name, date or "Reply" between them. Nothing ended the article at the count, so the
    # posts ran on as its paragraphs. A blog's count names the post it is under.
    posts = [f"{a} {b}" for a in REPLIES for b in REPLIES if a != b][:30]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "Tweet", count, *posts, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE) <= set(out) and not set(posts) & set(out)


def test_a_count_of_no_comments_between_paragraphs_cuts_nothing_off() -> None:
    # "0 comments" heads no posts: the article goes on under it.
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "0 comments", *PROSE[3:], *FOOTER]) + "\n"
    assert set(PROSE) <= set(clean(page).splitlines())


def test_a_count_under_the_byline_cuts_no_article_off() -> None:
    # Readers' quotes high in the page are paragraphs above the count, but not the
    # article's last: the count under the byline is the article's link to its comments.
    page = "\n".join([*MENU, *REPLIES[:3], *MENU, HEADLINE, "By Ann Lee", "12 comments", *PROSE, *FOOTER]) + "\n"
    assert set(PROSE) <= set(clean(page).splitlines())


def test_a_discussion_section_that_outscores_the_opening_stays_the_articles() -> None:
    # "Discussion" heads comment sections and an article's own section alike (a study's):
    # under it, the article's longer second half is not cut off as posts.
    section = [f"{a} {b} {c}" for a, b, c in zip(REPLIES, REPLIES[1:], REPLIES[2:])]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Discussion", *section, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:3]) | set(section) <= set(out)


WRITERS = ["Ann", "Bo Lindqvist", "Carla M.", "Dev", "Elif Kaya", "Finn"]


def test_posts_under_their_writers_names_alone_are_not_the_article() -> None:
    # A count of comments, then the posts with a name over each and no date: no thread is
    # seen (a header has a date or a "says:"), the text does not go on after the count
    # (a name, a post, a name), so the count ends the article, and 60 posts outscore it
    # eight times: the posts were the article and the article was removed.
    posts = [f"{a} {b}" for a in REPLIES for b in REPLIES if a != b][:60]
    thread = [line for n, post in enumerate(posts) for line in (WRITERS[n % len(WRITERS)], post)]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "60 comments", *thread, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE) <= set(out) and not set(posts) & set(out)


def test_an_articles_sections_under_a_comment_count_are_not_posts() -> None:
    # A count of comments above the article (a link among the page's tabs, under three
    # readers' quotes): the article's sections each have a heading over a paragraph, but
    # its headings are no names.
    sections = ["What the bridge costs", "Who will pay for it", "When the work ends", "What happens to the ferry"]
    body = [line for heading, paragraph in zip(sections, PROSE) for line in (heading, paragraph)]
    page = "\n".join([*MENU, *REPLIES[:3], "12 comments", *body, *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:4]) <= set(out)


# Headlines of other articles, in title case: a teaser list after the article.
TEASERS = [
    "Why the Old Mill Bakery Still Opens at Four in the Morning",
    "Ten Walks Along the River You Can Do in an Afternoon",
    "How the Harbour Festival Became the Biggest Night of the Year",
    "What the New Bus Timetable Means for the Northern Villages",
    "Inside the School That Grows All of Its Own Vegetables",
    "The Last Blacksmith in the Valley Hands Over His Forge",
    "Five Cafés Worth the Detour on a Rainy Saturday",
    "Meet the Volunteers Who Keep the Lighthouse Running",
    "A Guide to the Markets of the Old Town This Winter",
    "Why Everyone in Town Is Talking About the New Library",
]


def test_the_article_does_not_join_prose_beyond_a_list_of_headlines() -> None:
    # The site's blurb after ten teaser headlines scores a fifth of the article; the
    # headlines are no menu items (too long), so it joined, and the teasers with it.
    blurb = (
        "The Valley Courier has reported on the towns and villages of the river valley since 1921. "
        "It is published every weekday morning by its own staff of twelve reporters and editors, and it is owned "
        "by a trust that its readers founded when the last owner wanted to close it, so that no shareholder takes a profit from it."
    )
    out = clean("\n".join([*MENU, HEADLINE, *PROSE[:3], *TEASERS, blurb, *FOOTER]) + "\n").splitlines()
    assert set(PROSE[:3]) <= set(out) and not set(TEASERS) & set(out) and blurb not in out


def test_a_list_of_titles_the_article_announces_is_kept() -> None:
    page = "\n".join([*MENU, HEADLINE, PROSE[0], "Here are the walks the club leads this year:", *TEASERS, *PROSE[1:3], *FOOTER]) + "\n"
    out = clean(page).splitlines()
    assert set(PROSE[:3]) <= set(out) and set(TEASERS) <= set(out)


def test_a_german_list_of_capitalised_nouns_is_no_teaser_list() -> None:
    # German capitalises its nouns: a list of noun phrases reads as title case. Only the
    # languages of title-case headlines (``title_case_languages``) read headline runs.
    prose = [
        "Die Stadt hat am Samstag ihre neue Brücke über den Fluss eröffnet, nach zwei Jahren Bauzeit und mit Kosten, die zweimal gestiegen sind, weil die Pläne während der Arbeiten geändert werden mussten.",
        "Der Bürgermeister sagte bei der Eröffnung, die Brücke werde den Weg in die Nachbarstadt um eine halbe Stunde verkürzen, und die Fähre, die seit achtzig Jahren fährt, werde im Herbst eingestellt.",
        "Viele Anwohner kamen schon am Morgen, um als Erste über die Brücke zu gehen, und die Bäckerei am alten Fähranleger verkaufte bis zum Mittag mehr Kuchen als sonst in einer ganzen Woche.",
        "Für Radfahrer gibt es auf beiden Seiten einen eigenen Weg, der durch ein Geländer von der Fahrbahn getrennt ist, und im Frühjahr sollen Bänke und Bäume an den Zufahrten dazukommen.",
    ]
    items = [
        "Neue Radwege für Altstadt und Hafen", "Mehr Parkplätze für Anwohner am Fähranleger", "Sanierung der Stadtmauer im Frühjahr",
        "Wochenmarkt zum Hafen, Flohmarkt zum Rathaus", "Neue Buslinie für die Dörfer im Norden", "Längere Öffnungszeiten der Stadtbibliothek",
        "Hochwasserschutz für das Ostufer am Deich", "Schulgarten für die Grundschule am Markt", "Zwei Löschfahrzeuge für die Feuerwehr",
        "Sommerfest der Vereine im Stadtpark",
    ]
    page = "\n".join([*MENU, "Stadt eröffnet neue Brücke über den Fluss", *prose[:2], *items, *prose[2:], "Impressum", "Datenschutz"]) + "\n"
    out = clean(page).splitlines()
    assert set(prose) <= set(out) and set(items) <= set(out)
    read_as_english = Config(params=(("structure.outside-article", "title_case_languages", ["en", "de"]),))
    assert prose[3] not in clean(page, read_as_english).splitlines()  # (what the guard is for)



def test_a_marked_list_in_title_case_is_no_teaser_list() -> None:
    # Certificates, courses, product names: items in title case, but marked as a list's
    # ("- "), which teaser headlines are not; a staff page lost its trainers' lists
    # to this when the article was cleaned alone (web2025 gold kept 94.9 -> 94.4 %).
    from cleaner.article import _headline_runs
    from cleaner.pipeline import Pipeline

    marked = ["- Certified Group Exercise Instructor", "- Certified Indoor Cycling Instructor", "- Precision Nutrition Exercise Certificate"]
    text = "\n".join([PROSE[0], *marked, PROSE[1], *TEASERS[:3], PROSE[2]]) + "\n"
    pipe = Pipeline(Config())
    _, ctx, _ = pipe.observe(segment(text))
    runs = _headline_runs(ctx, [i for i in ctx.info if not i.blank], pipe.region_params)
    assert runs == {5, 6, 7}  # the three teasers, not the three marked items (lines 1-3)


# A blog's sidebar box about its author: one paragraph of prose, longer than the one
# sentence of a post of short lines (a photo post, a list of links).
BIO = ("I am a designer and illustrator living by the sea, and I have kept this blog since my "
       "first year at art school to share sketches, books I love and the odd recipe with friends.")
POST = ["Sketchbook: the harbour in winter", "Six new drawings from the cold mornings at the harbour, when the boats come in before sunrise.",
        "Ink and watercolour on paper.", "More of them at the gallery next week!", "Posted by Mira at 9:12 AM"]


def _bio_page(box: list[str]) -> str:
    return "\n".join([*MENU, *box, "Blog archive", "2024 (31)", "2023 (40)", *POST, "Labels: drawing, harbour", *FOOTER]) + "\n"


def test_a_bio_under_an_about_me_heading_does_not_outscore_a_short_post() -> None:
    out = lines(clean(_bio_page(["About Me", "Name: Mira", BIO])))
    assert BIO not in out and set(POST[1:4]) <= set(out)


def test_a_bio_over_a_profile_link_does_not_outscore_a_short_post() -> None:
    out = lines(clean(_bio_page(["Mira", BIO, "View my complete profile"])))
    assert BIO not in out and set(POST[1:4]) <= set(out)


def test_an_about_me_page_keeps_its_paragraphs() -> None:
    # The page about the author is the article: its paragraphs are all kept.
    page = "\n".join([*MENU, "About me", BIO, *PROSE[:3], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert BIO in out and set(PROSE[:3]) <= set(out)


def test_the_footer_s_own_notice_does_not_outscore_a_forum_thread() -> None:
    # A forum thread: a post and its replies between short header lines (name, rank,
    # date), then the page footer's links and a terms-of-use notice of two long
    # paragraphs, the longest prose on the page. A run after the footer's links among the
    # page's last lines is the footer's own text: the thread above is the content.
    thread = []
    for name, post in [("river_ann", PROSE[:2]), ("tom.b", ["Same here, the early boat is always full by June."]),
                       ("Marta K", ["We took the bus round the bay instead and it was quicker."]),
                       ("river_ann", ["Thanks, I will try the bus next time then."])]:
        thread += [name, "Member", "Mar 3, 2025", *post]
    notice = [
        "The material on this site, including the posts of its members, is offered for personal reading only; "
        "copying it in whole or in part, storing it in any retrieval system, or passing it to a third party for "
        "any purpose, including the training of software, requires the prior written consent of the operator "
        "and of each member whose words it contains, and may be refused without giving reasons.",
        "You may not use, and may not allow anyone else to use, this site or anything on it to build a collection "
        "of texts, to compile statistics about its members, or to make a product that competes with it; any such "
        "use ends your right to visit the site at once and may lead to a claim for damages under the law of the "
        "country where the operator is registered, whichever court the operator chooses.",
    ]
    footer = ["Contact us", "Terms and rules", "Privacy policy", "Help", "Your use of our content"]
    page = "\n".join([*MENU, "Which ferry do you take to the island?", *thread, *footer, *notice]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[1] in out and not set(notice) & set(out)


# Other stories under the article: sentence-case headlines, as British and European
# sites write them, so no title-case teaser list.
OTHER_STORIES = [
    "Harbour master retires after forty years at the port",
    "Flood defences to be raised along the lower quay",
    "School choir wins the national prize for the first time",
    "New bus route links the villages of the upper valley",
    "Library to close on Sundays from next month",
    "Market traders ask the council for a covered hall",
]


def test_a_run_beyond_the_headings_of_other_stories_does_not_join_the_article() -> None:
    # After the article: "More from" the author, a bio, "Most read" and other stories,
    # then a feed of the author's short posts. The posts read as well as paragraphs and
    # scored a fifth of the article, so they joined it over all of the rest.
    posts = POSTS[:2]
    after = ["More from Ann Lee", *OTHER_STORIES[:3], "About Ann Lee", "Ann Lee writes about the towns of the valley.",
             "Most read", *OTHER_STORIES[3:], "Latest from our writers", *posts]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "Share", *after, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(PROSE) <= set(out) and not set(posts) & set(out) and not set(OTHER_STORIES) & set(out)


@pytest.mark.parametrize("heading", ["TOP HEADLINES", "More headlines"])
def test_a_headlines_box_after_the_article_ends_it(heading: str) -> None:
    # A site's box of its other headlines, then a feed of posts that read as well as
    # paragraphs: "Top headlines" names other stories as "Most read" does.
    after = [heading, *OTHER_STORIES, "Sports", "Weather", "Opinion", "Latest from our writers", *POSTS[:2]]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "Share", *after, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(PROSE) <= set(out) and not set(POSTS[:2]) & set(out)


# An author's bio under the article: a long one (over the prose guard's 200 characters)
# and a short one.
BIOS = [
    "Ann Lee is a reporter at the Valley Courier, where she has covered the towns along the river "
    "since 2009. She lives on the far bank with two cats and a rowing boat, and still takes the "
    "ferry to work every morning.",
    "Ann Lee is a reporter at the Valley Courier.",
]


@pytest.mark.parametrize("bio", BIOS)
def test_an_author_bio_under_the_article_is_not_the_article(bio: str) -> None:
    # Prose, so it joined the article's last paragraph; long, so the prose guard kept it.
    # The byline names its author.
    page = "\n".join([*MENU, HEADLINE, "By Ann Lee", *PROSE, bio, "Share", *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = result.text.splitlines()
    assert set(PROSE) <= set(out) and bio not in out
    why = {r.text: r.reasons for r in result.removed}
    assert any(v.rule_id == "metadata.author-bio" for v in why[bio])



def test_an_author_bio_of_two_paragraphs_under_the_article_is_not_the_article() -> None:
    # The bio goes on in a second paragraph about her ("She ..."): with a paragraph after
    # it, the bio was taken for the article's, and both were kept.
    more = "Before joining the Courier she taught history for ten years, and her first book, on the river's ferries, came out in 2021."
    page = "\n".join([*MENU, HEADLINE, "By Ann Lee", *PROSE, BIOS[1], more, "Share", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(PROSE) <= set(out) and BIOS[1] not in out and more not in out


EDITOR = (
    "Jo Feld is the editor of the Valley Courier, which first reported the plans for the bridge "
    "in 2019, and he said on Monday that the paper would keep following the work until it opens."
)


@pytest.mark.parametrize(
    "body",
    [
        [*PROSE[:3], BIOS[1], *PROSE[3:]],  # between the article's paragraphs: someone it is about
        [*PROSE[:4], EDITOR, PROSE[4]],  # next to last, the share bar under the article,
        [*PROSE, EDITOR],  # or last: no byline names him, so no removed neighbour confirms it
    ],
)
def test_a_sentence_that_introduces_a_journalist_in_the_article_stays(body: list[str]) -> None:
    page = "\n".join([*MENU, HEADLINE, "By Ann Lee", *body, "Share", *FOOTER]) + "\n"
    assert set(body) <= set(lines(clean(page)))


def test_a_short_box_of_related_stories_inside_the_article_does_not_end_it() -> None:
    # A heading and six links split the article in two runs; the second joins the
    # first across so short a gap.
    body = [*PROSE[:3], "Related stories", *OTHER_STORIES, *PROSE[3:]]
    page = "\n".join([*MENU, HEADLINE, *body, "Share", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(PROSE) <= set(out)


def test_a_label_that_stands_inside_articles_does_not_end_one() -> None:
    # "Don't miss" over a box of six products, each with its "Buy now" button, inside a
    # deals article: such labels stand inside articles as often as under them, so the
    # rest of the article still joins it.
    products = [line for n in range(1, 7) for line in (f"Garden lamp model {n}, solar, with a timer", "Buy now")]
    body = [*PROSE[:3], "Don't miss", *products, *PROSE[3:]]
    page = "\n".join([*MENU, HEADLINE, *body, "Share", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(PROSE) <= set(out)


def test_the_article_goes_on_after_a_list_it_announces() -> None:
    # The items of an announced list read as a menu (short, repeated lines): a gap of
    # them after the article's first part does not cut off the part after it.
    announce = "At the count the returning officer read out the results, ward by ward, as follows:"
    items = ["North ward", "Labour hold", "South ward", "Labour hold", "East ward", "Green gain",
             "West ward", "Labour hold", "Old Town", "Independent hold", "Riverside", "Green gain"]
    later = PROSE[3:5]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], announce, *items, *later, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in later) and items[0] in out
    assert "Home" not in out and FOOTER[1] not in out



@pytest.mark.parametrize("rule", ["---", "* * *", "______"])
def test_a_thematic_break_does_not_cut_off_the_list_after_the_article(rule: str) -> None:
    # A rule line, then a cover's two lines and "Tracklist:": the album's songs are the
    # post's own, as they are without the rule.
    songs = [f'{n}. "{title}"' for n, title in enumerate(
        ["Harbour Lights", "Paper Boats", "North Wind", "Salt", "The Long Field", "Lanterns"], start=1)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], rule, "The Valley Band", "Crossings", "Tracklist:", *songs, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(song in out for song in songs) and "Tracklist:" in out
    assert FOOTER[1] not in out and "Home" not in out



def test_a_table_printed_with_spaces_between_its_cells_is_the_article_s() -> None:
    # A match report, then the standings under their heading: a header row naming the
    # cells and rows of numbers with no punctuation between them.
    header = "Pos Club P W D L Pts"
    rows = [f"{n} {club} 20 {w} {d} {20 - w - d} {3 * w + d}" for n, (club, w, d) in enumerate(
        [("Riverside", 14, 4), ("Harbour", 12, 5), ("Castle", 11, 4), ("Market", 9, 6), ("Mill", 7, 5)], start=1)]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "The table after the twentieth round", header, *rows, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert header in out and all(row in out for row in rows)
    assert FOOTER[1] not in out and "Home" not in out



def test_the_last_section_of_a_list_article_stands_past_a_credit_and_a_read_also_line() -> None:
    # A ranked list of places, each under "N. Place" with a photo credit; after the last
    # one a credit, a "Read also" line, then the closing tips: still the article.
    places = ["Harbour Town", "Old Mill", "Castle Hill"]
    body: list[str] = []
    for n, place in enumerate(places, start=1):
        body += [f"{n}. {place}", PROSE[n], "Photo: Ann Lee"]
    tips = ["Tips for the trip", "Book the ferry a week ahead in summer, when the morning crossings sell out early.",
            "Bring a warm jacket, since the evenings on the coast turn cold even in June."]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *body, "Read also: Ten beaches for a long weekend", *tips, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in tips)
    assert "Photo: Ann Lee" not in out and FOOTER[1] not in out



@pytest.mark.parametrize("form", ["{n}. {title}", "◆ {title}"])
def test_a_box_of_links_inside_the_article_does_not_take_its_next_subheading(form: str) -> None:
    # Sections under numbered or marked subheadings; a "Related" box of two headlines
    # between two of them: the subheading right under the box is the article's.
    titles = ["Walk to work", "Keep the window open", "Go to bed at ten", "Put the phone away"]
    body: list[str] = []
    for n, title in enumerate(titles, start=1):
        if n == 4:
            body += ["Related", "Five teas that help you sleep", "Why we dream in winter"]
        body += [form.format(n=n, title=title), PROSE[n]]
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *body, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert form.format(n=4, title=titles[3]) in out and PROSE[4] in out
    assert "Five teas that help you sleep" not in out and FOOTER[1] not in out




def test_a_box_of_links_inside_the_article_does_not_take_a_line_that_announces_a_list() -> None:
    # "Read also:" over two headlines, then the article's "... for these groups:" over its
    # list: a link's title never ends in a colon.
    announce = "The risk is higher for several groups of people:"
    items = ["older people, whose skin makes less of the vitamin;", "people who work night shifts;", "pregnant women."]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Read also:", "Ten foods that help you sleep", "Why winter makes us tired",
                      announce, *items, PROSE[3], *FOOTER]) + "\n"
    out = lines(clean(page))
    assert announce in out and all(item in out for item in items)
    assert "Ten foods that help you sleep" not in out



def _teaser_feed(count: int) -> list[str]:
    stories = [("Harbour festival returns after ten years", "The festival will run for three days in July, and the organisers expect thousands of visitors from across the region."),
               ("School roof to be repaired before winter", "The county has agreed to pay for the work after parents complained about leaks in two classrooms last spring."),
               ("Bus route to the hospital restored", "The number 12 will run every twenty minutes again from Monday, the operator said after a year of reduced service."),
               ("Library opens on Sundays", "Volunteers will staff the reading room from noon to five, a trial the council will review at the end of the year.")]
    return ["Most read", *[line for pair in stories[:count] for line in pair]]


@pytest.mark.parametrize("count", [2, 4])
def test_a_feed_of_teasers_under_a_heading_after_the_article_is_not_the_article(count: int) -> None:
    # Title over one summary each under "Most read": the summaries read as prose and the
    # run of scores carried the article on over them.
    feed = _teaser_feed(count)
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], *feed, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in PROSE[:3])
    assert not any(line in out for line in feed)


def test_a_teaser_feed_after_a_short_article_does_not_spend_the_removal_budget() -> None:
    # One paragraph, then four teasers with summaries: removing them is no sign that the
    # article was not found, so the menu still goes.
    feed = _teaser_feed(4)
    page = "\n".join([*MENU, HEADLINE, PROSE[0], *feed, *FOOTER]) + "\n"
    result = clean_and_explain(page)
    out = lines(result.text)
    assert PROSE[0] in out and "Home" not in out and feed[2] not in out
    assert not any("removal budget" in note for note in result.notes)


DOCS_TAIL = ["Query parameters", "Name | Type | Required | Description", "limit | integer | No | How many records to return, at most 100.",
             "cursor | string | No | Where the previous page ended.", "Example request", "curl https://api.example.test/v1/records?limit=10 \\",
             '  -H "Authorization: Bearer $TOKEN"', "Example response", "{", '  "records": [],', '  "next_cursor": null', "}"]


def test_a_documentation_page_runs_on_to_its_own_closing_marker() -> None:
    # Two paragraphs about an endpoint, then its parameter table and examples, then "Was
    # this page helpful?": what stands between the prose and the marker is the page's.
    page = "\n".join([*MENU, "List records", *PROSE[:2], *DOCS_TAIL, "Was this page helpful?", "Yes", "No", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in DOCS_TAIL)
    assert "Was this page helpful?" not in out and FOOTER[1] not in out


def test_an_author_box_before_the_closing_marker_is_not_the_article_s() -> None:
    bio = "Ann Lee writes about local government and transport for the Courier and lives by the harbour."
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "About the author", bio, "Was this page helpful?", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[2] in out and bio not in out


COMMENTS = [
    "Ann Weller",
    "We crossed on the ferry every morning for thirty years and I for one will not miss the queue in the rain, "
    "whatever the old hands in the pub say about the view from the deck and the sound of the engine.",
    "The bridge is fine but the council still has not said who will pay to keep the road to it open in winter, "
    "and the last time they promised something like that the buses stopped running within a year.",
    "Bo Lindqvist",
    "My grandmother worked on that ferry as a girl and used to tell us about the winter the river froze and the "
    "boat sat in the ice for a week while the town walked across to the other bank with their shopping.",
    "Carla Mendes",
    "Two years late and over budget, as usual, but it is a handsome bridge and the engineers deserve some credit "
    "for keeping the old stone piers instead of pulling them down as the first plans wanted.",
    "I hope they keep the ferry running in the summer for the visitors at least, it was the best thing about the town.",
    "Dev Patel",
    "Does anyone know whether the cycle lane on the bridge will be open from the first day or only after the road "
    "works on the far side are finished, since the council website says two different things on two pages?",
]


def test_readers_comments_under_a_comment_control_are_not_the_article() -> None:
    # The posts under "Post a comment" have no dated headers (a name alone) and outscore
    # the article above its tags and share bar: the run right above the control is the
    # article, and the posts do not join it.
    furniture = ["Tags: bridge, river, council", "Share this article", "Facebook", "Twitter", "Email", "Post a comment"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], *furniture, *COMMENTS, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in PROSE[:3])
    assert not any(line in out for line in COMMENTS)


def test_a_featured_comment_above_the_article_does_not_replace_it() -> None:
    # One reader's comment over "Read all comments" in a sidebar scores a fraction of the
    # article below it: the article stays.
    featured = COMMENTS[1]
    page = "\n".join([*MENU, "Comment of the day", featured, "Read all comments", *MENU, HEADLINE, *PROSE, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(line in out for line in PROSE)
    assert featured not in out and "Home" not in out


def test_a_table_of_teasers_in_padded_columns_does_not_run_on_the_article() -> None:
    # inscriptis prints the site's teaser table after the article as rows of cells padded
    # to their columns: long lines, but no prose. Read as prose they joined the article,
    # and the site's menu after them was kept as a list closing it.
    pad = " " * 50
    table = [
        "World »" + pad + "Opinion »" + pad + "Travel »",
        "Council votes on the harbour plan" + pad + "Letters: the bridge tolls" + pad + "A weekend on the islands",
        "Ferry strike ends after two weeks" + pad + "Editorial: a slow budget" + pad + "Ten walks along the coast",
    ]
    menu = [f"  * {item}" for item in ("Home", "World", "Business", "Sport", "Culture", "Travel", "Weather", "Jobs")]
    page = "\n".join([*MENU, HEADLINE, *PROSE, "", "More on the site", *table, "", *menu]) + "\n"
    assert clean(page).splitlines() == [HEADLINE, *PROSE]


def test_menu_items_run_on_in_one_long_line_are_no_prose() -> None:
    # A drop-down of the site's sections printed as one line (inscriptis prints a
    # <select>'s options so): 300 characters, no sentence punctuation, nearly every word
    # capitalised. Counted as unended prose it scored as half a paragraph, and the
    # article joined it across the menus between them.
    sections = ["The Harbour Blog", "Office of the Mayor", "Council on Roads and Bridges", "Office of Parks and Gardens",
                "Council on Schools and Youth", "Office of Planning and Housing", "Council of Economic Advisers",
                "Office for Culture and Heritage", "Council on Ferries and the Port", "Office of Waste and Recycling",
                "Council for Sport and Leisure"]
    jump = "Jump To: " + " ".join(sections)
    assert len(jump) > 300
    page = "\n".join([*MENU, HEADLINE, *PROSE[:2], "Share This Post", "Featured Content", "Photos Of The Day",
                      "View All Galleries", "Subscribe", jump, "Home", "About us"]) + "\n"
    assert clean(page).splitlines() == [HEADLINE, *PROSE[:2]]


def test_a_spaced_page_keeps_the_rest_of_the_block_its_article_ends_in() -> None:
    # Paragraphs between blank lines; the details under the article are one block, lines
    # with no blank between them: its "Label: value" lines read as a list, the two plain
    # lines after them were cut off as outside the article. Up to a line a rule removes.
    details = ["Opening: 14 May, 10:00", "Toll: free for cyclists and walkers", "Parking: 200 places on the north bank",
               "Guided walks across the bridge every hour on the first weekend", "Bring a coat, the wind on the river is cold"]
    share = "Share on Facebook"
    page = "\n\n".join([*MENU, HEADLINE, *PROSE[:4], "\n".join(details), *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE[:4]) and set(details) <= set(out) and not set(FOOTER) & set(out)
    page = "\n\n".join([*MENU, HEADLINE, *PROSE[:4], "\n".join([*details[:3], share, *details[3:]]), *FOOTER]) + "\n"
    out = lines(clean(page))
    assert set(details[:3]) <= set(out) and not {share, *details[3:]} & set(out)


def test_a_review_keeps_its_pros_and_cons_under_their_headings() -> None:
    # Items that are phrases in lower case under a short heading, no bullets: they read as
    # a menu and cut the lists off the article. Notes in lower case under no heading go.
    liked = ["a quiet and smooth motor", "brakes that bite in the wet", "a low step-through frame"]
    disliked = ["a rattling chain guard", "a charger too big for a bag", "a kickstand that is too short"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], "What we liked", *liked, "What we did not", *disliked, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert all(p in out for p in PROSE[:4]) and set(liked + disliked) <= set(out) and not set(FOOTER) & set(out)
    notes = ["anna reblogged this from riverside", "tom liked this post a lot", "kim reblogged this from harbour news"]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:4], *notes, *FOOTER]) + "\n"
    assert not set(notes) & set(lines(clean(page)))



def test_the_article_ends_at_its_tag_list() -> None:
    # After the tags: a newsletter box whose blurb no rule names, then a "Read also" list
    # whose summaries read as prose. They outscored the lines between and carried the
    # article's run on past its tag list (an inline label, "Read also" ends no run);
    # the run now ends at the tags.
    blurb = (
        "Every morning the essential news of the three valleys arrives in your mailbox, "
        "with the weather, the markets and the week's events in the towns of the valley."
    )
    teasers = [
        "The station at Riverside will open to the public in November",
        "The town will hold two open days before the trains return to the line next winter, and the old waiting room will become a café run by volunteers.",
        "Young people's season tickets fall to fifteen euros a month from September",
        "The cut applies to everyone under twenty-six, on the trains as well as on the buses, and the region says it will cost four million euros a year.",
        "The car park at the station will be twice as large by the summer",
        "The works begin in June and will take over part of the market square for three months, the town hall said on Friday after a long meeting.",
    ]
    page = "\n".join([*MENU, HEADLINE, *PROSE[:3], "Tags: Transport, Trains, Riverside", blurb, "Read also", *teasers, *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[2] in out
    assert blurb not in out and not set(teasers) & set(out)


def test_the_paragraphs_under_the_author_box_heading_are_the_bio() -> None:
    # Right after the article, "About the author" over two paragraphs that no bio rule
    # names (no "is a reporter"): near the article, the long-prose guard (200 characters)
    # kept the first of them; under that heading they are the author's bio, however near.
    bio = (
        "Ann Lee has covered the towns of the valley since 2016 and lives in Hove with her "
        "husband and two teenagers, writing every other Saturday about everyday life, "
        "language and the way neighbours talk to each other."
    )
    more = "Before that she taught history for ten years, and her first collection of essays came out in 2021 to warm reviews."
    page = "\n".join([*MENU, HEADLINE, *PROSE, "About the author", bio, more, "Follow Ann Lee", *FOOTER]) + "\n"
    out = lines(clean(page))
    assert PROSE[0] in out and PROSE[-1] in out
    assert bio not in out and more not in out
