"""The article model: block features, the two-layer scorer, the sequence decoder, the
shipped weights, and the pipeline with ``finder="model"``."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from click.testing import CliRunner

from conftest import HEADLINE, PROSE
from cleaner import Config, clean, clean_and_explain
from cleaner.blocks import Block, page_blocks
from cleaner.featurenames import FEATURES, NAMES
from cleaner.cli import cli
from cleaner.config import RULES_BUDGET
from cleaner.document import segment
from cleaner.model import ARTICLE, CONTEXT_FEATURES, MODEL_FILE, STATES, ArticleModel, Forest, ModelError, context_features, load_model
from cleaner.pipeline import Pipeline
from cleaner.labelled import states_of

MODEL = Config(finder="model")


def _tiny(transitions: list[list[float]]) -> ArticleModel:
    """A model with two features: "prose" says article (+6), "bias" (always 1) says not
    (-2): the article state's log-odds are +4 on a prose row and -2 on any other."""
    names = tuple(NAMES) + tuple(CONTEXT_FEATURES)
    weights = []
    for s in range(len(STATES)):
        row = [0.0] * len(names)
        if s == ARTICLE:
            row[names.index("prose")], row[names.index("bias")] = 6.0, -2.0
        weights.append(tuple(row))
    flat = tuple(math.log(1 / len(STATES)) for _ in STATES)
    return ArticleModel(
        names=names,
        first=Forest(0.0, ()),
        weights=tuple(weights),
        transitions=tuple(tuple(t) for t in transitions),
        start=flat,
        prior=flat,
    )


FREE = [[0.0] * 4 for _ in range(4)]
NEVER = -1e9
ONE_PART = [  # before -> article -> after: no "inside", the article is one run
    [0.0, 0.0, NEVER, 0.0],
    [NEVER, 0.0, NEVER, 0.0],
    [NEVER, NEVER, NEVER, NEVER],
    [NEVER, NEVER, NEVER, 0.0],
]


def _rows(prose: list[bool]) -> list[list[float]]:
    names = tuple(NAMES) + tuple(CONTEXT_FEATURES)
    rows = []
    for p in prose:
        row = [0.0] * len(names)
        row[names.index("bias")] = 1.0
        row[names.index("prose")] = 1.0 if p else 0.0
        rows.append(row)
    return rows


def test_every_feature_has_a_name_and_a_meaning() -> None:
    assert len(NAMES) == len(set(NAMES)) == len(FEATURES)
    for meanings in (FEATURES, CONTEXT_FEATURES):
        for name, meaning in meanings.items():
            assert name.isidentifier() or name[0] in "nw", name
            assert len(meaning) > 10, name


def test_block_features_one_vector_per_non_blank_line() -> None:
    text = f"Home\n\n{HEADLINE}\n{PROSE[0]}\n\n{PROSE[1]}\n"
    pipe = Pipeline(Config())
    _, ctx, _ = pipe.observe(segment(text))
    blocks, matrix = page_blocks(ctx, pipe.region_params)
    assert blocks == [Block(0, 0, 0), Block(1, 2, 2), Block(2, 3, 3), Block(3, 5, 5)]
    assert all(len(row) == len(NAMES) for row in matrix)
    prose = NAMES.index("prose")
    assert [row[prose] for row in matrix] == [0.0, 0.0, 1.0, 1.0]
    before = NAMES.index("before_prose")
    assert [row[before] for row in matrix] == [1.0, 1.0, 1.0, 0.0]


def test_decoder_follows_the_emissions_when_transitions_are_free() -> None:
    path, _ = _tiny(FREE).decode(_rows([False, True, False, True, False]))
    assert path[1] == path[3] == ARTICLE
    assert ARTICLE not in (path[0], path[2], path[4])


def test_decoder_bridges_a_short_gap_and_ends_at_a_long_one() -> None:
    """With one run allowed, a non-prose block between paragraphs (about 2 as article) is
    kept rather than the paragraph after it lost (about 4); three of them (6) end the
    article, and nothing after "after" is article again."""
    model = _tiny(ONE_PART)
    before, after = STATES.index("before"), STATES.index("after")
    assert model.decode(_rows([False, True, False, True]))[0] == [before, ARTICLE, ARTICLE, ARTICLE]
    assert model.decode(_rows([False, True, True, False, False, False, True]))[0] == [before, ARTICLE, ARTICLE, after, after, after, after]


def test_article_bias_keeps_more() -> None:
    model = _tiny(FREE)
    rows = _rows([True, False])
    assert model.decode(rows, bias=-5.0)[0][0] != ARTICLE
    assert model.decode(rows, bias=5.0)[0] == [ARTICLE, ARTICLE]


def test_context_features_locate_the_best_run() -> None:
    rows = context_features([0.1, 0.9, 0.9, 0.2, 0.1])
    names = list(CONTEXT_FEATURES)
    in_run, before, after = names.index("in_run"), names.index("before_run"), names.index("after_run")
    assert [r[in_run] for r in rows] == [0.0, 1.0, 1.0, 0.0, 0.0]
    assert [r[before] for r in rows] == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert [r[after] for r in rows] == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert all(len(r) == len(names) for r in rows)


def test_states_from_labels() -> None:
    b, a, i, f = (STATES.index(s) for s in ("before", "article", "inside", "after"))
    assert states_of([False, True, False, True, False, False]) == [b, a, i, a, f, f]
    assert states_of([False, False]) == [b, b]


def test_shipped_model_reads_and_says_how_it_was_fitted() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = load_model()
    assert model.names == tuple(NAMES) + tuple(CONTEXT_FEATURES)
    provenance = data["provenance"]
    assert provenance["command"].startswith("python -m cleaner.training")
    assert provenance["folds"] >= 2
    assert provenance["cross_validated"], "the figures the model was measured by"


def test_a_model_fitted_on_other_features_is_refused() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][1:]
    with pytest.raises(ModelError, match="refit"):
        ArticleModel.from_json(data, NAMES)


def test_model_finder_removes_a_menu_and_says_why() -> None:
    text = "\n".join(["Home", "World", "Sport", "Culture", HEADLINE, *PROSE, "About us", "Contact", "Jobs"]) + "\n"
    result = clean_and_explain(text, MODEL)
    out = result.text.splitlines()
    assert all(p in out for p in PROSE)
    assert "Home" not in out and "Jobs" not in out
    verdicts = [v for r in result.removed for v in r.reasons if v.rule_id == "structure.outside-article"]
    assert verdicts
    assert all(v.evidence.detail.split(" ")[0] in STATES for v in verdicts)


def test_unexplained_run_removes_the_same_lines_and_only_names_the_state() -> None:
    """``clean`` reads the text alone, so it skips the explanations (``explain=False``):
    the same lines go, for the same rules, and the detail stops before the features."""
    text = "\n".join(["Home", "World", "Sport", "Culture", HEADLINE, *PROSE, "About us", "Contact", "Jobs"]) + "\n"
    pipe = Pipeline(MODEL)
    explained, bare = pipe.run(segment(text)), pipe.run(segment(text), explain=False)
    assert bare.text == explained.text == clean(text, MODEL)
    assert [(r.line, [v.rule_id for v in r.reasons]) for r in bare.removed] == [(r.line, [v.rule_id for v in r.reasons]) for r in explained.removed]
    for short, long in zip(bare.removed, explained.removed):
        for a, b in zip(short.reasons, long.reasons):
            if a.rule_id == "structure.outside-article":
                assert b.evidence.detail.startswith(a.evidence.detail)
                assert ":" not in a.evidence.detail


def test_model_finder_output_is_a_subsequence_of_the_input() -> None:
    text = "\n".join(["Menu", HEADLINE, PROSE[0], "Advertisement", PROSE[1], "Comments", "Great article!"]) + "\n"
    lines = text.splitlines()
    out = clean_and_explain(text, MODEL).text.splitlines()
    it = iter(lines)
    assert all(line in it for line in out)


def test_unknown_finder_is_refused() -> None:
    with pytest.raises(ValueError, match="finder"):
        Config(finder="magic")


def test_cli_finder_option() -> None:
    text = "\n".join(["Home", "World", HEADLINE, *PROSE, "About us"]) + "\n"
    runner = CliRunner()
    ok = runner.invoke(cli, ["clean", "--finder", "model"], input=text)
    assert ok.exit_code == 0, ok.output
    assert PROSE[0] in ok.output and "About us" not in ok.output
    bad = runner.invoke(cli, ["clean", "--finder", "magic"], input=text)
    assert bad.exit_code == 2


def _gold_folder(tmp_path) -> None:
    """Two pages with a menu and a footer around the article, a share button inside it,
    and their gold."""
    for n in range(2):
        body = [HEADLINE, *PROSE]
        page = ["Home", "World", "Sport", HEADLINE, PROSE[0], "Share this article", *PROSE[1:], "© 2024 Example News. All rights reserved."]
        (tmp_path / f"p{n}.txt").write_text("\n".join(page) + "\n", encoding="utf-8")
        (tmp_path / f"p{n}.gold.txt").write_text("\n".join(body) + "\n", encoding="utf-8")


def test_eval_ablate_a_category_side_by_side(tmp_path) -> None:
    _gold_folder(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--ablate", "social", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"with", "without"}
    assert data["without"]["social"]["lines"]["cruft_kept"] > data["with"]["lines"]["cruft_kept"]


def test_eval_ablate_a_model_feature_needs_the_model(tmp_path) -> None:
    _gold_folder(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["eval", str(tmp_path), "--ablate", "prose"]).exit_code == 2
    ok = runner.invoke(cli, ["eval", str(tmp_path), "--finder", "model", "--ablate", "prose"])
    assert ok.exit_code == 0, ok.output
    assert "ablation" in ok.output and "prose" in ok.output
    assert runner.invoke(cli, ["eval", str(tmp_path), "--ablate", "no-such-thing"]).exit_code == 2


def test_silencing_a_feature_reads_it_as_zero_in_both_layers() -> None:
    model = load_model()
    at = model.names.index("prose")
    row = [0.0] * len(NAMES)
    row[NAMES.index("bias")] = 1.0
    with_prose = [*row]
    with_prose[at] = 1.0
    silenced = model.without(frozenset({"prose"}))
    assert silenced.stack([with_prose]) == model.stack([row])
    assert model.stack([with_prose]) != model.stack([row])  # the feature does weigh


def _stump(feature: int, threshold: float, low: float, high: float) -> tuple:
    return ((feature, -1, -1), (threshold, 0.0, 0.0), (1, 0, 0), (2, 0, 0), (0.0, low, high))


def test_a_forest_walks_each_tree_to_one_leaf_and_adds_them() -> None:
    forest = Forest(0.5, (_stump(0, 1.0, -1.0, 2.0), _stump(1, 0.0, 0.25, -0.25)))
    assert forest.logit([1.0, 0.0]) == 0.5 - 1.0 + 0.25  # at most the threshold: left
    assert forest.logit([1.5, 3.0]) == 0.5 + 2.0 - 0.25


def test_a_used_forest_pickles_as_its_trees_and_scores_the_same() -> None:
    """The generated function is not pickled (fitting sends models between processes);
    the copy builds its own and adds the same leaves."""
    import pickle

    forest = Forest(0.5, (_stump(0, 1.0, -1.0, 2.0), _stump(1, 0.0, 0.25, -0.25)))
    assert forest.logit([2.0, -1.0]) == 0.5 + 2.0 + 0.25
    copy = pickle.loads(pickle.dumps(forest))
    assert copy == forest
    assert "_compiled" not in copy.__dict__
    assert copy.logit([2.0, -1.0]) == forest.logit([2.0, -1.0])


def test_a_forest_of_one_leaf_adds_its_value() -> None:
    leaf = ((-1,), (0.0,), (0,), (0,), (0.75,))
    assert Forest(-0.25, (leaf,)).logit([9.0]) == -0.25 + 0.75


def test_a_forest_of_many_trees_adds_them_in_order() -> None:
    """More trees than one generated line sums (``_TREES_A_LINE``): the same float as
    adding the leaves one by one, in tree order."""
    stumps = tuple(_stump(k % 2, 0.5, 0.1 * k, -0.3 * k) for k in range(250))
    row = [0.25, 0.75]
    expected = 0.125
    for k in range(250):
        expected += 0.1 * k if k % 2 == 0 else -0.3 * k
    assert Forest(0.125, stumps).logit(row) == expected


def test_a_forest_round_trips_through_json_by_feature_name() -> None:
    forest = Forest(0.5, (_stump(1, 1.0, -1.0, 2.0),))
    data = json.loads(json.dumps(forest.to_json(["a", "b"])))
    assert data["trees"][0]["feature"] == ["b", None, None]
    assert Forest.from_json(data, ["b", "a"]).logit([3.0, 0.0]) == 0.5 + 2.0  # "b" moved
    with pytest.raises(ModelError, match="does not compute"):
        Forest.from_json(data, ["a"])


def test_exported_trees_score_as_scikit_learn_does() -> None:
    """The first layer is fitted by scikit-learn and walked in plain Python: the export
    must give the same log-odds, tree by tree, in both walks."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from sklearn.ensemble import HistGradientBoostingClassifier

    from cleaner.fitting import TREES, fit_forest, logits

    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, size=(3000, 5)).astype(np.float32) / 3
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0.8) ^ (rng.random(3000) < 0.1)
    forest = fit_forest(x, y)
    expected = HistGradientBoostingClassifier(**TREES).fit(x, y).decision_function(x)
    assert len(forest.trees) == TREES["max_iter"]
    assert np.allclose(logits(forest, x), expected)
    assert np.allclose([forest.logit(row) for row in x.astype(float).tolist()], expected)


def _toy_data(states: list[int], pages: int, seed: int):
    """Pages of random features (``prose`` mostly follows the article state) for fitting."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from cleaner.fitting import Data
    from cleaner.labelled import Page

    rng = np.random.default_rng(seed)
    s = np.array(states, dtype=np.int8)
    matrices = []
    for _ in range(pages):
        m = rng.random((len(s), len(NAMES))).astype(np.float32)
        m[:, NAMES.index("prose")] = (s == ARTICLE) ^ (rng.random(len(s)) < 0.2)
        matrices.append(m)
    body = [bool(x == ARTICLE) for x in s]
    return Data([Page("train/toy", "page", f"p{k}", "", None, body) for k in range(pages)], matrices, [s] * pages, [np.ones(len(s))] * pages)


def test_the_fitting_seed_draws_the_rows() -> None:
    """The same seed fits the same model; another seed fits on other rows (the figures
    then show how far a refit moves by chance alone, beside an ablation's difference)."""
    from cleaner.fitting import fit

    data = _toy_data([0] * 5 + [1] * 12 + [2] * 3 + [1] * 10 + [3] * 10, pages=6, seed=7)  # every state
    which = list(range(len(data.pages)))
    assert fit(data, which, seed=0) == fit(data, which)  # (0: the shipped model's draw)
    assert fit(data, which, seed=1).first != fit(data, which, seed=0).first


def test_a_state_no_training_block_has_gets_a_finite_prior() -> None:
    from cleaner.fitting import fit

    data = _toy_data([0] * 5 + [1] * 25 + [3] * 10, pages=4, seed=3)  # no "inside" block
    model = fit(data, list(range(len(data.pages))))
    assert all(math.isfinite(p) for p in model.prior)
    path, _ = model.decode(model.stack(data.matrices[0].tolist()))
    assert len(path) == len(data.states[0])


THREAD = [
    "Join the discussion",  # (a link, not a comment section's heading: the budget weighs what follows)
    "Anna Berg, 12 May 2024 at 10:42",
    "I walked over it this morning with my dog and the view of the old quarter from the middle is wonderful, well worth the wait.",
    "Reply",
    "Tom Hale, 12 May 2024 at 11:05",
    "Two years of detours for this? The council should explain why the works took twice as long as promised in the first place.",
    "Reply",
]


def test_the_model_path_uses_the_model_files_budget_unless_config_sets_one() -> None:
    """The model takes the comment thread: about a fifth of the page's prose. Under a
    budget of 10 % that is too much and only strong phrase rules apply (the thread
    stays); a budget set in ``Config`` overrides the model file's."""
    text = "\n".join([HEADLINE, *PROSE, *THREAD]) + "\n"
    model = load_model()
    strict = Pipeline(MODEL, model=replace(model, budget=0.1)).run(segment(text))
    assert any(n.startswith("removal budget") and "(limit 10%)" in n for n in strict.notes)
    assert THREAD[2] in strict.text
    loose = Pipeline(MODEL.replace(budget=0.5), model=replace(model, budget=0.1)).run(segment(text))
    assert not loose.notes
    assert THREAD[2] not in loose.text and THREAD[5] not in loose.text
    assert all(p in loose.text for p in PROSE)


def test_a_model_file_without_a_budget_has_the_rules_budget() -> None:
    data = load_model().to_json()
    assert ArticleModel.from_json(data, NAMES).budget == data["budget"]
    del data["budget"]  # a file written before the model had its own budget
    assert ArticleModel.from_json(data, NAMES).budget == RULES_BUDGET == 0.7


def test_pages_of_one_site_share_a_cross_validation_fold(tmp_path: Path) -> None:
    """A figure must not come from a model that saw the same site's menus and footers:
    the manifest's addresses group pages by host (``www.`` aside); a page without one
    is a group of its own, and a page's gold shares its fold."""
    from cleaner.labelled import Page, _sites, fold_of, gold_pages, group_of

    manifest = tmp_path / "manifest.jsonl"
    rows = [
        {"id": "a", "url": "https://www.example.org/news/1"},
        {"id": "b", "url": "https://example.org/news/2"},
        {"id": "c", "url": "https://other.example.net/x"},
        {"id": "d", "url": None},
    ]
    manifest.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    sites = _sites(manifest)
    assert sites == {"a": "example.org", "b": "example.org", "c": "other.example.net"}
    page = lambda i: Page("train/x", "page", i, "Text.\n", "Text.\n", [True], sites.get(i, ""))  # noqa: E731
    a, b, c, d = (page(i) for i in "abcd")
    assert group_of(a) == group_of(b) != group_of(c)
    assert group_of(d) == "train/x/d"
    assert all(fold_of(a, k) == fold_of(b, k) for k in (2, 3, 5, 7))
    assert [group_of(g) for g in gold_pages([a, d])] == [group_of(a), group_of(d)]
    assert _sites(tmp_path / "absent.jsonl") == {}
