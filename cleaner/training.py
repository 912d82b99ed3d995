"""Fit the article model on labelled pages and measure it by cross-validation.

    pip install -e '.[train]'
    python -m cleaner.training --bench ../shared/bench --out cleaner/models/article.json

Labelled pages: the benchmark's ``train/*`` and ``dev`` folders (``<id>.txt`` and the gold
article ``<id>.gold.txt``; each input line is labelled body or boilerplate by the
benchmark's own ``score.py``), each gold article alone as a page that is all article
(clean input must stay whole), and the repository's fixtures (the expected output says
which lines stay). Each block's state comes from the labels: ``before`` the first body
line, ``article`` for body lines, ``inside`` for boilerplate between body lines, ``after``
the last body line.

Cross-validation is k-fold by document: a page's two flavours share a fold, and the
figures reported for a source come only from models that did not see that page. numpy and scikit-learn are needed here only (the ``train`` extra); the
package itself reads the fitted weights with plain Python.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import multiprocessing
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .blocks import FEATURES, page_blocks
from .document import segment
from .formats import detect
from .model import MODEL_FILE, STATES
from .pipeline import Config, pipeline

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


def _scorer(bench: Path) -> Any:
    """The benchmark's score.py, loaded as a module: its labelling and metrics are the
    ones the figures are judged by."""
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_pages(bench: Path, sources: Iterable[str] = SOURCES) -> list[Page]:
    score = _scorer(bench)
    pages = []
    for source in sources:
        for flavour in FLAVOURS:
            folder = bench / source / flavour
            for path in sorted(folder.glob("*.txt")):
                if path.name.endswith(".gold.txt"):
                    continue
                text = score.read_text(str(path))
                gold = score.read_text(str(path.with_suffix(".gold.txt")))
                lines = [line.text for line in segment(text).lines if not line.is_blank]
                if lines != score.split_lines(text):
                    continue  # a line break only one side splits at: the labels would not line up
                body = score.label_lines(lines, score.split_lines(gold))
                pages.append(Page(source, flavour, path.stem, text, gold, body))
    return pages


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
        out[page.source, page.id] = Page(page.source, "gold", page.id, page.gold, None, [True] * len(lines))
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


def group_of(page: Page) -> str:
    """Pages that must share a fold: the same page in both flavours."""
    return f"{page.source}/{page.id}"


def fold_of(page: Page, folds: int) -> int:
    return int(hashlib.sha256(group_of(page).encode()).hexdigest(), 16) % folds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.training", description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, required=True, help="the benchmark folder (holding score.py, train/, dev/)")
    ap.add_argument("--fixtures", type=Path, default=Path("fixtures"))
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--folds", type=int, default=3, help="cross-validation folds (default 3: about 35 minutes on two cores)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="keep extracted features here (a .pkl) between runs")
    ap.add_argument("--bias", type=float, default=0.5, help="added to the article state's score: > 0 keeps more (default 0.5)")
    ap.add_argument("--ablate", metavar="FEATURE", action="append", default=[], help="refit without this feature too and print both figures side by side (repeatable); writes no model")
    args = ap.parse_args(argv)
    try:
        from . import fitting  # numpy and scikit-learn: the train extra
    except ImportError as err:
        ap.error(f"{err.name} is missing: pip install -e '.[train]'")
    unknown = [name for name in args.ablate if name not in FEATURES]
    if unknown:
        ap.error(f"unknown feature(s) {', '.join(unknown)}; see cleaner/blocks.py FEATURES")

    score = _scorer(args.bench)
    data = fitting.load_or_extract(args)
    model, report = fitting.fit_and_validate(data, args.folds, score, args.bias)
    if args.ablate:
        _, without = fitting.fit_and_validate(data, args.folds, score, args.bias, drop=frozenset(args.ablate))
        print(f"cross-validated ({args.folds} folds): with -> without {', '.join(args.ablate)}")
        print(fitting.table(without, report))
        return 0
    print(f"cross-validated ({args.folds} folds by page):")
    print(fitting.table(report))
    model = model.with_provenance(
        {
            "command": "python -m cleaner.training " + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.date.today().isoformat(),
            "data": sorted({f"{p.source}/{p.flavour}" for p in data.pages}),
            "pages": len(data.pages),
            "folds": args.folds,
            "cross_validated": report,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
