"""Golden fixtures: ``fixtures/<lang>/<style>/<name>.txt`` cleans to ``<name>.expected.txt``;
a fixture without an expected file (``negative/``) must come back unchanged.

Cases the rules do not get right yet are listed in ``fixtures/known-failures.txt`` (one
relative path and a reason per line) and run as strict xfails: fixing one forces the list
to be updated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _known_failures() -> dict[str, str]:
    path = FIXTURES / "known-failures.txt"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def _cases(with_known_failures: bool = True) -> list:
    known = _known_failures() if with_known_failures else {}
    cases = []
    for src in sorted(FIXTURES.rglob("*.txt")):
        if src.name.endswith(".expected.txt") or src.parent == FIXTURES or "site" in src.relative_to(FIXTURES).parts[:1]:
            continue
        rel = str(src.relative_to(FIXTURES))
        marks = [pytest.mark.xfail(strict=True, reason=known[rel])] if rel in known else []
        cases.append(pytest.param(src, id=rel, marks=marks))
    return cases


def _expected(src: Path) -> bytes:
    expected = src.with_name(src.name[: -len(".txt")] + ".expected.txt")
    return expected.read_bytes() if expected.exists() else src.read_bytes()


@pytest.mark.parametrize("src", _cases())
def test_fixture(src: Path) -> None:
    result = cleaner.clean_and_explain(src.read_bytes().decode("utf-8"))
    got = result.text.encode("utf-8")
    want = _expected(src)
    if got != want:
        removed = "\n".join(f"  - {r.line + 1}: [{r.rule_id}] {r.text[:80]}" for r in result.removed)
        pytest.fail(f"output differs from {src.name} expectation\nremoved:\n{removed}\n--- got ---\n{got.decode()}\n--- want ---\n{want.decode()}")


@pytest.mark.parametrize("src", _cases(with_known_failures=False))
def test_fixture_is_stable(src: Path) -> None:
    """Cleaning the output again changes nothing (black's stability check)."""
    once = cleaner.clean(src.read_bytes().decode("utf-8"))
    assert cleaner.clean(once) == once


def test_there_are_enough_fixtures() -> None:
    cases = _cases()
    langs = {Path(c.values[0]).relative_to(FIXTURES).parts[0] for c in cases}
    assert len(cases) >= 40
    assert {"en", "de", "fr", "es", "ru", "it", "pt", "nl", "pl", "uk", "tr", "ja", "zh", "ko", "ar", "id"} <= langs
