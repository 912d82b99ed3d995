"""One error hierarchy: every error the library raises on purpose is a CleanerError whose
kind carries the exit code, and the command line turns it into one line in one place."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path
from typing import Any

import click
import pytest

import cleaner
from cleaner import batch, errors, jsonl
from cleaner.diff import ReportError
from cleaner.document import InputError
from cleaner.model import ModelError
from cleaner.config import Config
from cleaner.rules import RuleError
from cleaner.settings import SettingsError
from cleaner.cli.common import FLAGS, flagged
from cleaner.files import read_limited
from cleaner.walk import BatchError, Problem, check_folders, walk
from conftest import one_error_line


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (RuleError, 2), (SettingsError, 2), (ModelError, 2), (ReportError, 2), (BatchError, 2),
        (jsonl.CompressionError, 2), (InputError, 3), (jsonl.RecordError, 3), (batch.WriteError, 3),
    ],
)
def test_every_error_is_a_cleaner_error_of_its_kind(cls: type[Exception], code: int) -> None:
    assert issubclass(cls, cleaner.CleanerError)
    assert issubclass(cls, ValueError)  # callers that catch ValueError still do
    assert cls.exit_code == code  # type: ignore[attr-defined]
    assert issubclass(cls, errors.UsageError if code == 2 else errors.FailedError)


def test_a_write_error_is_still_a_batch_error() -> None:
    assert issubclass(batch.WriteError, BatchError)


def test_cleaner_error_is_exported() -> None:
    assert "CleanerError" in cleaner.__all__
    assert cleaner.CleanerError is errors.CleanerError


def test_library_messages_name_options_not_flags(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        Config(builtin=False)
    assert str(info.value) == "no rules to apply: without the built-in rules, give rule files (Config.rule_files)"
    (tmp_path / "src").mkdir()
    with pytest.raises(BatchError) as same:
        check_folders(tmp_path / "src", tmp_path / "src")
    assert str(same.value) == f"{tmp_path / 'src'}: DEST is the same folder as SRC; use dest=None to rewrite SRC"


def test_values_with_braces_are_not_templates(tmp_path: Path) -> None:
    src = tmp_path / "{in_place}"
    src.mkdir()
    with pytest.raises(BatchError) as info:
        check_folders(src, src / "out")
    assert str(info.value) == f"{src / 'out'}: DEST is inside SRC ({src}); choose a folder outside it, or use dest=None"
    assert info.value.describe({"in_place": "--in-place"}).endswith("or use --in-place")


def test_a_plain_message_is_kept_as_it_is() -> None:
    exc = RuleError("a.toml:1: pattern 'a{2' is bad")
    assert exc.describe({"a": "--a"}) == "a.toml:1: pattern 'a{2' is bad"


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["clean", "--no-config", "--no-builtin"], 2, "cleaner: error: no rules to apply: without the built-in rules, give rule files (--rules)"),
        (["batch", "--no-config", "{src}", "{src}"], 2, "cleaner: error: {src}: DEST is the same folder as SRC; use --in-place to rewrite SRC"),
        (["diff", "--report", "{report}"], 2, "cleaner: error: {report}:1: not a JSON object"),
        (["clean", "--no-config", "--lang", "xx"], 2, "cleaner: error: unknown language 'xx'"),
    ],
)
def test_the_command_line_ends_a_library_error_in_one_line(invoke, tmp_path: Path, args: list[str], code: int, line: str) -> None:  # type: ignore[no-untyped-def]
    src, report = tmp_path / "src", tmp_path / "report.json"
    src.mkdir()
    report.write_text("nonsense\n", encoding="utf-8")
    names = {"src": str(src), "report": str(report)}
    result = invoke([a.format(**names) for a in args], input="Hello.\n", exit_code=code)
    assert one_error_line(result).startswith(line.format(**names))


# ``settings_for`` reads the command line itself (``--config``, ``--no-config``) before
# click does: its message is about that command line, not a library option.
COMMAND_LINE_READERS = {("settings.py", "--config"), ("settings.py", "--no-config")}


def command_line_flags() -> tuple[set[str], set[str]]:
    """Every flag of every command (``--max-size``, ``--no-builtin``, ...), and the commands."""
    from cleaner.cli import cli

    commands = cli.commands
    params = [p for command in [cli, *commands.values()] for p in command.params]
    params += [p for command in commands.values() if isinstance(command, click.Group) for sub in command.commands.values() for p in sub.params]
    return {opt for p in params for opt in [*p.opts, *p.secondary_opts] if opt.startswith("--")}, set(commands)


def flags_in_library_strings(flags: set[str], commands: set[str]) -> list[tuple[str, int, str]]:
    """(module, line, flag) for each string literal of a library module that names a flag
    at its start or after a space or '('. Not counted: docstrings, which may describe the
    command line; a whole command line (``cleaner clean --rules FILE``), which says it is
    one; an ``add_argument`` call's strings (a module's own argparse command line)."""
    whole_command = re.compile(rf"\bcleaner (?:{'|'.join(sorted(commands))})\b")
    found = []
    for path in sorted(Path(cleaner.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {
            id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        skipped |= {
            id(inner) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skipped or whole_command.search(node.value):
                continue
            for flag in re.findall(r"(?:^|[\s(])(--[a-z][a-z0-9-]*)", node.value):
                if flag in flags and (path.name, flag) not in COMMAND_LINE_READERS:
                    found.append((path.name, node.lineno, flag))
    return found


def test_library_strings_name_no_flags() -> None:
    """A Python user has no flags: a library message names the option (``max_size``) and
    the command line words it as its flag (``flagged``)."""
    flags, commands = command_line_flags()
    assert {"--max-size", "--follow-symlinks", "--encoding-errors", "--annotate-field", "--rules"} <= flags
    assert flags_in_library_strings(flags, commands) == []


def test_the_check_sees_a_flag_in_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above finds a flag in an f-string's text, not in a docstring, a whole
    command line or an argparse declaration."""
    package = tmp_path / "cleaner"
    package.mkdir()
    (package / "mod.py").write_text(
        '"""Use --max-size."""\n'
        'def f(n, ap):\n'
        '    """--rules"""\n'
        '    ap.add_argument("--rules", help="the --max-size of it")\n'
        '    print("#   cleaner clean --rules <this file> page.txt")\n'
        '    return f"too big: {n} (raise it with --max-size)"\n'
    )
    monkeypatch.setattr(cleaner, "__file__", str(package / "__init__.py"))
    assert flags_in_library_strings({"--max-size", "--rules"}, {"clean"}) == [("mod.py", 6, "--max-size")]


@pytest.mark.parametrize(
    ("make", "library", "command_line"),
    [
        (lambda tmp: cleaner.decode(b"caf\xe9"), 'use errors="replace" to substitute', "use --encoding-errors replace to substitute"),
        (lambda tmp: read_limited(io.BytesIO(b"x" * 10), 4), "(raise it with the max_size argument)", "(raise it with --max-size)"),
        (lambda tmp: jsonl.load(b"caf\xe9"), 'use encoding_errors="replace" to substitute', "use --encoding-errors replace to substitute"),
        (lambda tmp: jsonl.clean_record({"text": "a", "cleaner": 1}, cleaner.pipeline(), jsonl.JsonlOptions(annotate=True)),
         "choose another JsonlOptions.annotate_field", "choose another --annotate-field"),
    ],
    ids=["decode", "size", "jsonl-utf8", "annotate-field"],
)
def test_a_library_error_names_the_option_and_the_command_line_the_flag(make: Any, library: str, command_line: str, tmp_path: Path) -> None:
    with pytest.raises(errors.CleanerError) as info:
        make(tmp_path)
    assert library in str(info.value) and "--" not in str(info.value)
    assert command_line in info.value.describe(FLAGS)
    wrapped = InputError(f"{tmp_path / 'max_size'}: {info.value}")  # wrapped, as a file's error is: reworded
    assert str(wrapped.describe(FLAGS)) == f"{tmp_path / 'max_size'}: {info.value.describe(FLAGS)}"


def test_a_skipped_link_names_the_option_and_batch_the_flag(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("x\n")
    (src / "link.txt").symlink_to(src / "a.txt")
    (problem,) = [p for p in walk(src) if isinstance(p, Problem)]
    assert problem.reason == "symbolic link, not followed (use WalkOptions.follow_symlinks)"
    assert flagged(problem.reason) == "symbolic link, not followed (use --follow-symlinks)"
