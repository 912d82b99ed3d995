"""Fit the article model on labelled pages and measure it by cross-validation.

    pip install -e '.[train]'
    python -m cleaner.training --bench ../shared/bench --out cleaner/models/article.json

Labelled pages (``labelled.py``): the benchmark's ``train/*`` and ``dev`` folders
(``<id>.txt`` and the gold article ``<id>.gold.txt``; each input line is labelled body or
boilerplate by the benchmark's own ``score.py``), each gold article alone as a page that
is all article (clean input must stay whole), and the repository's fixtures (the
expected output says which lines stay). Each block's state comes from the labels: ``before`` the first body
line, ``article`` for body lines, ``inside`` for boilerplate between body lines, ``after``
the last body line.

Cross-validation is k-fold by document: a page's two flavours share a fold, and the
figures reported for a source come only from models that did not see that page. numpy and scikit-learn are needed here only (the ``train`` extra); the
package itself reads the fitted weights with plain Python.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from .featurenames import FEATURES
from .labelled import FOLDS_BY, scorer
from .model import MODEL_FILE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.training", description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, required=True, help="the benchmark folder (holding score.py, train/, dev/)")
    ap.add_argument("--fixtures", type=Path, default=Path("fixtures"))
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--folds", type=int, default=3, help="cross-validation folds (default 3: about 35 minutes on two cores)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="keep extracted features here (a .pkl) between runs")
    ap.add_argument("--bias", type=float, default=1.0, help="added to the article state's score: > 0 keeps more (default 1.0)")
    ap.add_argument("--budget", type=float, default=1.0, help="the share of the prose the model's removals may take before only strong phrase rules apply (default 1.0: no fallback)")
    ap.add_argument("--ablate", metavar="FEATURE", action="append", default=[], help="refit without this feature too and print both figures side by side (repeatable); writes no model")
    ap.add_argument("--seed", type=int, default=0, help="draws the rows each layer is fitted on (default 0, the shipped model's); refit with others to see how far the figures move by chance alone")
    args = ap.parse_args(argv)
    try:
        from . import fitting  # numpy and scikit-learn: the train extra
    except ImportError as err:
        ap.error(f"{err.name} is missing: pip install -e '.[train]'")
    unknown = [name for name in args.ablate if name not in FEATURES]
    if unknown:
        ap.error(f"unknown feature(s) {', '.join(unknown)}; see cleaner/featurenames.py FEATURES")

    score = scorer(args.bench)
    data = fitting.load_or_extract(args)
    model, report = fitting.fit_and_validate(data, args.folds, score, args.bias, args.budget, seed=args.seed)
    if args.ablate:
        _, without = fitting.fit_and_validate(data, args.folds, score, args.bias, args.budget, drop=frozenset(args.ablate), seed=args.seed)
        print(f"cross-validated ({args.folds} folds; {FOLDS_BY}): with -> without {', '.join(args.ablate)}")
        print(fitting.table(without, report))
        return 0
    print(f"cross-validated ({args.folds} folds; {FOLDS_BY}):")
    print(fitting.table(report))
    model = model.with_provenance(
        {
            "command": "python -m cleaner.training " + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.date.today().isoformat(),
            "data": sorted({f"{p.source}/{p.flavour}" for p in data.pages}),
            "pages": len(data.pages),
            "folds": args.folds,
            "folds_by": FOLDS_BY,
            "cross_validated": report,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
