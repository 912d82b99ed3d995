"""Input formats (cleaner/formats.py): detection, the joined view, verdicts mapped back to
every input line of a paragraph, and ``--input-format`` (issue 11)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import Config, segment
from cleaner.formats import ADDRESS_RULE, IMAGE_RULE, LINK_BLOCK_RULE, REFERENCES_RULE, address_lines, aligned_rows, detect, lines_view, local_wraps, markdown_table_rows, view
from conftest import HEADLINE, PROSE, lines_of, without_lines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def wrapped(paragraphs: list[str], width: int = 76, indent: str = "   ") -> str:
    """Paragraphs as lynx prints them: hard-wrapped, indented, a blank line between."""
    return "\n\n".join(textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent) for p in paragraphs) + "\n"


def markdown(paragraphs: list[str], width: int = 78) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


MENU = "\n".join(f"     * {item}" for item in ("Home", "News", "Sport", "Weather", "Contact"))
FOOTER = "   © 2025 Example Gazette. All rights reserved.\n"


# --- detection --------------------------------------------------------------------------
def test_one_block_a_line_is_lines() -> None:
    assert detect(segment("\n".join([HEADLINE, *PROSE]) + "\n")) == "lines"
    assert detect(segment("\n\n".join([HEADLINE, *PROSE]) + "\n")) == "lines"  # para style


def test_hard_wrapped_text_is_wrapped() -> None:
    assert detect(segment(MENU + "\n\n" + wrapped([HEADLINE, *PROSE]))) == "wrapped"


def test_markdown_is_markdown() -> None:
    links = "\n".join(f"  * [{w}](https://example.org/{w.lower()}/)" for w in ("Home", "News", "Sport", "Weather"))
    text = links + "\n\n# " + HEADLINE + "\n\n" + markdown(PROSE)
    assert detect(segment(text)) == "markdown"


def test_short_or_blankless_text_is_lines() -> None:
    assert detect(segment(wrapped(PROSE[:1]))) == "lines"  # too little to tell
    assert detect(segment(wrapped(PROSE).replace("\n\n", "\n"))) == "lines"  # no blank line


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.rglob("*.txt") if p.parent.name in ("para", "page", "negative")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_one_block_a_line_fixture_is_lines(path: Path) -> None:
    assert detect(segment(path.read_text(encoding="utf-8"))) == "lines"


def tag_split(paragraphs: list[str]) -> str:
    """Paragraphs as ``get_text('\\n')`` prints them: a new line at every inline tag, the
    cut keeping its spaces (every third word is made a link)."""
    out = []
    for p in paragraphs:
        words = p.split(" ")
        cut = [" ".join(words[i : i + 3]) + (" " if i + 3 < len(words) else "") for i in range(0, len(words), 3)]
        out.extend(cut)
    return "\n".join(out) + "\n"


def test_tag_split_text_is_tagsplit() -> None:
    assert detect(segment(tag_split([HEADLINE, *PROSE]))) == "tagsplit"
    assert detect(segment(tag_split([HEADLINE, *PROSE]).replace(" \n", "\n"))) == "lines"  # stripped: no sign


def test_tag_split_fragments_are_one_logical_line() -> None:
    v = view(segment("Menu\nThe council said \non Monday\n, after a vote.\nNext paragraph.\n"), "tagsplit")
    assert [line.text for line in v.doc.lines] == ["Menu", "The council said on Monday, after a vote.", "Next paragraph."]
    assert v.spans[1] == range(1, 4)


def stripped_split(paragraphs: list[str]) -> str:
    """Paragraphs as ``get_text('\\n', strip=True)`` prints them: every third word a link
    on a line of its own, the cut's spaces gone."""
    return "".join(line.strip() + "\n" for line in tag_split(paragraphs).splitlines())


STRIPPED = """Home
News
The
Harbour Trust
said the ferry, run by
a cooperative
, will sail from May. Fares stay at
four euros
, the trust said.
Tickets are sold at
the pier
; a season pass costs
sixty euros
. The first boat leaves at
seven
, the last at nine.
Crews were trained by
the navy
, which lent two instructors, and the boats were refitted in
Kellmouth
. More sailings may follow.
"""


def test_stripped_tag_split_text_is_tagsplit_stripped() -> None:
    assert detect(segment(STRIPPED)) == "tagsplit-stripped"


def test_one_block_a_line_with_lower_case_menus_is_lines() -> None:
    menu = "\n".join(["home", "news", "sport", "switch to the UK edition", "switch to the US edition", "contact us", "about"])
    text = menu + "\n" + HEADLINE + "\n" + "\n".join(PROSE) + "\n" + "\n".join(["tags", "a", "b", "c", "d", "e", "f"]) + "\n"
    assert detect(segment(text)) == "lines"


def test_stripped_fragments_are_one_logical_line_spaced_as_read() -> None:
    v = view(segment(STRIPPED), "tagsplit-stripped")
    logical = [line.text for line in v.doc.lines]
    assert logical[:2] == ["Home", "News"]  # a menu stays line by line
    assert logical[2] == "The Harbour Trust said the ferry, run by a cooperative, will sail from May. Fares stay at four euros, the trust said."
    assert logical[3].startswith("Tickets are sold at the pier; a season pass costs sixty euros. The first boat")
    assert logical[4] == "Crews were trained by the navy, which lent two instructors, and the boats were refitted in Kellmouth. More sailings may follow."
    assert [j for span in v.spans for j in span] == list(range(len(segment(STRIPPED).lines)))


def test_a_menu_item_ending_in_a_short_word_stays_off_the_headline() -> None:
    text = "Log in\nSign up\n" + STRIPPED.replace("Home\nNews\n", "Town ferry to sail from May\n")
    logical = [line.text for line in view(segment(text), "tagsplit-stripped").doc.lines]
    assert logical[:3] == ["Log in", "Sign up", "Town ferry to sail from May"]
    assert logical[3].startswith("The Harbour Trust said the ferry, run by a cooperative")


def test_stripped_chinese_is_read_at_its_punctuation_cuts() -> None:
    text = "首页\n新闻\n市政府周二表示，新桥将于五月通车。该桥连接\n老城区\n，全长八百米。据\n交通局\n，桥上设有\n自行车道\n，并与\n滨江路\n，以及东站相连。市民可通过\n官方网站\n。查询通车时间。\n"
    assert detect(segment(text)) == "tagsplit-stripped"
    logical = [line.text for line in view(segment(text), "tagsplit-stripped").doc.lines]
    assert logical[:2] == ["首页", "新闻"]
    # one paragraph, no space between wide characters
    assert logical[2:] == ["市政府周二表示，新桥将于五月通车。该桥连接老城区，全长八百米。据交通局，桥上设有自行车道，并与滨江路，以及东站相连。市民可通过官方网站。查询通车时间。"]


def test_a_bracketed_line_in_stripped_text_is_no_renderer_mark() -> None:
    text = STRIPPED + "[...]\n"
    v = view(segment(text), "tagsplit-stripped")
    assert v.marks == {}


# --- the view ---------------------------------------------------------------------------
def test_a_wrapped_paragraph_is_one_logical_line() -> None:
    text = MENU + "\n\n" + wrapped([HEADLINE, *PROSE])
    v = view(segment(text), "wrapped")
    logical = [line.text for line in v.doc.lines]
    for paragraph in PROSE:
        assert paragraph in logical
    assert "Home" in logical  # bullets stripped
    assert [span for span in v.spans if len(span) > 1]
    assert [j for span in v.spans for j in span] == list(range(len(segment(text).lines)))


def test_markdown_view_reads_visible_text() -> None:
    text = (
        "# A [harbour](https://example.org/h) story\n\n"
        "The [ferry service](https://example.org/ferry-\nservice) runs **all winter**, the council\nsaid.\n\n"
        "![A ferry](https://example.org/ferry.jpg)\n\n"
        "[Home](https://example.org/) [News](https://example.org/news/)\n"
    )
    v = view(segment(text), "markdown")
    logical = [line.text for line in v.doc.lines if line.text]
    assert logical[0] == "A harbour story"
    assert logical[1] == "The ferry service runs all winter, the council said."
    assert set(v.marks.values()) >= {(IMAGE_RULE, "a Markdown image alone"), (LINK_BLOCK_RULE, "a paragraph of links and nothing else")}


def markdown_page(paragraph: str) -> str:
    """An html2text page: a menu of links, a headline, ``paragraph`` among the article's
    paragraphs, a footer."""
    menu = " ".join(f"[{item}](https://example.org/{item.lower()}/)" for item in ("Home", "News", "Sport", "Weather"))
    return "\n\n".join([menu, f"# {HEADLINE}", markdown([PROSE[0]]).strip(), paragraph, markdown(PROSE[1:]).strip(), "© 2025 Example Gazette. All rights reserved."]) + "\n"


# A paragraph whose link addresses html2text broke at a hyphen: the rest of the first
# takes a line of its own (line 1), a line with words after the address stays (line 3).
BROKEN_LINKS = (
    "The [ferry timetable for the winter](https://ferries.example.org/timetables/winter-\n"
    "2025-northern-routes?utm_source=gazette)\n"
    "was published on Monday, and the [harbour board](https://example.org/board-\n"
    "members) said the boats would keep to it through the storms."
)


def test_the_rest_of_a_broken_address_goes_and_its_paragraph_stays() -> None:
    text = markdown_page(BROKEN_LINKS)
    result = cleaner.clean_and_explain(text)
    assert result.format == "markdown"
    lines = lines_of(text)
    rest = lines.index("2025-northern-routes?utm_source=gazette)\n")
    removed = {r.line: r for r in result.removed}
    assert [v.rule_id for v in removed[rest].reasons] == [ADDRESS_RULE]
    assert removed[rest].reasons[0].evidence.matched == lines[rest].rstrip("\n")
    out = result.text
    for line in BROKEN_LINKS.split("\n"):
        assert (line in out) == (line != lines[rest].rstrip("\n")), line
    assert cleaner.clean(out) == out  # the open address reads as the link it was


def test_address_lines_are_only_the_rest_of_an_address() -> None:
    doc = segment(
        "## [A long headline](https://example.org/news/a-\nlong-headline)\n\n"  # a heading: whole
        "See [the map](https://example.org/maps/harbour-\nwalks)  \nfor every path.\n\n"  # a hard break
        "Photos: ![The pier](https://example.org/img/pier-\nat-dawn.jpg)\n\n"  # an image's rest
        "Plain text with no link\nover two lines.\n\n"
        "![The pier at\ndawn](https://example.org/img/pier.jpg) and the boats.\n"  # an image's alt text
    )
    v = view(doc, "markdown")
    found = [j for span in v.spans for j in address_lines(doc.lines, span)]
    assert found == [8]


def test_cli_report_names_the_rule_of_a_broken_address(invoke, tmp_path: Path) -> None:
    src = tmp_path / "page.md"
    src.write_text(markdown_page(BROKEN_LINKS), encoding="utf-8")
    report = json.loads(invoke(["clean", "--check", "--report", "-", src], exit_code=1).stdout)["files"][0]
    assert report["format"] == "markdown"
    found = [r for r in report["removed"] if any(v["rule"] == ADDRESS_RULE for v in r["reasons"])]
    assert [r["text"] for r in found] == ["2025-northern-routes?utm_source=gazette)"]


def test_keep_navigation_keeps_the_rest_of_a_broken_address() -> None:
    text = markdown_page(BROKEN_LINKS)
    assert "2025-northern-routes" in cleaner.clean(text, Config(keep=("navigation",)))
    assert "2025-northern-routes" not in cleaner.clean(text)


@pytest.mark.parametrize(("bullet", "render"), [("     * ", wrapped), ("* ", markdown)])
def test_a_bulleted_list_of_text_after_the_last_paragraph_is_kept(bullet: str, render: Callable[[list[str]], str]) -> None:
    # The renderer's bullet is not in the joined line's text: the article went on over the
    # list only as far as the finder could tell it from a menu. Items of "Label: value" or
    # sentences are the article's; a bulleted list of other stories' headlines is not.
    items = ["Sleeper: cabins for one to three people", "Couchette: cabins of four or six berths", "Seats: for travellers on a budget"]
    teasers = ["Why night trains cost so much", "The best rail passes for Europe", "Ten stations worth the detour"]
    page = (render([HEADLINE, *PROSE[:3]]) + "\n" + "\n".join(bullet + item for item in items) + "\n\n"
            + render(["More from Travel"]) + "\n" + "\n".join(bullet + teaser for teaser in teasers) + "\n\n" + FOOTER)
    out = cleaner.clean(page)
    assert all(item in out for item in items) and PROSE[2].split()[0] in out
    assert not any(teaser in out for teaser in teasers)


def test_lynx_reference_list_is_marked() -> None:
    text = wrapped([HEADLINE, *PROSE]) + "\nReferences\n\n   1. https://example.org/\n   2. https://example.org/news/\n"
    v = view(segment(text), "wrapped")
    marked = [i for i, (rule, _) in v.marks.items() if rule == REFERENCES_RULE]
    assert [v.doc.lines[i].text for i in marked] == ["References", "https://example.org/", "https://example.org/news/"]



def test_lynx_link_elements_and_frames_are_marked_and_go() -> None:
    # lynx prints the page's <link> elements first ("#" and their titles, wrapped like a
    # paragraph) and each inline frame as "IFRAME:" and its address or name: no text of
    # the page. A "#" further down is a list bullet of lynx's, and stays.
    links = wrapped(["#The Example Gazette RSS Feed The Example Gazette » Town opens its new bridge over the river Comments Feed"])
    frame = "   IFRAME:\n   https://example.org/plugins/like-button?href=https%3A%2F%2Fexample.org%2Fnews%2Fbridge-opens&layout=standard\n"
    named = "   IFRAME: comment-form-frame\n"
    text = "\n".join([links, MENU, "", wrapped([HEADLINE, *PROSE[:3]]), frame, wrapped(PROSE[3:]), named, "       # Town news\n", FOOTER])
    v = view(segment(text), "wrapped")
    assert sorted(rule for rule, _ in v.marks.values()) == [IMAGE_RULE, IMAGE_RULE, REFERENCES_RULE]
    out = cleaner.clean(text)
    assert "#The Example" not in out and "IFRAME" not in out and "like-button" not in out
    assert all(word in out for p in PROSE for word in p.split()[:3])



def test_image_names_side_by_side_are_one_mark() -> None:
    # w3m prints a linked image's name beside the image's own: "[blank] [avatar]".
    text = wrapped([HEADLINE, PROSE[0], "[blank] [avatar-04]", "[IMG] [IMG]", PROSE[1], "[1] and [2] are the sources."])
    doc = segment(text)
    v = view(doc, "wrapped")
    assert sorted(doc.lines[v.spans[i][0]].text.strip() for i in v.marks) == ["[IMG] [IMG]", "[blank] [avatar-04]"]



def test_lynx_button_marks_are_no_text() -> None:
    # lynx prints a <button> as "(BUTTON)" and its label: alone it is a mark, beside a
    # label the label is what the rules read ("Close" is a pop-up's control).
    text = "\n".join([MENU, "", "   (BUTTON)", "", "   (BUTTON) Close", "", wrapped([HEADLINE, *PROSE]), "     * Fitness (BUTTON)", "", FOOTER])
    doc = segment(text)
    v = view(doc, "wrapped")
    assert [doc.lines[v.spans[i][0]].text.strip() for i in v.marks] == ["(BUTTON)"]
    assert "Fitness" in [line.text for line in v.doc.lines]
    out = cleaner.clean(text)
    assert "(BUTTON)" not in out and all(p.split()[0] in out for p in PROSE)



# A video playlist as lynx prints it: an image's text (its caption) and a title an item.
PLAYLIST_CAPTIONS = [
    "The mayor looks on as she speaks to reporters before leaving the town hall on Monday for the opening of the harbour.",
    "Workers lay the last stones of the new breakwater at the eastern end of the harbour during the storm last winter.",
    "A ferry leaves the old landing for the last time before the bridge opens to traffic in the spring of next year.",
    "Fishing boats wait out the storm in the inner basin while the gates of the new lock are tested by the engineers.",
]
PLAYLIST_TITLES = ["Mayor opens the harbour", "The breakwater in winter", "Last ferry of the year", "Boats in the storm"]


def _playlist_story_is_kept(playlist: list[str]) -> None:
    """A wrapped page with ``playlist`` between the byline and the story: the story is
    kept and the playlist's captions are not."""
    text = "\n".join([MENU, "", wrapped([HEADLINE, "By Ann Lee", "Playlist", *playlist, *PROSE]), FOOTER])
    out = cleaner.clean(text)
    assert "breakwater at the eastern end" not in out and all(p.split()[0] in out for p in PROSE)


def test_captions_printed_twice_in_a_row_are_no_prose() -> None:
    # lynx prints an image's text and its caption, the same sentence twice in a row: a
    # video playlist between the byline and the story, a caption and a title an item,
    # read as a run of prose that the story joined, with the wrong headline over it.
    _playlist_story_is_kept([block for caption, title in zip(PLAYLIST_CAPTIONS, PLAYLIST_TITLES) for block in (caption, caption, title)])


def test_a_caption_printed_twice_in_one_paragraph_is_no_prose() -> None:
    # With no blank line between an image's text and its caption, lynx's two copies wrap
    # into one paragraph: the same text twice over, no more prose than a copy in a row.
    _playlist_story_is_kept([block for caption, title in zip(PLAYLIST_CAPTIONS, PLAYLIST_TITLES) for block in (caption + " " + caption, title)])


# --- hard-wrapped passages in one-block-a-line text ---------------------------------------
SITE_MENU = ["Home", "News", "Sport", "Business", "Weather", "Opinion", "Culture", "Travel", "Contact us", "Subscribe"]
BLURB = (
    "The Example Gazette is the daily newspaper of the northern valleys, printed every morning "
    "since 1921 and read in forty thousand homes across the region, from the coast to the hills."
)


def wrapped_article_page(width: int = 72) -> tuple[str, list[list[str]]]:
    """A page of one block a line (menus, a site's blurb, a footer) around an article
    hard-wrapped at ``width`` with no blank line between paragraphs, as a press release
    pasted into a page prints; and the article's paragraphs as lines."""
    paragraphs = [PROSE[0] + " " + PROSE[1], PROSE[2] + " " + PROSE[3], PROSE[4]]
    body = [textwrap.wrap(p, width) for p in paragraphs]
    footer = ["About us", BLURB, "© 2025 Example Gazette", "Privacy policy", "Terms of use"]
    return "\n".join([*SITE_MENU, HEADLINE, *(line for p in body for line in p), *footer]) + "\n", body


def test_hard_wrapped_paragraphs_in_one_block_a_line_text_are_found() -> None:
    text, body = wrapped_article_page()
    start = len(SITE_MENU) + 1
    expected, at = [], start
    for paragraph in body:
        expected.append(range(at, at + len(paragraph)))
        at += len(paragraph)
    assert detect(segment(text)) == "lines"
    assert local_wraps(segment(text).lines) == expected
    v = lines_view(segment(text))
    assert v is not None and v.format == "lines"
    logical = [line.text for line in v.doc.lines]
    assert logical[start] == PROSE[0] + " " + PROSE[1]
    assert logical[: start] == [*SITE_MENU, HEADLINE]  # every other line as it is


def test_a_hard_wrapped_article_among_menus_is_kept_whole() -> None:
    """Line by line, each wrapped line is too short for prose, and the site's blurb won
    as the article: all but the last paragraph were removed as far from it."""
    text, body = wrapped_article_page()
    result = cleaner.clean_and_explain(text)
    assert result.format == "lines"
    out = result.text.splitlines()
    assert all(line in out for paragraph in body for line in paragraph)
    assert not set(SITE_MENU) & set(out)


def test_text_without_wrapped_passages_has_no_lines_view() -> None:
    assert lines_view(segment("\n".join([*SITE_MENU, HEADLINE, *PROSE]) + "\n")) is None


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(  # titles of like widths: they break before capitals
            [
                "Council approves the budget for the new harbour wall and the pier",
                "Weather warning for the coast as the first storm of winter arrives",
                "Ferry timetable changes for the holidays, with two extra sailings",
                "School on the island to close for a week for repairs to its roof",
                "Fishing boats stay in port as prices at the market fall once again",
            ],
            id="titles",
        ),
        pytest.param(  # a list whose lines share their second to fourth words
            [
                "anna reblogged this from the harbour diary and added a note of her own",
                "bertil reblogged this from the harbour diary and added a photograph",
                "carla reblogged this from the harbour diary and then liked it as well",
                "dmitri reblogged this from the harbour diary and added a short poem",
            ],
            id="list",
        ),
        pytest.param(  # code
            [
                "    public required string Name { get; init; } // the name of the ship",
                "    public required string Port { get; init; } // where it is moored",
                "    public required string Owner { get; init; } // who pays the fees",
                "    public required string Flag { get; init; } // where it is registered",
            ],
            id="code",
        ),
        pytest.param(  # a narrow column: short lines, not a wrapped paragraph
            ["the ferry runs all winter and the boat", "is old but the man who runs it says",
             "it will last for many more years of", "work on the river between the towns"],
            id="narrow",
        ),
    ],
)
def test_lines_of_like_widths_that_are_no_paragraph_are_not_joined(lines: list[str]) -> None:
    text = "\n".join([*SITE_MENU, *lines, *SITE_MENU]) + "\n"
    assert local_wraps(segment(text).lines) == []


def test_text_wrapped_throughout_and_broken_at_inline_code_is_read_line_by_line() -> None:
    """Only some of its paragraphs are full to the column; joined, they would outscore
    the rest of the same article, whose breaks at inline code go on in lower case."""
    broken = []
    for n in range(12):
        broken += [
            f"To open the sluice number {n} on the canal, the keeper first calls",
            "open_gate()",
            "with the number of the gate, and then waits until the water in the",
            "lock is level with the water in the river before the boats go in.",
        ]
    text, _ = wrapped_article_page()
    assert local_wraps(segment(text).lines)
    assert local_wraps(segment(text + "\n".join(broken) + "\n").lines) == []


# --- verdicts mapped back ---------------------------------------------------------------
def test_no_paragraph_is_cut_and_cruft_goes() -> None:
    text = "   Skip to content\n\n" + MENU + "\n\n" + wrapped([HEADLINE, *PROSE]) + "\n" + FOOTER
    result = cleaner.clean_and_explain(text)
    assert result.format == "wrapped"
    doc = result.document
    kept = set(result.kept)
    v = view(doc, "wrapped")
    for span in v.spans:  # a paragraph is kept or removed whole
        assert len({j in kept for j in span}) == 1
    out = result.text
    for paragraph in PROSE:
        assert textwrap.fill(paragraph, 76, initial_indent="   ", subsequent_indent="   ") in out
    assert "Skip to content" not in out and "Weather" not in out and "©" not in out
    removed = {r.line: r for r in result.removed}
    assert all(r.text == doc.lines[r.line].text for r in removed.values())
    assert all(v.line == r.line for r in removed.values() for v in r.reasons)
    assert result.to_json()["format"] == "wrapped"


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeff" + (MENU + "\n\n" + wrapped([HEADLINE, *PROSE]) + "\n" + FOOTER).replace("\n", "\r\n")
    out = cleaner.clean(text)
    assert out.startswith("\ufeff") and "\r\n" in out and "\n" not in out.replace("\r\n", "")
    assert set(out[1:].splitlines(keepends=True)) <= set(text[1:].splitlines(keepends=True))


def test_input_format_lines_reads_line_by_line() -> None:
    text = MENU + "\n\n" + wrapped([HEADLINE, *PROSE])
    result = cleaner.clean_and_explain(text, Config(input_format="lines"))
    assert result.format == "lines"
    with pytest.raises(ValueError, match="input_format"):
        Config(input_format="html")


# --- property: output lines are an in-order subsequence of the input lines --------------
_WORDS = st.sampled_from("the council said ferry harbour winter island new bridge over river [link](https://x.org/a-b) **bold** Share Home © 2025 * # 1. > ![img](https://x.org/i.jpg)".split(" "))
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=1, max_size=12), st.sampled_from(["wrapped", "markdown", "tagsplit", "tagsplit-stripped"]), st.sampled_from(["\n", "\r\n"]), st.integers(30, 90))
def test_output_is_an_in_order_subsequence_of_the_input(paragraphs: list[str], fmt: str, newline: str, width: int) -> None:
    render = {"wrapped": lambda: wrapped(paragraphs, width), "markdown": lambda: markdown(paragraphs, width), "tagsplit": lambda: tag_split(paragraphs), "tagsplit-stripped": lambda: stripped_split(paragraphs)}
    text = render[fmt]().replace("\n", newline)
    result = cleaner.clean_and_explain(text, Config(input_format=fmt))
    gone = {r.line for r in result.removed}
    assert list(result.kept) == sorted(result.kept)
    assert result.text == without_lines(text, gone)
    assert sorted([*result.kept, *gone]) == list(range(len(lines_of(text))))


# --- CLI ----------------------------------------------------------------------------------
def test_cli_input_format(invoke, tmp_path: Path) -> None:
    src = tmp_path / "dump.txt"
    src.write_text(MENU + "\n\n" + wrapped([HEADLINE, *PROSE]) + "\n" + FOOTER, encoding="utf-8")
    auto = invoke(["clean", "--check", "--report", "-", src], exit_code=1)
    assert json.loads(auto.stdout)["files"][0]["format"] == "wrapped"
    lines = invoke(["clean", "--input-format", "lines", "--check", "--report", "-", src], exit_code=1)
    assert json.loads(lines.stdout)["files"][0]["format"] == "lines"
    out = invoke(["clean", "--input-format", "wrapped", src]).stdout
    assert PROSE[0][:40] in out.replace("\n   ", " ")
    bad = invoke(["clean", "--input-format", "html", src], exit_code=2)
    assert "--input-format" in bad.stderr
    diff = invoke(["diff", "--format", "json", src], exit_code=None)
    assert json.loads(diff.stdout)["files"][0]["format"] == "wrapped"


def test_cli_note_and_quiet(invoke, tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text("word " * 1000 + "\n", encoding="utf-8")
    loud = invoke(["clean", src])
    assert loud.stderr.startswith(f"cleaner: note: {src}: the text is one line of")
    assert loud.stderr.count("\n") == 1
    assert invoke(["clean", "-q", src]).stderr == ""


def test_batch_note_and_quiet(invoke, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.txt").write_text("word " * 1000 + "\n", encoding="utf-8")
    (src / "dump.txt").write_text(MENU + "\n\n" + wrapped([HEADLINE, *PROSE]) + "\n" + FOOTER, encoding="utf-8")
    loud = invoke(["batch", "-j", "1", src, tmp_path / "out"])
    notes = [line for line in loud.stderr.splitlines() if line.startswith("cleaner: note:")]
    assert notes == ["cleaner: note: one.txt: the text is one line of 5,000 characters with no structure: cleaner removes whole lines, so it kept or removed it whole; split it into paragraphs first"]
    quiet = invoke(["batch", "-j", "1", "--quiet", "--force", src, tmp_path / "out"])
    assert "note:" not in quiet.stderr
    assert "Weather" not in (tmp_path / "out" / "dump.txt").read_text(encoding="utf-8")


# --- Markdown structure: images are no text (a scraper prints no line for one) -------------
NAV = "[Home](https://example.org/) [News](https://example.org/news/) [Sport](https://example.org/sport/)\n\n"


def _image(n: int) -> str:
    return f"![](https://example.org/img/photo-{n}.jpg)\n\n"


def test_an_image_gallery_does_not_cut_the_article() -> None:
    """Image lines between paragraphs neither count for nor against the article: a gallery
    mid-story does not leave its first half outside the region."""
    text = NAV + "# " + HEADLINE + "\n\n" + markdown(PROSE[:1]) + "\n" + "".join(map(_image, range(12))) + markdown(PROSE[1:])
    result = cleaner.clean_and_explain(text)
    assert result.format == "markdown"
    first = next(line.index for line in result.document.lines if line.text and PROSE[0].startswith(line.text))
    assert result.region is not None and result.region.start <= first  # (not kept only as a lead)
    for paragraph in PROSE:
        assert textwrap.fill(paragraph, 78) in result.text
    assert "photo-3.jpg" not in result.text and "[Sport]" not in result.text


def test_an_image_is_no_neighbour() -> None:
    """A short line between an image and a removed line is not boxed in by removals (the
    ``structure.sandwich`` rule): in the page an image is no line of text."""
    caption = "The bridge seen from the north bank on its first morning"
    text = NAV + "# " + HEADLINE + "\n\n" + markdown(PROSE[:1]) + "\n" + _image(1) + caption + "\n\n" + _image(2) + markdown(PROSE[1:]) + "\n" + NAV
    result = cleaner.clean_and_explain(text)
    assert result.format == "markdown"
    assert caption in result.text
    assert not any(r.rule_id == "structure.sandwich" for r in result.removed)


# --- Markdown tables: a table of data is rows of cells, a layout table is not ------------
TABLE = ["Method | Time | Cost", "---|---|---", "Vinegar | 1 hour | Low", "Lemon juice | 2 hours | Low", "Descaler tablets | 15 minutes | Medium"]


def test_a_table_of_data_is_found_with_or_without_its_outer_pipes() -> None:
    assert markdown_table_rows(["Intro", *TABLE, "After"]) == {1, 2, 3, 4, 5}
    piped = [f"| {row} |" for row in TABLE]
    assert markdown_table_rows(piped) == {0, 1, 2, 3, 4}
    assert markdown_table_rows([*TABLE[:3], "Lemon juice | 2 hours"]) == set()  # (one row of the header's width)


def test_a_layout_table_is_no_table_of_data() -> None:
    # html2text prints a page's layout tables with pipes too: a logo and a menu side by
    # side, cells of images, empty cells.
    logo = "[![logo](https://example.org/logo.png)](https://example.org/) | [Subscribe](https://example.org/s)"
    assert markdown_table_rows([logo, "---|---", "![a](https://example.org/a.gif) | [News](https://example.org/n)", "![b](https://example.org/b.gif) | [Sport](https://example.org/s)"]) == set()
    assert markdown_table_rows(["Home | News", "---|---", " | ", " | "]) == set()
    menu = ["[Home](https://example.org/) | [News](https://example.org/n)", "---|---", "[Sport](https://example.org/s) | [Weather](https://example.org/w)", "[Contact](https://example.org/c) | [Jobs](https://example.org/j)"]
    assert markdown_table_rows(menu) == set()
    linked = ["Method | Source", "---|---", "Vinegar | [Consumer guide](https://example.org/g)", "Lemon juice | [Kitchen notes](https://example.org/k)"]
    assert markdown_table_rows(linked) == {0, 1, 2, 3}  # (a column of links in a table of data)


def test_a_markdown_table_after_the_last_paragraph_is_kept_row_by_row() -> None:
    # Each row is a line of its own, not one paragraph of three rows, and the article goes
    # on over the table (before, its rows read as menu lines after the article).
    text = NAV + "# " + HEADLINE + "\n\n" + markdown(PROSE[:3]) + "\n" + "\n".join(TABLE) + "\n\n" + NAV
    result = cleaner.clean_and_explain(text)
    assert result.format == "markdown"
    assert all(row in result.text.splitlines() for row in TABLE)
    assert "[Sport]" not in result.text


# A table as w3m prints it: its cells in columns, two spaces or more between them.
COLUMNS = [
    "Role             Played by",
    "Harbour master   Tomas Reyne",
    "His daughter     Ilse Varga",
    "The ferryman     Owen Brack",
    "Director         Pia Castell",
]


def test_a_table_in_columns_is_found_row_by_row() -> None:
    assert aligned_rows(["Intro paragraph.", *COLUMNS, "After."]) == {1, 2, 3, 4, 5}
    assert aligned_rows(COLUMNS[:3]) == set()  # (three rows: too few)
    shifted = [*COLUMNS[:2], "His daughter       Ilse Varga", *COLUMNS[3:]]
    assert aligned_rows(shifted) == set()  # (no four rows with the same columns)


@pytest.mark.parametrize(
    "block",
    [
        # bullets and a dash before each item: no cells
        ["     *   -   Rowing", "     *   -   Sailing", "     *   -   Diving", "     *   -   Surfing"],
        # teasers side by side, their titles broken across rows: five cells a row
        ["Tide       Ferry    Storm    Pier      Port", "tables     fares    warning  repairs   dues", "for May    rise     lifted   start     cut", "out now    again    today    soon      by half"],
        # an archive's drop-down, wrapped: long rows of many cells
        ["Archive May 2024  April 2024  March 2024  February 2024  January 2024", "December 2023  November 2023  October 2023  September 2023  August 2023"] * 2,
    ],
)
def test_bullets_layout_columns_and_wrapped_menus_are_no_table(block: list[str]) -> None:
    assert aligned_rows(block) == set()


def test_a_table_in_columns_after_the_last_paragraph_is_kept() -> None:
    # w3m's output: a film's cast, no number in it. Before, the rows (their gaps gone in
    # the joined view) read as menu lines after the article and went.
    menu, footer = ["Home", "News", "Sport", "Weather"], ["About us", "Contact", "Privacy policy"]
    text = "\n".join(menu) + "\n\n" + wrapped([HEADLINE, *PROSE[:3]], indent="") + "\n" + "\n".join([*COLUMNS, "", *footer]) + "\n"
    result = cleaner.clean_and_explain(text)
    out = result.text.splitlines()
    assert result.format == "wrapped"
    assert all(row in out for row in COLUMNS)
    assert not any(line in out for line in menu + footer)
    # (and as inscriptis prints it: a paragraph a line, no view joins them)
    plain = cleaner.clean_and_explain("\n".join([*menu, HEADLINE, *PROSE[:3], *COLUMNS, *footer]) + "\n")
    assert plain.format == "lines" and all(row in plain.text.splitlines() for row in COLUMNS)


def test_a_one_word_markdown_heading_over_its_page_is_the_headline() -> None:
    # "# Configuration" over a documentation page that opens on its configuration: one
    # word is no title on a line of its own (a menu item, a section's label), but a
    # Markdown heading is marked as one. A heading the opening does not talk about stays
    # no headline.
    lead = ("The tool reads its configuration from a file in the current folder, or from the file given "
            "on the command line. Every setting has a default, so an empty file is a valid configuration.")
    text = NAV + "# Configuration\n\n" + markdown([lead, *PROSE[:2]]) + "\n" + NAV
    result = cleaner.clean_and_explain(text)
    assert result.format == "markdown" and "# Configuration" in result.text.splitlines()
    other = NAV + "# Newsletter\n\n" + markdown([lead, *PROSE[:2]]) + "\n" + NAV
    assert "# Newsletter" not in cleaner.clean(other).splitlines()


# --- distances ---------------------------------------------------------------------------
def test_a_repeat_is_as_far_as_the_text_between() -> None:
    """Blank lines are layout: a paragraph printed again three paragraphs further on is
    near, however many blank lines a renderer put between (five would be a teaser's)."""
    from cleaner.pipeline import pipeline
    from cleaner.linescore import _printed_elsewhere

    doc = segment("\n\n\n".join([PROSE[0], PROSE[1], PROSE[2], PROSE[0]]) + "\n")
    _, ctx, _ = pipeline(Config()).observe(doc)
    first = next(line.index for line in doc.lines if line.text == PROSE[0])
    assert not _printed_elsewhere(ctx, first, 5)
    assert _printed_elsewhere(ctx, first, 3)
