"""`cleaner diff`: golden outputs for every format, the unified diff checked with `patch`
on every fixture, --stat against the report, folder pairs, batch reports, display safety.

Golden outputs use a small fixed input (tests/golden/input.txt: `[bold]` markup, ANSI
escapes, Arabic and Hebrew lines, a tab, an HTML tag, no final newline) cleaned with the
test-only rules in tests/golden/demo-rules.toml (`--select demo`), so they do not change
when the built-in packs do. Regenerate after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py tests/test_rules_cmd.py` and review
the diff of tests/golden/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.diff import FileView, view_result
from cleaner.display import visible, visible_map, visible_text
from cleaner.document import segment
from cleaner.config import Config
from cleaner.pipeline import Pipeline
from cleaner.render import parse_context, rows
from cleaner.schema import FileReport
from cleaner.unified import unified_diff

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
INPUT = "tests/golden/input.txt"  # relative: it is the path shown in the outputs
DEMO = ["--rules", "tests/golden/demo-rules.toml", "--select", "demo", "--lang", "en"]
PLAIN = ["--width", "100", "--color", "never"]
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.txt") if not p.name.endswith(".expected.txt"))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def invoke(args: list[str], exit_code: int = 0, input: bytes | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI; on an unexpected exit code show stdout, stderr and the exception."""
    result = CliRunner().invoke(cli, args, input=input, catch_exceptions=False)
    msg = f"args: {args}\nexit: {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == exit_code, msg
    return result


def check_golden(name: str, actual: str | bytes) -> None:
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"output differs from {path}; UPDATE_GOLDEN=1 rewrites it (then review the diff)"


def demo_pipeline() -> Pipeline:
    return Pipeline(Config(select=("demo",), lang="en", rule_files=(GOLDEN / "demo-rules.toml",)))


def apply_patch(tmp_path: Path, original: bytes, patch_text: bytes) -> bytes:
    """What `patch` makes of ``original`` with ``patch_text`` (no diff: unchanged)."""
    if not patch_text:
        return original
    if shutil.which("patch") is None:
        pytest.skip("the `patch` program is not installed (apt-get install patch; .ci/run installs it)")
    src, diff_file, out = tmp_path / "input.txt", tmp_path / "d.patch", tmp_path / "output.txt"
    src.write_bytes(original)
    diff_file.write_bytes(patch_text)
    out.unlink(missing_ok=True)
    proc = subprocess.run(["patch", "--batch", "--silent", "-o", str(out), str(src), str(diff_file)], capture_output=True, cwd=tmp_path)
    assert proc.returncode == 0, f"patch failed: {proc.stdout!r} {proc.stderr!r}\n{patch_text!r}"
    return out.read_bytes() if out.exists() else b""


# ---------------------------------------------------------------------------- golden outputs


GOLDEN_CASES = {
    "diff-rich.txt": ["--format", "rich", *PLAIN],
    "diff-rich-context0.txt": ["--format", "rich", "--context", "0", *PLAIN],
    "diff-rich-all.txt": ["--format", "rich", "--context", "all", *PLAIN],
    "diff-side-by-side.txt": ["--format", "side-by-side", *PLAIN],
    "diff.patch": ["--format", "unified"],
    "diff.json": ["--format", "json"],
    "diff-stat.txt": ["--stat", *PLAIN],
    "diff-stat.json": ["--stat", "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    result = invoke(["diff", *DEMO, *GOLDEN_CASES[name], INPUT])
    check_golden(name, result.stdout_bytes)


def test_golden_html(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = invoke(["diff", *DEMO, "--html", str(out), INPUT])
    assert result.stdout == ""  # --html alone prints nothing on stdout
    assert "wrote" in result.stderr
    check_golden("diff.html", out.read_bytes())


def test_default_format_off_terminal_is_unified() -> None:
    assert invoke(["diff", *DEMO, INPUT]).stdout_bytes == (GOLDEN / "diff.patch").read_bytes()


def test_stdin_dash() -> None:
    data = (ROOT / INPUT).read_bytes()
    out = invoke(["diff", *DEMO, "--format", "unified", "-"], input=data).stdout
    assert out.startswith("note: no article found") and "\n--- <stdin>\n+++ <stdin>\n" in out


def test_golden_shows_markup_and_escapes_literally() -> None:
    text = (GOLDEN / "diff-rich-all.txt").read_text(encoding="utf-8")
    assert "[bold]Subscribe to our newsletter[/bold]" in text
    assert "[link=https://evil.example]daily[/link]" in text
    assert '"[/]"' in text
    assert "␛[2J" in text and "␛[31mRead more␛[0m" in text
    assert "\x1b" not in text
    assert "اشترك في نشرتنا الإخبارية" in text and "מועצת העיר אישרה את התקציב." in text


def test_rich_colour_styles_but_never_passes_input_escapes() -> None:
    out = invoke(["diff", *DEMO, "--format", "rich", "--context", "all", "--width", "100", "--color", "always", INPUT]).stdout
    assert "\x1b[" in out  # our own styles
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b" not in stripped  # "\x1b[2J" from the input would survive this
    assert "␛[31mRead more␛[0m" in stripped and "[bold]new[/bold]" in stripped


def test_rich_marks_each_removal_with_its_reason() -> None:
    result = demo_pipeline().run(segment((ROOT / INPUT).read_text(encoding="utf-8")))
    text = (GOLDEN / "diff-rich-all.txt").read_text(encoding="utf-8")
    for removal in result.removed:
        row = next(line for line in text.splitlines() if re.match(rf"\s*{removal.line + 1} - ", line))
        assert removal.category in row and removal.rule_id in row


# ---------------------------------------------------------------------------- context folding


def test_parse_context() -> None:
    assert parse_context("all") is None and parse_context("0") == 0
    with pytest.raises(ValueError):
        parse_context("-1")
    invoke(["diff", "--context", "some", INPUT], exit_code=2)


def test_rows_fold_kept_lines() -> None:
    result = demo_pipeline().run(segment("a\nb\nc\nd\nAdvertisement\ne\nf\ng\nh\n"))
    view = view_result("x", result)
    got = [(r.index, r.count) for r in rows(view, 1)]
    assert got == [(None, 3), (3, 0), (4, 0), (5, 0), (None, 3)]
    assert [(r.index, r.count) for r in rows(view, 0)] == [(None, 4), (4, 0), (None, 4)]
    assert len(rows(view, None)) == 9
    assert rows(view_result("x", demo_pipeline().run(segment("nothing to remove\n"))), 3) == []


# ---------------------------------------------------------------------------- unified + patch


@pytest.mark.parametrize("fixture", FIXTURES, ids=[str(p.relative_to(ROOT / "fixtures")) for p in FIXTURES])
def test_unified_patch_reproduces_clean(fixture: Path, tmp_path: Path) -> None:
    cleaned = invoke(["clean", str(fixture)]).stdout_bytes
    patch_text = invoke(["diff", "--format", "unified", str(fixture)]).stdout_bytes
    assert apply_patch(tmp_path, fixture.read_bytes(), patch_text) == cleaned


EDGE_CASES = {
    "crlf": b"Advertisement\r\nBody one.\r\nAdvertisement\r\nLast\r\n",
    "mixed-endings": b"Advertisement\r\nBody one.\nAdvertisement\rBody two.\r\nEnd",
    "lone-cr": b"Advertisement\rBody one\rAdvertisement\rtail",
    "bom-first-removed": b"\xef\xbb\xbfAdvertisement\nBody\nAdvertisement",
    "bom-kept": b"\xef\xbb\xbfBody\nAdvertisement\nMore body\n",
    "no-final-newline-kept": b"Advertisement\nBody\nno newline",
    "no-final-newline-removed": b"Body\nAdvertisement",
    "all-removed": b"Advertisement\n",
    "nothing-removed": b"Body\nMore body\n",
    "nothing-removed-no-final-newline": b"Body\nMore body",
    "empty": b"",
    "duplicates": b"Body\n\nAdvertisement\n\nBody\n\nAdvertisement\n\nBody\n",
    "crlf-lone-cr-in-text": b"Body \xe2\x80\xa8 with a U+2028\r\nAdvertisement\r\n\x0cform feed\r\n",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
@pytest.mark.parametrize("context", ["0", "3", "all"])
def test_unified_patch_edge_cases(name: str, context: str, tmp_path: Path) -> None:
    data = EDGE_CASES[name]
    src = tmp_path / "case.txt"
    src.write_bytes(data)
    cleaned = invoke(["clean", *DEMO, str(src)]).stdout_bytes
    patch_text = invoke(["diff", *DEMO, "--format", "unified", "--context", context, str(src)]).stdout_bytes
    work = tmp_path / "work"
    work.mkdir()
    assert apply_patch(work, data, patch_text) == cleaned


def test_unified_diff_names_the_removed_lines() -> None:
    """Hunks follow the pipeline's choice, even among identical lines."""
    doc = segment("Body\n\nAdvertisement\n\nBody\n")
    result = demo_pipeline().run(doc)
    text = unified_diff(doc.text, result.text, "a", "a", 0, result)
    removed = [line[1:] for line in text.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == [r.text for r in result.removed]


def test_the_note_is_one_line_in_every_view(tmp_path: Path) -> None:
    """Result.note (here: no article found) shows as one ``note:`` line in each view, as
    ``clean`` says it on stderr; the unified diff still patches."""
    note = "note: " + demo_pipeline().run(segment((ROOT / INPUT).read_text(encoding="utf-8"))).note
    for fmt in ("rich", "side-by-side", "unified"):
        out = invoke(["diff", *DEMO, "--format", fmt, *PLAIN, INPUT]).stdout
        assert out.splitlines().count(note) == 1, fmt
    page = tmp_path / "r.html"
    invoke(["diff", *DEMO, "--html", str(page), INPUT])
    assert page.read_text(encoding="utf-8").count(f'<p class="note">{note}</p>') == 1
    article = next(p for p in FIXTURES if json.loads(invoke(["diff", "--format", "json", str(p)]).stdout)["files"][0]["note"] is None)
    for fmt in ("rich", "side-by-side", "unified"):
        assert "note: " not in invoke(["diff", "--format", fmt, *PLAIN, str(article)]).stdout


def test_a_note_without_a_diff_goes_to_stderr(tmp_path: Path) -> None:
    """Nothing removed: the unified diff stays empty (``patch`` refuses text alone) and
    the note goes to stderr."""
    src = tmp_path / "one.txt"
    src.write_text("word " * 1000 + "\n", encoding="utf-8")
    result = invoke(["diff", "--format", "unified", str(src)])
    assert result.stdout == ""
    assert "cleaner: note: " in result.stderr and "one line of 5,000 characters" in result.stderr


# ---------------------------------------------------------------------------- json and stat


def test_json_is_the_clean_report(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    invoke(["clean", *DEMO, "--report", str(report), INPUT])
    out = invoke(["diff", *DEMO, "--format", "json", INPUT]).stdout
    assert json.loads(out) == json.loads(report.read_text(encoding="utf-8"))


def test_stat_counts_equal_the_report(tmp_path: Path) -> None:
    files = [str(p) for p in FIXTURES] + [INPUT]
    report = tmp_path / "r.json"
    invoke(["clean", "--report", str(report), *files])
    entries = json.loads(report.read_text(encoding="utf-8"))["files"]
    categories = Counter(item["category"] for e in entries for item in e.get("removed", []))
    rules = Counter(item["rule"] for e in entries for item in e.get("removed", []))
    got = json.loads(invoke(["diff", "--stat", "--format", "json", *files]).stdout)
    assert got["categories"] == dict(categories) and got["rules"] == dict(rules)
    assert got["removed"] == sum(categories.values()) == sum(e["lines_in"] - e["lines_out"] for e in entries)
    assert got["files"] == len(files)
    text = invoke(["diff", "--stat", *PLAIN, *files]).stdout
    for category, n in categories.items():
        assert re.search(rf"^{re.escape(category)}\s+{n}$", text, re.M), (category, n, text)
    for rule, n in rules.items():
        assert re.search(rf"^\s+{re.escape(rule)}\s+{n}$", text, re.M), (rule, n, text)
    # the same counts from the report, without re-running
    from_report = json.loads(invoke(["diff", "--report", str(report), "--stat", "--format", "json"]).stdout)
    assert from_report == got


# ---------------------------------------------------------------------------- folders


def make_batch(tmp_path: Path) -> tuple[Path, Path]:
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "sub").mkdir(parents=True)
    dest.mkdir()
    (src / "a.txt").write_bytes((ROOT / INPUT).read_bytes())
    (src / "sub" / "b.txt").write_bytes(b"Advertisement\nA short story about the harbour wall.\n")
    (src / "c.txt").write_bytes(b"Nothing to remove here.\n")
    for path in src.rglob("*.txt"):
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(invoke(["clean", *DEMO, str(path)]).stdout_bytes)
    return src, dest


def test_folders_show_every_pair(tmp_path: Path) -> None:
    src, dest = make_batch(tmp_path)
    result = invoke(["diff", *DEMO, "--format", "rich", "--width", "400", "--color", "never", str(src), str(dest)])
    assert f"== {src / 'a.txt'} → {dest / 'a.txt'}: 4 of 14 lines removed" in result.stdout
    assert f"{src / 'sub' / 'b.txt'} → {dest / 'sub' / 'b.txt'}: 1 of 2 lines removed" in result.stdout
    assert "no lines removed (1 lines)" in result.stdout
    assert "3 files: 2 cleaned, 1 unchanged, 0 failed; 5 of 17 lines removed" in result.stderr
    assert "differ" not in result.stderr


def test_folders_unified_patches_src_into_dest(tmp_path: Path) -> None:
    src, dest = make_batch(tmp_path)
    (dest / "a.txt").write_bytes((dest / "a.txt").read_bytes().replace(b"City council", b"City Council"))  # edited
    patch_text = invoke(["diff", *DEMO, "--format", "unified", str(src), str(dest)]).stdout_bytes
    for name in ("a.txt", "sub/b.txt"):
        one = re.search(rb"(--- " + re.escape(str(src / name).encode()) + rb"\n.*?)(?=^--- |\Z)", patch_text, re.S | re.M)
        assert one is not None
        work = tmp_path / ("w-" + name.replace("/", "-"))
        work.mkdir()
        assert apply_patch(work, (src / name).read_bytes(), one.group(1)) == (dest / name).read_bytes()


def test_folders_stale_dest_is_reported(tmp_path: Path) -> None:
    src, dest = make_batch(tmp_path)
    # DEST kept "Advertisement" (made without the demo rules) and dropped a line no rule removes
    (dest / "sub" / "b.txt").write_bytes(b"Advertisement\n")
    result = invoke(["diff", *DEMO, "--format", "rich", "--context", "all", "--width", "200", "--color", "never", str(src), str(dest)])
    assert "differs from a fresh clean" in result.stderr
    assert "1 line(s) removed in DEST have no reason in a fresh run" in result.stderr
    assert "kept in DEST but removed by a fresh run: line(s) 1" in result.stderr
    assert "unexplained unexplained: removed in DEST" in result.stdout
    assert "1 DEST file differ from a fresh run" in result.stderr


def test_folders_missing_dest_fails(tmp_path: Path) -> None:
    src, dest = make_batch(tmp_path)
    (dest / "c.txt").unlink()
    (dest / "extra.txt").write_bytes(b"x\n")
    result = invoke(["diff", *DEMO, "--format", "json", str(src), str(dest)], exit_code=3)
    statuses = {Path(e["path"]).name: e["status"] for e in json.loads(result.stdout)["files"]}
    assert statuses == {"a.txt": "cleaned", "b.txt": "cleaned", "c.txt": "failed", "extra.txt": "failed"}
    assert "missing in DEST" in result.stderr and "only in DEST" in result.stderr


def test_folder_and_file_is_a_usage_error(tmp_path: Path) -> None:
    invoke(["diff", str(tmp_path)], exit_code=2)
    invoke(["diff", str(tmp_path), INPUT], exit_code=2)


# ---------------------------------------------------------------------------- batch reports


def write_jsonl(path: Path, entries: list[dict]) -> None:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")


def test_report_renders_without_rerunning(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes((ROOT / INPUT).read_bytes())
    result = demo_pipeline().run(segment(src.read_text(encoding="utf-8")))
    report = tmp_path / "run.jsonl"
    write_jsonl(report, [FileReport.of(str(src), result).to_json()])
    # The demo rules are not given here: the reasons can only come from the report.
    out = invoke(["diff", "--report", str(report), "--format", "rich", "--context", "all", *PLAIN]).stdout
    ours = invoke(["diff", *DEMO, "--format", "rich", "--context", "all", *PLAIN, str(src)]).stdout
    assert out == ours
    patch_text = invoke(["diff", "--report", str(report), "--format", "unified"]).stdout_bytes
    assert apply_patch(tmp_path, src.read_bytes(), patch_text) == result.text.encode("utf-8")
    assert json.loads(invoke(["diff", "--report", str(report), "--format", "json"]).stdout)["files"] == [FileReport.of(str(src), result).to_json()]


def test_report_with_missing_changed_and_failed_sources(tmp_path: Path) -> None:
    result = demo_pipeline().run(segment((ROOT / INPUT).read_text(encoding="utf-8")))
    changed = tmp_path / "changed.txt"
    changed.write_text("Something else entirely\n", encoding="utf-8")
    entries = [
        FileReport.of(str(tmp_path / "gone.txt"), result).to_json(),
        FileReport.of(str(changed), result).to_json(),
        FileReport.of("broken.txt", error="invalid UTF-8 at byte offset 3 (byte 0xff)").to_json(),
    ]
    report = tmp_path / "run.jsonl"
    write_jsonl(report, entries)
    res = invoke(["diff", "--report", str(report), "--format", "rich", *PLAIN], exit_code=3)
    assert "source not found: showing the removed lines only" in res.stderr
    assert "changed since the report" in res.stderr
    assert "broken.txt: invalid UTF-8" in res.stderr
    assert "3 files: 2 cleaned, 0 unchanged, 1 failed" in res.stderr
    assert "[bold]Subscribe to our newsletter[/bold]" in res.stdout and "⋮" in res.stdout
    assert "broken.txt: failed: invalid UTF-8" in res.stdout
    # no source, no unified diff (said on stderr, exit 3)
    res = invoke(["diff", "--report", str(report), "--format", "unified"], exit_code=3)
    assert res.stdout == "" and "no unified diff without the source text" in res.stderr


def test_report_also_reads_a_clean_report(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    invoke(["clean", *DEMO, "--report", str(report), INPUT])
    out = invoke(["diff", "--report", str(report), "--format", "rich", *PLAIN]).stdout
    assert out == (GOLDEN / "diff-rich.txt").read_text(encoding="utf-8")


def test_report_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"path": "a", "status": "cleaned", "removed": []}\nnot json\n', encoding="utf-8")
    assert f"{bad}:2: not a JSON object" in invoke(["diff", "--report", str(bad)], exit_code=2).stderr
    invoke(["diff", "--report", str(tmp_path / "none.jsonl")], exit_code=2)
    invoke(["diff", "--report", str(bad), INPUT], exit_code=2)  # a file is not a SRC folder
    invoke(["diff", "--report", str(bad), "--aggressive"], exit_code=2)


# ---------------------------------------------------------------------------- errors and exit codes


def test_unreadable_input_exits_3(tmp_path: Path) -> None:
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"a\x00b")
    result = invoke(["diff", *DEMO, "--format", "rich", *PLAIN, str(binary), INPUT], exit_code=3)
    assert "binary data" in result.stderr
    assert "4 of 14 lines removed" in result.stdout  # the other file is still shown
    invoke(["diff", str(tmp_path / "missing.txt")], exit_code=3)


def test_rule_errors_exit_2() -> None:
    invoke(["diff", "--select", "no-such-rule-anywhere", INPUT], exit_code=2)


# ---------------------------------------------------------------------------- display safety


def test_visible() -> None:
    assert visible("[bold]x[/]") == "[bold]x[/]"
    assert visible("a\x1b[31mb\x07\x7f\x9b") == "a␛[31mb␇␡<U+009B>"
    assert visible("\u202eevil\u202c \u2066x\u2069\u2028") == "<U+202E>evil<U+202C> <U+2066>x<U+2069><U+2028>"
    assert visible("שלום عربي\tx\u200f") == "שלום عربي\tx\u200f"  # RTL text, tab and RLM stay
    shown, offsets = visible_map("\x1bab")
    assert shown == "␛ab" and offsets == [0, 1, 2, 3]
    text = visible_text("x\u202ey", highlights=[(2, 3)])
    assert text.plain == "x<U+202E>y"
    assert any(span.start == 9 and span.end == 10 for span in text.spans)


def _pty_run(args: list[str], env: dict[str, str]) -> bytes:
    """Run the CLI with stdout on a pseudo-terminal, as a user at a terminal would."""
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()
    return b"".join(chunks).replace(b"\r\n", b"\n")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_terminal_output_is_safe_and_no_color_is_plain() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    coloured = _pty_run(["diff", *DEMO, INPUT], env).decode("utf-8")
    assert "\x1b[" in coloured and "demo.newsletter" in coloured  # the rich view is the default
    assert "\x1b" not in re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    plain = _pty_run(["diff", *DEMO, INPUT], {**env, "NO_COLOR": "1"}).decode("utf-8")
    assert "\x1b" not in plain and "␛[31mRead more␛[0m" in plain
    unified = _pty_run(["diff", *DEMO, "--format", "unified", INPUT], {**env, "NO_COLOR": "1"}).decode("utf-8")
    assert "\x1b" not in unified and "-␛[31mRead more␛[0m" in unified


def test_views_of_failed_files() -> None:
    view = FileView("x.txt", FileReport.of("x.txt", error="boom"))
    assert rows(view, 3) == [] and view.after is None


def test_batch_report_paths_are_relative_to_src(tmp_path: Path) -> None:
    """A batch report names files relative to SRC: given SRC, the kept lines come back."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_bytes((ROOT / INPUT).read_bytes())
    result = demo_pipeline().run(segment((ROOT / INPUT).read_text(encoding="utf-8")))
    report = tmp_path / "elsewhere" / "run.jsonl"
    report.parent.mkdir()
    write_jsonl(report, [FileReport.of("sub/a.txt", result).to_json()])
    without = invoke(["diff", "--report", str(report), "--format", "rich", *PLAIN])
    assert "source not found" in without.stderr
    with_src = invoke(["diff", "--report", str(report), "--format", "rich", "--context", "all", *PLAIN, str(src)])
    assert with_src.stderr.count("\n") == 1 and "1 file: 1 cleaned" in with_src.stderr
    assert "12   The mayor said" in with_src.stdout  # a kept line: the source was found
    patch_text = invoke(["diff", "--report", str(report), "--format", "unified", str(src)]).stdout_bytes
    assert apply_patch(tmp_path, (src / "sub" / "a.txt").read_bytes(), patch_text) == result.text.encode("utf-8")
    invoke(["diff", "--report", str(report), str(src), str(src)], exit_code=2)


def test_batch_report_skipped_entries_are_passed_over(tmp_path: Path) -> None:
    """A batch report lists files it skipped (up to date, links not followed): they have
    nothing to show and must not make the report unreadable."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes((ROOT / INPUT).read_bytes())
    result = demo_pipeline().run(segment((ROOT / INPUT).read_text(encoding="utf-8")))
    report = tmp_path / "run.jsonl"
    write_jsonl(report, [{"path": "old.txt", "status": "skipped", "reason": "up to date"}, FileReport.of("a.txt", result).to_json()])
    shown = invoke(["diff", "--report", str(report), "--format", "rich", *PLAIN, str(src)])
    assert "a.txt" in shown.stdout and "old.txt" not in shown.stdout


def test_a_batch_src_and_dest_pair_up_with_hidden_files_and_a_journal(tmp_path: Path) -> None:
    """``diff`` walks folders as ``batch`` does: hidden files batch skipped are not
    "missing in DEST", and batch's journal in DEST is not "only in DEST"."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("City council votes on the new budget for the coming year, after a long debate.\n")
    (src / "sub" / "b.txt").write_text("Advertisement\nThe river rose by two metres overnight, the authorities said on Monday.\n")
    (src / ".draft.txt").write_text("a hidden draft\n")
    (src / ".git").mkdir()
    (src / ".git" / "x.txt").write_text("not a document\n")
    invoke(["batch", "--quiet", str(src), str(dest)])
    assert not (dest / ".draft.txt").exists() and any(p.name.startswith(".") for p in dest.iterdir())  # the journal
    result = invoke(["diff", "--stat", str(src), str(dest)])
    assert "missing in DEST" not in result.stderr and "only in DEST" not in result.stderr
    assert "2 files" in result.stderr
