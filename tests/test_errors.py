"""One error hierarchy: every error the library raises on purpose is a CleanerError whose
kind carries the exit code, and the command line turns it into one line in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner import batch, errors, jsonl
from cleaner.diff import ReportError
from cleaner.document import InputError
from cleaner.model import ModelError
from cleaner.config import Config
from cleaner.rules import RuleError
from cleaner.settings import SettingsError
from cleaner.walk import BatchError, check_folders
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
