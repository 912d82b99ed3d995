"""The pipeline's policy, layout, explanations and the seed fixture.

Rules are the test files from conftest (``zt.*``, ``metadata.zqx-test-byline``) or the
stable ``structure.*`` rules; no built-in phrase rule is named here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import HEADLINE, PROSE, article
from cleaner import (
    Config,
    Evidence,
    Pipeline,
    Result,
    Rule,
    RuleError,
    RuleSet,
    Verdict,
    clean,
    clean_and_explain,
    decode,
    segment,
)
from cleaner.pipeline import CLEAN_TEXT_NOTE
from cleaner.policy import LAYOUT_RULE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def zt(rule_files: tuple[Path, Path]):
    """``run(text, **config)``: clean with only the test rules (plus any ``select`` given)."""

    def run(text: str, **kw: object) -> Result:
        kw.setdefault("select", ("zt",))
        return clean_and_explain(text, Config(rule_files=rule_files, **kw))  # type: ignore[arg-type]

    return run


def removed_by(result: Result) -> dict[str, str]:
    """Removed line text -> deciding rule id (layout removals left out)."""
    return {r.text: r.rule_id for r in result.removed if r.rule_id != LAYOUT_RULE}


# --- the policy -------------------------------------------------------------------------

LONG_STRONG = PROSE[4].replace("the plans", "the zqxstrongword plans")
LONG_NORMAL = PROSE[4].replace("the plans", "the zqxnormalword plans")
SHORT_NORMAL = "A short line with zqxnormalword in it."


def test_strong_verdict_beats_the_long_prose_guard(zt) -> None:
    assert len(LONG_STRONG) >= 200
    result = zt(article(LONG_STRONG))
    assert removed_by(result) == {LONG_STRONG: "zt.strong-contains"}
    assert LONG_STRONG not in result.text


def test_long_prose_guard_stops_a_normal_verdict(zt) -> None:
    result = zt(article(LONG_NORMAL))
    assert removed_by(result) == {}
    assert result.text == article(LONG_NORMAL)


def test_the_same_normal_rule_removes_an_unguarded_line(zt) -> None:
    # The contrast to the guard test: the verdict itself works on a short line.
    result = zt(article(SHORT_NORMAL))
    assert removed_by(result) == {SHORT_NORMAL: "zt.normal-contains"}


def test_quoted_speech_guard_stops_a_normal_verdict(zt) -> None:
    quote = '"We will open the bridge in the spring, zqxnormalword or not," the mayor told the council.'
    result = zt(article(quote))
    assert removed_by(result) == {}
    assert quote in result.text
    # A strong phrase outside the quotation marks beats the guard; inside them it is the
    # speaker's words and fires no rule at all.
    strong = '"We will open the bridge in the spring, or not," the mayor told the council, zqxstrongword.'
    assert removed_by(zt(article(strong))) == {strong: "zt.strong-contains"}
    inside = quote.replace("zqxnormalword", "zqxstrongword")
    assert removed_by(zt(article(inside))) == {}


def test_weak_verdict_alone_keeps_the_line(zt) -> None:
    result = zt(article("zqx weak marker"))
    assert removed_by(result) == {}
    assert "zqx weak marker\n" in result.text


def test_weak_verdict_removes_next_to_a_removed_line(zt) -> None:
    result = zt(article("zqx strong marker", "zqx weak marker"))
    assert removed_by(result) == {"zqx strong marker": "zt.strong-line", "zqx weak marker": "zt.weak-line"}
    # and on the other side
    result = zt(article("zqx weak marker", "zqx normal marker"))
    assert removed_by(result) == {"zqx normal marker": "zt.normal-line", "zqx weak marker": "zt.weak-line"}


def test_weak_verdict_removes_under_aggressive(zt) -> None:
    result = zt(article("zqx weak marker"), aggressive=True)
    assert removed_by(result) == {"zqx weak marker": "zt.weak-line"}


def test_weak_verdict_far_from_a_removal_keeps_the_line(zt) -> None:
    # A prose paragraph between the removed line and the weak one: not a cluster.
    text = article("zqx strong marker", PROSE[4], "zqx weak marker")
    assert removed_by(zt(text)) == {"zqx strong marker": "zt.strong-line"}


@pytest.mark.parametrize(
    "middle",
    [
        ("zqx strong marker", "zqx weak marker", "zqx weak marker"),
        ("zqx weak marker", "zqx weak marker", "zqx strong marker"),
    ],
    ids=["strong-first", "strong-last"],
)
def test_a_weak_removal_does_not_confirm_another_weak_line(zt, middle: tuple[str, ...]) -> None:
    """Policy: a weak verdict needs a neighbour removed by a *stronger* verdict. The weak
    line two paragraphs from the strong one has only a weak neighbour, whichever side the
    strong line is on."""
    result = zt(article(*middle))
    doc = result.document
    strong = next(line.index for line in doc.lines if line.text == "zqx strong marker")
    weak = [line.index for line in doc.lines if line.text == "zqx weak marker"]
    gone = {r.line for r in result.removed}
    near, far = sorted(weak, key=lambda i: abs(i - strong))
    assert strong in gone
    assert near in gone
    assert far not in gone


def test_keep_category_keeps_its_lines(zt) -> None:
    text = article("zqx byline")
    assert removed_by(zt(text, select=("zt", "metadata"))) == {"zqx byline": "metadata.zqx-test-byline"}
    result = zt(text, select=("zt", "metadata"), keep=("metadata",))
    assert removed_by(result) == {}
    assert result.text == text


def test_keep_category_wins_over_structural_rules(rule_files) -> None:
    # A byline before the headline is outside the article; kept all the same.
    text = "zqx byline\n\n" + article()
    plain = clean_and_explain(text, Config(rule_files=rule_files))
    assert "zqx byline" in removed_by(plain)
    kept = clean_and_explain(text, Config(rule_files=rule_files, keep=("metadata",)))
    assert "zqx byline" not in removed_by(kept)
    assert kept.text.startswith("zqx byline\n")


def test_keep_category_does_not_keep_other_lines(zt) -> None:
    result = zt(article("zqx byline", "zqx strong marker"), select=("zt", "metadata"), keep=("metadata",))
    assert removed_by(result) == {"zqx strong marker": "zt.strong-line"}


# --- select and ignore ------------------------------------------------------------------

MARKERS = article("zqx strong marker", "zqx normal marker", "zqx optin marker")


def test_select_by_exact_id(zt) -> None:
    assert removed_by(zt(MARKERS, select=("zt.normal-line",))) == {"zqx normal marker": "zt.normal-line"}


def test_select_by_category(zt) -> None:
    assert removed_by(zt(MARKERS, select=("zt",))) == {
        "zqx strong marker": "zt.strong-line",
        "zqx normal marker": "zt.normal-line",
    }


def test_opt_in_rule_only_under_aggressive(zt) -> None:
    assert "zqx optin marker" not in removed_by(zt(MARKERS))
    assert removed_by(zt(MARKERS, aggressive=True))["zqx optin marker"] == "zt.opt-in"


def test_ignore_by_id_and_category(zt) -> None:
    assert removed_by(zt(MARKERS, ignore=("zt.strong-line",))) == {"zqx normal marker": "zt.normal-line"}
    assert removed_by(zt(MARKERS, select=("zt", "metadata"), ignore=("zt",))) == {}


def test_select_limits_the_structural_rules_too(rule_files) -> None:
    menu = "Home\nNews\nSport\nWeather\n\n" + article()
    everything = clean_and_explain(menu, Config(rule_files=rule_files))
    assert {"Home", "News", "Sport", "Weather"} <= set(removed_by(everything))
    only_zt = clean_and_explain(menu, Config(rule_files=rule_files, select=("zt",)))
    assert only_zt.removed == ()
    no_structure = clean_and_explain(menu, Config(rule_files=rule_files, ignore=("structure",)))
    assert not any(r.rule_id.startswith("structure.") for r in no_structure.removed)


def test_select_and_ignore_on_a_rule_set_by_id_prefix_and_category() -> None:
    def rule(rule_id: str, category: str, aggressive: bool = False) -> Rule:
        return Rule(rule_id, category, "line", "strong", "d", {"any": ("x",)}, aggressive=aggressive)

    rules = RuleSet((rule("a.b.c", "a"), rule("a.b.d", "a"), rule("a.e", "a"), rule("f.g", "f", aggressive=True)))

    def ids(rs: RuleSet) -> list[str]:
        return [r.id for r in rs]

    assert ids(rules.select(("a.b",))) == ["a.b.c", "a.b.d"]  # id prefix ending at a dot
    assert ids(rules.select(("a",))) == ["a.b.c", "a.b.d", "a.e"]  # category
    assert ids(rules.select(("a.b.c", "a.e"))) == ["a.b.c", "a.e"]  # exact ids
    assert ids(rules.select((), ("a.b",))) == ["a.e"]  # opt-in f.g left out
    assert ids(rules.select((), ("a.b",), aggressive=True)) == ["a.e", "f.g"]
    assert ids(rules.select(("a",), ("a.b.d",))) == ["a.b.c", "a.e"]
    with pytest.raises(RuleError, match="'a.b.'"):
        rules.select(("a.b.",))
    with pytest.raises(RuleError, match="'a.b.c.d'"):
        rules.select((), ("a.b.c.d",))


@pytest.mark.parametrize(
    "select, ignore, name",
    [
        (("nope",), (), "nope"),
        ((), ("nope",), "nope"),
        (("zt.nope",), (), "zt.nope"),
        (("zt.strong",), (), "zt.strong"),  # a prefix must end at a dot: not a match
        (("structure.outside",), (), "structure.outside"),
    ],
)
def test_unknown_names_raise_rule_error(rule_files, select, ignore, name: str) -> None:
    config = Config(rule_files=rule_files, select=select, ignore=ignore)
    with pytest.raises(RuleError) as info:
        Pipeline(config)
    assert repr(name) in str(info.value)
    with pytest.raises(RuleError):
        clean("text\n", config)


# --- layout -----------------------------------------------------------------------------


def test_no_leading_blank_lines_after_a_removal_at_the_start(zt) -> None:
    text = "zqx strong marker\n\n\n" + article()
    result = zt(text)
    assert result.text == article()
    assert {r.rule_id for r in result.removed} == {"zt.strong-line", LAYOUT_RULE}


def test_no_trailing_blank_lines_after_a_removal_at_the_end(zt) -> None:
    text = article() + "\nzqx strong marker\n\n"
    result = zt(text)
    assert result.text == article()


@pytest.mark.parametrize(
    "middle, expected",
    [
        ("\nzqx strong marker\n\n", "\n"),
        ("zqx strong marker\n\n", "\n"),
        ("\nzqx strong marker\nzqx normal marker\n\n", "\n"),
        ("\nzqx strong marker\n\nzqx normal marker\n\n", "\n"),
        ("\nzqx strong marker\n\n\nzqx normal marker\n\n\n", "\n"),
        ("\n \t\nzqx strong marker\n\n", "\n \t\n"),  # the first run is kept as it was
        ("\n\nzqx strong marker\n\n", "\n\n"),  # the input's own double blank stays
    ],
)
def test_no_doubled_blank_lines_after_a_removal(zt, middle: str, expected: str) -> None:
    """Between two kept lines only the first blank run stays; removed lines leave none."""
    before = HEADLINE + "\n\n" + PROSE[0] + "\n"
    after = PROSE[1] + "\n"
    result = zt(before + middle + after)
    assert "zqx" not in result.text
    assert result.text == before + expected + after


def test_removal_between_lines_without_blanks_leaves_no_gap(zt) -> None:
    text = f"{HEADLINE}\n{PROSE[0]}\nzqx strong marker\n{PROSE[1]}\n"
    assert zt(text).text == f"{HEADLINE}\n{PROSE[0]}\n{PROSE[1]}\n"


@pytest.mark.parametrize(
    "text",
    [
        article(),
        "\n\n" + article() + "\n\n",  # leading and trailing blank lines of the input itself
        article().replace("\n\n", "\n\n\n\n"),  # doubled blank lines of the input itself
        article().replace("\n", "\r\n"),
        article().replace("\n", "\r"),
        "  " + article().replace("\n\n", "\n \t \n"),  # whitespace-only lines and indents
        "\ufeff" + article(),
    ],
)
def test_untouched_text_is_untouched(zt, text: str) -> None:
    result = zt(text)
    assert result.removed == ()
    assert result.text == text
    assert result.kept == tuple(range(len(result.document.lines)))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_non_empty_output_ends_with_the_documents_newline(zt, newline: str) -> None:
    body = article().rstrip("\n").replace("\n", newline)
    assert zt(body).text == body + newline  # nothing removed, final newline added
    result = zt(body + newline + newline + "zqx strong marker")  # last line removed
    assert result.text == body + newline


def test_everything_removed_gives_empty_output(zt) -> None:
    assert zt("zqx strong marker\n\nzqx normal marker\n").text == ""
    assert zt("\ufeffzqx strong marker\r\n").text == ""
    assert zt("").text == ""


def test_bom_survives_removing_the_first_line(zt) -> None:
    result = zt("\ufeffzqx strong marker\n" + article())
    assert result.text == "\ufeff" + article()


def test_kept_lines_stay_lines_when_a_cr_line_meets_a_blank_lf_line(zt) -> None:
    text = f"{PROSE[0]}\rzqx strong marker\n\n{PROSE[1]}\n"
    result = zt(text)
    assert removed_by(result) == {"zqx strong marker": "zt.strong-line"}
    lines = result.document.lines
    out = segment(result.text).lines
    assert [(line.text, line.ending) for line in out] == [(lines[i].text, lines[i].ending) for i in result.kept]


def test_layout_removals_are_explained(zt) -> None:
    result = zt("zqx strong marker\n\n" + article())
    layout = [r for r in result.removed if r.rule_id == LAYOUT_RULE]
    assert [r.line for r in layout] == [1]
    assert layout[0].text == ""
    assert layout[0].category == "layout"


# --- explanations -----------------------------------------------------------------------

EXPLAINED = "Home\nNews\n\nzqx strong marker\n\n" + article("zqx normal marker", "zqx weak marker") + "\nAbout us\n"


@pytest.mark.parametrize(("select", "want"), [
    ((), article()),  # the menu, the markers and the footer link go, with their blank lines
    (("zt",), "Home\nNews\n\n" + article() + "\nAbout us\n"),  # only the markers and theirs
])
def test_removals_account_for_every_line(rule_files, select: tuple[str, ...], want: str) -> None:
    result = clean_and_explain(EXPLAINED, Config(rule_files=rule_files, select=select))
    assert result.text == want
    gone = [r.line for r in result.removed]
    assert len(gone) == len(set(gone))
    assert sorted(gone + list(result.kept)) == list(range(len(result.document.lines)))
    assert list(result.kept) == sorted(result.kept)
    for r in result.removed:
        assert r.text == result.document.lines[r.line].text
        assert r.reasons and r.reasons[0].rule_id == r.rule_id


def test_deciding_reason_is_the_strongest(zt) -> None:
    # "zqx normal marker ... zqxstrongword": normal-line does not fire (not the whole line),
    # so use a line both contains-rules hit.
    line = "zqxnormalword and zqxstrongword"
    result = zt(article(line))
    (removal,) = [r for r in result.removed if r.text == line]
    assert removal.rule_id == "zt.strong-contains"
    assert {v.rule_id for v in removal.reasons} == {"zt.strong-contains", "zt.normal-contains"}


def test_result_to_json_is_json_serialisable(rule_files) -> None:
    result = clean_and_explain(EXPLAINED, Config(rule_files=rule_files))
    data = json.loads(json.dumps(result.to_json()))
    assert data["lines_in"] == len(result.document.lines)
    assert data["lines_out"] == len(result.kept)
    assert data["language"] == "en"
    assert isinstance(data["notes"], list)
    assert len(data["removed"]) == len(result.removed)
    for entry, removal in zip(data["removed"], result.removed):
        assert entry["line"] == removal.line + 1  # 1-based for people
        assert entry["text"] == removal.text
        assert entry["rule"] == removal.rule_id
        assert entry["category"] == removal.category
        assert entry["reasons"][0]["rule"] == removal.rule_id
        assert entry["reasons"][0]["strength"] in ("strong", "normal", "weak")
    strong = next(e for e in data["removed"] if e["text"] == "zqx strong marker")
    assert strong["reasons"][0]["matched"] == "zqx strong marker"
    assert strong["reasons"][0]["span"] == [0, len("zqx strong marker")]
    article_ = data["article"]
    assert article_ is not None and 1 <= article_["start"] <= article_["end"] <= data["lines_in"]


def test_result_to_json_without_removals() -> None:
    result = clean_and_explain("")
    assert json.loads(json.dumps(result.to_json()))["removed"] == []


# --- extra verdicts ---------------------------------------------------------------------


def _extra(index: int, strength: str = "normal", category: str = "repeated") -> dict[int, list[Verdict]]:
    return {index: [Verdict(index, f"{category}.test", category, strength, Evidence("", None, "seen elsewhere"))]}  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def zt_pipeline(rule_files) -> Pipeline:
    return Pipeline(Config(rule_files=rule_files, select=("zt",)))


def test_extra_verdict_removes_a_line(zt_pipeline: Pipeline) -> None:
    doc = segment(article("Sign up for the Sunday briefing"))
    index = next(line.index for line in doc.lines if line.text.startswith("Sign up"))
    assert zt_pipeline.run(doc).removed == ()
    result = zt_pipeline.run(doc, extra=_extra(index))
    assert removed_by(result) == {"Sign up for the Sunday briefing": "repeated.test"}
    assert result.removed[0].reasons[0].evidence.detail == "seen elsewhere"


def test_extra_verdicts_follow_the_policy(zt_pipeline: Pipeline, rule_files) -> None:
    doc = segment(article())
    prose = next(line.index for line in doc.lines if line.text == PROSE[0])
    # a normal verdict on long prose is stopped by the guard; a strong one is not
    assert zt_pipeline.run(doc, extra=_extra(prose, "normal")).removed == ()
    assert removed_by(zt_pipeline.run(doc, extra=_extra(prose, "strong"))) == {PROSE[0]: "repeated.test"}
    # a weak one alone does nothing
    short = segment(article("A short line"))
    index = next(line.index for line in short.lines if line.text == "A short line")
    assert zt_pipeline.run(short, extra=_extra(index, "weak")).removed == ()
    # a kept category is kept
    keeper = Pipeline(Config(rule_files=rule_files, select=("zt",), keep=("repeated",)))
    assert keeper.run(short, extra=_extra(index, "strong")).removed == ()


# --- removal budget ---------------------------------------------------------------------


def _budget_text() -> str:
    # Prose lines of 80..199 characters (prose, but below the long-prose guard), most of
    # them with a normal marker: the rules would remove most of the prose.
    sentences = [
        "The council said on Monday that the bridge over the river would open zqxnormalword in the spring.",
        "Most of the money for the work came from the government zqxnormalword of the country, officials said.",
        "Residents of the old quarter said that they were glad zqxnormalword of the bridge and of the road.",
        "The mayor said that the ferry would keep running zqxnormalword through the summer for the visitors.",
        "Engineers from the university said that the bridge was built to last for more than a century.",
    ]
    return HEADLINE + "\n\n" + "\n\n".join(sentences) + "\n"


def test_removal_budget_applies_only_strong_verdicts_and_says_so(zt) -> None:
    text = _budget_text()
    result = zt(text)
    assert len(result.notes) == 1
    assert "removal budget" in result.notes[0]
    assert "70%" in result.notes[0]
    assert result.removed == ()
    assert result.text == text
    assert result.to_json()["notes"] == list(result.notes)


def test_removal_budget_still_applies_strong_verdicts(zt) -> None:
    text = _budget_text().replace("\n\nEngineers", "\n\nzqx strong marker\n\nEngineers")
    result = zt(text)
    assert result.notes
    assert removed_by(result) == {"zqx strong marker": "zt.strong-line"}


def test_removal_budget_still_applies_every_verdict_outside_the_prose(zt) -> None:
    # A menu above the headline and a footer below the last paragraph are chrome whichever
    # block is the article: their normal verdicts apply; the prose between keeps its own,
    # and so does a short sentence after the last paragraph.
    body = _budget_text() + "\nPricey zqxnormalword, though!\n"
    text = "zqx normal marker\nzqx normal marker\n\n" + body + "\nzqx normal marker\n"
    result = zt(text)
    assert result.notes and "from the first paragraph to the last" in result.notes[0]
    assert [r.line for r in result.removed if r.rule_id == "zt.normal-line"] == [0, 1, len(text.splitlines()) - 1]
    assert result.text == body


def test_removal_budget_does_not_take_a_long_menu_line_for_the_first_paragraph(zt) -> None:
    # A forum's menu printed on one long line (no function word in it) above the prose:
    # the page's edges are its paragraphs, so the menu's normal verdict applies.
    # (Two paragraphs of 150 characters or more: the page's usual density of function
    # words is measured on such lines, and a line with none is no paragraph.)
    menu = "Featured content New posts New media New articles New profile posts Latest activity zqxnormalword"
    longer = "It will carry cars, buses and bicycles zqxnormalword as well as walkers"
    body = _budget_text().replace(" in the spring.", f" in the spring. {longer}.").replace(" of the country, officials said.", f" of the country. {longer}.")
    result = zt(menu + "\n\n" + body)
    assert result.notes and [r.line for r in result.removed if r.rule_id == "zt.normal-contains"] == [0]
    assert result.text == body


def test_removal_budget_is_configurable(zt) -> None:
    result = zt(_budget_text(), budget=1.0)
    assert result.notes == ()
    assert len(removed_by(result)) == 4


# --- the seed fixture -------------------------------------------------------------------


def test_seed_fixture_byte_for_byte() -> None:
    src = FIXTURES / "en" / "para" / "seed-appeal-ads.txt"
    want = src.with_name("seed-appeal-ads.expected.txt").read_bytes()
    result = Pipeline().run(decode(src.read_bytes()))
    got = result.text.encode("utf-8")
    assert got == want, "\n".join(f"{r.line + 1}: [{r.rule_id}] {r.text[:70]}" for r in result.removed)
    assert clean(result.text) == result.text


def test_pipeline_is_reusable_and_deterministic(zt_pipeline: Pipeline) -> None:
    doc = segment(EXPLAINED)
    first = zt_pipeline.run(doc)
    assert zt_pipeline.run(doc) == first
    assert zt_pipeline.run(segment(article())).removed == ()
    assert zt_pipeline.run(doc) == first


# Clean text whose prose comes last: a heading and a list of short steps lie far from the
# longest prose, where the structural rules used to remove them.
CLEAN_STEPS = "\n".join(
    ["Setting up the build", "Requirements", "A compiler", "Make"]
    + [f"step {i}: run task number {i}" for i in range(1, 25)]
    + PROSE
) + "\n"


def test_a_text_no_rule_names_keeps_every_line_and_says_why() -> None:
    result = clean_and_explain(CLEAN_STEPS)
    assert result.text == CLEAN_STEPS and result.removed == ()
    assert result.notes == (CLEAN_TEXT_NOTE,)
    aggressive = clean_and_explain(CLEAN_STEPS, Config(aggressive=True))
    assert any(r.rule_id.startswith("structure.") for r in aggressive.removed)


def test_one_phrase_hit_lets_the_structural_rules_run(rule_files) -> None:
    marked = "Zqx strong marker\n" + CLEAN_STEPS
    result = clean_and_explain(marked, Config(rule_files=rule_files))
    rules = set(removed_by(result).values())
    assert "zt.strong-line" in rules and any(r.startswith("structure.") for r in rules)
    assert CLEAN_TEXT_NOTE not in result.notes


def test_lines_repeated_across_a_folder_count_as_a_sign_of_boilerplate() -> None:
    doc = segment(CLEAN_STEPS)
    extra = {0: [Verdict(0, "repeated.folder", "repeated", "normal", Evidence("", None, "in 5 files"))]}
    result = Pipeline(Config()).run(doc, extra)
    assert 0 not in result.kept and CLEAN_TEXT_NOTE not in result.notes


def test_a_text_in_no_known_language_is_not_taken_as_clean() -> None:
    steps = "\n".join(f"{i} ---- {i * 7} ---- {i * 13}" for i in range(40)) + "\n"
    assert CLEAN_TEXT_NOTE not in clean_and_explain(steps).notes


def test_a_page_in_a_language_with_no_phrases_is_not_taken_as_clean() -> None:
    # With only the appeal rules (no Swedish phrases among them) a Swedish page's menus
    # and footer trip nothing: no hit there is no sign of a clean text, so the structural
    # rules still run. A German page, whose language the appeal rules cover, reads as clean.
    swedish = "\n".join([
        "Hem", "Om mig", "Recept",
        "Därför slutade jag tjuva mina tomater i år",
        "I många år har jag varje lördag tagit bort sidoskotten på mina tomater, precis som min mormor lärde mig.",
        "Resultatet överraskade mig: plantorna gav mindre frukter men betydligt fler, och de klarade värmen bättre.",
        "På bifftomaterna kommer jag ändå att fortsätta, för där blev frukterna knappt större än en pingisboll.",
        "Lämna en kommentar", "Integritetspolicy",
    ]) + "\n"
    pipe = Pipeline(Config(select=("appeal", "structure")))
    result = pipe.run(segment(swedish))
    assert result.language == "sv" and CLEAN_TEXT_NOTE not in result.notes
    assert "Integritetspolicy" not in result.text and "Därför slutade jag" in result.text
    german = "\n".join([
        "Startseite", "Über mich", "Rezepte",
        "Warum ich meine Tomaten nicht mehr ausgeize",
        "Seit Jahren habe ich jeden Samstag die Seitentriebe meiner Tomaten entfernt, so wie es mir meine Großmutter gezeigt hat.",
        "Das Ergebnis hat mich überrascht: Die Pflanzen trugen kleinere Früchte, aber deutlich mehr davon, und sie hielten die Hitze aus.",
        "Bei den Fleischtomaten mache ich es trotzdem weiter, denn dort wurden die Früchte kaum größer als ein Tischtennisball.",
        "Kommentar schreiben", "Datenschutz",
    ]) + "\n"
    result = pipe.run(segment(german))
    assert result.language == "de" and CLEAN_TEXT_NOTE in result.notes and result.text == german


def test_a_page_in_a_language_with_phrases_and_no_hit_reads_as_clean() -> None:
    page = "\n".join([
        "Warum ich meine Tomaten nicht mehr ausgeize",
        "Seit Jahren habe ich jeden Samstag die Seitentriebe meiner Tomaten entfernt, so wie es mir meine Großmutter beigebracht hat.",
        "Das Ergebnis hat mich überrascht: Die Pflanzen trugen kleinere Früchte, aber deutlich mehr davon.",
        "Zutaten",
        "Bei den Fleischtomaten würde ich es trotzdem weiter machen, denn dort wurden die Früchte kaum größer.",
    ]) + "\n"
    result = clean_and_explain(page)
    assert result.language == "de" and CLEAN_TEXT_NOTE in result.notes and result.text == page
