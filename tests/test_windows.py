"""Long documents cleaned in windows (``cleaner/windows.py``, issue 12): where the cuts
fall, that every way in cuts at the same lines and so gives the same text, and that the
memory a long text takes stays bounded by the window."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from hypothesis import given, settings as hsettings, strategies as st

import cleaner
from cleaner import Config, windows
from cleaner.document import segment
from cleaner.rules import Evidence, Verdict

WINDOW = Config(window_lines=100)
PROSE = "The harbour board met on Monday and agreed to repair the breakwater before the storms, its chair said."
MENU = ["Home", "News", "Sport", "Weather", "Subscribe to our newsletter", "Share on Facebook"]


def page(n: int, seed: int = 0) -> list[str]:
    """``n`` lines of a long text: paragraphs, blank lines, menus and appeals, mixed."""
    out = []
    for i in range(n):
        k = (i * 7919 + seed) % 13
        out.append("" if k < 2 else MENU[k % len(MENU)] if k < 6 else f"{PROSE} Paragraph {i}.")
    return out


def windows_of(lines: list[str], size: int) -> list[list[str]]:
    bounds = [0, *windows.cuts(lines, len(lines), size), len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:])]


def test_a_text_of_one_window_is_not_cut() -> None:
    assert list(windows.cuts(["x"] * 100, 100, 100)) == []
    assert list(windows.text_pieces("a\nb\n", 100)) == ["a\nb\n"]


def test_windows_are_as_equal_as_the_count_allows() -> None:
    parts = windows_of(["x"] * 250, 100)
    assert [len(p) for p in parts] == [84, 83, 83]


def test_a_cut_falls_after_the_last_blank_line_of_a_windows_last_tenth() -> None:
    lines = ["x"] * 300
    lines[85] = lines[95] = ""  # (and one before the last tenth, which is not taken)
    lines[40] = ""
    parts = windows_of(lines, 100)
    assert len(parts[0]) == 96 and parts[0][-1] == ""
    assert all(len(p) <= 100 for p in parts) and sum(map(len, parts)) == 300


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("last", ["\n", ""])
def test_a_text_and_its_document_are_cut_alike_and_clean_alike(newline: str, bom: str, last: str) -> None:
    lines = page(730)
    text = bom + newline.join(lines) + (newline if last else "")
    doc = segment(text)
    pieces = list(windows.text_pieces(text.removeprefix("\ufeff"), 100))
    assert "".join(pieces) == text.removeprefix("\ufeff")
    assert [len(segment(p).lines) for p in pieces] == [len(d.lines) for _, d, _ in windows.document_pieces(doc, None, 100)]
    explained = cleaner.clean_and_explain(text, WINDOW)
    assert cleaner.clean(text, WINDOW) == explained.text
    assert explained.removed and explained.kept
    assert explained.text.startswith(bom) and explained.text.endswith(newline)


def test_each_window_is_cleaned_as_a_document_of_its_own() -> None:
    lines = page(450, seed=5)
    text = "\n".join(lines) + "\n"
    alone = "".join(cleaner.clean("\n".join(part) + "\n") for part in windows_of(lines, 100))
    assert cleaner.clean(text, WINDOW) == alone


def test_a_windowed_result_says_so_and_keeps_every_line_where_it_was() -> None:
    lines = page(450, seed=2)
    result = cleaner.clean_and_explain("\n".join(lines) + "\n", WINDOW)
    assert result.note == "cleaned in windows of about 100 lines, each on its own (5 windows): the text is 450 lines long"
    assert sorted([*result.kept, *(r.line for r in result.removed)]) == list(range(450))
    for r in result.removed:
        assert r.text == lines[r.line] and all(v.line == r.line for v in r.reasons)
    assert result.region is not None and result.document.lines[result.region.start].text == lines[result.region.start]


def test_verdicts_from_outside_reach_their_line_in_a_later_window() -> None:
    """(A folder's repeated lines, as ``batch`` finds them, keyed by their line.)"""
    lines = page(450, seed=3)
    pipe = cleaner.pipeline(WINDOW)
    kept = pipe.run(segment("\n".join(lines) + "\n")).kept
    target = next(i for i in kept if i >= 300 and lines[i] in MENU)
    evidence = Evidence(lines[target], None, "in 9 of 10 files")
    extra = {target: [Verdict(target, "repeated.lines", "repeated", "normal", evidence)]}
    result = pipe.run(segment("\n".join(lines) + "\n"), extra=extra)
    assert [(r.line, r.rule_id, r.reasons[0].line) for r in result.removed if r.line == target] == [(target, "repeated.lines", target)]


def test_a_short_text_is_cleaned_whole_as_before() -> None:
    text = "\n".join(page(99, seed=4)) + "\n"
    result = cleaner.clean_and_explain(text, WINDOW)
    assert not any(n.startswith("cleaned in windows") for n in result.notes)
    assert cleaner.clean(text, WINDOW) == result.text == cleaner.clean(text)


@pytest.mark.parametrize("value", [True, "100", 99.0, 99, 0, -5])
def test_a_window_of_too_few_lines_or_not_a_number_is_refused(value: object) -> None:
    with pytest.raises((TypeError, ValueError), match="window_lines"):
        Config(window_lines=value)  # type: ignore[arg-type]


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["", PROSE, PROSE + " More.", *MENU, "12 comments"]), min_size=101, max_size=400), st.sampled_from(["\n", "\r\n"]))
def test_windowed_output_is_an_in_order_subsequence_and_both_ways_agree(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline
    result = cleaner.clean_and_explain(text, WINDOW)
    assert cleaner.clean(text, WINDOW) == result.text
    assert list(result.kept) == sorted(result.kept)
    assert result.text == "".join(lines[i] + newline for i in result.kept)


def test_a_long_texts_memory_is_bounded_by_its_window() -> None:
    """20,000 short lines (a menu dump): without windows the cleaning's own objects
    took some 95 times the text (400 bytes a line); with windows of 500 lines, the
    text out, its pieces and one window's objects. (A menu dump: nothing of it is kept.)"""
    text = "".join(f"{MENU[i % 4]} {i % 97}\n" for i in range(20_000))
    config = Config(window_lines=500)
    cleaner.clean(text, config)  # (rules compiled and the memos of its 388 distinct lines filled before the count)
    tracemalloc.start()
    try:
        assert cleaner.clean(text, config) == ""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * len(text), f"peak {peak / len(text):.1f} times the text"


def test_the_command_line_cleans_a_long_text_in_windows_as_the_library_does(tmp_path, invoke) -> None:
    """``cleaner clean`` (no report: a window at a time) and ``--report`` (one Document)."""
    text = "\n".join(page(22_000, seed=7)) + "\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    plain = invoke(["clean", path])
    assert "note: " in plain.stderr and "(2 windows): the text is 22,000 lines long" in plain.stderr
    invoke(["clean", "--report", tmp_path / "r.json", "-o", tmp_path / "out.txt", path])
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == plain.stdout
    removed = len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["removed"])
    check = invoke(["clean", "--check", path], exit_code=1)
    assert f"would clean {path} ({removed} lines)" in check.stderr
