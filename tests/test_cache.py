"""The on-disk cache of compiled patterns and parsed packs: same answers, never in the way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from cleaner import cache

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [
    (r"^[\W_]*(?:read|see)\s+(?:more|also)\b.{0,40}$", regex.IGNORECASE, {}),
    (r"(?<!\w)\L<spaced>(?!\w)", 0, {"spaced": ["sign up", "subscribe now", "straße"]}),
    (r"(?P<year>\d{4})-(?P=year)", 0, {}),
]
TEXTS = ["Read more about it", "  see ALSO: this", "please Subscribe now!", "straße", "2024-2024", "nothing here"]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_stores", {})
    monkeypatch.setattr(cache, "_dirty", set())
    return tmp_path / "cache"


def _answers(compiled: regex.Pattern[str]) -> list[object]:
    return [(m.span(), m.groups()) if (m := compiled.search(t)) else None for t in TEXTS]


def test_a_pattern_from_the_store_answers_as_a_fresh_one(store: Path) -> None:
    for pattern, flags, lists in PATTERNS:
        fresh = regex.compile(pattern, flags, **lists)
        regex.purge()  # regex's own memo would hide the first compile from the cache
        first = cache.compile(pattern, flags, **lists)
        cache.save()
        cache._stores.clear()
        stored = cache.compile(pattern, flags, **lists)
        assert _answers(first) == _answers(stored) == _answers(fresh)
        assert stored.pattern == pattern and stored.named_lists == fresh.named_lists
    assert list(store.glob("patterns-*.marshal"))


def test_a_corrupt_or_unwritable_store_is_ignored(store: Path) -> None:
    store.mkdir()
    path = cache._path("patterns")
    path.write_bytes(b"not marshal data")
    regex.purge()
    compiled = cache.compile(r"\bcookies?\b", regex.IGNORECASE)
    assert compiled.search("We use Cookies") is not None
    os.chmod(store, 0o500)
    try:
        cache.save()  # no error, whatever it could not write
    finally:
        os.chmod(store, 0o700)


def test_the_store_can_be_turned_off(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE", "0")
    regex.purge()
    assert cache.compile(r"^menu$", regex.IGNORECASE).match("MENU")
    assert cache.parsed("packs", b"x = 1", lambda data: {"x": 1}) == {"x": 1}
    cache.save()
    assert not store.exists()


def test_parsed_data_is_a_fresh_copy_each_time(store: Path) -> None:
    calls = []

    def parse(data: bytes) -> dict[str, list[int]]:
        calls.append(data)
        return {"a": [1, 2]}

    first = cache.parsed("packs", b"a = [1, 2]", parse)
    first["a"].append(3)
    cache.save()
    cache._stores.clear()
    assert cache.parsed("packs", b"a = [1, 2]", parse) == {"a": [1, 2]}
    assert len(calls) == 1


def test_the_cli_cleans_the_same_with_a_cold_and_a_warm_store(tmp_path: Path) -> None:
    env = {**os.environ, "CLEANER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    page = ROOT / "fixtures" / "en" / "para" / "seed-appeal-ads.txt"
    runs = [
        subprocess.run([sys.executable, "-m", "cleaner", "clean", str(page)], capture_output=True, env=env, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0]
    assert list((tmp_path / "cache").glob("*.marshal"))


def test_prefilters_from_the_store_are_those_read_afresh(store: Path) -> None:
    from cleaner import prefilter

    patterns = [r"^[\W_]*(?:follow|like)\s+us", r"\b(?:give|donate) \$", r"^\s*see\b", r"[a-z]x", r"(?=.*\bterms\b)"]
    fresh = [prefilter._lead(p) for p in patterns]
    assert prefilter.leads(patterns) == fresh
    cache.save()
    cache._stores.clear()
    assert prefilter.leads(patterns) == fresh and any(fresh) and None in fresh
    assert list(store.glob("leads-*.marshal"))
