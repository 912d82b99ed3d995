"""The article region as the article model decides it over blocks, and its verdicts.

Selected with ``Config(finder="model")`` (``--finder model``); the default finder is
still the hand-set one in ``article.py`` until the model beats it (see README).

``find_article`` decodes the page's blocks (``cleaner/model.py``) and returns the article
as a ``Region`` (its parts, its headline) with a verdict for every block outside it. A
verdict names the state the model put the block in and the features that weighed most
("after the article: an article-ending rule named an earlier block; short"), so
``diff`` and ``--report`` say why. It is strong when the model is sure (the block's own
probability of being the article is below ``sure_below``), normal otherwise, so the
long-prose guard can keep a paragraph the model doubts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from .blocks import Block, page_blocks
from .context import Region
from .featurenames import FEATURES
from .model import AFTER, ARTICLE, CONTEXT_FEATURES, STATES, ArticleModel
from .rules import Evidence, Rule, Verdict
from .threads import comment_thread


_MEANINGS = {**FEATURES, **CONTEXT_FEATURES}


@dataclass(frozen=True)
class Decoded:
    """What the model made of a page: the blocks, their states and scores, the region."""

    blocks: list[Block]
    matrix: list[list[float]]
    path: list[int]
    scores: list[list[float]]
    region: Region | None


def find_article(ctx: Any, model: ArticleModel, params: Mapping[str, Any], bias: float | None = None) -> Decoded:
    """Decode the page; the region is ``None`` when no block is the article's. A comment
    thread under a comment heading after the article's start (``threads.py``) is "after"
    whatever the model made of its blocks: they are prose, and the model kept long
    threads. (Without a heading the posts may be the page: a forum's.)"""
    blocks, base = page_blocks(ctx, params)
    matrix = model.stack(base)
    path, scores = model.decode(matrix, bias)
    thread = comment_thread(ctx, params)
    if thread is None or thread.heading is None:
        thread = None
    else:
        starts = [b.first for b, s in zip(blocks, path) if s == ARTICLE]
        if starts and starts[0] < thread.start:
            path = [AFTER if s == ARTICLE and thread.contains(b.first) else s for b, s in zip(blocks, path)]
        else:
            thread = None
    article = [b for b, s in zip(blocks, path) if s == ARTICLE]
    if not article:
        return Decoded(blocks, matrix, path, scores, None)
    parts: list[tuple[int, int]] = []
    for k, (b, s) in enumerate(zip(blocks, path)):
        if s != ARTICLE:
            continue
        if k > 0 and path[k - 1] == ARTICLE:
            parts[-1] = (parts[-1][0], b.last)
        else:
            parts.append((b.first, b.last))
    first = article[0].first
    headline = first if ctx.info[first].title_like else None
    region = Region(article[0].first, article[-1].last, headline, (), tuple(parts), thread)
    return Decoded(blocks, matrix, path, scores, region)


def outside_verdicts(decoded: Decoded, model: ArticleModel, rule: Rule, explain: bool = True) -> list[Verdict]:
    """A verdict for each block the model did not put in the article, on each of its lines;
    ``explain=False`` leaves out the features that weighed most (no one will read them)."""
    sure_below = float(rule.params["sure_below"])
    region = decoded.region
    where = "no article found" if region is None else f"article is lines {region.start + 1}-{region.end + 1}"
    out = []
    said: dict[tuple[int, tuple[str, ...]], Evidence] = {}  # (blocks explained alike share one)
    thread = region.thread if region is not None else None
    for block, state, row, scores in zip(decoded.blocks, decoded.path, decoded.matrix, decoded.scores):
        if state == ARTICLE:
            continue
        if thread is not None and thread.contains(block.first):  # (strong: the headers are the evidence)
            detail = f"after the article ({where}); in a comment thread (lines {thread.start + 1}-{thread.end + 1}, {len(thread.headers)} post headers)"
            out.extend(Verdict(line, rule.id, rule.category, "strong", Evidence("", None, detail)) for line in block.lines)
            continue
        names = tuple(name for name, _ in model.explain(row, state)) if explain else ()
        evidence = said.get((state, names))
        if evidence is None:
            reasons = "; ".join(_MEANINGS[name].split(" (")[0] for name in names)
            evidence = said[state, names] = Evidence("", None, f"{STATES[state]} the article ({where})" + (f": {reasons}" if reasons else ""))
        strength = "strong" if math.exp(scores[ARTICLE]) < sure_below else "normal"
        for line in block.lines:
            out.append(Verdict(line, rule.id, rule.category, strength, evidence))
    return out

