"""The date, byline, relative-time, reading-time, photo-credit, follow-us and share
patterns of the languages that have them in ``tests/language_patterns.json`` (examples written here, a
few per language; one or two of each are also the rules' own examples in the packs):
every ``remove`` line fires the rule with that language's matcher, no ``keep`` line does
(a sentence that mentions a date, an author, minutes, photographs or a network)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import cleaner
from cleaner.config import Config

EXAMPLES = json.loads((Path(__file__).with_name("language_patterns.json")).read_text(encoding="utf-8"))
RULE_IDS = {"dateline": "metadata.dateline", "relative-time": "metadata.relative-time", "byline": "metadata.byline", "reading-time": "media.reading-time", "credit-label": "media.credit-label",
            "follow-us-on-network": "social.follow-us-on-network", "share-on-network": "social.share-on-network"}
CASES = [(rule, lang, kind, line) for rule, by_lang in EXAMPLES.items() for lang, ex in by_lang.items() for kind in ("remove", "keep") for line in ex[kind]]


@pytest.fixture(scope="module")
def pipeline() -> cleaner.Pipeline:
    return cleaner.Pipeline(Config())


@pytest.mark.parametrize(("rule", "lang", "kind", "line"), CASES)
def test_a_language_pattern_names_its_lines(pipeline: cleaner.Pipeline, rule: str, lang: str, kind: str, line: str) -> None:
    fired = RULE_IDS[rule] in {h.rule.id for h in pipeline.matcher(lang).match(line)}
    assert fired is (kind == "remove"), (lang, line)


def test_the_packs_hold_the_patterns_their_parts_build() -> None:
    """``scripts/build_language_patterns.py`` builds these languages' patterns from their
    parts (``scripts/language_parts``): the packs hold exactly what it builds, so the
    parts are the source to edit."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "build_language_patterns.py"
    spec = importlib.util.spec_from_file_location("build_language_patterns", path)
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build(write=False) == []
    assert sorted(p.stem for p in builder.PARTS.glob("*.json")) == sorted({lang for by_lang in EXAMPLES.values() for lang in by_lang})
