"""The numerical part of training (numpy, scikit-learn: the ``train`` extra).

``cleaner.training`` is the command; this module extracts and caches the block features,
fits the state classifier and the transition costs, and measures folds.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from .document import segment
from .featurenames import NAMES
from .model import CONTEXT_FEATURES, STATES, ArticleModel, Forest, context_features
from .labelled import Page, bench_pages, features, fixture_pages, fold_of, gold_pages, states_of


@dataclass
class Data:
    pages: list[Page]
    matrices: list[np.ndarray]  # per page: blocks x features
    states: list[np.ndarray]  # per page: each block's state
    weights: list[np.ndarray]  # per page: each block's weight in fitting (``block_weights``)


def load_or_extract(args: Any) -> Data:
    """The labelled pages and their features; features of pages already in the cache
    (``--cache``, same feature names, same text) are read from it, the others extracted."""
    pages = bench_pages(args.bench)
    pages += gold_pages(pages) + fixture_pages(args.fixtures)
    known: dict[tuple[str, str, str, str], np.ndarray] = {}
    if args.cache is not None and args.cache.exists():
        with open(args.cache, "rb") as f:
            cached = pickle.load(f)
        if cached["names"] == list(NAMES):
            known = {_key(p): m for p, m in zip(cached["pages"], cached["matrices"])}
    keys = [_key(p) for p in pages]
    todo = [(p, key) for p, key in zip(pages, keys) if key not in known]
    for (_, key), m in zip(todo, features([p for p, _ in todo], args.jobs) if todo else []):
        known[key] = np.asarray(m, dtype=np.float32).reshape(-1, len(NAMES))
    lined_up = [(p, known[key]) for p, key in zip(pages, keys) if len(p.body) == len(known[key])]
    pages = [p for p, _ in lined_up]
    matrices = [m for _, m in lined_up]
    if args.cache is not None and todo:
        with open(args.cache, "wb") as f:
            pickle.dump({"names": list(NAMES), "pages": pages, "matrices": matrices}, f)
    states = [np.asarray(states_of(p.body), dtype=np.int8) for p in pages]
    return Data(pages, matrices, states, [block_weights(p.text) for p in pages])


def block_weights(text: str) -> np.ndarray:
    """Each block's weight when fitting: the square root of its words. The figures that
    count are token F1, so a paragraph wrongly decided costs more than a menu label; the
    root keeps the many short blocks from being drowned (3-fold proxy on fold 1, both
    layers weighted against none: F1 +0.006 dragnet page, +0.007 para, +0.004 l3s page,
    +0.010 web2025 page and para, +0.003 dev)."""
    return np.sqrt(np.asarray([len(line.text.split()) for line in segment(text).lines if not line.is_blank], dtype=float))


def _key(page: Page) -> tuple[str, str, str, str]:
    return (page.source, page.flavour, page.id, hashlib.sha256(page.text.encode()).hexdigest())


# The first layer's trees: enough to learn how features combine, few enough that plain
# Python walks them quickly (100 trees of at most 31 leaves).
TREES = {"max_iter": 100, "max_depth": 6, "max_leaf_nodes": 31, "learning_rate": 0.1, "early_stopping": False, "random_state": 0}
# Each layer is fitted on this share of the training blocks (a seeded sample): half a
# million blocks say little more than a quarter million, and fitting takes half as long.
SAMPLE = 0.5


def _sample(n: int, seed: int = 0) -> np.ndarray:
    """The rows a layer is fitted on (``SAMPLE`` of them), drawn with ``seed``."""
    return np.random.default_rng(seed).random(n) < SAMPLE


def fit_forest(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> Forest:
    """Boosted trees for "is the article's", exported as plain data (``Forest``)."""
    clf = HistGradientBoostingClassifier(**TREES).fit(x, y, sample_weight=weight)
    trees = []
    for (predictor,) in clf._predictors:  # one tree an iteration for two classes
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            (
                tuple(-1 if lf else int(f) for f, lf in zip(nodes["feature_idx"], leaf)),
                tuple(0.0 if lf else float(t) for t, lf in zip(nodes["num_threshold"], leaf)),
                tuple(0 if lf else int(n) for n, lf in zip(nodes["left"], leaf)),
                tuple(0 if lf else int(n) for n, lf in zip(nodes["right"], leaf)),
                tuple(float(v) if lf else 0.0 for v, lf in zip(nodes["value"], leaf)),
            )
        )
    return Forest(float(clf._baseline_prediction.ravel()[0]), tuple(trees))


def logits(forest: Forest, x: np.ndarray) -> np.ndarray:
    """``Forest.logit`` for every row of ``x``, one tree at a time over all rows."""
    total = np.full(len(x), forest.base)
    for feature, threshold, left, right, value in forest.trees:
        feature_a, threshold_a = np.asarray(feature), np.asarray(threshold)
        left_a, right_a, value_a = np.asarray(left), np.asarray(right), np.asarray(value)
        node = np.zeros(len(x), dtype=int)
        while True:
            inner = feature_a[node] >= 0
            if not inner.any():
                break
            rows = np.nonzero(inner)[0]
            at = node[rows]
            go_left = x[rows, feature_a[at]] <= threshold_a[at]
            node[rows] = np.where(go_left, left_a[at], right_a[at])
        total += value_a[node]
    return total


def stack_np(forest: Forest, x: np.ndarray) -> np.ndarray:
    """``ArticleModel.stack`` for one page in numpy terms (the context part is shared)."""
    p = 1 / (1 + np.exp(-np.clip(logits(forest, x), -30, 30)))
    return np.hstack([x, np.asarray(context_features(p.tolist()), dtype=np.float32).reshape(len(x), -1)])


def fit(data: Data, which: list[int], c: float = 1.0, drop: frozenset[str] = frozenset(), seed: int = 0) -> ArticleModel:
    """Fit both layers and the transitions on pages ``which``; features in ``drop`` are
    read as 0, for ablation; ``seed`` draws the rows each layer is fitted on. The second
    layer learns from first-layer probabilities of pages the trees did not see (two
    halves, each scored by trees fitted on the other), so it does not learn to trust the
    trees more than they deserve on a new page."""
    mask = np.asarray([name not in drop for name in NAMES], dtype=np.float32)
    article = STATES.index("article")

    def forest(pages: list[int]) -> Forest:
        x = np.concatenate([data.matrices[k] for k in pages]) * mask
        y = np.concatenate([data.states[k] for k in pages]) == article
        w = np.concatenate([data.weights[k] for k in pages])
        take = _sample(len(x), seed)
        return fit_forest(x[take], y[take], w[take])

    half = {k: fold_of(data.pages[k], 2) for k in which}
    stacked: dict[int, np.ndarray] = {}
    for h in (0, 1):
        trees = forest([k for k in which if half[k] != h])
        for k in which:
            if half[k] == h:
                stacked[k] = stack_np(trees, data.matrices[k] * mask)
    first = forest(which)
    names = list(NAMES) + list(CONTEXT_FEATURES)
    mask2 = np.concatenate([mask, np.ones(len(CONTEXT_FEATURES), dtype=np.float32)])
    x2 = np.concatenate([stacked[k] for k in which]) * mask2
    y = np.concatenate([data.states[k] for k in which])
    w = np.concatenate([data.weights[k] for k in which])
    take = _sample(len(x2), seed)
    layer2 = LogisticRegression(C=c, max_iter=300, tol=1e-3, fit_intercept=False)
    layer2.fit(x2[take], y[take], sample_weight=w[take])
    weights = np.zeros((len(STATES), len(names)))
    for row, label in zip(layer2.coef_, layer2.classes_):
        weights[int(label)] = row * mask2
    counts = np.ones((len(STATES), len(STATES)))
    starts = np.ones(len(STATES))
    for k in which:
        s = data.states[k]
        if len(s):
            starts[s[0]] += 1
        np.add.at(counts, (s[:-1], s[1:]), 1)
    allowed = np.array(
        [
            [1, 1, 0, 1],  # before -> before, article, after (a page with no article)
            [0, 1, 1, 1],  # article -> article, inside, after
            [0, 1, 1, 1],  # inside -> article, inside, after
            [0, 0, 0, 1],  # after -> after
        ]
    )
    trans = np.where(allowed > 0, np.log(counts / counts.sum(axis=1, keepdims=True)), -1e9)
    # (one added to each count, as for the transitions: a state no training block has,
    # as in a small refit, gets a finite log share, not minus infinity)
    prior = (np.bincount(y, minlength=len(STATES)) + 1) / (len(y) + len(STATES))
    return ArticleModel(
        names=tuple(names),
        first=first,
        weights=tuple(tuple(float(w) for w in row) for row in weights),
        transitions=tuple(tuple(float(t) for t in row) for row in trans),
        start=tuple(float(v) for v in np.log(starts / starts.sum())),
        prior=tuple(float(v) for v in np.log(prior)),
    )


def folds(data: Data, k: int) -> list[int]:
    return [fold_of(p, k) for p in data.pages]


def validate(data: Data, k: int, bench: Any, bias: float, budget: float, c: float = 1.0, drop: frozenset[str] = frozenset(), seed: int = 0) -> dict[str, dict[str, float]]:
    """k-fold by site (``group_of``) through the whole pipeline: each held-out page is cleaned by a
    pipeline whose model never saw it and scored with the benchmark's score.py; gold
    articles fed back as input measure what a clean page keeps. Per source and flavour."""
    from .document import segment
    from .config import Config
    from .pipeline import Pipeline

    score = bench
    where = folds(data, k)
    rows: dict[str, list[dict[str, float]]] = {}
    for fold in range(k):
        train = [j for j, f in enumerate(where) if f != fold]
        model = replace(fit(data, train, c, drop, seed), article_bias=bias, budget=budget)
        print(f"fold {fold + 1}/{k} fitted", file=sys.stderr, flush=True)
        pipe = Pipeline(Config(finder="model"), model=model)
        for j, f in enumerate(where):
            page = data.pages[j]
            if f != fold or page.flavour == "gold":
                continue
            out = pipe.run(segment(page.text)).text
            if page.gold is not None:
                res = score.score_doc(page.text, page.gold, out, page.body)
                gold_out = pipe.run(segment(page.gold)).text
                _, kept, _ = score.token_prf(gold_out, page.gold)
            else:
                expected = [line for line, b in zip([x for x in page.text.splitlines() if x.strip()], page.body) if b]
                res = score.score_doc(page.text, "\n".join(expected), out, page.body)
                kept = float("nan")  # (a fixture has no gold article to feed back)
            row = {key: res[key] for key in ("F1", "P", "R", "body_kept", "cruft_removed", "exact")}
            row["gold_kept"] = kept
            rows.setdefault(f"{page.source}/{page.flavour}", []).append(row)
    report = {}
    for key, values in sorted(rows.items()):
        report[key] = {"docs": len(values)} | {name: _mean([v[name] for v in values]) for name in values[0]}
    return report


def _figure(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _mean(xs: list[float | None]) -> float | None:
    """The mean of the defined values (None when there are none, as for a fixture's gold)."""
    kept = [x for x in xs if x is not None and x == x]
    return round(sum(kept) / len(kept), 4) if kept else None


def fit_and_validate(
    data: Data, k: int, score: Any, bias: float, budget: float, c: float = 1.0, drop: frozenset[str] = frozenset(), seed: int = 0
) -> tuple[ArticleModel, dict[str, dict[str, float]]]:
    """The cross-validated figures, and the model fitted on every page."""
    report = validate(data, k, score, bias, budget, c, drop, seed)
    model = replace(fit(data, list(range(len(data.pages))), c, drop, seed), article_bias=bias, budget=budget)
    return model, report


def table(report: dict[str, dict[str, float]], other: dict[str, dict[str, float]] | None = None) -> str:
    """The figures per source and flavour; with ``other``, its figures beside them."""
    names = ("F1", "body_kept", "cruft_removed", "gold_kept")
    head = "source".ljust(22) + "".join(f"{n:>15}" for n in names)
    lines = [head]
    for key, row in report.items():
        cells = []
        for n in names:
            cell = _figure(row[n])
            if other is not None and key in other:
                cell = f"{_figure(other[key][n])}->{cell}"
            cells.append(f"{cell:>15}")
        lines.append(f"{key:22}" + "".join(cells))
    return "\n".join(lines)
