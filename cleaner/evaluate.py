"""Evaluation against gold pages: how good are the rules on pages a rule author labelled?

A folder holds ``<id>.txt`` (scraped text) and ``<id>.gold.txt`` (the article alone, one
paragraph per line). For each page we clean the text, compare tokens with the gold, label
every input line body or boilerplate, and credit or blame the rule that decided each
removal. Self-contained: it needs nothing outside the package.

Labelling (close to, but simpler than, the benchmark scorer this project is measured
with): after normalisation an input line is body if it equals an unclaimed gold line, if
it has at least 20 characters and occurs inside the gold text, or if at least 80 % of its
word 3-grams occur in the gold.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .files import DEFAULT_MAX_SIZE, read_document
from .pipeline import Pipeline
from .result import Result

_TOKEN_RE = regex.compile(r"\w+")
_WS_RE = regex.compile(r"\s+")
_TRANS = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "´": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
})


def norm(text: str) -> str:
    """NFKC, case-folded, quotes and dashes unified, invisible characters dropped."""
    return _WS_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold().translate(_TRANS)).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.casefold())


def token_prf(output: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``output`` against ``gold``."""
    out, ref = Counter(tokens(output)), Counter(tokens(gold))
    common = sum((out & ref).values())
    p = common / sum(out.values()) if out else (1.0 if not ref else 0.0)
    r = common / sum(ref.values()) if ref else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _trigrams(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


def label_lines(lines: list[str], gold_lines: list[str]) -> list[bool]:
    """True for the input lines that belong to the gold article."""
    gold_norm = [norm(g) for g in gold_lines if g.strip()]
    unclaimed = Counter(gold_norm)
    joined = " " + " ".join(gold_norm) + " "
    gold_grams = set(_trigrams(tokens(joined)))
    labels = []
    for line in lines:
        n = norm(line)
        if not n:
            labels.append(False)
            continue
        if unclaimed[n] > 0:
            unclaimed[n] -= 1
            labels.append(True)
            continue
        if len(n) >= 20 and n in joined:
            labels.append(True)
            continue
        grams = _trigrams(tokens(n))
        labels.append(bool(grams) and sum(g in gold_grams for g in grams) >= 0.8 * len(grams))
    return labels


@dataclass
class RuleTally:
    fired: int = 0  # lines this rule decided to remove
    right: int = 0  # ... that were boilerplate

    @property
    def precision(self) -> float:
        return self.right / self.fired if self.fired else 1.0


@dataclass
class FalseRemoval:
    page: str
    line: int
    rule: str
    text: str
    before: str
    after: str


@dataclass
class Evaluation:
    """Figures over a folder of gold pages (per-page means, like the benchmark scorer)."""

    pages: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    body_kept: int = 0
    body_removed: int = 0
    body_kept_mean: float = 0.0  # per-page share of body lines kept, averaged over pages
    cruft_removed: int = 0
    cruft_kept: int = 0
    rules: dict[str, RuleTally] = field(default_factory=lambda: defaultdict(RuleTally))
    false_removals: list[FalseRemoval] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)  # pages by input format read

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "body_kept_mean": self.body_kept_mean,
            "formats": dict(sorted(self.formats.items())),
            "lines": {
                "body_kept": self.body_kept,
                "body_removed": self.body_removed,
                "cruft_removed": self.cruft_removed,
                "cruft_kept": self.cruft_kept,
            },
            "rules": {rid: {"fired": t.fired, "right": t.right, "precision": t.precision} for rid, t in sorted(self.rules.items())},
            "false_removals": [vars(f) for f in self.false_removals],
            "failed": [{"page": p, "error": e} for p, e in self.failed],
        }


def gold_pages(folder: Path) -> list[tuple[Path, Path]]:
    """``(<id>.txt, <id>.gold.txt)`` pairs in a folder, sorted by id."""
    pairs = []
    for gold in sorted(folder.glob("*.gold.txt")):
        page = gold.with_name(gold.name[: -len(".gold.txt")] + ".txt")
        if page.exists():
            pairs.append((page, gold))
    return pairs


def evaluate(folder: Path, pipeline: Pipeline, max_size: int = DEFAULT_MAX_SIZE) -> Evaluation:
    """Clean every gold page of ``folder`` with ``pipeline`` and score the outcome."""
    ev = Evaluation()
    sums = [0.0, 0.0, 0.0]
    kept_share: list[float] = []
    for page, gold_path in gold_pages(folder):
        try:
            doc = read_document(page, max_size=max_size)
            gold = read_document(gold_path, max_size=max_size)
        except ValueError as exc:
            ev.failed.append((page.name, str(exc)))
            continue
        result: Result = pipeline.run(doc)
        ev.formats[result.format] += 1
        gold_lines = [line.text for line in gold.lines]
        p, r, f = token_prf(result.text, "\n".join(gold_lines))
        sums = [sums[0] + p, sums[1] + r, sums[2] + f]
        ev.pages += 1
        texts = [line.text for line in doc.lines]
        labels = label_lines(texts, gold_lines)
        removed = {rem.line: rem for rem in result.removed}
        body_lines = [i for i, (t, b) in enumerate(zip(texts, labels)) if b and t.strip()]
        kept_share.append(sum(i not in removed for i in body_lines) / len(body_lines) if body_lines else 1.0)
        for index, (text, is_body) in enumerate(zip(texts, labels)):
            if not text.strip():
                continue
            rem = removed.get(index)
            if rem is None:
                if is_body:
                    ev.body_kept += 1
                else:
                    ev.cruft_kept += 1
                continue
            tally = ev.rules[rem.rule_id]
            tally.fired += 1
            if is_body:
                ev.body_removed += 1
                ev.false_removals.append(
                    FalseRemoval(page.stem, index + 1, rem.rule_id, text,
                                 texts[index - 1] if index else "", texts[index + 1] if index + 1 < len(texts) else "")
                )
            else:
                ev.cruft_removed += 1
                tally.right += 1
    if ev.pages:
        ev.precision, ev.recall, ev.f1 = (s / ev.pages for s in sums)
        ev.body_kept_mean = sum(kept_share) / len(kept_share)
    return ev
