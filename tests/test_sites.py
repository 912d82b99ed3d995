"""Per-site packs: a rule file with ``sites = [...]`` applies to documents of those sites
only: the site from ``--site``/``Config.site``, or a JSONL record's URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import article, tide_box_rules
from cleaner import Config, Pipeline, RuleError, clean, load_rules, segment
from cleaner.cli import cli
from cleaner.rules import site_matches

SITE_RULES = tide_box_rules("quaytimes.example", "*.quaytimes.example")
DOC = article("Zqx tides today")


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    path = tmp_path / "quay-times.toml"
    path.write_text(SITE_RULES, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "pattern, site, expected",
    [
        ("quaytimes.example", "quaytimes.example", True),
        ("quaytimes.example", "WWW.QuayTimes.example", True),
        ("quaytimes.example", "news.quaytimes.example", False),
        ("*.quaytimes.example", "news.quaytimes.example", True),
        ("*.quaytimes.example", "quaytimes.example", False),
        ("*.quaytimes.example", "notquaytimes.example", False),
    ],
)
def test_site_patterns(pattern: str, site: str, expected: bool) -> None:
    assert site_matches(pattern, site) is expected


def test_a_site_rule_fires_for_its_site_only(site_file: Path) -> None:
    assert load_rules((site_file,)).get("quay-times.tide-box").sites == ("quaytimes.example", "*.quaytimes.example")
    for site, removed in ((None, False), ("other.example", False), ("quaytimes.example", True), ("news.quaytimes.example", True)):
        out = clean(DOC, Config(rule_files=(site_file,), site=site))
        assert ("Zqx tides today" not in out.splitlines()) is removed, site
    pipe = Pipeline(Config(rule_files=(site_file,)))
    assert [r.rule_id for r in pipe.run(segment(DOC), site="quaytimes.example").removed] == ["quay-times.tide-box", "layout.blank"]
    assert pipe.run(segment(DOC)).removed == ()


def test_cli_site_and_jsonl_urls(site_file: Path) -> None:
    runner = CliRunner()
    mine = runner.invoke(cli, ["clean", "--rules", str(site_file), "--site", "quaytimes.example"], input=DOC)
    other = runner.invoke(cli, ["clean", "--rules", str(site_file), "--site", "other.example"], input=DOC)
    assert "Zqx tides today" not in mine.stdout and "Zqx tides today" in other.stdout
    records = [{"url": "https://www.quaytimes.example/a", "text": DOC}, {"url": "https://other.example/b", "text": DOC}, {"text": DOC}]
    result = runner.invoke(cli, ["clean", "--jsonl", "--rules", str(site_file)], input="".join(json.dumps(r) + "\n" for r in records))
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert ["Zqx tides today" in t for t in texts] == [False, True, True]


def test_two_sites_may_share_a_phrase(site_file: Path, tmp_path: Path) -> None:
    """Their packs never apply together, so the same phrase in both is no clash."""
    other = tmp_path / "harbour.toml"
    other.write_text(SITE_RULES.replace("quay-times", "harbour").replace('["quaytimes.example", "*.quaytimes.example"]', '["harbour.example"]'), encoding="utf-8")
    pipe = Pipeline(Config(rule_files=(site_file, other)))
    assert [r.rule_id for r in pipe.run(segment(DOC), site="harbour.example").removed] == ["harbour.tide-box", "layout.blank"]


def test_bad_sites_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SITE_RULES.replace('"*.quaytimes.example"', '"http://quaytimes.example/"'), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules((path,))
    assert str(info.value) == f'{path}: \'sites\' must be a list of host names such as "example.com" or "*.example.org"'


def test_learn_writes_a_per_site_pack(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    src.mkdir()
    for i in range(4):
        (src / f"p{i}.txt").write_text(f"Zqx ledger weekly, read it first\nStory {i} is about the harbour and the long winter that froze the boats in place for weeks.\n", encoding="utf-8")
    pack = tmp_path / "ledger.toml"
    result = CliRunner().invoke(cli, ["learn", str(src), "--site", "ledger.example", "-o", str(pack), "-q"])
    assert result.exit_code == 0, result.stderr
    rule = load_rules((pack,)).get("ledger.repeated-lines")
    assert rule.sites == ("ledger.example",)
    page = article("Zqx ledger weekly, read it first")
    assert "Zqx ledger weekly" in clean(page, Config(rule_files=(pack,)))
    assert "Zqx ledger weekly" not in clean(page, Config(rule_files=(pack,), site="ledger.example"))
    bad = CliRunner().invoke(cli, ["learn", str(src), "--site", "http://ledger.example/"])
    assert bad.exit_code == 2
    assert bad.stderr == "cleaner: error: --site 'http://ledger.example/' is not a host name such as example.com or *.example.com (see 'cleaner learn --help')\n"


def test_fingerprints_are_unchanged_by_the_new_fields() -> None:
    """A batch run resumes after an upgrade: Config fields at their defaults (no site, no
    parameters) leave the fingerprint as it was; set, they change it."""
    import hashlib
    from dataclasses import asdict

    from cleaner import __version__

    pipe = Pipeline(Config())
    old = {k: [str(x) for x in v] if isinstance(v, tuple) else v for k, v in asdict(pipe.config).items() if k not in ("params", "site", "builtin", "model", "window_lines")}
    payload = json.dumps({"version": __version__, "rules": [r.to_json() for r in pipe.rules], "config": old}, sort_keys=True, default=str)
    assert pipe.fingerprint == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
    assert Pipeline(Config(site="quaytimes.example")).fingerprint != pipe.fingerprint
    assert Pipeline(Config(window_lines=5_000)).fingerprint != pipe.fingerprint
    assert Pipeline(Config(rule_files=(), params=(("structure.link-run", "min_run", 3),))).fingerprint != pipe.fingerprint
