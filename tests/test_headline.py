"""Which line before the article is its headline.

Pages in the one-block-per-line layout: a menu, then title candidates, then the article
(the prose from conftest). Each test puts a decoy where a real page has one and checks
that the region's headline is the title and that the title is in the output.
"""

from __future__ import annotations

from conftest import HEADLINE, PROSE
from cleaner import clean, clean_and_explain

MENU = ["Home", "News", "World", "Business", "Sport", "Culture"]


def page(*before: str, body: tuple[str, ...] = tuple(PROSE)) -> str:
    return "\n".join([*MENU, *before, *body]) + "\n"


def headline_of(text: str) -> str | None:
    result = clean_and_explain(text)
    assert result.region is not None
    index = result.region.headline
    headline = None if index is None else result.document.lines[index].text
    if headline is not None:
        assert headline + "\n" in result.text
    return headline


def test_the_plain_title_before_the_article() -> None:
    assert headline_of(page(HEADLINE)) == HEADLINE


def test_a_caption_of_several_sentences_is_not_the_title() -> None:
    # The caption shares more words with the article than the title does, but it is
    # made of sentences: a caption or a standfirst, not a title (a section label between
    # them, so they are not a title-and-standfirst pair).
    caption = "The new bridge over the river at dawn. Engineers of the town and the region built it in two years"
    assert headline_of(page(HEADLINE, "Opinion", caption, "Share", "Tweet")) == HEADLINE


def test_a_notice_repeated_inside_the_article_is_not_the_title() -> None:
    # The same line before the article and again between its paragraphs: its words are
    # in the article only because it is printed there too.
    notice = "Media playback is unsupported on your device"
    body = (PROSE[0], notice, *PROSE[1:])
    assert headline_of(page(HEADLINE, "Share", notice, body=body)) == HEADLINE


def test_a_title_ending_in_an_ellipsis() -> None:
    title = "The bridge, the ferry and the river…"
    assert headline_of(page(title, "Share")) == title


def test_a_label_of_function_words_is_not_the_title() -> None:
    # "About us" next to the article says nothing about it; the real title is further up.
    assert headline_of(page(HEADLINE, "Opinion", "About us")) == HEADLINE


def test_a_title_and_its_subtitle_with_a_date_between() -> None:
    # Title, date line, subtitle, body: the first is the headline, the second its
    # subtitle, and both are kept (the date goes).
    subtitle = "Residents of the old quarter say they will miss the ferry and its boatman"
    result = clean_and_explain(page(HEADLINE, "Published 12 March 2024, 10:32", subtitle, "Share"))
    assert result.region is not None
    assert result.document.lines[result.region.headline].text == HEADLINE
    out = result.text.splitlines()
    assert HEADLINE in out and subtitle in out and "Published 12 March 2024, 10:32" not in out


def test_a_menu_item_printed_twice_is_not_the_title() -> None:
    # The menu is rendered twice (its items occur twice, like a title repeated in a
    # breadcrumb), but a short menu label does not get the repeat bonus.
    menu = ["Home", "Town bridge news", "Sport", "Business", "Town bridge news", "Weather"]
    title = "The town bridge opens in 2025"
    text = "\n".join([*menu, title, "Share", *PROSE]) + "\n"
    assert headline_of(text) == title


def test_a_year_in_a_short_title_is_not_a_number_column() -> None:
    # Digits count against a title (scores, prices, tables), but not a year: the short
    # title with its year still beats a weather teaser that shares a word with the text.
    title = "Town bridge 2025"
    assert headline_of(page("Weekend weather for the town", "Opinion", title, "Share")) == title


def test_what_lies_between_a_close_headline_and_the_body_is_kept() -> None:
    # A few lines under the title: a claim box of short lines the rules do not name. The
    # headline and the body are one block, so they stay; a menu-like label goes.
    claim = "Claim: the new bridge will cost twice its budget"
    rating = "Rating: mostly false, say the engineers"
    text = page(HEADLINE, claim, rating, "Share")
    out = clean_and_explain(text).text.splitlines()
    assert claim in out and rating in out and "Share" not in out


def test_a_line_opening_in_lower_case_is_not_the_title() -> None:
    # The tail of a sentence or a line of code above the article shares more of its
    # words than the title does; a title opens with a capital (or a number).
    tail = "new bridge over the river by the engineers of the region"
    assert headline_of(page(HEADLINE, "Opinion", tail)) == HEADLINE
    numbered = "7 ways the town opens its new bridge over the river"
    assert headline_of(page(numbered, "Share")) == numbered


def test_a_title_ending_in_an_emoji() -> None:
    # A blog title may end in an emoji, which ends a sentence elsewhere.
    title = "My first ride over the new bridge (and why I nearly turned back) 🚴"
    assert headline_of(page(title, "Share")) == title


def test_a_repeated_menu_label_is_not_the_headline_alone() -> None:
    # "Product 3 / October pack": its first part is also a menu label printed several
    # times; that label is not "the headline without the site's name".
    title = "Bridge Guide 3 / October edition"
    menu = ["Bridge Guide 3", "Ferries", "Bridge Guide 3", "Contact", "Bridge Guide 3"]
    text = "\n".join([*menu, *MENU, title, "Share", *PROSE]) + "\n"
    result = clean_and_explain(text)
    assert result.region is not None and result.region.headline is not None
    assert result.document.lines[result.region.headline].text == title


FEED = ["Ferry operator fined over late sailings", "Storm closes the coast road for a day", "Council picks a new bus operator",
        "Harbour festival draws record crowds", "School roof repairs finished early", "Library reopens after flood",
        "New cycle lane splits opinion", "Market traders back Sunday opening", "Rail line to reopen in June",
        "Town hall clock stops again", "Swimming pool fees to rise", "Fishing quotas cut for the winter",
        "Lifeboat crew rescues two walkers", "Castle walls need urgent repairs", "Dog show returns to the park",
        "Bakery wins a national prize", "Hospital car park to double", "Choir sings for the new mayor",
        "Street lights switched to LED", "Allotment waiting list grows", "Cinema to show silent films"]


def test_the_title_above_a_video_playlist() -> None:
    # Headline, byline, a player and a playlist of nine video titles, then the body: the
    # title is above the playlist, and the playing video's title (printed again in the
    # list) is a teaser.
    playing = FEED[3]
    text = "\n".join([*MENU, HEADLINE, "By Jill Doe", "Just watched", playing, "More videos ...", *FEED, *PROSE]) + "\n"
    assert headline_of(text) == HEADLINE


def test_the_title_right_above_the_body_at_the_end_of_a_teaser_feed() -> None:
    # The last of the headline-like lines is about the article: it is its title, not
    # the end of the feed.
    assert headline_of(page(*FEED, HEADLINE)) == HEADLINE


def test_a_cleaned_article_with_a_title_and_a_short_subtitle_is_stable() -> None:
    # A title, a date, a short subtitle: cleaned once, the text opens with the title and
    # the subtitle side by side; cleaned again, the subtitle (closer to the body, sharing
    # more of its words) must not push the title out.
    subtitle = "The council says the new bridge over the river opens in spring"
    once = clean("\n".join([*MENU, HEADLINE, "12 March 2025", subtitle, *PROSE]) + "\n")
    assert once.startswith(HEADLINE + "\n" + subtitle + "\n")
    assert clean(once) == once


def test_a_title_over_a_longer_subtitle_that_names_the_place() -> None:
    # The subtitle right under the title is longer and shares more words with the body
    # (it names the village): the title is the headline, the subtitle its standfirst.
    title = "Town loses its only ferry after 70 years"
    subtitle = "Residents of the town say the end of the ferry leaves them stranded"
    text = "\n".join([*MENU, title, subtitle, "Sam Whitlock", *PROSE]) + "\n"
    result = clean_and_explain(text)
    assert result.region is not None and result.region.headline is not None
    assert result.document.lines[result.region.headline].text == title
    assert subtitle + "\n" in result.text


def test_a_title_whose_words_the_body_inflects() -> None:
    # The title says "Заозерье", "больницу"; the body "Заозерья", "больница": no word form
    # in common, so a longer section line right above the body was taken for the title.
    title = "Новую больницу откроют в Заозерье"
    section = "Главные новости дня в вашем регионе сегодня"
    body = (
        "Власти Заозерья объявили в понедельник, что новая больница откроется весной, после трёх лет строительства и долгого спора о земле.",
        "Большую часть денег на строительство выделил областной бюджет, остальное заплатил город, сообщили в администрации района.",
        "Жители северных кварталов, которые годами ездили к врачам в соседний город, говорят, что давно ждали этого решения.",
        "Главный врач сказала журналистам, что больница примет первых пациентов в мае и будет работать круглосуточно.",
    )
    assert headline_of(page(title, "Поделиться", section, body=body)) == title


def test_a_row_of_links_is_no_headline() -> None:
    # A page with no title line over its article: the row of links above it (three bars
    # between four items), which shares "council", "bridge", "river" and "spring" with the
    # article's opening, was taken for the headline and kept. A title with its section and
    # site ("... | Local | The Courier") has two bars and still is one.
    row = "Town council | New bridge | River crossings | Spring works"
    assert headline_of(page(row)) is None
    assert row not in clean(page(row)).splitlines()
    assert headline_of(page(f"{HEADLINE} | Local | The Courier")) == f"{HEADLINE} | Local | The Courier"


def test_a_trail_over_the_title_is_not_the_headline() -> None:
    # A documentation page: the side menu lists the page's own title, so the title, a
    # menu item printed twice, was no candidate, and the trail over it ("Guides / Bridge
    # works", no home label for a rule to name) was taken for the headline.
    side = ["Getting started", "Bridge works", "Ferry timetable", "Road closures"]
    text = "\n".join([*MENU, *side, "Guides / Town services / Bridge works", "Bridge works", *PROSE]) + "\n"
    assert headline_of(text) == "Bridge works"
    assert "Guides / Town services / Bridge works" not in clean(text).splitlines()


def test_a_caption_over_its_photo_credit_is_not_the_title() -> None:
    # The photo sits between the share bar and the body: its caption, one line without a
    # full stop that uses the article's words, stood nearer the body than the title (over
    # its standfirst and byline) and was taken for it; the title and standfirst then went.
    caption = "The new bridge over the river seen from the old ferry landing"
    standfirst = "The council says the crossing will open in the spring after two years of work."
    before = (HEADLINE, standfirst, "By Ann Lee", "Share", "Tweet", "Email", caption, "Photo: Ann Lee/The Courier")
    assert headline_of(page(*before)) == HEADLINE
    kept = clean(page(*before)).splitlines()
    assert standfirst in kept and caption in kept and "Photo: Ann Lee/The Courier" not in kept
    # A title over its source line is still the title.
    assert headline_of(page(HEADLINE, "Source: The Courier")) == HEADLINE
