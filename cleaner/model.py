"""The article model: fitted weights over block features, and a sequence decoder.

Two layers score each block. The first, boosted regression trees over the block's
features (``cleaner/blocks.py``), gives the probability that it is the article's: trees
because what a feature means depends on others (a line of prose is the article before
the footer and a comment after a "Comments" heading). The second, a multinomial logistic
regression over the same features and the first layer's probabilities around the block,
scores each state of a page (``before`` the article, the ``article``, boilerplate
``inside`` it such as an ad or a caption, ``after`` it: comments, teasers, footers); being
linear, it can say which features weighed most. The page is then decoded as a sequence (Viterbi) with fitted
transition costs: a page goes before -> article <-> inside -> after, so an article may
come in several parts, and a thread of comments after it stays "after" however much it
reads like prose.

The trees, weights, transition costs, feature names and how they were fitted are a data file
(``cleaner/models/article.json``, written by ``python -m cleaner.training``). Plain
Python: no numpy needed to clean.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import compress
from operator import add, mul, sub
from pathlib import Path
from typing import Any, Callable, Sequence

from .config import RULES_BUDGET
from .errors import UsageError

STATES = ("before", "article", "inside", "after")
ARTICLE = STATES.index("article")
AFTER = STATES.index("after")
SPANS = (1, 3, 10, 25)
MODEL_FILE = Path(__file__).parent / "models" / "article.json"


def _context_names() -> dict[str, str]:
    out = {
        "p_logit": "the first layer's log-odds that the block is the article's (capped)",
        "in_run": "inside the page's best run of likely article blocks",
        "before_run": "before that run",
        "after_run": "after that run",
        "run_gap_log": "log of the blocks between it and that run (0 inside)",
        "mass_before": "share of the page's likely-article mass before it",
        "mass_after": "share of the page's likely-article mass after it",
        "near_max": "the most likely article block within 3 blocks either side",
    }
    for span in SPANS:
        out[f"left{span}"] = f"mean first-layer probability of the {span} blocks before it"
        out[f"right{span}"] = f"mean first-layer probability of the {span} blocks after it"
    return out


CONTEXT_FEATURES: dict[str, str] = _context_names()


def context_features(p: Sequence[float]) -> list[list[float]]:
    """The second layer's view of each block: the first layer's probabilities around it
    and where it lies against the best run of likely article blocks (a maximum-sum
    segment of p - 1/2), so what is decided for one block informs its neighbours."""
    n = len(p)
    prefix = [0.0]
    for x in p:
        prefix.append(prefix[-1] + x)
    total = prefix[-1] or 1.0
    best, run, run_start = -1.0, 0.0, 0
    first, last = 0, -1
    for k, x in enumerate(p):
        if run <= 0:
            run, run_start = x - 0.5, k
        else:
            run += x - 0.5
        if run > best:
            best, first, last = run, run_start, k
    out = []
    for k, x in enumerate(p):
        logit = math.log(max(x, 1e-6) / max(1 - x, 1e-6))
        gap = first - k if k < first else (k - last if k > last else 0)
        row = [
            max(-6.0, min(6.0, logit)) / 6,
            float(first <= k <= last),
            float(k < first),
            float(k > last),
            math.log1p(gap) / 4,
            prefix[k] / total,
            (prefix[n] - prefix[k + 1]) / total,
            float(x >= max(p[max(0, k - 3) : k + 4])),
        ]
        for span in SPANS:
            a, b = max(0, k - span), min(n, k + 1 + span)
            row.append((prefix[k] - prefix[a]) / span)
            row.append((prefix[b] - prefix[k + 1]) / span)
        out.append(row)
    return out



class ModelError(UsageError, ValueError):
    """A model file that cannot be used: unreadable, or fitted on other features."""


Tree = tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[float, ...]]


@dataclass(frozen=True)
class Forest:
    """Boosted regression trees: a block's log-odds is ``base`` plus one leaf value a tree.

    A tree is five flat tuples over its nodes (feature, threshold, left, right, value);
    node 0 is the root, a node is a leaf when its feature is -1, and a walk goes left when
    the block's value of the feature is at most the threshold."""

    base: float
    trees: tuple[Tree, ...]

    def logit(self, row: Sequence[float]) -> float:
        """The log-odds of one block (``row``: its features)."""
        return self._compiled(row)

    @cached_property
    def _compiled(self) -> Callable[[Sequence[float]], float]:
        """``logit`` as one generated Python function (``_compile``), built on first use:
        many times faster than walking the trees' tuples node by node, and the same sum,
        leaf by leaf in tree order, to the last bit."""
        return _compile(self)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the trees, not the generated function (it is built again on use)."""
        return {"base": self.base, "trees": self.trees}

    def to_json(self, names: Sequence[str]) -> dict[str, Any]:
        return {
            "base": self.base,
            "trees": [
                {
                    "feature": [names[f] if f >= 0 else None for f in feature],
                    "threshold": list(threshold),
                    "left": list(left),
                    "right": list(right),
                    "value": [round(v, 7) for v in value],
                }
                for feature, threshold, left, right, value in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> Forest:
        at = {name: k for k, name in enumerate(names)}
        trees = []
        for tree in data["trees"]:
            unknown = [f for f in tree["feature"] if f is not None and f not in at]
            if unknown:
                raise ModelError(f"the model's trees use features this code does not compute: {unknown[:5]}")
            trees.append(
                (
                    tuple(-1 if f is None else at[f] for f in tree["feature"]),
                    tuple(float(t) for t in tree["threshold"]),
                    tuple(int(n) for n in tree["left"]),
                    tuple(int(n) for n in tree["right"]),
                    tuple(float(v) for v in tree["value"]),
                )
            )
        return cls(float(data["base"]), tuple(trees))


# Trees summed in one expression: Python's compiler recurses once per term (3,000 fail).
_TREES_A_LINE = 100


def _compile(forest: Forest) -> Callable[[Sequence[float]], float]:
    """The source of ``Forest.logit``, compiled: each feature the trees read is read from
    the row once, into a local, and each tree is one conditional expression; the base and
    the trees are added left to right, as a sum leaf by leaf in tree order (``repr``
    writes each threshold and leaf value back exactly), so it is the same float. Twice
    as fast as one ``if`` statement per node reading the row at each."""
    used = sorted({f for tree in forest.trees for f in tree[0] if f >= 0})
    lines = ["def logit(r):", *(f"    x{f} = r[{f}]" for f in used)]

    def expression(tree: Tree, node: int) -> str:
        feature, threshold, left, right, value = tree
        if feature[node] < 0:
            return repr(value[node])
        return f"({expression(tree, left[node])} if x{feature[node]} <= {threshold[node]!r} else {expression(tree, right[node])})"

    total = repr(forest.base)
    for k in range(0, len(forest.trees), _TREES_A_LINE):
        lines.append("    t = " + " + ".join([total, *(expression(tree, 0) for tree in forest.trees[k : k + _TREES_A_LINE])]))
        total = "t"
    lines.append(f"    return {total}")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<article model trees>", "exec"), namespace)
    return namespace["logit"]


@dataclass(frozen=True)
class ArticleModel:
    """The two layers, log transition scores, and how they were fitted."""

    names: tuple[str, ...]  # the block features, then the context features
    first: Forest  # the first layer: log-odds that a block is the article's
    weights: tuple[tuple[float, ...], ...]  # the second layer: [state][feature]
    transitions: tuple[tuple[float, ...], ...]  # log score of going [from][to]
    start: tuple[float, ...]  # log score of the first block's state
    prior: tuple[float, ...]  # log share of each state in the training blocks
    prior_weight: float = 1.0  # how much of the prior the emission scores give back
    article_bias: float = 0.0  # added to the article state's score: > 0 keeps more
    # The share of the prose its removals may take before the pipeline falls back to strong
    # phrase rules (``Config.budget`` overrides it); chosen with the bias by cross-validation.
    budget: float = RULES_BUDGET
    silenced: frozenset[int] = frozenset()  # features read as 0 (ablation, ``without``)
    provenance: dict[str, Any] = field(default_factory=dict, compare=False)

    def scores(self, row: Sequence[float]) -> list[float]:
        """Log-probabilities of each state for one block's features (softmax).

        Only the block's non-zero features are multiplied, in order (about a third of
        them): a 0 adds nothing to the sum, so each state's sum is the same float."""
        values = list(compress(row, row))
        if values:
            raw = [sum(map(mul, ws, values)) for ws in zip(*compress(self._by_feature, row))]
        else:
            raw = [0.0] * len(self.weights)
        top = max(raw)
        norm = top + math.log(sum(math.exp(r - top) for r in raw))
        return [r - norm for r in raw]

    def stack(self, matrix: Sequence[Sequence[float]]) -> list[list[float]]:
        """Each block's features followed by its context features (the second layer's input)."""
        silenced = self.silenced
        if silenced:  # (ablation only: block features read as 0 by both layers)
            matrix = [self._quiet(row) for row in matrix]
        logit = self.first.logit
        p = [1 / (1 + math.exp(-max(-30.0, min(30.0, logit(row))))) for row in matrix]
        out = [[*row, *ctx] for row, ctx in zip(matrix, context_features(p))]
        return [self._quiet(row) for row in out] if silenced else out

    def _quiet(self, row: Sequence[float]) -> list[float]:
        return [0.0 if k in self.silenced else x for k, x in enumerate(row)]

    def decode(self, matrix: Sequence[Sequence[float]], bias: float | None = None) -> tuple[list[int], list[list[float]]]:
        """The most likely state of each block (Viterbi), and each block's state scores;
        ``matrix`` holds the blocks' stacked features (``stack``)."""
        bias = self.article_bias if bias is None else bias
        posteriors = [self.scores(row) for row in matrix]
        if not posteriors:
            return [], []
        k = len(STATES)
        offset = [self.prior_weight * prior for prior in self.prior]
        extra = [bias if s == ARTICLE else 0.0 for s in range(k)]
        emit = [list(map(add, map(sub, p, offset), extra)) for p in posteriors]
        best = list(map(add, self.start, emit[0]))
        back: list[list[int]] = []
        into = list(zip(*self.transitions))  # [to][from]
        for row in emit[1:]:
            came = [list(map(add, best, weights)) for weights in into]  # [to][from]
            step = [c.index(max(c)) for c in came]  # (the first of equals, as max would)
            best = [c[frm] + e for c, frm, e in zip(came, step, row)]
            back.append(step)
        state = max(range(k), key=lambda s: best[s])
        path = [state]
        for step in reversed(back):
            state = step[state]
            path.append(state)
        path.reverse()
        return path, posteriors

    def explain(self, row: Sequence[float], state: int, top: int = 3) -> list[tuple[str, float]]:
        """The features that weighed most for ``state`` over the article state, largest first."""
        # Only the block's non-zero features can push (most of a row is 0); of equal pushes
        # the earlier feature comes first (a stable sort).
        pushes = list(map(mul, compress(self._away[state], row), compress(row, row)))
        at = list(compress(range(len(row)), row))
        best = sorted(range(len(pushes)), key=pushes.__getitem__, reverse=True)[:top]
        return [(self.names[at[j]], round(pushes[j], 2)) for j in best if pushes[j] > 0]

    @cached_property
    def _by_feature(self) -> tuple[tuple[float, ...], ...]:
        """The weights by feature, then state (``scores``)."""
        return tuple(zip(*self.weights))

    @cached_property
    def _away(self) -> tuple[tuple[float, ...], ...]:
        """Each state's feature weights less the article state's (``explain``)."""
        return tuple(tuple(w - a for w, a in zip(ws, self.weights[ARTICLE])) for ws in self.weights)

    def without(self, names: frozenset[str]) -> ArticleModel:
        """The model reading features ``names`` as 0 in both layers, for ablation without
        refitting (``python -m cleaner.training --ablate`` refits for the fair figure)."""
        return replace(self, silenced=self.silenced | {k for k, name in enumerate(self.names) if name in names})

    def with_provenance(self, provenance: dict[str, Any]) -> ArticleModel:
        return replace(self, provenance=provenance)

    def to_json(self) -> dict[str, Any]:
        return {
            "states": list(STATES),
            "features": list(self.names),
            "first": self.first.to_json(self.names),
            "weights": {s: dict(zip(self.names, (round(w, 5) for w in ws))) for s, ws in zip(STATES, self.weights)},
            "transitions": {a: {b: round(t, 5) for b, t in zip(STATES, row)} for a, row in zip(STATES, self.transitions)},
            "start": dict(zip(STATES, (round(x, 5) for x in self.start))),
            "prior": dict(zip(STATES, (round(x, 5) for x in self.prior))),
            "prior_weight": self.prior_weight,
            "article_bias": self.article_bias,
            "budget": self.budget,
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> ArticleModel:
        """Read a model written by ``to_json``; ``names`` are the features this code computes."""
        if list(data.get("states", ())) != list(STATES):
            raise ModelError(f"the model's states {data.get('states')} are not {list(STATES)}")
        fitted = list(data["features"])
        names = list(names) + list(CONTEXT_FEATURES)
        if fitted != names:
            missing = sorted(set(names) - set(fitted))[:5]
            extra = sorted(set(fitted) - set(names))[:5]
            raise ModelError(f"the model was fitted on other features (missing {missing}, unknown {extra}): refit it")
        return cls(
            names=tuple(fitted),
            first=Forest.from_json(data["first"], fitted),
            weights=tuple(tuple(float(data["weights"][s][n]) for n in fitted) for s in STATES),
            transitions=tuple(tuple(float(data["transitions"][a][b]) for b in STATES) for a in STATES),
            start=tuple(float(data["start"][s]) for s in STATES),
            prior=tuple(float(data["prior"][s]) for s in STATES),
            prior_weight=float(data.get("prior_weight", 1.0)),
            article_bias=float(data.get("article_bias", 0.0)),
            budget=float(data.get("budget", RULES_BUDGET)),  # (files written before it had the rules' budget)
            provenance=dict(data.get("provenance", {})),
        )


@lru_cache(maxsize=8)
def load_model(path: Path = MODEL_FILE) -> ArticleModel:
    """The model in ``path`` (the built-in one by default), read once per process."""
    return read_model(path)


def read_model(path: Path) -> ArticleModel:
    """The model in ``path``, read now (a user's model file may change between runs of
    one process: ``Config.model``)."""
    from .featurenames import NAMES

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read the article model {path}: {err}") from None
    return ArticleModel.from_json(data, NAMES)
