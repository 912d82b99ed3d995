"""The README documents every command, every rule category and the exit codes
(sqlite-utils' test_docs): a new command or pack without docs fails here."""

from __future__ import annotations

from pathlib import Path

from cleaner import builtin_rules
from cleaner.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    for name in cli.commands:
        assert f"cleaner {name}" in README, f"README does not show `cleaner {name}`"


def test_every_category_is_documented() -> None:
    for category in builtin_rules().categories:
        assert f"`{category}`" in README, f"README does not name the category `{category}`"


def test_the_two_newcomer_commands_are_there() -> None:
    assert "pip install -e . && cleaner clean < fixtures/en/para/seed-appeal-ads.txt" in README
    assert "pip install -e '.[test,jsonl-zstd,datatrove]' && python -m pytest" in README
    assert (Path(__file__).resolve().parent.parent / "fixtures/en/para/seed-appeal-ads.txt").exists()


def test_exit_codes_are_documented() -> None:
    for line in ("| 0 | ok |", "| 1 | `--check` found something to remove |", "| 3 | some inputs failed"):
        assert line in README


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run installs and runs what the README says, so the extras' tests run in CI."""
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = README.split("## Run the tests", 1)[1].split("```")[1].strip()
    assert command in ci.splitlines(), f".ci/run does not run the README's test command: {command}"


def test_the_write_your_own_rules_example_runs(tmp_path, monkeypatch) -> None:
    """Every `$ cat FILE` block of the section is written, every `$ cleaner ...` command
    run in that order, in an empty folder, and its stdout compared with the README's."""
    import shlex

    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    section = README.split("## Write your own rules\n", 1)[1].split("\n## ", 1)[0]
    blocks = [block for k, block in enumerate(section.split("```\n")) if k % 2 == 1]
    ran = 0
    for block in blocks:
        for step in block.split("$ ")[1:]:
            command, _, output = step.partition("\n")
            args = shlex.split(command)
            if args[0] == "cat":
                (tmp_path / args[1]).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / args[1]).write_text(output, encoding="utf-8")
                continue
            assert args[0] == "cleaner", command
            result = CliRunner().invoke(cli, args[1:])
            assert result.exit_code == 0, (command, result.stderr)
            assert result.stdout == output, command
            ran += 1
    assert ran == 3
