"""``cleaner clean`` through Click's CliRunner: streams, files, flags, exit codes, errors.

Exit codes: 0 ok, 1 ``--check`` found something to remove, 2 usage or rule-file error,
3 some inputs failed (the others were still processed). Every input error is exactly one
stderr line starting ``cleaner: error:``, never a traceback.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import cleaner
from conftest import PROSE, article, one_error_line
from cleaner import Config, clean

DIRTY = article("zqx strong marker")
CLEAN = article()


@pytest.fixture
def zt_args(rule_files: tuple[Path, Path]) -> list[str]:
    """Options that load the test rules and select only them."""
    zt, meta = rule_files
    return ["--rules", str(zt), "--rules", str(meta), "--select", "zt"]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def no_temp_files(folder: Path) -> bool:
    return not [p.name for p in folder.iterdir() if p.name.endswith(".cleaner-tmp")]


# --- streams and files ------------------------------------------------------------------


def test_stdin_to_stdout(invoke, zt_args) -> None:
    result = invoke(["clean", *zt_args], input=DIRTY)
    assert result.stdout_bytes == CLEAN.encode("utf-8")
    assert result.stderr == ""


def test_dash_is_stdin(invoke, zt_args) -> None:
    result = invoke(["clean", *zt_args, "-"], input=DIRTY)
    assert result.stdout_bytes == CLEAN.encode("utf-8")


def test_default_rules_from_stdin(invoke, rule_files) -> None:
    text = "Home\nNews\nSport\n\n" + article()
    result = invoke(["clean"], input=text)
    assert result.stdout == clean(text)
    assert not result.stdout.startswith("Home")


def test_files_are_cleaned_in_order(invoke, zt_args, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", article("zqx strong marker", paragraphs=3))
    b = write(tmp_path / "b.txt", "zqx normal marker\n" + PROSE[4] + "\n")
    result = invoke(["clean", *zt_args, str(b), str(a)])
    assert result.stdout == PROSE[4] + "\n" + article(paragraphs=3)
    assert a.read_text() == article("zqx strong marker", paragraphs=3)  # inputs untouched


def test_output_file(invoke, zt_args, tmp_path: Path) -> None:
    src = write(tmp_path / "in.txt", DIRTY)
    out = tmp_path / "out.txt"
    result = invoke(["clean", *zt_args, "-o", str(out), str(src)])
    assert result.stdout_bytes == b""
    assert out.read_text() == CLEAN
    assert no_temp_files(tmp_path)


def test_output_file_replaces_atomically_keeping_permissions(invoke, zt_args, tmp_path: Path) -> None:
    src = write(tmp_path / "in.txt", DIRTY)
    out = write(tmp_path / "out.txt", "old contents\n")
    out.chmod(0o640)
    invoke(["clean", *zt_args, "-o", str(out), str(src)])
    assert out.read_text() == CLEAN
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert no_temp_files(tmp_path)


def test_output_file_untouched_when_the_write_fails(invoke, zt_args, tmp_path: Path, monkeypatch) -> None:
    src = write(tmp_path / "in.txt", DIRTY)
    out = write(tmp_path / "out.txt", "old contents\n")

    def failing_replace(a, b):  # the rename that would publish the new file fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = invoke(["clean", *zt_args, "-o", str(out), str(src)], exit_code=3)
    assert out.read_text() == "old contents\n"
    assert no_temp_files(tmp_path)
    line = one_error_line(result)
    assert str(out) in line and "No space left" in line


def test_output_into_a_missing_folder_fails_with_one_line(invoke, zt_args, tmp_path: Path) -> None:
    result = invoke(["clean", *zt_args, "-o", str(tmp_path / "nope" / "out.txt")], input=DIRTY, exit_code=3)
    assert "out.txt" in one_error_line(result)


def test_in_place(invoke, zt_args, tmp_path: Path) -> None:
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    tidy = write(tmp_path / "tidy.txt", CLEAN)
    tidy_inode = tidy.stat().st_ino
    result = invoke(["clean", *zt_args, "--in-place", str(dirty), str(tidy)])
    assert result.stdout_bytes == b""
    assert dirty.read_text() == CLEAN
    assert tidy.read_text() == CLEAN
    assert tidy.stat().st_ino == tidy_inode  # an unchanged file is not rewritten
    assert no_temp_files(tmp_path)


@pytest.mark.parametrize("extra", [[], ["-"], ["-o", "out.txt", "x.txt"]], ids=["no-files", "stdin", "with-output"])
def test_in_place_needs_files_and_no_output(invoke, zt_args, extra: list[str]) -> None:
    result = invoke(["clean", *zt_args, "--in-place", *extra], input=DIRTY, exit_code=2)
    assert "--in-place" in result.stderr
    assert result.stdout_bytes == b""


def test_check_exit_1_when_something_would_be_removed(invoke, zt_args, tmp_path: Path) -> None:
    src = write(tmp_path / "in.txt", DIRTY)
    result = invoke(["clean", *zt_args, "--check", str(src)], exit_code=1)
    assert result.stdout_bytes == b""
    assert src.read_text() == DIRTY
    result = invoke(["clean", *zt_args, "--check"], input=DIRTY, exit_code=1)
    assert result.stdout_bytes == b""


def test_check_exit_0_when_clean(invoke, zt_args) -> None:
    result = invoke(["clean", *zt_args, "--check"], input=CLEAN, exit_code=0)
    assert result.stdout_bytes == b""
    assert result.stderr == "cleaner clean --check: 0 files would be cleaned, 1 file left unchanged\n"


def test_check_names_the_files_that_would_change(invoke, zt_args, tmp_path: Path) -> None:
    """As black --check says "would reformat": which files to look at, on stderr."""
    dirty, clean_file = write(tmp_path / "a.txt", DIRTY), write(tmp_path / "b.txt", CLEAN)
    result = invoke(["clean", *zt_args, "--check", str(dirty), str(clean_file)], exit_code=1)
    assert result.stdout_bytes == b""
    assert result.stderr.splitlines() == [
        f"would clean {dirty} (2 lines)",
        "cleaner clean --check: 1 file would be cleaned, 1 file left unchanged",
    ]


def test_check_does_not_go_with_output(invoke, zt_args, tmp_path: Path) -> None:
    invoke(["clean", *zt_args, "--check", "-o", str(tmp_path / "o.txt")], input=DIRTY, exit_code=2)
    assert not (tmp_path / "o.txt").exists()


def test_check_with_a_failed_input_is_3(invoke, zt_args, tmp_path: Path) -> None:
    src = write(tmp_path / "in.txt", DIRTY)
    result = invoke(["clean", *zt_args, "--check", str(src), str(tmp_path / "missing.txt")], exit_code=3)
    assert result.stdout_bytes == b""
    assert result.stderr.splitlines() == [
        f"would clean {src} (2 lines)",
        f"cleaner: error: {tmp_path / 'missing.txt'}: no such file",
        "cleaner clean --check: 1 file would be cleaned, 0 files left unchanged, 1 file failed",
    ]


# --- report -----------------------------------------------------------------------------


def test_report_json_schema(invoke, zt_args, tmp_path: Path) -> None:
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    tidy = write(tmp_path / "tidy.txt", CLEAN)
    missing = tmp_path / "missing.txt"
    report = tmp_path / "report.json"
    result = invoke(["clean", *zt_args, "--report", str(report), str(dirty), str(tidy), str(missing)], exit_code=3)
    assert result.stdout == CLEAN + CLEAN
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["version"] == 1
    files = data["files"]
    assert [f["path"] for f in files] == [str(dirty), str(tidy), str(missing)]
    assert [f["status"] for f in files] == ["cleaned", "unchanged", "failed"]
    cleaned, unchanged, failed = files
    for entry in (cleaned, unchanged):
        assert {"language", "lines_in", "lines_out", "article", "notes", "removed"} <= set(entry)
        assert entry["lines_in"] >= entry["lines_out"]
    assert unchanged["removed"] == []
    strong = [r for r in cleaned["removed"] if r["rule"] == "zt.strong-line"]
    assert len(strong) == 1
    assert strong[0]["text"] == "zqx strong marker"
    assert strong[0]["category"] == "zt"
    assert strong[0]["line"] == DIRTY.splitlines().index("zqx strong marker") + 1
    assert strong[0]["reasons"][0] == {
        "rule": "zt.strong-line",
        "category": "zt",
        "strength": "strong",
        "matched": "zqx strong marker",
        "span": [0, len("zqx strong marker")],
    }
    assert {r["rule"] for r in cleaned["removed"]} == {"zt.strong-line", "layout.blank"}
    assert set(failed) == {"path", "status", "error"}
    assert "no such file" in failed["error"]


def test_report_with_stdin(invoke, zt_args, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    invoke(["clean", *zt_args, "--report", str(report)], input=DIRTY)
    (entry,) = json.loads(report.read_text())["files"]
    assert entry["path"] == "<stdin>"
    assert entry["status"] == "cleaned"


def test_report_dash_is_stdout_when_stdout_is_free(invoke, zt_args, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = write(tmp_path / "in.txt", DIRTY)
    checked = invoke(["clean", *zt_args, "--check", "--report", "-", str(src)], exit_code=1)
    assert json.loads(checked.stdout)["files"][0]["status"] == "cleaned"
    written = invoke(["clean", *zt_args, "-o", str(tmp_path / "out.txt"), "--report", "-", str(src)])
    assert json.loads(written.stdout)["files"][0]["path"] == str(src)
    assert (tmp_path / "out.txt").read_text() != DIRTY
    assert not (tmp_path / "-").exists()


def test_report_dash_beside_the_cleaned_text_is_a_usage_error(invoke, zt_args, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    refused = invoke(["clean", *zt_args, "--report", "-"], input=DIRTY, exit_code=2)
    assert "carries the cleaned text" in refused.stderr and refused.stdout == ""
    assert not (tmp_path / "-").exists()


def test_jsonl_report_dash_is_stdout_with_o(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    record = json.dumps({"text": DIRTY}) + "\n"
    result = invoke(["clean", "--jsonl", "-o", str(tmp_path / "out.jsonl"), "--report", "-"], input=record)
    assert json.loads(result.stdout)["records"] == 1
    invoke(["clean", "--jsonl", "--report", "-"], input=record, exit_code=2)


# --- rule options -----------------------------------------------------------------------

OPTIONS_TEXT = article("zqx strong marker", "zqx normal marker", "zqx byline", "zqx optin marker", PROSE[4], "zqx weak marker")


def _gone(stdout: str) -> set[str]:
    return {m for m in ("zqx strong marker", "zqx normal marker", "zqx byline", "zqx optin marker", "zqx weak marker") if m not in stdout}


@pytest.mark.parametrize(
    "options, gone",
    [
        ([], {"zqx strong marker", "zqx normal marker"}),
        (["--aggressive"], {"zqx strong marker", "zqx normal marker", "zqx optin marker", "zqx weak marker"}),
        (["--select", "metadata"], {"zqx byline"}),
        (["--select", "zt.normal-line"], {"zqx normal marker"}),
        (["--select", "zt.normal-line", "--select", "zt.strong-line"], {"zqx normal marker", "zqx strong marker"}),
        (["--ignore", "zt.strong-line"], {"zqx normal marker"}),
        (["--select", "metadata", "--keep", "metadata"], set()),
    ],
    ids=["default", "aggressive", "select-category", "select-id", "select-twice", "ignore-id", "keep"],
)
def test_rule_options(invoke, rule_files, options: list[str], gone: set[str]) -> None:
    zt, meta = rule_files
    args = ["clean", "--rules", str(zt), "--rules", str(meta)]
    if "--select" not in options:
        args += ["--select", "zt"]
    result = invoke([*args, *options], input=OPTIONS_TEXT)
    assert _gone(result.stdout) == gone


def test_keep_against_the_default_rules(invoke, rule_files) -> None:
    zt, meta = rule_files
    text = "zqx byline\n\n" + article()
    assert "zqx byline" not in invoke(["clean", "--rules", str(meta)], input=text).stdout
    assert invoke(["clean", "--rules", str(meta), "--keep", "metadata"], input=text).stdout.startswith("zqx byline\n")


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_lang_forces_the_language(invoke, zt_args, tmp_path: Path, lang: str) -> None:
    report = tmp_path / "r.json"
    invoke(["clean", *zt_args, "--lang", lang, "--report", str(report)], input=DIRTY)
    assert json.loads(report.read_text())["files"][0]["language"] == lang
    invoke(["clean", *zt_args, "--report", str(report)], input=DIRTY)
    assert json.loads(report.read_text())["files"][0]["language"] == "en"  # detected


@pytest.mark.parametrize("command", ["clean", "diff"])
def test_an_unknown_language_is_refused_with_one_line(invoke, command: str) -> None:
    result = invoke([command, "--lang", "xx", "-"], input=CLEAN, exit_code=2)
    assert "unknown language 'xx'" in one_error_line(result)


def test_an_unknown_language_is_refused_by_the_library() -> None:
    with pytest.raises(cleaner.RuleError, match="unknown language"):
        cleaner.Pipeline(Config(lang="xx"))


# --- version and help -------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(invoke, flag: str) -> None:
    result = invoke([flag])
    assert cleaner.__version__ in result.stdout
    assert result.stdout.startswith("cleaner")


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["clean", "--help"], ["clean", "-h"]])
def test_help(invoke, args: list[str]) -> None:
    result = invoke(args)
    assert "Usage:" in result.stdout
    assert "clean" in result.stdout


def test_clean_help_has_examples_and_exit_codes(invoke) -> None:
    out = invoke(["clean", "--help"]).stdout
    assert "Examples:" in out
    for example in ("cleaner clean a.txt b.txt", "cleaner clean -o out.txt in.txt", "cleaner clean --check"):
        assert example in out
    assert "Exit codes" in out
    for option in ("--in-place", "--check", "--report", "--aggressive", "--select", "--ignore", "--keep", "--lang", "--rules", "--encoding-errors"):
        assert option in out


# --- exit codes and errors --------------------------------------------------------------


def test_missing_input_exit_3_and_the_others_are_still_cleaned(invoke, zt_args, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", DIRTY)
    b = write(tmp_path / "b.txt", DIRTY)
    result = invoke(["clean", *zt_args, str(a), str(tmp_path / "missing.txt"), str(b)], exit_code=3)
    assert result.stdout == CLEAN + CLEAN
    line = one_error_line(result)
    assert "missing.txt" in line and "no such file" in line


def test_a_directory_is_an_input_error(invoke, zt_args, tmp_path: Path) -> None:
    result = invoke(["clean", *zt_args, str(tmp_path)], exit_code=3)
    line = one_error_line(result)
    assert str(tmp_path) in line and "directory" in line
    assert result.stdout_bytes == b""


@pytest.mark.parametrize("where", ["file", "stdin"])
def test_binary_input(invoke, zt_args, tmp_path: Path, where: str) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    if where == "file":
        src = write(tmp_path / "image.txt", data)
        result = invoke(["clean", *zt_args, str(src)], exit_code=3)
        name = str(src)
    else:
        result = invoke(["clean", *zt_args], input=data, exit_code=3)
        name = "<stdin>"
    line = one_error_line(result)
    assert line.startswith(f"cleaner: error: {name}: ")
    assert "binary" in line and "offset 8" in line
    assert result.stdout_bytes == b""


def test_invalid_utf8_names_the_byte_offset(invoke, zt_args, tmp_path: Path) -> None:
    data = "Café\n".encode("utf-8") + b"na\xefve\n"
    src = write(tmp_path / "latin.txt", data)
    result = invoke(["clean", *zt_args, str(src)], exit_code=3)
    line = one_error_line(result)
    assert "latin.txt" in line
    assert "offset 8" in line and "0xef" in line
    assert "--encoding-errors replace" in line


def test_encoding_errors_replace_goes_on(invoke, zt_args) -> None:
    data = b"zqx strong marker\n\n" + PROSE[0].encode() + b" na\xefve.\n"
    result = invoke(["clean", *zt_args, "--encoding-errors", "replace"], input=data)
    assert result.stdout_bytes == PROSE[0].encode() + " na\ufffdve.\n".encode("utf-8")
    assert result.stderr == ""


def test_empty_input_gives_empty_output(invoke, zt_args, tmp_path: Path) -> None:
    result = invoke(["clean", *zt_args], input=b"")
    assert result.stdout_bytes == b""
    assert result.stderr == ""
    empty = write(tmp_path / "empty.txt", b"")
    result = invoke(["clean", *zt_args, str(empty)])
    assert result.stdout_bytes == b""


def test_crlf_and_bom_are_kept(invoke, zt_args) -> None:
    data = ("\ufeff" + DIRTY.replace("\n", "\r\n")).encode("utf-8")
    result = invoke(["clean", *zt_args], input=data)
    assert result.stdout_bytes == ("\ufeff" + CLEAN.replace("\n", "\r\n")).encode("utf-8")
    result = invoke(["clean", *zt_args], input=data.replace(b"\r\n", b"\r"))
    assert result.stdout_bytes == ("\ufeff" + CLEAN.replace("\n", "\r")).encode("utf-8")


def test_final_newline_is_added_in_the_inputs_style(invoke, zt_args) -> None:
    data = CLEAN.replace("\n", "\r\n").rstrip("\r\n").encode("utf-8")
    assert invoke(["clean", *zt_args], input=data).stdout_bytes == data + b"\r\n"


def test_bad_rules_file_exits_2_with_one_line(invoke, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", 'category = "zt"\n[[rule]]\nname = "x"\nkind = "regexp"\n')
    result = invoke(["clean", "--rules", str(bad)], input=DIRTY, exit_code=2)
    line = one_error_line(result)
    assert "bad.toml" in line and "zt.x" in line and "kind" in line
    assert result.stdout_bytes == b""


def test_missing_rules_file_exits_2_with_one_line(invoke, tmp_path: Path) -> None:
    result = invoke(["clean", "--rules", str(tmp_path / "nope.toml")], input=DIRTY, exit_code=2)
    assert "nope.toml" in one_error_line(result)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_name_exits_2_with_one_line(invoke, option: str) -> None:
    result = invoke(["clean", option, "no-such-rule"], input=DIRTY, exit_code=2)
    assert "no-such-rule" in one_error_line(result)
    assert result.stdout_bytes == b""


def test_unknown_option_is_a_usage_error(invoke) -> None:
    result = invoke(["clean", "--zzz"], input=DIRTY, exit_code=2)
    assert result.stderr == "cleaner: error: No such option '--zzz' (see 'cleaner clean --help')\n"
    assert result.stdout_bytes == b""


@pytest.mark.parametrize(
    "args, message",
    [
        (["batch", "no-such-folder", "out"], "Invalid value for 'SRC': Directory 'no-such-folder' does not exist (see 'cleaner batch --help')"),
        (["batch"], "Missing argument 'SRC' (see 'cleaner batch --help')"),
        (["no-such-command"], "No such command 'no-such-command' (see 'cleaner --help')"),
        (["--no-such-option"], "No such option '--no-such-option' (see 'cleaner --help')"),
        (["diff", "--format", "x"], "Invalid value for '--format': 'x' is not one of 'rich', 'unified', 'side-by-side', 'json' (see 'cleaner diff --help')"),
        (["clean", "--check", "-o", "x.txt"], "--check prints nothing; it does not go with -o or --in-place (see 'cleaner clean --help')"),
    ],
    ids=["missing-folder", "missing-argument", "unknown-command", "unknown-group-option", "bad-choice", "command-usage-error"],
)
def test_usage_errors_are_one_line(invoke, args: list[str], message: str, tmp_path: Path, monkeypatch) -> None:
    """The README's promise: one `cleaner: error:` line, not click's usage block."""
    monkeypatch.chdir(tmp_path)
    result = invoke(args, input="", exit_code=2)
    assert result.stderr == f"cleaner: error: {message}\n" and result.stdout == ""


def test_keep_is_checked_against_the_rule_files_too(invoke, rule_files) -> None:
    zt, _ = rule_files
    result = invoke(["clean", "--rules", str(zt), "--keep", "metdata"], input=DIRTY, exit_code=2)
    assert one_error_line(result).startswith("cleaner: error: no category 'metdata' to keep (known: ads, appeal, ")
    invoke(["clean", "--rules", str(zt), "--keep", "zt"], input=DIRTY)


def test_diff_exit_code(invoke, zt_args) -> None:
    """As git diff --exit-code: 1 when something would be removed, 0 when nothing."""
    invoke(["diff", *zt_args, "--exit-code"], input=DIRTY, exit_code=1)
    invoke(["diff", *zt_args, "--exit-code"], input=CLEAN, exit_code=0)
    invoke(["diff", *zt_args], input=DIRTY, exit_code=0)


def test_library_and_cli_agree(invoke, rule_files) -> None:
    zt, meta = rule_files
    text = "Home\nNews\n\n" + OPTIONS_TEXT
    result = invoke(["clean", "--rules", str(zt), "--rules", str(meta), "--aggressive"], input=text)
    assert result.stdout == clean(text, Config(rule_files=(zt, meta), aggressive=True))
