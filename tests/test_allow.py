"""Allow rules (``allow = true``): a line they match is protected from every removal, a
built-in phrase rule's and the structural stage's alike, and the result, the JSON report
and ``diff`` name the allow rule that saved it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import COLUMN_HEADER_ALLOW, article
from cleaner import Config, RuleError, clean_and_explain, load_rules
from cleaner.cli import cli

ALLOW = COLUMN_HEADER_ALLOW + '''
[[rule]]
name = "edition"
kind = "pattern"
allow = true
description = "The edition line above every story."
patterns.any = ['^Zqx edition \\d+$']
examples.keep = ["Zqx edition 12"]
examples.remove = ["Zqx edition twelve"]
'''

DOC = "Zqx edition 12\n\n" + article("Advertisement")


@pytest.fixture
def allow_file(tmp_path: Path) -> Path:
    path = tmp_path / "allow.toml"
    path.write_text(ALLOW, encoding="utf-8")
    return path


def test_an_allow_rule_beats_a_builtin_removal_and_the_structure(allow_file: Path) -> None:
    before = clean_and_explain(DOC)
    gone = {r.text: r.rule_id for r in before.removed}
    assert gone["Advertisement"] == "ads.ad-label"  # a built-in phrase rule
    assert gone["Zqx edition 12"] == "structure.outside-article"  # the structural stage
    after = clean_and_explain(DOC, Config(rule_files=(allow_file,)))
    assert "Advertisement" in after.text.splitlines() and "Zqx edition 12" in after.text.splitlines()
    assert [(s.line, s.rule_id, s.overruled) for s in after.saved] == [
        (0, "daily-post.edition", ("structure.outside-article",)),
        (8, "daily-post.column-header", ("ads.ad-label",)),
    ]
    assert after.to_json()["saved"][1] == {"line": 9, "text": "Advertisement", "rule": "daily-post.column-header", "overruled": ["ads.ad-label"]}
    assert "saved" not in before.to_json()  # absent when nothing was saved


def test_select_keeps_allow_rules_ignore_drops_them(allow_file: Path) -> None:
    selected = clean_and_explain(DOC, Config(rule_files=(allow_file,), select=("ads",)))
    assert "Advertisement" in selected.text.splitlines()
    ignored = clean_and_explain(DOC, Config(rule_files=(allow_file,), ignore=("daily-post.column-header",)))
    assert "Advertisement" not in ignored.text.splitlines()


def test_report_and_diff_name_the_allow_rule(allow_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(DOC, encoding="utf-8")
    runner = CliRunner()
    report = runner.invoke(cli, ["clean", "--rules", str(allow_file), "--check", "--report", "-", str(src)])
    saved = json.loads(report.stdout)["files"][0]["saved"]
    assert [s["rule"] for s in saved] == ["daily-post.edition", "daily-post.column-header"]
    shown = runner.invoke(cli, ["diff", "--format", "rich", "--color", "never", "--width", "200", "--rules", str(allow_file), str(src)])
    assert shown.exit_code == 0
    line = next(line for line in shown.stdout.splitlines() if "Advertisement" in line)
    assert line.split()[:6] == ["9", "=", "Advertisement", "kept", "by", "daily-post.column-header"]
    assert "ads.ad-label)" in shown.stdout


@pytest.mark.parametrize(
    "change, message",
    [
        ('kind = "context"', "allow: an allow rule matches lines: its kind is one of line, prefix, contains, pattern"),
        ('allow = "yes"', "allow: must be true or false"),
        (
            'examples.keep = ["Advertisement", "An advertisement"]',
            "examples.keep: the allow rule does not match its own example 'An advertisement'",
        ),
    ],
)
def test_allow_rule_errors(tmp_path: Path, change: str, message: str) -> None:
    key = change.split(" = ")[0]
    lines = [line for line in ALLOW.splitlines() if not line.startswith(key + " ")]
    at = lines.index('name = "column-header"') + 2
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines[:at] + [change] + lines[at:]) + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules((path,))
    assert str(info.value).startswith(f"{path}:") and str(info.value).endswith(f"daily-post.column-header: {message}")


def test_the_html_report_names_the_allow_rule(allow_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(DOC, encoding="utf-8")
    page = tmp_path / "review.html"
    result = CliRunner().invoke(cli, ["diff", "--rules", str(allow_file), "--html", str(page), str(src)])
    assert result.exit_code == 0, result.stderr
    assert "kept by <code>daily-post.column-header</code> (over <code>ads.ad-label</code>)" in page.read_text(encoding="utf-8")
