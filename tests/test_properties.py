"""Property tests (hypothesis): what holds for every input, not just the fixtures.

Documents are built from article prose, marker lines of the test rules, menu-like short
lines, arbitrary text (form feeds, U+2028, U+0085, a stray BOM, CJK, ...) and blank
lines, joined with mixed ``\\n``/``\\r\\n``/``\\r`` endings, so that most examples have
removals of every kind. Settings are deterministic (``derandomize``, no database).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Config, clean, clean_and_explain, pipeline, segment
from cleaner.policy import LAYOUT_RULE
from conftest import lines_of, without_lines

SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- article prose ----------------------------------------------------------------------

_NOUNS = [
    "council", "river", "village", "farmers", "report", "government", "harbour", "season",
    "bridge", "engineers", "court", "workers", "market", "school", "teachers", "railway",
    "budget", "mayor", "hospital", "doctors", "minister", "region", "museum", "festival",
    "company", "factory", "station", "committee", "island", "valley", "league", "players",
]
_VERBS = [
    "approved", "rejected", "visited", "described", "repaired", "opened", "closed", "crossed",
    "studied", "announced", "defended", "questioned", "expected", "reported", "built", "sold",
]
_ADVERBIALS = [
    "on Monday", "in the spring", "after a long debate", "for the first time", "last year",
    "before the winter", "during the night", "at the end of the month", "in the north",
    "with the help of the army", "over the objections of the opposition", "within a week",
]
_LINKS = [", and", ", but", " while", " after", " because", " although", ", so"]


@st.composite
def clauses(draw: st.DrawFn) -> str:
    subject = f"the {draw(st.sampled_from(_NOUNS))} of the {draw(st.sampled_from(_NOUNS))}"
    obj = f"the {draw(st.sampled_from(_NOUNS))} of the {draw(st.sampled_from(_NOUNS))}"
    text = f"{subject} {draw(st.sampled_from(_VERBS))} {obj}"
    if draw(st.booleans()):
        text += " " + draw(st.sampled_from(_ADVERBIALS))
    return text


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = draw(st.lists(clauses(), min_size=2, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(_LINKS)) + " " + part
    return text[0].upper() + text[1:] + "."


paragraphs = st.lists(sentences(), min_size=1, max_size=3).map(" ".join)
articles = st.lists(paragraphs, min_size=2, max_size=8).map(lambda ps: "\n\n".join(ps) + "\n")

# --- documents with boilerplate ---------------------------------------------------------

_MARKERS = ["zqx strong marker", "zqx normal marker", "zqx weak marker", "ZQX STRONG MARKER!", "zqx optin marker"]
_SHORT = ["Home", "News", "Sport", "Weather", "Share", "Menu", "Advertisement", "Read more", "Comments (12)", "About us"]
_ODD = "ab Ü\u00e9\t \f\v\u2028\u2029\u0085\ufeff\u200b\x1c—“”'\".,:;!?()#@0123456789中文テスト"

lines = st.one_of(
    paragraphs,
    st.sampled_from(_MARKERS),
    st.sampled_from(_SHORT),
    st.text(alphabet=_ODD, max_size=40),
    st.sampled_from(["", " ", "\t"]),
    paragraphs.map(lambda p: p.replace(" the ", " the zqxnormalword ", 1)),
    paragraphs.map(lambda p: p.replace(" the ", " the zqxstrongword ", 1)),
)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.tuples(lines, endings), max_size=25))
    text = "".join(line + ending for line, ending in body)
    if body and draw(st.booleans()):
        text = text[: -len(body[-1][1])]  # no final line ending
    return ("\ufeff" if draw(st.booleans()) else "") + text


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def configs(rule_files: tuple[Path, Path]) -> list[Config]:
    return [
        Config(rule_files=rule_files),
        Config(rule_files=rule_files, aggressive=True),
        Config(rule_files=rule_files, select=("zt",)),
    ]


# --- properties -------------------------------------------------------------------------


@SETTINGS
@given(text=documents())
def test_output_is_an_in_order_subsequence_of_input_lines(configs: list[Config], text: str) -> None:
    for config in configs:
        result = pipeline(config).run(segment(text))
        assert list(result.kept) == sorted(set(result.kept))
        gone = {r.line for r in result.removed}
        assert gone.isdisjoint(result.kept)
        assert gone | set(result.kept) == set(range(len(result.document.lines)))
        assert result.text == without_lines(text, gone)
        lines = lines_of(text.removeprefix("\ufeff"))
        assert {r.line: r.text for r in result.removed} == {i: lines[i].rstrip("\r\n") for i in gone}


@SETTINGS
@given(text=documents())
def test_idempotent(configs: list[Config], text: str) -> None:
    for config in configs:
        once = clean(text, config)
        assert clean(once, config) == once


@SETTINGS
@given(text=articles)
def test_idempotent_on_articles_with_default_rules(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@SETTINGS
@given(text=documents())
def test_every_removal_names_an_active_rule(configs: list[Config], text: str) -> None:
    for config in configs:
        pipe = pipeline(config)
        active = {rule.id for rule in pipe.rules}
        result = pipe.run(segment(text))
        for removal in result.removed:
            assert removal.reasons
            for verdict in removal.reasons:
                assert verdict.rule_id in active or verdict.rule_id == LAYOUT_RULE, verdict
                assert verdict.line == removal.line
            if removal.rule_id == LAYOUT_RULE:
                assert result.document.lines[removal.line].is_blank


@SETTINGS
@given(text=st.text())
def test_any_text_segments_and_round_trips(text: str) -> None:
    doc = segment(text)
    assert doc.text == text
    for line in doc.lines:
        assert "\r" not in line.text and "\n" not in line.text
        assert line.ending in ("\n", "\r\n", "\r", "")
    assert all(line.ending for line in doc.lines[:-1])


@SETTINGS
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_cleans_without_error(configs: list[Config], text: str) -> None:
    for config in configs:
        out = clean(text, config)
        assert out == "" or out.endswith(("\n", "\r"))


@SETTINGS
@given(body=articles, ends=st.lists(endings, min_size=1), final=st.booleans(), bom=st.booleans())
def test_line_endings_round_trip(body: str, ends: list[str], final: bool, bom: bool) -> None:
    """Mixed endings and one built-in rule: the appeal line on top goes with its ending,
    every other byte stays; a missing final ending becomes the first one (``ends[0]``)."""
    parts = ["Support us", *body.split("\n")[:-1]]
    text = "".join(part + ends[i % len(ends)] for i, part in enumerate(parts))
    if not final:
        text = text[: -len(ends[(len(parts) - 1) % len(ends)])]
    start = "\ufeff" if bom else ""
    result = clean_and_explain(start + text, Config(select=("appeal",)))
    assert [(r.rule_id, r.text) for r in result.removed] == [("appeal.support-button", "Support us")]
    assert result.text == start + text[len("Support us" + ends[0]):] + ("" if final else ends[0])


@SETTINGS
@given(text=articles)
def test_clean_prose_passes_through_untouched(text: str) -> None:
    result = pipeline(Config()).run(segment(text))
    assert result.removed == (), [(r.rule_id, r.text) for r in result.removed]
    assert result.text == text
