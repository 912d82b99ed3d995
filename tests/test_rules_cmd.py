"""`cleaner rules`: the listing covers every rule, in every format, with filters;
`--show` prints a rule in full. Golden outputs use the test-only tests/golden/demo-rules.toml
(`--category demo`), so they do not change when the built-in packs do."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.packs import load_rules
from cleaner.policy import LAYOUT_RULE

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DEMO_FILE = "tests/golden/demo-rules.toml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def invoke(args: list[str], exit_code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    msg = f"args: {args}\nexit: {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == exit_code, msg
    return result


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}; UPDATE_GOLDEN=1 rewrites it"


GOLDEN_CASES = {
    "rules-demo.tsv": ["--format", "tsv"],
    "rules-demo-table.txt": ["--format", "table", "--width", "100", "--color", "never"],
    "rules-demo-show.txt": ["--show", "demo.read-more"],
    "rules-demo-show.json": ["--show", "demo.newsletter", "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    check_golden(name, invoke(["rules", "--rules", DEMO_FILE, "--category", "demo", *GOLDEN_CASES[name]]).stdout)


def test_tsv_lists_every_rule() -> None:
    lines = invoke(["rules"]).stdout.splitlines()  # not a terminal: TSV
    assert lines[0] == "id\tcategory\tstrength\tlanguages\tdescription"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 5 for row in rows)
    ids = [row[0] for row in rows]
    assert ids == [r.id for r in load_rules()] + [LAYOUT_RULE]
    by_id = {r.id: r for r in load_rules()}
    for rule_id, category, strength, languages, description in rows[:-1]:
        rule = by_id[rule_id]
        assert category == rule.category and strength.split("+")[0] == rule.strength
        assert languages == (",".join(rule.languages) or "any")
        assert description and "\n" not in description


def test_json_lists_every_rule_with_its_data() -> None:
    data = json.loads(invoke(["rules", "--format", "json"]).stdout)
    assert [d["id"] for d in data][:-1] == [r.id for r in load_rules()]
    assert {"id", "category", "strength", "languages", "description", "phrases", "patterns", "examples"} <= set(data[0])


def test_table_has_every_rule() -> None:
    out = invoke(["rules", "--format", "table", "--width", "200", "--color", "never"]).stdout
    for rule in load_rules():
        assert rule.id in out
    assert "\x1b" not in out


def test_table_colour_only_when_asked() -> None:
    out = invoke(["rules", "--format", "table", "--color", "always", "--rules", DEMO_FILE, "--category", "demo"]).stdout
    assert "\x1b[" in out and "demo.ad-label" in out


def test_category_filter() -> None:
    for category in load_rules().categories:
        data = json.loads(invoke(["rules", "--format", "json", "--category", category]).stdout)
        assert data and {d["category"] for d in data} == {category}
    assert "no such category" in invoke(["rules", "--category", "no-such-category"], exit_code=2).stderr


def test_lang_filter() -> None:
    data = json.loads(invoke(["rules", "--format", "json", "--rules", DEMO_FILE, "--lang", "ja"]).stdout)
    for d in data:
        assert not d["languages"] or "ja" in d["languages"] or "any" in d["languages"], d["id"]
    ids = {d["id"] for d in data}
    assert "demo.ad-label" in ids  # phrases under "any"
    everything = {r.id for r in load_rules((ROOT / DEMO_FILE,))}
    expected = {r.id for r in load_rules((ROOT / DEMO_FILE,)) if not r.languages or "ja" in r.languages or "any" in r.languages}
    assert ids == expected | {LAYOUT_RULE} and ids <= everything | {LAYOUT_RULE}


def test_show_every_rule() -> None:
    for rule in load_rules():
        out = invoke(["rules", "--show", rule.id]).stdout
        assert out.startswith(rule.id + "\n")
        for example in rule.examples_remove + rule.examples_keep:
            assert example.split("\n")[0].strip()[:30] in out or "\x1b" in example


def test_show_layout_rule() -> None:
    out = invoke(["rules", "--show", LAYOUT_RULE]).stdout
    assert "layout" in out and "not selectable" in out


def test_show_unknown_rule() -> None:
    result = invoke(["rules", "--show", "ad-label", "--rules", DEMO_FILE], exit_code=2)
    assert "no such rule" in result.stderr and "demo.ad-label" in result.stderr


def test_show_is_literal() -> None:
    """Rule data is user data too: a pattern with [brackets] and an ESC is shown as it is."""
    out = invoke(["rules", "--rules", DEMO_FILE, "--show", "demo.read-more"]).stdout
    assert r"\x1b\[[0-9;]*mread more" in out  # the pattern's own text (escape written as \x1b)
    assert "␛[31mRead more␛[0m" in out  # the example's real ESC made visible
    assert "\x1b" not in out


def test_bad_rule_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('category = "x"\n[[rule]]\nname = "y"\nkind = "nope"\n', encoding="utf-8")
    assert "bad.toml" in invoke(["rules", "--rules", str(bad)], exit_code=2).stderr


def test_rules_lang_is_checked_as_clean_checks_it() -> None:
    """An unknown code exits 2 with one line, as ``clean --lang`` does; case does not matter."""
    runner = CliRunner()
    bad = runner.invoke(cli, ["rules", "--lang", "xx"])
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("cleaner: error: unknown language 'xx' (known: ")
    assert runner.invoke(cli, ["rules", "--lang", "DE"]).stdout == runner.invoke(cli, ["rules", "--lang", "de"]).stdout


def test_clean_lang_is_case_insensitive() -> None:
    runner = CliRunner()
    text = "Stadtrat beschließt den Haushalt nach langer Debatte über die Schulen der Stadt.\n"
    assert runner.invoke(cli, ["clean", "--lang", "DE"], input=text).exit_code == 0
    assert runner.invoke(cli, ["clean", "--lang", "xx"], input=text).exit_code == 2
