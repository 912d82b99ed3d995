"""Hostile input (issue 16): what an attacker or an unlucky user feeds the tool.

Each CLI case runs ``python -m cleaner`` from this tree in a subprocess with a generous
time limit (``HANG``): a hang fails the case instead of stalling the suite. The cases
that guard against quadratic time bound the child's CPU seconds instead (``cpu=``).
"""

from __future__ import annotations

import functools
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner import Config
from conftest import cpu_limit, one_error_line

ROOT = Path(__file__).resolve().parent.parent
HANG = 60  # seconds: a hang guard for a loaded machine, not a performance assertion


def run(args: list[str], data: bytes | None = b"", cwd: Path | None = None, timeout: float = HANG, cpu: int | None = None,
        **kw) -> subprocess.CompletedProcess[bytes]:
    """``python -m cleaner ARGS`` with this tree's code first on the path; ``cpu`` caps
    its CPU seconds (killed by SIGXCPU past them), a bound that machine load cannot trip."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.update(kw.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        input=data, capture_output=True, timeout=timeout, cwd=cwd, env=env,
        preexec_fn=None if cpu is None else cpu_limit(cpu), **kw,
    )


def one_error(stderr: bytes) -> str:
    """The single ``cleaner: error:`` line of stderr (fails on more, or a traceback)."""
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("cleaner: error: "), lines[0]
    return lines[0]


# --- item 8: the library checks its arguments ------------------------------------------


@pytest.mark.parametrize("function", [cleaner.clean, cleaner.clean_and_explain])
@pytest.mark.parametrize("value", [None, 3, ["a line"]])
def test_clean_refuses_a_non_str_naming_it(function, value) -> None:
    with pytest.raises(TypeError, match=rf"cleaner\.{function.__name__}\(\) takes the text as a str, not "):
        function(value)


@pytest.mark.parametrize("function", [cleaner.clean, cleaner.clean_and_explain])
def test_clean_refuses_bytes_pointing_to_decode(function) -> None:
    with pytest.raises(TypeError, match=r"not bytes .*use cleaner\.decode\(data\)"):
        function(b"Support us\n")


def test_clean_refuses_a_config_that_is_not_one() -> None:
    with pytest.raises(TypeError, match="config must be a cleaner.Config"):
        cleaner.clean("text\n", {"aggressive": True})  # type: ignore[arg-type]


def test_decode_and_segment_check_their_argument() -> None:
    with pytest.raises(TypeError, match=r"decode\(\) takes bytes, not str; .*segment"):
        cleaner.decode("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"segment\(\) takes a str, not bytes; .*decode"):
        cleaner.segment(b"text")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors must be 'strict' or 'replace'"):
        cleaner.decode(b"text", "ignore")  # type: ignore[arg-type]
    assert cleaner.decode(bytearray(b"a\n")).text == "a\n"  # bytes-like is fine


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"keep": None}, TypeError, "Config.keep must be a tuple of names"),
        ({"keep": "metadata"}, TypeError, r"not a string: write keep=\('metadata',\)"),
        ({"ignore": "social"}, TypeError, r"not a string: write ignore=\('social',\)"),
        ({"select": ("zt", 3)}, TypeError, "Config.select must hold names"),
        ({"select": ("",)}, ValueError, "empty name"),
        ({"budget": -1}, ValueError, "budget must be from 0 to 1"),
        ({"budget": 1.5}, ValueError, "budget must be from 0 to 1"),
        ({"budget": math.nan}, ValueError, "budget must be from 0 to 1"),
        ({"budget": "0.5"}, TypeError, "budget must be a number"),
        ({"budget": True}, TypeError, "budget must be a number"),
        ({"aggressive": "yes"}, TypeError, "aggressive must be True or False"),
        ({"aggressive": 1}, TypeError, "aggressive must be True or False"),
        ({"lang": 7}, TypeError, "Config.lang must be a language code"),
        ({"lang": "xx"}, cleaner.RuleError, "unknown language 'xx'"),
        ({"rule_files": "site.toml"}, TypeError, "not a single path"),
        ({"rule_files": Path("site.toml")}, TypeError, "not a single path"),
        ({"rule_files": (3,)}, TypeError, "must hold paths"),
        ({"ignore": ("socail",)}, cleaner.RuleError, "no rule or category matches 'socail'"),
        ({"select": ("appeal.no-such-rule",)}, cleaner.RuleError, "no rule or category matches"),
        ({"keep": ("metdata",)}, cleaner.RuleError, "no category 'metdata' to keep"),
    ],
)
def test_config_validates_every_field_at_construction(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        Config(**kwargs)


def test_config_replace_is_validated_too() -> None:
    with pytest.raises(ValueError, match="budget"):
        Config().replace(budget=2)


def test_config_takes_lists_and_path_strings_and_stays_hashable() -> None:
    config = Config(keep=["metadata"], ignore=["social"], budget=1)
    assert config.keep == ("metadata",) and config.ignore == ("social",)
    assert config == Config(keep=("metadata",), ignore=("social",), budget=1.0)
    hash(config)  # cleaner.pipeline() caches by config
    assert Config(rule_files=["a.toml"]).rule_files == (Path("a.toml"),)
    assert cleaner.clean("Support us\n\n" + "The minister resigned on Monday after a week of protests in the capital, officials said.\n", config)


def test_names_from_a_rule_file_are_left_to_the_pipeline(rule_files) -> None:
    zt, _ = rule_files
    Config(rule_files=(zt,), select=("zt",), keep=("zt",))  # not known to the built-in packs
    with pytest.raises(cleaner.RuleError, match="no rule or category matches 'zz'"):
        cleaner.Pipeline(Config(rule_files=(zt,), select=("zz",)))


def test_cli_keep_of_an_unknown_category_is_a_usage_error() -> None:
    proc = run(["clean", "--keep", "metdata"], b"text\n")
    assert proc.returncode == 2
    assert "no category 'metdata' to keep" in one_error(proc.stderr)


# --- item 4: no tracebacks: closed streams, closed pipes, a full disk --------------------

ARTICLE = (
    "Town opens its new bridge\n\n"
    "The council of the town said on Monday that the new bridge over the river would open "
    "in the spring, after two years of work by the engineers of the region.\n"
)


def shell(command: str, cwd: Path, timeout: float = HANG) -> subprocess.CompletedProcess[bytes]:
    """A shell line, ``cleaner`` being this tree's ``python -m cleaner``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    line = command.replace("cleaner ", f"{sys.executable} -m cleaner ")
    return subprocess.run(["bash", "-c", line], capture_output=True, timeout=timeout, cwd=cwd, env=env)


def test_closed_stdin_is_one_error_line(tmp_path: Path) -> None:
    proc = shell("cleaner clean <&-", tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: <stdin>: cannot read: standard input is closed"


def test_closed_stdout_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = shell("cleaner clean a.txt >&-", tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: cannot write the output: standard output is closed"


def test_closed_stdout_is_no_error_when_nothing_goes_there(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = shell("cleaner clean -o out.txt a.txt >&- <&-", tmp_path)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == ARTICLE


def test_a_closed_stdout_never_lends_its_number_to_an_output_file(tmp_path: Path) -> None:
    """With fd 1 closed, the next file opened would get it: cleaner reopens it on
    /dev/null first, so the output file holds the cleaned text and nothing else."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = shell("cleaner clean --report r.json -o out.txt a.txt >&-", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == ARTICLE
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("{")


def test_stdout_on_a_full_device_is_one_error_line(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = shell("cleaner clean a.txt > /dev/full", tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: cannot write the output: No space left on device"


def gone_reader(args: list[str], cwd: Path) -> int:
    """Run with stdout and stderr on a pipe whose reader is gone before the first byte
    (``2>&1 | head -0``, without the race): every write meets EPIPE. The exit code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], stdin=subprocess.DEVNULL,
                              stdout=write, stderr=write, cwd=cwd, env=env, timeout=HANG)
    finally:
        os.close(write)
    return proc.returncode


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of six pages sharing a footer, each with its gold text (eval, learn)."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        body = f"Story {i} of the town\n\nThe council of the town said on Monday, day {i}, that the new bridge would open in the spring after two years of work.\n"
        (src / f"p{i}.txt").write_text(body + "Support us\nThe Harbour Ledger footer line\n", encoding="utf-8")
        (src / f"p{i}.gold.txt").write_text(body, encoding="utf-8")
    return src


def test_batch_with_the_reader_gone_finishes_the_run(corpus: Path, tmp_path: Path) -> None:
    code = gone_reader(["batch", corpus, tmp_path / "dest", "-j", "1", "--progress-every", "0", "--glob", "p?.txt"], tmp_path)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "dest").glob("*.txt")) == [f"p{i}.txt" for i in range(6)]
    journal = (tmp_path / "dest" / ".cleaner-batch.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(journal) == 7  # the header and the six files: the run went to its end


def test_diff_folders_with_the_reader_gone(corpus: Path, tmp_path: Path) -> None:
    assert run(["batch", corpus, tmp_path / "dest", "-j", "1", "-q"]).returncode == 0
    assert gone_reader(["diff", corpus, tmp_path / "dest"], tmp_path) == 0


def test_eval_with_the_reader_gone(corpus: Path, tmp_path: Path) -> None:
    assert run(["eval", corpus]).returncode == 0
    assert gone_reader(["eval", corpus], tmp_path) == 0


def test_learn_with_the_reader_gone_still_writes_its_pack(corpus: Path, tmp_path: Path) -> None:
    assert gone_reader(["learn", corpus, "-o", tmp_path / "site.toml", "-j", "1", "--glob", "p?.txt"], tmp_path) == 0
    assert "The Harbour Ledger footer line" in (tmp_path / "site.toml").read_text(encoding="utf-8")


# A full disk (ENOSPC), simulated in the writer: the run stops with one line and exit 3,
# the outputs written stay, and the journal holds whole lines only. (`-j 1` runs the
# worker in this process, so the patched writers are the ones used.)

def _enospc(*_: object) -> OSError:
    return OSError(28, os.strerror(28))


def _pages(root: Path, n: int = 40) -> Path:
    src = root / "src"
    src.mkdir()
    for i in range(n):
        (src / f"{i:02d}.txt").write_text(f"Support us\n\nStory {i}. " + ARTICLE, encoding="utf-8")
    return src


def _journal_lines(dest: Path) -> list[str]:
    import json

    data = (dest / ".cleaner-batch.jsonl").read_bytes()
    assert data.endswith(b"\n"), data[-80:]
    lines = data.decode("utf-8").splitlines()
    for line in lines:
        json.loads(line)  # every line whole
    return lines


def test_batch_journal_on_a_full_disk(invoke, tmp_path: Path, monkeypatch) -> None:
    from cleaner import journal

    src, dest, report = _pages(tmp_path), tmp_path / "dest", tmp_path / "r.jsonl"
    real, calls = journal.write_all, []

    def filling(fd: int, data: bytes) -> None:
        calls.append(fd)
        if len(calls) > 3:  # the header and two chunks go in; then half a chunk, and full
            real(fd, data[: len(data) // 2])
            raise _enospc()
        real(fd, data)

    monkeypatch.setattr(journal, "write_all", filling)
    result = invoke(["batch", src, dest, "-j", "1", "-q", "--report", report], exit_code=3)
    assert "cannot write the journal: No space left on device; stopped" in one_error_line(result)
    lines = _journal_lines(dest)
    assert 1 < len(lines) < 41  # the header and what was recorded before the disk filled
    recorded = {json.loads(line)[0] for line in lines[1:]}
    assert all((dest / rel).exists() for rel in recorded)
    reported = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert {e["path"] for e in reported} >= recorded  # the report (elsewhere) says what was done
    assert not [p for p in dest.iterdir() if p.name.endswith(".cleaner-tmp")]

    monkeypatch.setattr(journal, "write_all", real)  # space again: the next run resumes
    invoke(["batch", src, dest, "-j", "1", "-q", "--report", report])
    statuses = [json.loads(line)["status"] for line in report.read_text(encoding="utf-8").splitlines()]
    assert statuses.count("skipped") == len(recorded) and len(statuses) == 40
    assert len(_journal_lines(dest)) == 41


def test_batch_output_on_a_full_disk(invoke, tmp_path: Path, monkeypatch) -> None:
    from cleaner import worker

    src, dest = _pages(tmp_path), tmp_path / "dest"
    real, calls = worker.write_atomic, []

    def filling(path, data):
        calls.append(path)
        if len(calls) > 5:
            raise _enospc()
        return real(path, data)

    monkeypatch.setattr(worker, "write_atomic", filling)
    result = invoke(["batch", src, dest, "-j", "1", "-q"], exit_code=3)
    line = one_error_line(result)
    assert line.startswith("cleaner: error: 05.txt: cannot write ") and "No space left on device; stopped" in line
    assert sorted(p.name for p in dest.glob("*.txt")) == [f"{i:02d}.txt" for i in range(5)]
    assert len(_journal_lines(dest)) == 6


def test_batch_report_on_a_full_disk(invoke, tmp_path: Path, monkeypatch) -> None:
    from cleaner import reportfile

    src, dest, report = _pages(tmp_path), tmp_path / "dest", tmp_path / "r.jsonl"
    real, calls = reportfile.ReportFile.write, []

    def filling(self, line):
        calls.append(line)
        if len(calls) > 10:
            raise _enospc()
        return real(self, line)

    monkeypatch.setattr(reportfile.ReportFile, "write", filling)
    result = invoke(["batch", src, dest, "-j", "1", "-q", "--report", report], exit_code=3)
    assert "r.jsonl: cannot write the report: No space left on device; stopped" in one_error_line(result)
    assert not report.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleaner-tmp")]
    assert len(_journal_lines(dest)) > 1


def test_batch_journal_full_at_the_start_exits_3(invoke, tmp_path: Path, monkeypatch) -> None:
    from cleaner import journal

    monkeypatch.setattr(journal, "write_all", lambda fd, data: (_ for _ in ()).throw(_enospc()))
    result = invoke(["batch", _pages(tmp_path, 2), tmp_path / "dest", "-j", "1", "-q"], exit_code=3)
    assert "No space left on device" in one_error_line(result)


@pytest.mark.parametrize("args", [["-o", "out.txt", "a.txt"], ["--report", "r.json", "a.txt"], ["--in-place", "a.txt"]])
def test_clean_writers_on_a_full_disk(invoke, tmp_path: Path, monkeypatch, args: list[str]) -> None:
    page = "Support us\n\n" + ARTICLE
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def full(fd: int) -> None:
        raise _enospc()

    monkeypatch.setattr(os, "fsync", full)  # files.atomic_write fsyncs before renaming
    result = invoke(["clean", *args], exit_code=3)
    assert "No space left on device" in one_error_line(result)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == page  # the input untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no output, no temp file


# --- item 7: control characters are escaped in every stderr and terminal line ----------

EVIL = "bad\x1b]0;pwned\x07"


def assert_escaped(stderr: bytes) -> None:
    assert b"\x1b" not in stderr and b"\x07" not in stderr, stderr
    assert "␛]0;pwned␇".encode() in stderr, stderr


def test_an_error_line_escapes_the_file_name(tmp_path: Path) -> None:
    proc = run(["clean", f"{EVIL}.txt"], cwd=tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: bad␛]0;pwned␇.txt: no such file"


def test_a_rule_file_error_escapes_its_name(tmp_path: Path) -> None:
    (tmp_path / f"{EVIL}.toml").write_text("category = 3\n", encoding="utf-8")
    proc = run(["clean", "--rules", f"{EVIL}.toml"], b"text\n", cwd=tmp_path)
    assert proc.returncode == 2
    one_error(proc.stderr)
    assert_escaped(proc.stderr)


@pytest.mark.parametrize("quiet", [True, False])
def test_batch_failure_lines_and_summary_escape_names(tmp_path: Path, quiet: bool) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{EVIL}.txt").write_bytes(b"binary\x00data")
    (src / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(["batch", src, tmp_path / "dest", "-j", "1", *(["-q"] if quiet else [])])
    assert proc.returncode == 3
    assert_escaped(proc.stderr)
    if quiet:
        assert one_error(proc.stderr).startswith("cleaner: error: bad␛]0;pwned␇.txt: binary data")
    else:
        assert proc.stderr.count("␛]0;pwned␇".encode()) == 2  # the failure line and the table


def test_eval_escapes_the_lines_it_shows(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(f"Support {EVIL}\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "p.gold.txt").write_text(f"Support {EVIL}\n" + ARTICLE, encoding="utf-8")
    proc = run(["eval", tmp_path])
    assert proc.returncode == 0, proc.stderr
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout


def test_a_usage_error_is_printed_safely(tmp_path: Path) -> None:
    proc = run(["batch", tmp_path / EVIL, tmp_path / "out"])
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr
    assert b"does not exist" in proc.stderr


# --- item 5: never overwrite an input ---------------------------------------------------


def test_batch_refuses_an_output_that_is_an_input_through_a_link(tmp_path: Path) -> None:
    """The issue's reproduction: out/a.txt is also the input src/dirlink/a.txt."""
    (tmp_path / "src").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.txt").write_text("keep-me\n", encoding="utf-8")
    (tmp_path / "src/a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "src/dirlink").symlink_to("../out")
    proc = run(["batch", "src", "out", "--follow-symlinks"], cwd=tmp_path)
    assert proc.returncode == 2
    assert one_error(proc.stderr) == (
        "cleaner: error: out/a.txt: would overwrite the input src/dirlink/a.txt (through a symbolic link); "
        "no output was written (leave it out with --exclude, or choose another DEST)"
    )
    assert (tmp_path / "out/a.txt").read_text(encoding="utf-8") == "keep-me\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["a.txt"]
    ok = run(["batch", "src", "out", "--follow-symlinks", "--exclude", "dirlink", "-q"], cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out/a.txt").read_text(encoding="utf-8") == "x\n"  # now it is wanted


def test_batch_refuses_a_link_in_dest_that_leads_into_src(tmp_path: Path) -> None:
    (tmp_path / "src/sub").mkdir(parents=True)
    (tmp_path / "src/sub/b.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out/sub").symlink_to("../src/sub")
    proc = run(["batch", "src", "out", "-q"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "out/sub/b.txt: would overwrite the input src/sub/b.txt" in one_error(proc.stderr)
    assert (tmp_path / "src/sub/b.txt").read_text(encoding="utf-8").startswith("Support us\n")


def test_batch_refuses_a_report_that_is_an_input(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(["batch", "src", "out", "-q", "--report", "src/a.txt"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "src/a.txt: would overwrite the input src/a.txt;" in one_error(proc.stderr)
    assert (tmp_path / "src/a.txt").read_text(encoding="utf-8") == ARTICLE


def test_an_output_that_is_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/a.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere.txt").write_text("keep-me\n", encoding="utf-8")
    (tmp_path / "out/a.txt").symlink_to("../elsewhere.txt")
    proc = run(["batch", "src", "out", "-q"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "out/a.txt").is_symlink()
    assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "keep-me\n"


def test_clean_in_place_on_a_link_says_what_it_does(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("Support us\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("target.txt")
    proc = run(["clean", "--in-place", "link.txt"], cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr.decode().splitlines() == [
        "cleaner: link.txt: was a symbolic link; it is now a file with the cleaned text, and the file it pointed to is unchanged"
    ]
    assert not (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "link.txt").read_text(encoding="utf-8") == ARTICLE
    assert target.read_text(encoding="utf-8") == "Support us\n" + ARTICLE


# --- item 6: what a killed run left is removed by the next run that writes there --------

STALE = [".out.txt.abcd_123.cleaner-tmp", ".out.txt.4242-deadbeef.cleaner-tmp", ".other.txt.99-0123abcd.cleaner-tmp"]
# Not this tool's pattern, or not a file: never touched.
LOOKALIKES = [".out.txt.cleaner-tmp", "out.txt.abcd1234.cleaner-tmp", ".notes.abcd1234.cleaner-tmp.bak", ".x.ABCD1234.cleaner-tmp"]


def _leave(folder: Path, names: list[str], age: float = 3600) -> None:
    """Files as a run killed ``age`` seconds ago left them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = folder / name
        path.write_bytes(b"half a fi")
        past = path.stat().st_mtime - age
        os.utime(path, (past, past))


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "cleaner-tmp" in p.name)


@pytest.mark.parametrize("args", [["-o", "out.txt", "a.txt"], ["--in-place", "out.txt"], ["--report", "out.txt", "a.txt"]])
def test_clean_sweeps_stale_temp_files_beside_its_target(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "out.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    _leave(tmp_path, STALE + LOOKALIKES)
    (tmp_path / ".d.abcd1234.cleaner-tmp").mkdir()  # a folder of that name: not ours
    proc = run(["clean", *args], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _left(tmp_path) == sorted(LOOKALIKES + [".d.abcd1234.cleaner-tmp"])


def test_clean_leaves_a_temp_file_newer_than_the_run(tmp_path: Path) -> None:
    """One written after the run began may be another run's, at work: left alone."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    _leave(tmp_path, STALE[:1], age=-3600)  # last written after this run started
    proc = run(["clean", "-o", "out.txt", "a.txt"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _left(tmp_path) == STALE[:1]


def test_batch_sweeps_stale_temp_files_in_dest_and_beside_the_report(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub/out.txt").write_text(ARTICLE, encoding="utf-8")
    dest, reports = tmp_path / "dest", tmp_path / "reports"
    _leave(dest / "sub", STALE + LOOKALIKES)
    _leave(reports, [".r.jsonl.77-00ff00ff.cleaner-tmp", ".r.jsonl.k1_x9zz0.cleaner-tmp", "r.jsonl.77-00ff00ff.cleaner-tmp"])
    proc = run(["batch", src, dest, "-q", "-j", "1", "--report", reports / "r.jsonl"])
    assert proc.returncode == 0, proc.stderr
    assert _left(dest / "sub") == sorted(LOOKALIKES)
    assert _left(reports) == ["r.jsonl.77-00ff00ff.cleaner-tmp"]
    assert (reports / "r.jsonl").exists()


def test_batch_in_place_sweeps_stale_temp_files_in_src(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _leave(src, STALE + LOOKALIKES)
    (src / "out.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    proc = run(["batch", "--in-place", src, "-q", "-j", "1"])
    assert proc.returncode == 0, proc.stderr
    assert _left(src) == sorted(LOOKALIKES)
    assert (src / "out.txt").read_text(encoding="utf-8") == ARTICLE


def test_batch_report_inside_dest_survives_the_sweep(tmp_path: Path) -> None:
    """The report's own temporary file, made before DEST is swept, is not a leftover."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(["batch", src, tmp_path / "dest", "-q", "-j", "1", "--report", tmp_path / "dest/r.jsonl"])
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "dest/r.jsonl").read_text(encoding="utf-8"))["path"] == "a.txt"


# --- item 2: bounded memory: a size limit per document; UTF-16 said as such -------------


def test_dev_zero_ends_in_the_size_error_with_bounded_memory(tmp_path: Path) -> None:
    """Was 4.4 GB after 8 s and growing. Measured in a wrapper process, so the peak is
    this run's alone; 1 GB is a guard far above the 64 MiB limit, not a tight bound."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'cleaner', 'clean', '/dev/zero', 'a.txt'], capture_output=True)\n"
        "sys.stdout.buffer.write(p.stdout)\n"
        "sys.stderr.buffer.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(p.returncode)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=HANG, cwd=tmp_path, env=env)
    *lines, peak_kb = proc.stderr.decode().splitlines()
    assert proc.returncode == 3
    assert lines == ["cleaner: error: /dev/zero: larger than the size limit of 64 MiB per document; not read (raise it with --max-size)"]
    assert proc.stdout == ARTICLE.encode()  # the other input is still cleaned
    assert int(peak_kb) < 1024 * 1024


def test_an_endless_pipe_ends_in_the_size_error(tmp_path: Path) -> None:
    proc = shell("yes 'a line of an endless pipe' | cleaner clean --max-size 2M", tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: <stdin>: larger than the size limit of 2 MiB per document; not read (raise it with --max-size)"


@pytest.mark.parametrize("command", ["clean", "diff"])
def test_max_size_fails_a_big_file_and_raising_it_lets_it_through(tmp_path: Path, command: str) -> None:
    line = "The council of the town said on Monday that the bridge would open in the spring.\n"
    (tmp_path / "big.txt").write_text(line * (2 * 2**20 // len(line) + 1), encoding="utf-8")  # just over 2 MiB
    (tmp_path / "a.txt").write_text("Support us\n" + ARTICLE, encoding="utf-8")
    small = run([command, "--max-size", "2M", "big.txt", "a.txt"], cwd=tmp_path)
    assert small.returncode == 3
    assert one_error(small.stderr) == "cleaner: error: big.txt: larger than the size limit of 2 MiB per document; not read (raise it with --max-size)"
    assert b"Town opens its new bridge" in small.stdout  # a.txt went through
    assert run([command, "--max-size", "3MiB", "big.txt"], cwd=tmp_path).returncode == 0


def test_batch_and_learn_fail_only_the_big_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.txt").write_bytes(b"x" * 5000 + b"\n")
    for i in range(4):
        (src / f"p{i}.txt").write_text(f"Story {i}\n\n" + ARTICLE + "The Harbour Ledger footer line\n", encoding="utf-8")
    proc = run(["batch", src, tmp_path / "dest", "-q", "-j", "1", "--max-size", "4k"])
    assert proc.returncode == 3
    assert one_error(proc.stderr).startswith("cleaner: error: big.txt: larger than the size limit of 4 KiB")
    assert sorted(p.name for p in (tmp_path / "dest").glob("*.txt")) == ["p0.txt", "p1.txt", "p2.txt", "p3.txt"]
    learned = run(["learn", src, "-q", "-j", "1", "--max-size", "4k"])
    assert learned.returncode == 3
    assert one_error(learned.stderr).startswith("cleaner: error: big.txt: larger than the size limit")
    assert b"The Harbour Ledger footer line" in learned.stdout


def test_read_limited_stops_an_endless_stream() -> None:
    import io

    from cleaner.files import read_limited

    class Zeros(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    with pytest.raises(cleaner.InputError, match="larger than the size limit of 3 MiB"):
        read_limited(io.BufferedReader(Zeros()), 3 * 2**20)
    assert read_limited(io.BytesIO(b"abc"), 3) == b"abc"
    with pytest.raises(cleaner.InputError):
        read_limited(io.BytesIO(b"abcd"), 3)
    with pytest.raises(cleaner.InputError):  # a regular file's size says it before reading
        read_limited(io.BytesIO(b""), 3, size_hint=4)


@pytest.mark.parametrize(("text", "size"), [("64M", 64 * 2**20), ("1G", 2**30), ("1.5k", 1536), ("100MiB", 100 * 2**20), ("12345", 12345), ("2 mb", 2 * 2**20)])
def test_max_size_values(text: str, size: int) -> None:
    from cleaner.cli.common import Size

    assert Size().convert(text, None, None) == size


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("Hello\n".encode("utf-16"), "UTF-16"),  # with its BOM, in the machine's order
        (b"\xff\xfe" + "Hello\n".encode("utf-16-le"), "UTF-16"),
        (b"\xfe\xff" + "Hello\n".encode("utf-16-be"), "UTF-16"),
        (b"\xfe\xff" + "日本語の文章です。\n".encode("utf-16-be"), "UTF-16"),  # no NUL byte at all
        ("Hello\n".encode("utf-32"), "UTF-32"),
    ],
)
@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_utf16_and_utf32_are_named(tmp_path: Path, data: bytes, name: str, errors: str) -> None:
    (tmp_path / "u.txt").write_bytes(data)
    proc = run(["clean", "--encoding-errors", errors, "u.txt"], cwd=tmp_path)
    assert proc.returncode == 3
    line = one_error(proc.stderr)
    assert line.startswith(f"cleaner: error: u.txt: {name} text (it starts with the {name} byte order mark ")
    assert line.endswith(f"cleaner reads UTF-8: convert it first, e.g. iconv -f {name} -t UTF-8")
    with pytest.raises(cleaner.InputError, match=f"^{name} text"):
        cleaner.decode(data)


# --- the counting pattern of features.py: linear, with the same matches -----------------

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

import regex  # noqa: E402

from cleaner import features  # noqa: E402

OLD_COUNTED = regex.compile(r"^[^\d]+?[\s(\[]+\d[\d.,]*[)\]]?$")  # before: quadratic
# ... and a count is no measurement: a number with one or two decimals ("91.4") is none.
DECIMAL = regex.compile(r"^[^\d]*\d+[.,]\d{1,2}[)\]]?$")


def old_counted(text: str) -> bool:
    return bool(OLD_COUNTED.match(text)) and not DECIMAL.match(text)
# Every character class of the pattern, and its edges: ASCII and other digits, spaces of
# several kinds and line breaks ($ also matches before a final "\n"), brackets, the
# number punctuation, letters.
COUNTED_ALPHABET = "a Z1 09٣৭\t\n\r\u00a0\u2003([)].,-x"


@hsettings(max_examples=3000, deadline=None)
@given(st.text(alphabet=COUNTED_ALPHABET, max_size=40))
def test_counted_pattern_matches_as_before(text: str) -> None:
    assert bool(features._COUNTED_RE.match(text)) == old_counted(text)


@hsettings(max_examples=500, deadline=None)
@given(st.from_regex(r"[^\d]{1,10}[\s(\[]{1,4}\d[\d.,]{0,5}[)\]]?", fullmatch=True))
def test_counted_pattern_on_generated_counts(text: str) -> None:
    """Strings built from the pattern itself (by Python's re, whose \\s differs a little
    from the regex module's: most, not all, match), so the matching side is explored."""
    assert bool(features._COUNTED_RE.match(text)) == old_counted(text)


@pytest.mark.parametrize("text", ["World (3031)", "Comments 12", "Tags [4]", "a  (1.234,5)", "Texas 14.3", "Iowa (43,7)", "x" + " " * 50 + "x", "12 items", "(3)", "News 3 x"])
def test_counted_examples(text: str) -> None:
    assert bool(features._COUNTED_RE.match(text)) == old_counted(text)


def test_a_line_of_spaces_is_no_longer_quadratic(tmp_path: Path) -> None:
    """The issue's row: "x" + 100,000 spaces + "x" took 84 s (the counting pattern)."""
    proc = run(["clean"], ("x" + " " * 100_000 + "x\n").encode())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("x" + " " * 100_000 + "x\n").encode()


# --- the labelled-line pattern of features.py: linear, with the same matches ------------

OLD_LABELLED = regex.compile(r"^\W*(?:[\p{L}\p{M}][\p{L}\p{M}'’.-]*\s?){1,3}(?::\s|：|\s[—–]\s)\s*\S")  # before: cubic
# Letters of several scripts and a combining mark, spaces of several kinds and a line
# break, every separator (':', '：', '—', '–') and the word punctuation ('-', '.', "'",
# '’'), digits, and word and non-word characters that are not letters.
LABELLED_ALPHABET = "aZé\u0301ก日 \t\n\u00a0\u2003:：—–-.'’19٣_!"
# Pieces that make a label more often than single characters do (one string in seven matches).
LABELLED_PIECES = ["a", "Ab", "é", "\u0301", "ก", "日", " ", "  ", "\t", "\u00a0", ":", ": ", "：", "—", " — ",
                   " – ", "-", ".", "'", "’", "1", "٣", "!", "_"]


@hsettings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet=LABELLED_ALPHABET, max_size=30), st.lists(st.sampled_from(LABELLED_PIECES), max_size=12).map("".join)))
def test_labelled_pattern_matches_as_before(text: str) -> None:
    """The possessive word part changes no match; even the span is the same (callers
    use only whether it matches)."""
    new, old = features.LABELLED_RE.match(text), OLD_LABELLED.match(text)
    assert bool(new) == bool(old)
    assert new is None or new.span() == old.span()


@pytest.mark.parametrize("text", ["Where: Rozengaard Park", "日時：7月11日", "Flour — 500 g", "Auteur·e : x",
                                  "St. John's-Wood — x", "Ann Marie Lee Smith: x", "a" * 40, "a." * 40 + ": x"])
def test_labelled_examples(text: str) -> None:
    assert bool(features.LABELLED_RE.match(text)) == bool(OLD_LABELLED.match(text))


def test_labelled_pattern_is_linear_on_a_run_of_letters() -> None:
    """2,000 letters took 83 s in the cubic pattern; 100,000 now take milliseconds."""
    assert features.LABELLED_RE.match("a" * 100_000) is None
    assert features.LABELLED_RE.match("a." * 50_000) is None


# --- the contact pattern of datalists.py: linear, with the same matches ------------------

from cleaner import context, datalists  # noqa: E402

OLD_CONTACT = regex.compile(r"[\w.+-]+@[\w-]+\.[\w.]{2,}|\b(?:fax|telefax|téléfax|факс)\b", regex.IGNORECASE)  # before: quadratic
CONTACT_PIECES = ["a", "Z", "é", "_", "1", ".", "+", "-", "@", " ", ",", "fax", "FAX", "факс", "ab.cd", "x@y.zz", "(", "@@"]


@hsettings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet="aZé_1.+-@ ,(", max_size=30), st.lists(st.sampled_from(CONTACT_PIECES), max_size=12).map("".join)))
def test_contact_pattern_matches_as_before(text: str) -> None:
    assert bool(datalists._CONTACT_RE.search(text)) == bool(OLD_CONTACT.search(text))


def test_contact_pattern_is_linear_on_a_long_word() -> None:
    """20,000 letters took 9 s in the old pattern (three data lines holding them)."""
    assert datalists._CONTACT_RE.search("a" * 200_000) is None
    assert datalists._CONTACT_RE.search("Price: 5 " + "a" * 200_000 + "@b.cd")


def test_a_journal_line_cut_by_a_kill_is_cut_off_before_appending(invoke, tmp_path: Path) -> None:
    """The next line must not run into a line cut short: it would be lost too."""
    src, dest = _pages(tmp_path, 3), tmp_path / "dest"
    invoke(["batch", src, dest, "-j", "1", "-q"])
    journal = dest / ".cleaner-batch.jsonl"
    whole = journal.read_bytes()
    journal.write_bytes(whole + b'["00.txt", "abc", 12')  # what SIGKILL mid-write leaves
    (src / "01.txt").write_text("Support us\n\nChanged. " + ARTICLE, encoding="utf-8")
    invoke(["batch", src, dest, "-j", "1", "-q", "--report", tmp_path / "r.jsonl"])
    _journal_lines(dest)  # every line whole
    statuses = {e["path"]: e["status"] for e in map(json.loads, (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines())}
    assert statuses == {"00.txt": "skipped", "01.txt": "cleaned", "02.txt": "skipped"}


def test_journal_rewrite_on_a_full_disk_keeps_the_appended_journal(invoke, tmp_path: Path, monkeypatch) -> None:
    from cleaner import journal

    src, dest = _pages(tmp_path, 3), tmp_path / "dest"
    real = journal.write_atomic

    def full_for_the_journal(path, data):
        if str(path).endswith(journal.JOURNAL):
            raise _enospc()
        return real(path, data)

    monkeypatch.setattr(journal, "write_atomic", full_for_the_journal)
    result = invoke(["batch", src, dest, "-j", "1", "-q"], exit_code=3)
    assert "cannot rewrite the journal: No space left on device (the journal as written is kept)" in one_error_line(result)
    assert len(_journal_lines(dest)) == 4


@pytest.mark.parametrize("command", ["diff --html page.html", "learn -o site.toml"])
def test_diff_html_and_learn_output_on_a_full_disk(invoke, corpus: Path, monkeypatch, command: str) -> None:
    monkeypatch.chdir(corpus.parent)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(_enospc()))
    *args, out = command.split()
    target = [corpus / "p0.txt"] if args[0] == "diff" else [corpus, "-j", "1", "-q", "--glob", "p?.txt"]
    result = invoke([*args, out, *target], exit_code=3)
    assert "No space left on device" in one_error_line(result)
    assert not (corpus.parent / out).exists()
    assert not [p for p in corpus.parent.iterdir() if "cleaner-tmp" in p.name]


def test_journal_open_cuts_off_a_cut_line(tmp_path: Path) -> None:
    from cleaner.journal import JOURNAL, Journal

    (tmp_path / JOURNAL).write_bytes(b'{"cleaner-batch": 1}\n["a.txt", "fp", 1, 2, 3, 4]\n["b.txt", "fp", 1')
    journal = Journal(tmp_path)
    journal.open()
    assert set(journal.records) == {"a.txt"}
    journal.add("c.txt", "fp", (5, 6), (7, 8))
    journal.flush()
    journal.close()  # no rewrite: what the appends left, as after a kill
    assert [json.loads(line)[0] for line in _journal_lines(tmp_path)[1:]] == ["a.txt", "c.txt"]


# --- the table rows whose fix is in structure.py and features.py ---------------------------
# Each with a short CPU bound: 10 s of CPU is far above what a few kilobytes need (the
# issue asks for 2 s of CPU per MB), and unlike a wall-clock limit a busy machine cannot
# trip it.

QUICK = 10


def test_row_a_line_of_2000_letters() -> None:
    """83 s on main (cubic: the labelled-line pattern, possessive since)."""
    proc = run(["clean"], b"a" * 2000 + b"\n", cpu=QUICK)
    assert proc.returncode == 0 and proc.stdout == b"a" * 2000 + b"\n"


def test_row_a_dot_2500_times() -> None:
    """Did not finish in 120 s on main (the labelled-line pattern: '.' is in its word class)."""
    proc = run(["clean"], b"a." * 2500 + b"\n", cpu=QUICK)
    assert proc.returncode == 0


def test_row_thai_without_spaces() -> None:
    """About 10 s for 1,000 characters on main (the labelled-line pattern in the data-run check)."""
    import random

    rng = random.Random(16)
    text = "".join(rng.choice("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋") for _ in range(3000))
    proc = run(["clean"], (text + "\n").encode(), cpu=QUICK)
    assert proc.returncode == 0


def test_row_200000_menu_lines() -> None:
    """Did not finish in 120 s on main (each navigation heading scanned to the end: link_run)."""
    menu = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "More"]
    data = "".join(menu[i % len(menu)] + "\n" for i in range(200_000)).encode()
    proc = run(["clean"], data, cpu=QUICK * 3)
    assert proc.returncode == 0


def test_menu_lines_with_the_article_model_are_linear() -> None:
    """With ``--finder model`` the menu lines are not removed before the link-run rule, so
    every heading's run reached the end of the page and each line got a verdict per
    heading above it (2,000 lines: 500,000 verdicts, 2 s; 20,000 lines: minutes)."""
    menu = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "More"]
    text = "".join(menu[i % len(menu)] + "\n" for i in range(2_000))
    result = cleaner.clean_and_explain(text, Config(finder="model", budget=1))  # (no fallback to strong rules only)
    counts = [sum(v.rule_id == "structure.link-run" for v in r.reasons) for r in result.removed]
    assert max(counts) == 3  # the first three headings above a line, no more
    data = "".join(menu[i % len(menu)] + "\n" for i in range(20_000)).encode()
    proc = run(["clean", "--finder", "model"], data, cpu=QUICK)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("block", ["© 2024 News Ltd. All rights reserved.\n{prose}\n", "Comments\n{prose}\n"])
def test_many_ends_of_article_are_linear(block: str) -> None:
    """8,000 copyright footers or comment headings, each with a paragraph (about 1 MB):
    each line that ends the article read the whole rest of the page to see whether the
    text goes on after it (about 40 s, quadratic); now the next three lines only."""
    prose = "The council of the town said on Monday that the bridge would open next spring, officials said. "
    data = ("Story\n\n" + prose * 3 + "\n" + block.format(prose=prose * 2) * 8000).encode()
    proc = run(["clean", "--max-size", "1G"], data, cpu=QUICK)
    assert proc.returncode == 0, proc.stderr


def test_row_a_catastrophic_user_pattern_is_reported(tmp_path: Path) -> None:
    """A user rule '(x|x)+$' hits the per-line limit; the run must say so, naming it. (Its
    examples do not hold an x, so the hostile lines tried on loading miss it: the limit
    of a run is still needed.)"""
    (tmp_path / "slow.toml").write_text(
        'category = "slow"\n\n[[rule]]\nname = "backtrack"\nkind = "pattern"\nstrength = "normal"\n'
        'description = "Catastrophic backtracking."\npatterns.any = ["^y$|(x|x)+$"]\n'
        'examples.remove = ["y"]\nexamples.keep = ["b"]\n', encoding="utf-8")
    data = "".join(f"{'x' * 30}b{i}\n" for i in range(8))  # distinct lines: no memo
    proc = run(["clean", "--rules", "slow.toml"], data.encode(), cwd=tmp_path, timeout=HANG)
    assert proc.returncode == 0
    assert b"slow.backtrack" in proc.stderr
    warnings = proc.stderr.decode().splitlines()
    assert warnings == ["cleaner: warning: rule slow.backtrack hit its time limit (0.25 s) on 8 lines and was skipped there"]


def test_batch_reports_a_pattern_time_limit_once(tmp_path: Path) -> None:
    """``batch`` too: one warning for the run, the lines of every file counted."""
    (tmp_path / "slow.toml").write_text(
        'category = "slow"\n\n[[rule]]\nname = "backtrack"\nkind = "pattern"\nstrength = "normal"\n'
        'description = "Catastrophic backtracking."\npatterns.any = ["^y$|(x|x)+$"]\n'
        'examples.remove = ["y"]\nexamples.keep = ["b"]\n', encoding="utf-8")
    (tmp_path / "src").mkdir()
    for name in ("x", "y"):
        (tmp_path / "src" / f"{name}.txt").write_text(f"{'x' * 30}b{name}\n\nSome line\n", encoding="utf-8")
    proc = run(["batch", "src", "out", "--rules", "slow.toml", "-j", "1", "-q"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.decode().splitlines() == ["cleaner: warning: rule slow.backtrack hit its time limit (0.25 s) on 2 lines and was skipped there"]


def test_a_pattern_time_limit_is_a_note_of_the_result(tmp_path: Path) -> None:
    """The library says it too: a note and ``Result.timed_out``, counted per document
    (the memo of short lines remembers a time-out as well as the hits)."""
    (tmp_path / "slow.toml").write_text(
        'category = "slow"\n\n[[rule]]\nname = "backtrack"\nkind = "pattern"\nstrength = "normal"\n'
        'description = "Catastrophic backtracking."\npatterns.any = ["^y$|(x|x)+$"]\n'
        'examples.remove = ["y"]\nexamples.keep = ["b"]\n', encoding="utf-8")
    pipe = cleaner.Pipeline(Config(rule_files=(tmp_path / "slow.toml",)))
    text = f"{'x' * 30}b\n\nSome line\n"
    for _ in range(2):  # the second time from the memo
        result = pipe.run(cleaner.segment(text))
        assert result.timed_out == {"slow.backtrack": 1}
        assert result.notes == ("rule slow.backtrack hit its time limit (0.25 s) on 1 line and was skipped there",)
    assert cleaner.clean_and_explain("Some line\n").timed_out == {}


def test_a_non_blocking_stdout_pipe_is_waited_for(tmp_path: Path) -> None:
    """A full non-blocking pipe (EAGAIN) is no lost output: the writer waits."""
    import fcntl
    import threading
    import time

    page = "Story.\n\n" + "The council of the town said on Monday that the bridge would open. " * 20 + "\n"
    (tmp_path / "a.txt").write_text(page * 3000, encoding="utf-8")  # far more than a pipe holds
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETFL, fcntl.fcntl(write, fcntl.F_GETFL) | os.O_NONBLOCK)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", "-q", "--max-size", "1G", "a.txt"], stdout=write,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    os.close(write)
    chunks: list[bytes] = []

    def drain() -> None:
        time.sleep(1)  # let the pipe fill first
        with os.fdopen(read, "rb") as fh:
            chunks.append(fh.read())

    reader = threading.Thread(target=drain)
    reader.start()
    _, stderr = proc.communicate(timeout=HANG)
    reader.join(HANG)
    assert proc.returncode == 0, stderr
    assert stderr == b""
    assert len(chunks[0]) > 2**16


def test_a_long_line_of_words_is_no_longer_quadratic() -> None:
    """2 million words on one line (10 MB): the counting pattern must not backtrack over
    it (a greedy rewrite of it took 1.2 s at 80,000 words and grew as the square)."""
    data = b"word " * 2_000_000 + b"\n"
    proc = run(["clean"], data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == data


def test_stdin_from_a_big_file_fails_by_its_size(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 300_000 + b"\n")  # 1.5 MB
    proc = shell("cleaner clean --max-size 1M < big.txt", tmp_path)
    assert proc.returncode == 3
    assert one_error(proc.stderr) == "cleaner: error: <stdin>: larger than the size limit of 1 MiB per document; not read (raise it with --max-size)"
    ok = shell("cleaner clean --max-size 2M < big.txt | wc -c", tmp_path)
    assert ok.stdout.strip() == b"1500001"


@pytest.mark.parametrize("command", [["clean", "a.txt"], ["rules"]])
def test_a_rule_file_that_never_ends_is_refused(tmp_path: Path, command: list[str]) -> None:
    """``--rules /dev/zero`` read without bound before: now at most 64 MiB, then exit 2."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run([*command, "--rules", "/dev/zero"], cwd=tmp_path)
    assert proc.returncode == 2
    assert one_error(proc.stderr) == "cleaner: error: /dev/zero: cannot read rule file: larger than 64 MiB, not a rule file"


def test_diff_report_from_a_device_is_bounded(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    proc = run(["diff", "--report", "/dev/zero"], cwd=tmp_path)
    assert proc.returncode == 2
    assert one_error(proc.stderr).startswith("cleaner: error: /dev/zero: cannot read report: larger than the size limit of 64 MiB")


# --- shared scans (matcher._scans): one alternation first, each pattern only if it finds -

from cleaner import matcher, prefilter  # noqa: E402
from cleaner.packs import builtin_rules  # noqa: E402


@functools.cache
def _every_language() -> matcher.LineMatcher:
    """Every language's line rules, built once for the tests below (about 1.7 s a build)."""
    return matcher.LineMatcher(cleaner.Pipeline(Config()).rules)


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [("^a", True), ("^(a|b)c", True), ("^[|]x", True), ("^[]|]x", True), (r"^\|x", True), ("^(?-i:A)b", True),
     ("a", False), ("^a|b", False), ("^a(?:b|c)|d", False), ("^[^]|]|x", False), ("(?=x)^a", False),
     ("^(?i)x", False), (r"^(a)\1", False), ("^(?1)", False), ("^(?#x|y)z", False), ("^(?V1)a", False)],
)
def test_anchored_means_only_at_the_start(pattern: str, anchored: bool) -> None:
    """Unsure is no: such a pattern is simply searched on its own, as before."""
    assert prefilter.anchored(pattern) is anchored


def _sample_lines() -> list[str]:
    """Every rule's examples (lines that match and lines that nearly do) and the short
    lines of the fixture pages, once each."""
    lines = [e for rule in cleaner.Pipeline(Config()).rules for e in (*rule.examples_remove, *rule.examples_keep)]
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if len(line) <= 200)
    return list(dict.fromkeys(lines))


@pytest.mark.parametrize("scan", ["start", "anywhere"])
def test_a_shared_scan_misses_no_line_its_patterns_match(scan: str) -> None:
    """(The patterns with a literal prefilter are in no shared scan.)"""
    m = _every_language()  # every language's patterns
    patterns = [p for i, (_, p, s) in enumerate(m._patterns) if s == scan and i not in m._led]
    compiled = m._scans[scan]
    assert len(patterns) > 10 and compiled is not None
    look = compiled.match if scan == "start" else compiled.search
    for line in _sample_lines():
        if any(p.search(line) for p in patterns):
            assert look(line), line


# --- the literal prefilter (prefilter._lead): a pattern is tried only on lines holding a leading word


@pytest.mark.parametrize(
    ("pattern", "words", "skip"),
    [(r"^[\W_]*(?:follow|like)\s+us", ("follow", "like"), r"[\W_]*"), (r"^\W*+(?:a|b)c", ("a", "b"), r"\W*"),
     (r"\b(?:give|chip in) \$", ("chip", "give"), None), (r"^(?=.{0,9}$)(?![-*])[\W_]*x", ("x",), r"[\W_]*"),
     (r"abcd?ef", ("abc",), None), (r"(?:abc|(?>def|ghi))", ("abc", "def", "ghi"), None), (r"\bИНН\b", ("инн",), None),
     (r"(?i)\bdone", ("done",), None), (r"^see\b", ("see",), ""), (r"(?:abc[|)]d|efg)", ("abc", "efg"), None),
     (r"^(?:(?=.{0,9}$)|(?=x)).*?(?:all\s+rights|any\s+rights)", ("rights",), None), (r"ab+cde", ("cde",), None),
     (r"[(\[]\s*(?:photo|image)\b", ("image", "photo"), None), (r"\xabcdef", ("cdef",), None), (r"(?=.*\bterms\b)", ("terms",), None),
     (r"(?:a|b)*c", None, None), (r"^\W*(?:a|b)?c", None, None), (r"^(?-i:A)b", None, None), (r"[a-z]x", None, None),
     (r"^a|b", None, None), (r"(?:a|\d)", None, None), (r"(?:a|b+c)", None, None), (r"^\W+a", None, None), (r"(?x)a b", None, None),
     (r"(a)\1", None, None), (r"ıx", None, None), (r"(?=a)b", None, None), (r"(?!abc)de", None, None), (r"ab{cde", None, None),
     # (a call of a group by name repeats what the pattern spells: its words are read; by number, a comment, no)
     (r"^(?=.*\b(?:cookies?|necessary)\b)(?P<c>\w+)(?:\s+(?&c))+", ("cookie", "necessary"), None),
     (r"(?1)abc(x)", None, None), (r"(?#a note)abc", None, None)],
)
def test_a_prefilter_reads_leading_words_or_gives_up(pattern: str, words: tuple[str, ...] | None, skip: str | None) -> None:
    lead = prefilter._lead(pattern)
    if words is None:
        assert lead is None
    else:
        assert lead is not None and lead.words == words
        assert (lead.skip.pattern if lead.skip is not None else None) == skip


def test_a_prefilter_folds_every_case_partner() -> None:
    """"s" matches the long s, "i" the dotted capital I (two characters lower-cased),
    Cyrillic letters their old forms: the line is folded so, or the word is not read."""
    assert prefilter.case_fold("ſİGN ᲂᲃ") == "sign ос"
    for letter, pattern in (("s", "ſ"), ("i", "İ"), ("о", "ᲂ")):
        assert prefilter._folded(letter) == letter and regex.match(letter, pattern, regex.IGNORECASE)
    assert prefilter._folded("S") == "s" and prefilter._folded("ı") is None and prefilter._folded("σ") is None
    m = _every_language()
    assert [h.rule.id for h in m.match("ſhare on Facebook")] == [h.rule.id for h in m.match("share on Facebook")] != []


def test_a_prefilter_misses_no_line_its_pattern_matches() -> None:
    m = _every_language()  # every language's patterns
    assert len(m._led) > 300
    for line in _sample_lines():
        passing = m._passing(line)
        for index in m._led:
            if m._patterns[index][1].search(line):
                assert index in passing, (line, m._patterns[index][1].pattern)


def _inner() -> list[tuple[str, list[int]]]:
    """The prefilter's inner words of every language, each with its patterns."""
    m = _every_language()
    return [*m._inner_short, *(entry for entries in m._inner_keyed.values() for entry in entries)]


@hsettings(max_examples=1000, deadline=None)
@given(st.deferred(lambda: st.lists(st.sampled_from([w for w, _ in _inner()] + ["a", " ", "x-", "中"]), max_size=6).map("".join)), st.integers(0, 3))
def test_inner_words_are_found_as_a_search_for_each_finds_them(line: str, cut: int) -> None:
    """Looked up by their first letters, the inner words a line holds are those a search
    for every word finds (words run into each other and are cut short at the line's ends)."""
    folded = line[cut:]
    inner = _inner()
    expected = {i for word, indices in inner if word in folded for i in indices}
    assert len(inner) > 200
    assert _every_language()._holding(folded) == expected


def test_a_slow_phrase_list_is_reported_naming_its_rule(tmp_path: Path) -> None:
    """Phrase lists are linear in the line, but each position costs a lookup per distinct
    phrase length: a rule of 999 phrases of as many lengths over 4,000 "!" takes seconds.
    The shared scan of all prefix phrases hits its limit, each rule's list is then tried
    alone, and the slow one is named and skipped there, as a slow pattern is."""
    phrases = ", ".join(f'"{"!" * k}q"' for k in range(1, 1000))
    (tmp_path / "slow.toml").write_text(
        'category = "slow"\n\n[[rule]]\nname = "bangs"\nkind = "prefix"\nstrength = "normal"\n'
        f'description = "Phrases of a thousand lengths."\nphrases.any = [{phrases}]\n'
        'examples.remove = ["!q"]\nexamples.keep = ["b"]\n', encoding="utf-8")
    pipe = cleaner.Pipeline(Config(rule_files=(tmp_path / "slow.toml",)))
    text = "".join("!" * 4000 + f" line {i}\n" for i in range(2)) + "!!q\n"
    result = pipe.run(cleaner.segment(text))
    assert result.timed_out == {"slow.bangs": 2}
    assert result.notes == ("rule slow.bangs hit its time limit (0.25 s) on 2 lines and was skipped there",)
    assert [r.rule_id for r in result.removed] == ["slow.bangs"]  # a short line: the rule applies


# --- the end-of-line patterns of features.py: searched backwards, the same matches --------

_EMOJI = r"(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)"
_CLOSERS = r"\"'”’“‘»)\]）」』"
OLD_SENTENCE_END = regex.compile(rf"(?:[.!?。！？…;؟{features.FULL_STOPS}][{_CLOSERS}]*|{_EMOJI})(?:{_EMOJI}|[\u200d\ufe0f\s])*$")  # before: quadratic
OLD_EMOJI_END = regex.compile(rf"{_EMOJI}(?:{_EMOJI}|[\u200d\ufe0f\s])*$")
# Every class of the patterns: each terminator, closers, emoji with and without their own
# presentation (☺ needs U+FE0F), the joiner, spaces and line breaks, letters.
END_ALPHABET = "a x.!?。…;؟।۔\"”)」😀🙂☺\ufe0f\u200d\n\t\u00a0"


@hsettings(max_examples=3000, deadline=None)
@given(st.text(alphabet=END_ALPHABET, max_size=16))
def test_end_patterns_match_as_before(text: str) -> None:
    assert bool(features._SENTENCE_END_RE.search(text)) == bool(OLD_SENTENCE_END.search(text))
    assert bool(features.EMOJI_END_RE.search(text)) == bool(OLD_EMOJI_END.search(text))


def test_a_line_of_emoji_then_a_letter_is_linear() -> None:
    """20,000 emoji and an "x" took 23 s in each of the two patterns (every line's
    sentence end, and the headline check); 200,000 now take milliseconds."""
    line = "😀" * 200_000 + "x"
    assert not features._SENTENCE_END_RE.search(line) and not features.EMOJI_END_RE.search(line)
    assert features._SENTENCE_END_RE.search("😀" * 200_000) and features._SENTENCE_END_RE.search("Fine. " + "\u200d " * 100_000)
    proc = run(["clean"], ("😀" * 20_000 + "x\n").encode(), cpu=QUICK)
    assert proc.returncode == 0, proc.stderr


def test_a_line_over_the_limit_is_judged_by_its_features_alone() -> None:
    """The documented limit (``MAX_RULE_CHARS``) counts the line as it is: "x", 200,000
    spaces, "x" was scanned whole by every pattern, as its text ("x x") is short."""
    limit = matcher.MAX_RULE_CHARS
    pipe = cleaner.Pipeline(Config())
    m = pipe.matcher("en")
    assert m.match("Support us") and m.match(" " * (limit - 10) + "Support us")
    assert m.match(" " * limit + "Support us") == ()
    assert m.match(("Support us. " * limit)[: limit + 1]) == ()
    _, ctx, _ = pipe.observe(cleaner.segment("1. Label: value\n2. Label: " + "v" * limit + "\n"))
    assert context.checked_text(ctx, 0) == "1. Label: value"
    assert context.checked_text(ctx, 1) == ""
    proc = run(["clean"], ("Support us" + " " * limit + "\n").encode(), cpu=QUICK)
    assert proc.returncode == 0 and proc.stdout == ("Support us" + " " * limit + "\n").encode()


def test_row_realistic_pages_joined_into_one_document() -> None:
    """The fixture pages (every language) joined into one document of about 1 MB: the
    end-of-article check and the link-run rule read to the end of the document from each
    line or heading (time grew as size^1.3; benchmarks/hostile.py prints the growth)."""
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt")) if "/page/" in p.as_posix()]
    assert len(pages) >= 10
    text = ""
    while len(text) < 1_000_000:
        text += "".join(page if page.endswith("\n") else page + "\n" for page in pages)
    proc = run(["clean", "--max-size", "1G"], text.encode(), timeout=HANG)
    assert proc.returncode == 0, proc.stderr
    assert 0 < len(proc.stdout) < len(text.encode())


# --- navigation.breadcrumb: "^" first, so it is tried at the start of the line only -------

OLD_BREADCRUMB_LEAD = r"(?![\s]*[-*•·]\s)^"  # before: the lookahead read a run of spaces from every position
BREADCRUMB_PIECES = [" ", "\t", "-", "* ", "• ", "·", "Home", "home", " > ", " › ", "»", " » ", "→", "News", "World", "«", "x",
                     "You are here: ", "/", " / ", "|", " | ", "Startseite", "a" * 45]


BREADCRUMB_LEAD = "^(?![\\s]*[-*•·]\\s)"
BREADCRUMBS = [p for ps in builtin_rules().get("navigation.breadcrumb").patterns.values() for p in ps]
# (new, old), compiled once
BREADCRUMB_PAIRS = [(regex.compile(p, regex.IGNORECASE), regex.compile(OLD_BREADCRUMB_LEAD + p[len(BREADCRUMB_LEAD):], regex.IGNORECASE))
                    for p in BREADCRUMBS]


@hsettings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(BREADCRUMB_PIECES), max_size=14).map("".join))
def test_breadcrumb_matches_as_before(text: str) -> None:
    assert len(BREADCRUMBS) == 2 and all(p.startswith(BREADCRUMB_LEAD) for p in BREADCRUMBS)
    for new, old in BREADCRUMB_PAIRS:
        a, b = new.search(text), old.search(text)
        assert (a and a.span()) == (b and b.span())


def test_breadcrumb_is_linear_on_a_run_of_spaces() -> None:
    """4,998 spaces and an "x": 0.2 s for each of the two patterns before (close to the
    time limit: a rule skipped on a loaded machine); now the line start only."""
    m = _every_language()
    assert all(scan == "start" for rule, _, scan in m._patterns if rule.id == "navigation.breadcrumb")
    assert not [h for h in m.match(" " * 4998 + "x") if h.rule.id == "navigation.breadcrumb"]
    assert [h.rule.id for h in m.match("Home > News > World")] == ["navigation.breadcrumb"]


# --- metadata.wire-credit: runs of spaces and punctuation taken whole ----------------------
# The head ("^[\W_]*\(?\s*" before a word), the separators between agencies ("\s*(?:,|&|/|
# and)?\s*" before a name) and the tail ("\s*\)?[\W_]*$") split a run of spaces every
# way before failing: "mit Material von dpa", 4,900 tabs and an "x" took 1.7 s (over the
# time limit: the rule was skipped there). Each part is now possessive where what follows
# cannot start with what it gave back (a word, a name, the end of the line); the old
# pattern is the new one with the possessive marks taken out.

WIRE_CREDITS = [p for ps in builtin_rules().get("metadata.wire-credit").patterns.values() for p in ps]
WIRE_PAIRS = [(regex.compile(p, regex.IGNORECASE), regex.compile(p.replace("*+", "*").replace("?+", "?"), regex.IGNORECASE))
              for p in WIRE_CREDITS]
WIRE_PIECES = sorted({w for p in WIRE_CREDITS for w in regex.findall(r"[^\W\d_]{2,}", p.replace(r"\p", " ").replace(r"\s", " "))}
                     | {"Anna", "Reuters", "Jane Doe", "dpa", "AFP", " ", "  ", "\t", "(", ")", ",", " & ", "/", ".", "-", ":", "x", "X",
                        "'", "’", "»", "_", "1", "（", "）"})


_WS = st.sampled_from(["", " ", "  ", "\t", " \t "])
_AGENCY = st.sampled_from(["dpa", "AFP", "Reuters", "Anna", "Jane Doe", "agencias", "EFE", "ANSA", "Lusa", "ANP", "PAP", "ТАСС",
                           "x", "van der Berg", "in Paris"])
# Credits built as the patterns read them (most match; spaces, punctuation and a stray
# word where they may and may not be), and strings of the patterns' own words.
WIRE_TEXTS = st.one_of(
    st.tuples(
        st.text(alphabet=" \t(),.:-»’'_/&（", max_size=4),
        st.sampled_from(["mit Material von", "mit Agenturmaterial", "Quelle:", "avec", "source :", "con información de", "fuente:",
                         "con agencias", "con", "com", "fonte:", "met informatie van", "bron:", "według", "źródło:",
                         "по материалам", "за матеріалами", "kaynak: ajanslar", "haber merkezi", "additional reporting by",
                         "Reporting by", "(共同", "x"]),
        st.sampled_from([" ", " ", "  ", "\t", ""]),
        _AGENCY,
        st.lists(st.tuples(_WS, st.sampled_from([",", "&", "/", "und", "and", "et", "y", "e", "i", "и", "", " "]), _WS, _AGENCY)
                 .map("".join), max_size=3).map("".join),
        st.text(alphabet=" \t().,:-»_）", max_size=4),
        st.sampled_from(["", "", "", "x", ". Then", "1"]),
    ).map("".join),
    st.lists(st.sampled_from(WIRE_PIECES), max_size=12).map("".join),
)


@hsettings(max_examples=3000, deadline=None)
@given(WIRE_TEXTS)
def test_wire_credit_matches_as_before(text: str) -> None:
    assert len(WIRE_PAIRS) >= 14
    for new, old in WIRE_PAIRS:
        a, b = new.search(text), old.search(text)
        assert (a and a.span()) == (b and b.span()), (new.pattern[:60], text)


@pytest.mark.parametrize("text", ["(Mit Material von dpa und AFP)", "Quelle: Reuters", "Additional reporting by Jane Doe and Anna Smith in Paris.",
                                  "(avec AFP)", "Con información de EFE y Reuters", "mit Agenturmaterial", "(Kaynak: Ajanslar)"])
def test_wire_credit_examples(text: str) -> None:
    assert any(new.search(text) for new, _ in WIRE_PAIRS)
    for new, old in WIRE_PAIRS:
        a, b = new.search(text), old.search(text)
        assert (a and a.span()) == (b and b.span())


def test_wire_credit_is_linear_on_a_run_of_spaces() -> None:
    """20,000 tabs: about 30 s before (quadratic), a hang guard of 5 s now."""
    for new, _ in WIRE_PAIRS:
        for line in ("mit Material von dpa" + "\t" * 20_000 + "x", " " * 20_000 + "x", "(avec AFP" + ", " * 10_000 + "x"):
            new.search(line, timeout=5)


# --- three more patterns that split a run of spaces every way: the run taken whole --------

def _pattern(rule_id: str, lang: str, start: str) -> str:
    return next(p for p in builtin_rules().get(rule_id).patterns[lang] if p.startswith(start))


# (pattern, slots): texts are built slot by slot as the pattern reads them (each slot one
# of its strings: spaces, quotes, words, a stray letter), most of them matching.
# Possessive where what follows is a word or a digit. The Turkish consent pattern is
# searched anywhere in the line: it now starts a match after a quotation mark or where no
# space precedes (the first of a run of spaces), which is where the leftmost match
# started anyway. Old: the possessive marks taken out, and "[«"“'„]?" for its start.
_SP = ["", " ", "  ", "\t", " \t"]
RUN_PATTERNS = [
    (_pattern("consent.click-to-consent", "tr", "(?:[«"),
     [["", "x", "Lütfen ", "a "], ["", "«", '"', "“", "'"], _SP, ["kabul et", "tümünü kabul et", "onayla", "x"], _SP,
      ["", "»", '"', "”"], _SP, ["butonuna", "düğmesine", "x"], [" ", "  ", "", "\t"], ["tıklayarak", "basarak", "x"], ["", " siz", "."]]),
    (_pattern("media.reading-time", "ja", "^"),
     [["", "・", "【", " ", "x"], ["読了", "読了時間", "読了目安", "この記事は", "", "x"], _SP, ["", ":", "："], _SP, ["", "約"], _SP,
      ["3", "12", "", "x"], _SP, ["分", "分で読めます", "分で読める", "x"], ["", "】", " ", "x"]]),
    (_pattern("social.follow-us-on-network", "ja", "^"),
     [["", "・", " ", "x"], ["", "公式"], _SP, ["twitter", "line", "インスタグラム", "x"], _SP, ["", "公式アカウント", "アカウント"], _SP,
      ["", "で", "を"], _SP, ["フォロー", "いいね", "チャンネル登録", "x"], ["", "！", "して"]]),
]


@pytest.mark.parametrize(("pattern", "slots"), RUN_PATTERNS, ids=["click-to-consent-tr", "reading-time-ja", "follow-us-ja"])
def test_runs_taken_whole_match_as_before(pattern: str, slots: list[list[str]]) -> None:
    assert "*+" in pattern
    before = pattern.replace("*+", "*").replace("""(?:[«"“'„]|(?<!\\s))""", """[«"“'„]?""")
    new, old = regex.compile(pattern, regex.IGNORECASE), regex.compile(before, regex.IGNORECASE)
    built = st.tuples(*(st.sampled_from(slot) for slot in slots)).map("".join)
    soup = st.lists(st.sampled_from(sorted({w for slot in slots for w in slot})), max_size=10).map("".join)

    @hsettings(max_examples=1500, deadline=None)
    @given(st.one_of(built, soup))
    def same(text: str) -> None:
        a, b = new.search(text), old.search(text)
        assert (a and a.span()) == (b and b.span())

    same()
    for line in ("\t" * 20_000 + "x", "kabul et" + " " * 20_000 + "x", "読了" + " " * 20_000 + "x"):
        new.search(line, timeout=5)  # (about 0.7 s at 5,000 before, quadratic)


def test_run_leaves_the_cycle_collector_as_it_was() -> None:
    """``Pipeline.run`` pauses Python's cycle collector (its passes over a big document's
    many small objects grew faster than the document) and restores it as it found it."""
    import gc

    pipe = cleaner.Pipeline(Config())
    assert gc.isenabled()
    pipe.run(cleaner.segment("Home\nNews\n"))
    assert gc.isenabled()
    gc.disable()
    try:
        pipe.run(cleaner.segment("Home\nNews\n"))
        assert not gc.isenabled()
    finally:
        gc.enable()
