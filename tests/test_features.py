"""Line features the structural rules rely on: what ends a sentence, sizes per script."""

from __future__ import annotations

import pytest

from cleaner.features import code_like, line_info, name_list


@pytest.mark.parametrize(
    "text, ends",
    [
        ("The council met on Monday.", True),
        ("Did the council meet?", True),
        ("“We will,” she said.”", True),
        ("会議は月曜日に開かれた。", True),
        ("We will see you all at the festival next year 🙂", True),  # an emoji ends it
        ("What a night it was ❤️", True),
        ("„Das ist Finn“, sagt er. „Der zahlt im Dezember.“", True),  # German closing quote
        ("Il a dit : «On verra.»", True),
        ("नगर निगम ने सोमवार को नई बस सेवा को मंजूरी दे दी।", True),  # the danda
        ("उन्होंने कहा, \"नई सेवा से समय आधा हो जाएगा।\"", True),
        ("شہر کی کونسل نے پیر کو نئی بس سروس کی منظوری دے دی۔", True),  # the Urdu full stop
        ("สภาเมืองอนุมัติโครงการรถเมล์ไฟฟ้าสายแรกเมื่อวันจันทร์ ซึ่งจะเชื่อมสถานีขนส่งกลางกับนิคมอุตสาหกรรม", True),  # Thai: unmarked, long
        ("ข่าวที่เกี่ยวข้อง", False),  # a short Thai heading
        ("Town opens its new bridge over the river", False),
        ("Made with Windows®", False),  # a symbol is not an emoji
        ("Read more", False),
    ],
)
def test_sentence_end(text: str, ends: bool) -> None:
    assert line_info(0, text, None).sentence_end is ends


@pytest.mark.parametrize(
    "text, counted",
    [
        ("World (3031)", True),
        ("Comments 12", True),
        ("August 2012 (4)", True),  # a blog archive's month
        ("2011 (37)", True),
        ("Windows 11 [5]", True),
        ("Round 1 (2) – Riverside Hall", False),  # the count is not the end
        ("The council met on Monday (2)", True),  # (short and ending in a bracketed count)
        ("Arsenal beat Chelsea 2-1 after extra time", False),
        ("A" * 50 + " 2012 (4)", False),  # a label of up to 40 characters
        ("Harbourside 91.4", False),  # a measurement: a count has no decimals
        ("Hill district 43,7", False),
        ("Tickets sold 12,500", True),  # (three digits after the comma: thousands)
        ("Kommentare 1.204", True),
    ],
)
def test_a_label_with_a_count_is_counted(text: str, counted: bool) -> None:
    assert line_info(0, text, None).counted is counted


def test_dense_scripts_count_three_times_a_latin_letter() -> None:
    assert line_info(0, "会議は月曜日", None).size == 18
    assert line_info(0, "회의", None).size == 4
    assert line_info(0, "abc", None).size == 3



def test_padding_between_a_table_s_columns_is_no_text() -> None:
    # inscriptis, lynx and w3m print a table's cells side by side, padded with spaces: a
    # row of three short teasers is no paragraph of 160 characters.
    row = "Harbour board names its new chair" + " " * 30 + "Letters: the bridge tolls" + " " * 30 + "Ferry timetable"
    assert line_info(0, row, None).size == len("Harbour board names its new chair Letters: the bridge tolls Ferry timetable")
    assert line_info(0, "One space.  Two spaces.", None).size == len("One space. Two spaces.")


def test_the_shape_memo_stays_bounded_within_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document of many distinct short lines (a million menu items) must not keep a
    shape per line past the memo's size; the lines get the same features either way."""
    from cleaner import features
    from cleaner.document import segment

    monkeypatch.setattr(features, "SHAPE_MEMO_SIZE", 5)
    monkeypatch.setattr(features, "_shapes", {})
    doc = segment("".join(f"Menu item {k}\n" for k in range(40)) + "A longer line of prose, said once. " * 8 + "\n")
    infos = features.analyse(doc, None)
    assert len(features._shapes[None]) == 5
    assert infos == tuple(line_info(line.index, line.text, None) for line in doc.lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Home | News | Sport | Business | Contact", True),
        ("North: The Courier; The Gazette; The Herald; The Post.", True),
        ("Nord : Le Courrier ; La Gazette ; Le Journal du Val ; La Tribune.", True),
        # Semicolons that join a sentence's clauses: longer than a name.
        ("He came; he saw the town and its old bridge; he left before the rain came; and nobody saw him again.", False),
        ("x; y; z", False),  # three items are not yet a list
    ],
)
def test_a_list_of_names_joined_by_semicolons_or_bars(text: str, expected: bool) -> None:
    assert name_list(text) is expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("}", True),
        ("if err != nil {", True),
        ("defer f.Close()", True),
        ("total := count(items)", True),
        ("x = 1;", True),
        ("Home", False),
        ("World (3031)", False),  # a count, not a call
        ("Archives(12)", False),
        ("Contact us", False),
    ],
)
def test_a_line_of_code(text: str, code: bool) -> None:
    assert line_info(0, text, None).code is code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("import os", True),
        ("from decimal import Decimal", True),
        ("class Order:", True),
        ("def total(self) -> Decimal:", True),
        ("return total", True),
        ("except ValueError:", True),
        ("$ make install", True),
        (">>> x = 1", True),
        ("#> 9.00", True),
        ("items[0] += 2", True),
        ("# clone the repository first", True),  # a shell or Python comment
        ("// retry once before giving up", True),
        ("),", True),
        ("Return to top", False),  # a link: keywords count in lower case only
        ("Classes start on Monday", False),
        ("If you go, bring water.", False),
        ("$ 425.00 View product", False),  # a price, not a prompt
        ("> quoted reply", False),
        ("# Installation", False),  # a Markdown heading
        ("#1 in its class", False),
        ("public transport was late again", False),
        ("Home", False),
    ],
)
def test_a_line_that_reads_as_code_in_a_block(text: str, code: bool) -> None:
    assert code_like(line_info(0, text, None), text) is code
