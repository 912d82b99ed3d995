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


def _module(path: Path, source: str) -> object:
    import types

    path.write_text(source, encoding="utf-8")
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    return module


def test_a_built_object_is_read_back_until_its_input_or_code_changes(store: Path, tmp_path: Path) -> None:
    calls: list[str] = []

    def build(tag: str) -> dict[str, object]:
        calls.append(tag)
        return {"tag": tag, "pattern": regex.compile(r"(?i)\bmenu\b")}

    code = _module(tmp_path / "code_a.py", "VERSION = 1\n")
    first = cache.built("thing", b"input 1", lambda: build("1"), {}, sources=(code,))
    again = cache.built("thing", b"input 1", lambda: build("1 again"), {}, sources=(code,))
    assert calls == ["1"] and again["tag"] == "1" and again["pattern"].search("MENU") and again is not first
    cache.built("thing", b"input 2", lambda: build("2"), {}, sources=(code,))  # another input
    changed = _module(tmp_path / "code_b.py", "VERSION = 2\n")  # another version of the code
    cache.built("thing", b"input 1", lambda: build("1, new code"), {}, sources=(changed,))
    assert calls == ["1", "2", "1, new code"]
    assert len(list(store.glob("thing-*.pickle"))) == 3


def test_a_corrupt_foreign_or_unwritable_built_file_is_never_used(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    cache.built("thing", b"k", lambda: [1], {})
    (path,) = store.glob("thing-*.pickle")
    path.write_bytes(b"not a pickle")
    assert cache.built("thing", b"k", lambda: [2], {}) == [2]  # rebuilt (and kept again)
    assert cache.built("thing", b"k", lambda: [3], {}) == [2]
    # A pickle that would call anything but the classes named is not unpickled.
    path.write_bytes(pickle.dumps(os.getcwd))
    assert cache.built("thing", b"k", lambda: [4], {}) == [4]
    # A cache folder that cannot be made (under a file; root may write anywhere else).
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocked / "cache"))
    assert cache.built("thing", b"k", lambda: [5], {}) == [5]  # used, not kept; no error
    assert cache.built("thing", b"k", lambda: [6], {}) == [6]


def test_built_objects_can_be_turned_off(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE", "0")
    assert cache.built("thing", b"k", lambda: [1], {}) == [1]
    assert cache.built("thing", b"k", lambda: [2], {}) == [2]
    assert not store.exists()


def test_only_a_few_built_files_of_a_kind_are_kept(store: Path) -> None:
    for n in range(cache.BUILT_KEEP + 3):
        cache.built("thing", str(n).encode(), lambda: n, {})
    assert len(list(store.glob("thing-*.pickle"))) == cache.BUILT_KEEP


def test_a_matcher_read_back_answers_as_a_fresh_one_and_holds_the_same_rules(store: Path) -> None:
    import cleaner
    from cleaner.config import Config
    from cleaner.matcher import LineMatcher
    from cleaner.packs import builtin_rules
    from cleaner.rules import RuleSet

    lines = [
        "Support us", "Read more: the minister's statement", "Follow us on Twitter and Facebook",
        "We use cookies to improve your experience. Accept all", "Advertisement",
        "The minister resigned on Monday after a week of protests in the capital, officials said.",
        "Share this article", "© 2024 The Daily Example. All rights reserved.",
    ]
    rules = RuleSet(tuple(rule for rule in cleaner.Pipeline(Config()).rules if not rule.allow))
    by_id = {rule.id: rule for rule in builtin_rules()}
    for lang in ("en", "de", "ja"):
        fresh = LineMatcher(rules, frozenset({lang, "en"}))
        built = cleaner.Pipeline(Config()).matcher(lang)  # built and kept
        read = cleaner.Pipeline(Config()).matcher(lang)  # read back
        assert read is not built
        assert [read.match_timed(t) for t in lines] == [fresh.match_timed(t) for t in lines] == [built.match_timed(t) for t in lines]
        assert all(by_id[rule.id] is rule for rule, _, _ in read._patterns)
    assert len(list(store.glob("matcher-*.pickle"))) == 3


def test_languages_read_back_are_those_read_afresh(store: Path) -> None:
    from cleaner import lang

    built = lang.languages.__wrapped__()  # built and kept
    read = lang.languages.__wrapped__()  # read back
    assert list(store.glob("langs-*.pickle"))
    assert read.keys() == built.keys() and "ja" in read
    samples = {"ja": "私はその本を読みました。それはとても面白いです。", "zh": "我们在这里的时候，他们已经走了。"}
    for code, language in built.items():
        again = read[code]
        assert (again.code, again.words, again.spaced) == (language.code, language.words, language.spaced)
        assert (again.pattern is None) == (language.pattern is None)
        if language.pattern is not None:
            assert again.pattern.pattern == language.pattern.pattern
            assert again.pattern.findall(samples.get(code, "")) == language.pattern.findall(samples.get(code, ""))


def test_read_text_reads_bytes_as_path_read_text_does(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    for data in (b"a = 1\r\nb = 2\rc = 3\n", "\ufeffname = \"caf\u00e9\"\r\n".encode("utf-8"), b"", b"\r\r\n\n"):
        path.write_bytes(data)
        assert cache.read_text(data) == path.read_text(encoding="utf-8")
