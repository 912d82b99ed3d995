"""Labelled pages for fitting and measuring the article model: the benchmark's pages
(each input line labelled body or boilerplate by the benchmark's own ``score.py``), each
gold article alone as a page that is all article, and the repository's fixtures (the
expected output says which lines stay); with each block's state, its features and its
cross-validation fold.

Both ``training`` (the command) and ``fitting`` (numpy, scikit-learn) read them, so they
live below both.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from .blocks import page_blocks
from .document import segment
from .formats import detect
from .model import STATES
from .config import Config
from .pipeline import pipeline


SOURCES = ("train/dragnet", "train/l3s-gn1", "train/web2025", "dev")
FLAVOURS = ("page", "para")


@dataclass
class Page:
    """One labelled document: where it comes from, its text and its body lines."""

    source: str  # "train/dragnet", "dev", "fixtures"
    flavour: str  # "page", "para", or the fixture kind
    id: str
    text: str
    gold: str | None  # the gold article (benchmark pages), None for fixtures
    body: list[bool]  # per non-blank line: is it the article's
    site: str = ""  # the page's web host, when the benchmark's manifest gives its address


def scorer(bench: Path) -> Any:
    """The benchmark's score.py, loaded as a module: its labelling and metrics are the
    ones the figures are judged by."""
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_pages(bench: Path, sources: Iterable[str] = SOURCES) -> list[Page]:
    score = scorer(bench)
    pages = []
    for source in sources:
        for flavour in FLAVOURS:
            folder = bench / source / flavour
            sites = _sites(folder / "manifest.jsonl")
            for path in sorted(folder.glob("*.txt")):
                if path.name.endswith(".gold.txt"):
                    continue
                text = score.read_text(str(path))
                gold = score.read_text(str(path.with_suffix(".gold.txt")))
                lines = [line.text for line in segment(text).lines if not line.is_blank]
                if lines != score.split_lines(text):
                    continue  # a line break only one side splits at: the labels would not line up
                body = score.label_lines(lines, score.split_lines(gold))
                pages.append(Page(source, flavour, path.stem, text, gold, body, sites.get(path.stem, "")))
    return pages


def _sites(manifest: Path) -> dict[str, str]:
    """Each page's web host ("www." dropped) by id, from the benchmark's manifest; pages
    with no address, or no manifest, have none."""
    out: dict[str, str] = {}
    try:
        rows = manifest.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for row in rows:
        if row.strip():
            data = json.loads(row)
            host = urlsplit(data.get("url") or "").netloc.lower().removeprefix("www.")
            if host:
                out[data["id"]] = host
    return out


def gold_pages(pages: list[Page]) -> list[Page]:
    """Each benchmark page's gold article as a page of its own, every line the article's
    (flavour ``gold``): what clean input looks like, so the model learns to leave it
    alone. It shares its page's fold, and is fitted on but not scored (cleaning it is
    what the ``gold_kept`` figure measures)."""
    out: dict[tuple[str, str], Page] = {}
    for page in pages:
        if page.gold is None or (page.source, page.id) in out:
            continue
        lines = [line for line in segment(page.gold).lines if not line.is_blank]
        out[page.source, page.id] = Page(page.source, "gold", page.id, page.gold, None, [True] * len(lines), page.site)
    return list(out.values())


def fixture_pages(fixtures: Path) -> list[Page]:
    """Fixtures with their expected output: a line is the article's when the expected
    output keeps it (an in-order subsequence of the input). Fixtures of other input
    formats (wrapped, Markdown) are left out: the model decides on paragraphs, and
    their lines are not paragraphs."""
    pages = []
    for path in sorted(fixtures.glob("*/*/*.txt")):
        if path.name.endswith(".expected.txt"):
            continue
        expected = path.with_name(path.name[: -len(".txt")] + ".expected.txt")
        if not expected.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if detect(segment(text)) != "lines":
            continue
        lines = [line.text for line in segment(text).lines if not line.is_blank]
        kept = [line.text for line in segment(expected.read_text(encoding="utf-8")).lines if not line.is_blank]
        body, k = [], 0
        for line in lines:
            take = k < len(kept) and kept[k] == line
            body.append(take)
            k += take
        if k != len(kept):
            continue
        lang, kind = path.parent.parent.name, path.parent.name
        pages.append(Page("fixtures", kind, f"{lang}/{kind}/{path.stem}", text, None, body))
    return pages


def states_of(body: list[bool]) -> list[int]:
    """Each block's state from its label: before, article, inside, after."""
    where = [k for k, b in enumerate(body) if b]
    if not where:
        return [STATES.index("before")] * len(body)
    first, last = where[0], where[-1]
    out = []
    for k, b in enumerate(body):
        if b:
            out.append(STATES.index("article"))
        elif k < first:
            out.append(STATES.index("before"))
        elif k > last:
            out.append(STATES.index("after"))
        else:
            out.append(STATES.index("inside"))
    return out


def _features(page: Page) -> list[list[float]]:
    pipe = pipeline(Config())
    _, ctx, _ = pipe.observe(segment(page.text))
    _, matrix = page_blocks(ctx, pipe.region_params)
    return matrix


def features(pages: list[Page], jobs: int) -> list[list[list[float]]]:
    with multiprocessing.Pool(jobs) as pool:
        return pool.map(_features, pages, chunksize=8)


FOLDS_BY = "a site's pages share a fold (the manifest's host), a page of no known site is its own group"


def group_of(page: Page) -> str:
    """Pages that must share a fold: the same page in both flavours (and its gold), and
    all the pages of one site, so a figure never comes from a model that saw the same
    site's menus and footers; a page whose site is not known is a group of its own."""
    return f"{page.source}/site:{page.site}" if page.site else f"{page.source}/{page.id}"


def fold_of(page: Page, folds: int) -> int:
    return int(hashlib.sha256(group_of(page).encode()).hexdigest(), 16) % folds
