"""``cleaner batch``: mirroring, globbing, atomic writes, resume (also after a real signal),
bad files, --in-place, exit codes, progress, the summary and the JSONL report.

Every tree is built in ``tmp_path``. The expected output of a file is what the pipeline
makes of it on its own (``cleaner clean`` does the same), so a batch run is checked
against an independent computation, not against another batch run.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from cleaner import batch, journal, pool, repeats, walk, worker
from cleaner.cli import cli
from cleaner.document import decode
from cleaner.config import Config
from cleaner.pipeline import Pipeline
from cleaner.report import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from cleaner.schema import FileReport

ARTICLE = (
    "Home\n"
    "News\n"
    "Sport\n"
    "Ministers agree a new budget\n"
    "Advertisement\n"
    "The government and the opposition agreed on Tuesday on a budget for next year, after weeks "
    "of talks that had threatened to shut down public services across the country.\n"
    "The deal raises spending on schools and hospitals and cuts a tax on fuel, officials said in "
    "a statement released late in the evening, and it will be put to a vote next week.\n"
    "Share this article\n"
)
# Plain article prose, nothing to remove (no headline either: which line is the headline
# is the pipeline's business and changes with it).
CLEAN_TEXT = (
    "Work on the harbour wall began on Monday and should be finished by the end of the year, "
    "the harbour board said in a statement published on its website after a meeting.\n"
    "The board said that the cost of the work, about two million pounds, would be shared with "
    "the town council and that the path along the wall would stay open to walkers.\n"
)


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    pipe = Pipeline(Config())
    # What the tests below rely on: ARTICLE loses lines, CLEAN_TEXT loses none.
    assert pipe.run(decode(ARTICLE.encode("utf-8"))).removed
    assert not pipe.run(decode(CLEAN_TEXT.encode("utf-8"))).removed
    return pipe


def expected(pipe: Pipeline, data: bytes) -> bytes:
    return pipe.run(decode(data)).text.encode("utf-8")


def invoke(args: list[str], code: int = 0, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False, env=env)
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def make_tree(root: Path) -> Path:
    src = root / "src"
    files = {
        "a.txt": ARTICLE,
        "clean.txt": CLEAN_TEXT,
        "sub/b.txt": ARTICLE.replace("budget", "plan"),
        "sub/deeper/c.txt": ARTICLE.replace("Tuesday", "Friday"),
        "drafts/d.txt": ARTICLE,
        "notes.md": ARTICLE,
        ".hidden.txt": ARTICLE,
        ".git/x.txt": ARTICLE,
    }
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    return src


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != batch.JOURNAL
    }


def outputs(dest: Path) -> set[str]:
    return {str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file() and p.name != batch.JOURNAL}


def read_report(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert len({e["path"] for e in entries}) == len(entries)
    return {e["path"]: e for e in entries}


# ------------------------------------------------------------------------------ mirroring


def test_mirrors_the_tree_and_cleans_like_clean(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    before = snapshot(src)
    dest = tmp_path / "out"
    result = invoke([str(src), str(dest), "-j", "1"])
    assert outputs(dest) == {"a.txt", "clean.txt", "sub/b.txt", "sub/deeper/c.txt", "drafts/d.txt"}
    for rel in outputs(dest):
        assert (dest / rel).read_bytes() == expected(pipe, (src / rel).read_bytes()), rel
    assert (dest / "a.txt").read_bytes() != (src / "a.txt").read_bytes()
    assert (dest / "clean.txt").read_bytes() == (src / "clean.txt").read_bytes()  # unchanged, still mirrored
    assert snapshot(src) == before, "SRC was written"
    assert result.stdout == ""
    assert "cleaned" in result.stderr and "unchanged" in result.stderr


def test_parallel_run_gives_the_same_outputs(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    invoke([str(src), str(tmp_path / "one"), "-j", "1", "-q"])
    invoke([str(src), str(tmp_path / "two"), "-j", "2", "-q"])
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    for rel in outputs(tmp_path / "one"):
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def test_glob_and_exclude(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    invoke([str(src), str(tmp_path / "md"), "--glob", "**/*.md", "-q"])
    assert outputs(tmp_path / "md") == {"notes.md"}
    invoke([str(src), str(tmp_path / "top"), "--glob", "sub/*.txt", "--glob", "clean.txt", "-q"])
    assert outputs(tmp_path / "top") == {"sub/b.txt", "clean.txt"}
    invoke([str(src), str(tmp_path / "ex"), "--exclude", "drafts/**", "--exclude", "deeper", "--exclude", "a.txt", "-q"])
    assert outputs(tmp_path / "ex") == {"clean.txt", "sub/b.txt"}


@pytest.mark.parametrize(
    "pattern, path, hit",
    [
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "x/y/a.txt", True),
        ("**/*.txt", "a.md", False),
        ("*.txt", "x/a.txt", True),  # no '/': a name at any depth
        ("x/*.txt", "x/y/a.txt", False),
        ("x/**/*.txt", "x/a.txt", True),
        ("drafts/**", "drafts/", True),  # a folder's path ends with '/'
        ("drafts/**", "drafts/a/b.txt", True),
        ("page-[0-9].txt", "page-7.txt", True),
        ("page-[!0-9].txt", "page-7.txt", False),
        ("a?.txt", "ab.txt", True),
        ("a?.txt", "a/.txt", False),
        # as in .gitignore: a leading '/' anchors at the top, a trailing '/' takes folders
        # only, a folder that matches covers what it holds
        ("/a.txt", "a.txt", True),
        ("/a.txt", "x/a.txt", False),
        ("drafts/", "x/drafts/", True),
        ("drafts/", "drafts", False),
        ("drafts", "x/drafts/a/b.txt", True),
        ("news/*", "news/x/a.txt", True),
        (r"\#a.txt", "#a.txt", True),  # a bare '#' opens a comment
    ],
)
def test_glob_spec(pattern: str, path: str, hit: bool) -> None:
    assert walk.glob_spec([pattern]).match_file(path) is hit


def test_glob_negation_takes_back() -> None:
    # the last pattern that matches decides; a folder pattern ('!drafts/') would not take
    # back a file that '**/*.txt' names itself (git's rule), 'drafts/**' does
    spec = walk.glob_spec(["**/*.txt", "!*.gold.txt", "!drafts/**", "drafts/keep.txt"])
    assert [spec.match_file(p) for p in ("a.txt", "x/a.gold.txt", "drafts/b.txt", "drafts/keep.txt")] == [True, False, False, True]


def test_hidden_files_are_skipped_unless_asked(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    invoke([str(src), str(tmp_path / "plain"), "-q"])
    assert not any(part.startswith(".") for rel in outputs(tmp_path / "plain") for part in Path(rel).parts)
    invoke([str(src), str(tmp_path / "all"), "--hidden", "-q"])
    assert {".hidden.txt", ".git/x.txt"} <= outputs(tmp_path / "all")


@pytest.mark.parametrize(
    "where, message",
    [("same", "same folder"), ("inside", "inside SRC"), ("parent", "contains SRC")],
)
def test_dest_overlapping_src_is_refused(tmp_path: Path, where: str, message: str) -> None:
    src = make_tree(tmp_path)
    dest = {"same": src, "inside": src / "sub" / "out", "parent": tmp_path}[where]
    before = snapshot(src)
    result = invoke([str(src), str(dest)], code=EXIT_USAGE)
    assert message in result.stderr and result.stderr.startswith("cleaner: error:")
    assert snapshot(src) == before


@pytest.mark.parametrize(
    "args",
    [
        ["SRC"],  # no DEST
        ["SRC", "DEST", "--in-place"],
        ["SRC", "DEST", "--backup", ".orig"],
        ["SRC", "DEST", "--repeats-min-docs", "2"],
        ["SRC", "DEST", "-j", "0"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    src = make_tree(tmp_path)
    real = [str(src) if a == "SRC" else str(tmp_path / "out") if a == "DEST" else a for a in args]
    invoke(real, code=EXIT_USAGE)
    assert not (tmp_path / "out").exists()


def test_bad_rule_selection_exits_2(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    result = invoke([str(src), str(tmp_path / "out"), "--select", "no-such-rule"], code=EXIT_USAGE)
    assert "no-such-rule" in result.stderr


# -------------------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    st = journal.write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n" and st.st_size == 4
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["f.txt"]

    def fail(a: str, b: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        journal.write_atomic(target, b"newer\n")
    assert target.read_bytes() == b"new\n"
    assert os.listdir(tmp_path) == ["f.txt"], "the temporary file was left behind"


def test_outputs_are_renamed_into_place_not_overwritten(tmp_path: Path) -> None:
    """A hard link to an old output keeps the old bytes: the new output is a new file."""
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    invoke([str(src), str(dest), "-q"])
    os.link(dest / "a.txt", tmp_path / "old-a.txt")
    (dest / "a.txt").write_bytes(b"stale\n")  # changed behind our back: the journal no longer matches
    invoke([str(src), str(dest), "-q"])
    assert (tmp_path / "old-a.txt").read_bytes() == b"stale\n"
    assert (dest / "a.txt").read_bytes() != b"stale\n"
    assert not list(dest.rglob("*.cleaner-tmp"))


def test_leftover_temporary_files_are_swept(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    (dest / "sub").mkdir(parents=True)
    leftover = dest / "sub" / ".b.txt.1234-deadbeef.cleaner-tmp"
    leftover.write_bytes(b"half a fi")
    invoke([str(src), str(dest), "-q"])
    assert not leftover.exists()


def test_a_locked_dest_is_refused(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    dest.mkdir()
    fd = os.open(dest, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = invoke([str(src), str(dest)], code=EXIT_USAGE)
        assert "another 'cleaner batch'" in result.stderr
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------------- resume


def test_second_run_skips_what_is_done_and_redoes_what_changed(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    invoke([str(src), str(dest), "-q"])
    first = snapshot(dest)
    invoke([str(src), str(dest), "-q", "--report", str(tmp_path / "r1.jsonl")])
    assert snapshot(dest) == first, "an up-to-date output was rewritten"
    report = read_report(tmp_path / "r1.jsonl")
    assert {e["status"] for e in report.values()} == {"skipped"}
    assert {e["reason"] for e in report.values()} == {"up to date"}

    time.sleep(0.01)
    (src / "a.txt").write_text(ARTICLE + "More text.\n", encoding="utf-8")
    invoke([str(src), str(dest), "-q", "--report", str(tmp_path / "r2.jsonl")])
    report = read_report(tmp_path / "r2.jsonl")
    assert report["a.txt"]["status"] == "cleaned"
    assert report["sub/b.txt"]["status"] == "skipped"

    # Other rules: everything is redone.
    invoke([str(src), str(dest), "-q", "--ignore", "repeated", "--report", str(tmp_path / "r3.jsonl")])
    report = read_report(tmp_path / "r3.jsonl")
    assert "skipped" not in {e["status"] for e in report.values()}

    # --force redoes everything even with the same rules.
    invoke([str(src), str(dest), "-q", "--ignore", "repeated", "--force", "--report", str(tmp_path / "r4.jsonl")])
    assert "skipped" not in {e["status"] for e in read_report(tmp_path / "r4.jsonl").values()}


def test_an_output_changed_or_deleted_by_hand_is_redone(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    invoke([str(src), str(dest), "-q"])
    (dest / "sub/b.txt").unlink()
    (dest / "a.txt").write_bytes(b"x")
    invoke([str(src), str(dest), "-q"])
    for rel in ("a.txt", "sub/b.txt"):
        assert (dest / rel).read_bytes() == expected(pipe, (src / rel).read_bytes())


def test_a_journal_cut_short_is_read(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    dest = tmp_path / "out"
    invoke([str(src), str(dest), "-q"])
    with open(dest / batch.JOURNAL, "a", encoding="utf-8") as fh:
        fh.write('["sub/b.txt", "abc", 12')  # what SIGKILL in the middle of a write leaves
    invoke([str(src), str(dest), "-q", "--report", str(tmp_path / "r.jsonl")])
    assert {e["status"] for e in read_report(tmp_path / "r.jsonl").values()} == {"skipped"}


def _signal_tree(root: Path, pipe: Pipeline, n: int = 400) -> tuple[Path, dict[str, bytes]]:
    """Many small files from a few templates (so the expected outputs are cheap)."""
    src = root / "src"
    templates = [
        ARTICLE,
        CLEAN_TEXT,
        ARTICLE.replace("Advertisement", "Read more"),
        "Advertisement\n" + CLEAN_TEXT + "Share this article\n",
    ]
    want_by_template = [expected(pipe, t.encode("utf-8")) for t in templates]
    want: dict[str, bytes] = {}
    for i in range(n):
        rel = f"d{i % 7}/f{i:04d}.txt"
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(templates[i % len(templates)], encoding="utf-8")
        want[rel] = want_by_template[i % len(templates)]
    return src, want


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: signal.Signals(s).name)
def test_killed_mid_run_then_resumed(tmp_path: Path, pipe: Pipeline, sig: int) -> None:
    """A real run in a subprocess, stopped by a real signal once some outputs exist; no
    output is partial, and the next run finishes the job with the same result as the
    pipeline gives file by file (which an uninterrupted run gives, see the first test)."""
    src, want = _signal_tree(tmp_path, pipe)
    dest = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "batch", str(src), str(dest), "-j", "2", "--report", str(tmp_path / "r.jsonl")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    journal_path = dest / batch.JOURNAL
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if journal_path.exists() and journal_path.read_text(encoding="utf-8").count("\n") > 3:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode in ({-sig} if sig == signal.SIGKILL else {128 + sig}), (proc.returncode, err)
    if sig != signal.SIGKILL:
        assert b"run the same command again to resume" in err
        assert not (tmp_path / "r.jsonl").exists(), "a half report was left"
    time.sleep(0.2)  # the workers of a SIGKILLed run get SIGTERM and exit
    done = outputs(dest)
    assert 0 < len(done) < len(want), "the signal did not land mid-run"
    for rel in done:
        assert (dest / rel).read_bytes() == want[rel], f"{rel} is partial"

    result = invoke([str(src), str(dest), "-j", "2", "--report", str(tmp_path / "r.jsonl")])
    assert result.exit_code == EXIT_OK
    report = read_report(tmp_path / "r.jsonl")
    assert len(report) == len(want)
    assert "skipped" in {e["status"] for e in report.values()}, "nothing was resumed"
    if sig != signal.SIGKILL:  # every file written before the stop was journaled: none is redone
        assert {rel for rel, e in report.items() if e["status"] == "skipped"} == done
    assert outputs(dest) == set(want)
    for rel, data in want.items():
        assert (dest / rel).read_bytes() == data, rel
    assert not list(tmp_path.rglob("*.cleaner-tmp"))


def _check_resumed(tmp_path: Path, pipe: Pipeline, src: Path, dest: Path, want: dict[str, bytes], jobs: int) -> None:
    """After a run stopped mid-way: every output in DEST was journaled, so the next run
    redoes none of them and does all the others."""
    written = outputs(dest)
    assert 0 < len(written) < len(want), "the signal did not land mid-run"
    journaled = {json.loads(line)[0] for line in (dest / batch.JOURNAL).read_text(encoding="utf-8").splitlines()[1:]}
    assert journaled == written

    second = batch.run(src, dest, pipe, batch.Settings(jobs=jobs, report=tmp_path / "r.jsonl"))
    assert second.interrupted is None
    report = read_report(tmp_path / "r.jsonl")
    assert {rel for rel, e in report.items() if e["status"] == "skipped"} == written
    assert {rel for rel, e in report.items() if e["status"] != "skipped"} == set(want) - written
    for rel, data in want.items():
        assert (dest / rel).read_bytes() == data, rel


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_run_journals_every_file_it_wrote(tmp_path: Path, pipe: Pipeline, jobs: int) -> None:
    """batch.run under the command's signal handling, stopped by a real SIGINT once the
    first result is in (with two workers, other chunks are then half done): every output
    in DEST was journaled, so the next run redoes none of them and does all the others."""
    from cleaner.cli.common import stop_on_signals

    src, want = _signal_tree(tmp_path, pipe, n=200)
    dest = tmp_path / "out"

    sent = []

    def progress(phase: str, done: int, *_: int) -> None:
        if phase == "cleaning" and done and not sent:  # once: a second signal stops at once
            sent.append(os.kill(os.getpid(), signal.SIGINT))

    with stop_on_signals() as stop:
        first = batch.run(src, dest, pipe, batch.Settings(jobs=jobs), progress=progress, stop=stop)
    assert first.interrupted == signal.SIGINT
    _check_resumed(tmp_path, pipe, src, dest, want, jobs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_library_run_stops_when_asked(tmp_path: Path, pipe: Pipeline, jobs: int) -> None:
    """A library caller stops a run through its Stop, no signal involved: the run ends
    at the same safe point, says which signal the request named, and resumes."""
    src, want = _signal_tree(tmp_path, pipe, n=200)
    dest = tmp_path / "out"
    stop = batch.Stop()

    def progress(phase: str, done: int, *_: int) -> None:
        if phase == "cleaning" and done:
            stop.request(signal.SIGTERM)

    first = batch.run(src, dest, pipe, batch.Settings(jobs=jobs), progress=progress, stop=stop)
    assert first.interrupted == signal.SIGTERM and first.exit_code == 128 + signal.SIGTERM
    _check_resumed(tmp_path, pipe, src, dest, want, jobs)


@pytest.mark.parametrize("when", ["counting", "collecting"])
def test_learn_stops_when_asked(tmp_path: Path, pipe: Pipeline, when: str) -> None:
    """``learn`` (the library's) takes a Stop too: asked during the first pass or once it
    is over (the second pass reads the files again), it raises Interrupted with the
    signal named, and learns nothing."""
    src, _ = _signal_tree(tmp_path, pipe, n=40)
    stop = pool.Stop()

    def progress(phase: str, done: int, total: int, *_: int) -> None:
        if done and (done == total or when == "counting"):
            stop.request(signal.SIGTERM)

    with pytest.raises(pool.Interrupted) as info:
        pool.learn(src, repeats.RepeatParams(), [], jobs=1, progress=progress, stop=stop)
    assert info.value.signum == signal.SIGTERM


def _journal_full_as_interrupted(monkeypatch: pytest.MonkeyPatch, interrupt: Callable[[], None]) -> None:
    """The journal's writes of files fail as on a full disk, the first just as an
    interrupt lands (once: a second SIGINT would stop at once); its header, written when
    it opens, goes through."""
    real = journal.Journal.flush
    interrupted: list[bool] = []

    def flush(self: journal.Journal) -> None:
        if not self.records:
            return real(self)
        if not interrupted:
            interrupted.append(True)
            interrupt()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal.Journal, "flush", flush)


def test_an_interrupt_whose_journal_cannot_be_written_still_exits_as_interrupted(tmp_path: Path, pipe: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stop under way when the journal cannot be written ends as the stop asked (130,
    not 3), saying that the files the journal misses are cleaned again on resuming."""
    src, want = _signal_tree(tmp_path, pipe, n=20)
    dest = tmp_path / "out"
    stop = batch.Stop()
    _journal_full_as_interrupted(monkeypatch, stop.request)
    report = batch.run(src, dest, pipe, batch.Settings(jobs=1), stop=stop)
    assert report.interrupted == signal.SIGINT and report.exit_code == 130
    assert report.fatal == f"{dest / batch.JOURNAL}: cannot write the journal: No space left on device; the files it misses are cleaned again when the run resumes"
    assert outputs(dest)  # the file in hand was written, not journaled
    monkeypatch.undo()
    again = batch.run(src, dest, pipe, batch.Settings(jobs=1))
    assert again.exit_code == EXIT_OK and again.files["cleaned"] + again.files["unchanged"] == len(want)
    assert {rel: (dest / rel).read_bytes() for rel in outputs(dest)} == want


def test_the_command_says_the_journal_was_not_saved_and_exits_130(tmp_path: Path, pipe: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through ``cleaner batch`` and a real SIGINT: exit 130, the journal's line
    and the resume hint on stderr."""
    src, _ = _signal_tree(tmp_path, pipe, n=20)
    _journal_full_as_interrupted(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGINT))
    result = invoke([str(src), str(tmp_path / "out"), "-j", "1", "-q"], code=130)
    assert result.stderr.splitlines() == [
        f"cleaner: error: {tmp_path / 'out' / batch.JOURNAL}: cannot write the journal: No space left on device; the files it misses are cleaned again when the run resumes",
        "cleaner: error: interrupted by SIGINT: run the same command again to resume",
    ]


def test_a_stop_asked_before_the_run_writes_nothing(tmp_path: Path, pipe: Pipeline) -> None:
    src, _ = _signal_tree(tmp_path, pipe, n=20)
    stop = batch.Stop()
    stop.request()
    report = batch.run(src, tmp_path / "out", pipe, batch.Settings(jobs=1), stop=stop)
    assert report.interrupted == signal.SIGINT
    assert not outputs(tmp_path / "out")


# -------------------------------------------------------------------------------- bad files


def test_bad_files_are_reported_and_the_rest_are_cleaned(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    (src / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00 zip data")
    (src / "latin1.txt").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "broken.txt").symlink_to("missing.txt")
    (src / "sub" / "again").symlink_to("..")
    report_path = tmp_path / "r.jsonl"
    result = invoke([str(src), str(tmp_path / "out"), "--follow-symlinks", "--report", str(report_path)], code=EXIT_FAILED)
    report = read_report(report_path)
    failed = {path: e["error"] for path, e in report.items() if e["status"] == "failed"}
    assert set(failed) == {"binary.txt", "latin1.txt", "loop.txt", "broken.txt", "sub/again"}
    assert "NUL byte" in failed["binary.txt"]
    assert "invalid UTF-8" in failed["latin1.txt"]
    assert "loop" in failed["loop.txt"] and "loop" in failed["sub/again"]
    assert "broken symbolic link" in failed["broken.txt"]
    for path, reason in failed.items():  # in the summary too, path and reason
        assert path in result.stderr and reason.split(" (")[0][:30] in " ".join(result.stderr.split())
    assert report["a.txt"]["status"] == "cleaned"
    assert (tmp_path / "out" / "sub/deeper/c.txt").read_bytes() == expected(pipe, (src / "sub/deeper/c.txt").read_bytes())
    # --encoding-errors replace rescues the Latin-1 file.
    invoke([str(src), str(tmp_path / "out2"), "--encoding-errors", "replace", "--report", str(report_path), "-q"], code=EXIT_FAILED)
    assert read_report(report_path)["latin1.txt"]["status"] == "unchanged"


def test_unreadable_and_vanished_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_tree(tmp_path)
    real_walk = batch.walk

    def walk_with_a_ghost(*args, **kwargs):  # type: ignore[no-untyped-def]
        yield from real_walk(*args, **kwargs)
        yield walk.Entry("ghost.txt", 10, 0)  # listed, then gone before it is read

    real_open = os.open

    def deny(path, flags, *rest):  # type: ignore[no-untyped-def]
        if str(path).endswith("clean.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *rest)

    monkeypatch.setattr(batch, "walk", walk_with_a_ghost)
    monkeypatch.setattr(os, "open", deny)
    result = invoke([str(src), str(tmp_path / "out"), "-j", "1", "--report", str(tmp_path / "r.jsonl")], code=EXIT_FAILED)
    report = read_report(tmp_path / "r.jsonl")
    assert report["ghost.txt"] == {"path": "ghost.txt", "status": "failed", "error": "no such file (it vanished during the run)"}
    assert report["clean.txt"]["error"] == "permission denied"
    assert report["a.txt"]["status"] == "cleaned"
    assert "ghost.txt" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    os.chmod(src / "clean.txt", 0)
    try:
        invoke([str(src), str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"), "-q"], code=EXIT_FAILED)
    finally:
        os.chmod(src / "clean.txt", 0o644)
    assert read_report(tmp_path / "r.jsonl")["clean.txt"]["error"] == "permission denied"


@pytest.mark.skipif(pool.start_method() != "fork", reason="the patch reaches the workers by fork")
def test_a_crashing_worker_fails_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_tree(tmp_path)
    (src / "boom.txt").write_text(ARTICLE, encoding="utf-8")
    parent = os.getpid()
    real = worker._clean_one

    def crash_on_boom(rel: str):  # type: ignore[no-untyped-def]
        if rel == "boom.txt" and os.getpid() != parent:
            os._exit(9)  # as if the OOM killer struck
        return real(rel)

    monkeypatch.setattr(worker, "_clean_one", crash_on_boom)  # inherited by the forked workers
    invoke([str(src), str(tmp_path / "out"), "-j", "2", "--report", str(tmp_path / "r.jsonl"), "-q"], code=EXIT_FAILED)
    report = read_report(tmp_path / "r.jsonl")
    assert report["boom.txt"]["status"] == "failed" and "worker process died" in report["boom.txt"]["error"]
    assert {p for p, e in report.items() if e["status"] == "failed"} == {"boom.txt"}
    assert outputs(tmp_path / "out") == {"a.txt", "clean.txt", "sub/b.txt", "sub/deeper/c.txt", "drafts/d.txt"}


def test_symlinks_are_skipped_unless_followed(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    (src / "link.txt").symlink_to("a.txt")
    (src / "linked-dir").symlink_to("sub")
    result = invoke([str(src), str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl")])
    report = read_report(tmp_path / "r.jsonl")
    assert report["link.txt"] == {"path": "link.txt", "status": "skipped", "reason": "symbolic link, not followed (use WalkOptions.follow_symlinks)"}
    assert report["linked-dir"]["status"] == "skipped"
    assert "link.txt" not in outputs(tmp_path / "out")
    summary = " ".join(result.stderr.split())  # the table may wrap the line
    assert "1 symbolic link, not followed (use --follow-symlinks)" in summary and "WalkOptions" not in summary
    invoke([str(src), str(tmp_path / "followed"), "--follow-symlinks", "-q"])
    got = outputs(tmp_path / "followed")
    assert {"link.txt", "linked-dir/b.txt", "linked-dir/deeper/c.txt"} <= got
    assert not (tmp_path / "followed" / "link.txt").is_symlink()


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems require UTF-8 names")
def test_a_file_name_that_is_not_utf8(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: a surrogate escape in Python
    (src / name).write_text(ARTICLE, encoding="utf-8")
    dest = tmp_path / "out"
    invoke([str(src), str(dest), "--report", str(tmp_path / "r.jsonl")])  # the summary too
    assert (dest / name).read_bytes() == expected(pipe, ARTICLE.encode("utf-8"))
    report = read_report(tmp_path / "r.jsonl")
    assert report[name]["status"] == "cleaned"
    invoke([str(src), str(dest), "--report", str(tmp_path / "r.jsonl"), "-q"])
    assert read_report(tmp_path / "r.jsonl")[name]["status"] == "skipped"  # the journal read it back


# --------------------------------------------------------------------------------- in place


def test_in_place_without_backup(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    originals = {rel: (src / rel).read_bytes() for rel in ("a.txt", "clean.txt", "sub/b.txt")}
    clean_mtime = (src / "clean.txt").stat().st_mtime_ns
    invoke([str(src), "--in-place", "-q"])
    for rel, data in originals.items():
        assert (src / rel).read_bytes() == expected(pipe, data)
    assert (src / "clean.txt").stat().st_mtime_ns == clean_mtime, "an unchanged file was rewritten"
    assert (src / "notes.md").read_bytes() == ARTICLE.encode("utf-8")
    assert not list(src.rglob("*.cleaner-tmp")) and not list(src.rglob("*.orig"))
    # Again: nothing left to do (cleaning the cleaned text again is not attempted).
    result = invoke([str(src), "--in-place", "--report", str(tmp_path / "r.jsonl")])
    assert {e["status"] for e in read_report(tmp_path / "r.jsonl").values()} == {"skipped"}
    assert "up to date" in result.stderr


def test_in_place_with_backup(tmp_path: Path, pipe: Pipeline) -> None:  # noqa: ARG001 (pipe checks the texts)
    src = make_tree(tmp_path)
    original = (src / "a.txt").read_bytes()
    invoke([str(src), "--in-place", "--backup", ".orig.txt", "-q"])
    assert (src / "a.txt.orig.txt").read_bytes() == original
    assert (src / "a.txt").read_bytes() == expected(pipe, original)
    assert not (src / "clean.txt.orig.txt").exists(), "an unchanged file needs no backup"
    # The backups match the glob but are never cleaned; an existing backup is kept.
    (src / "a.txt").write_text(ARTICLE.replace("budget", "deal"), encoding="utf-8")
    invoke([str(src), "--in-place", "--backup", ".orig.txt", "--report", str(tmp_path / "r.jsonl"), "-q"])
    assert (src / "a.txt.orig.txt").read_bytes() == original
    assert not any(p.endswith(".orig.txt") for p in read_report(tmp_path / "r.jsonl"))


# ------------------------------------------------------------------- report, progress, summary


def test_jsonl_report_schema(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    (src / "binary.txt").write_bytes(b"\x00\x01")
    (src / "link.txt").symlink_to("a.txt")
    report_path = tmp_path / "report.jsonl"
    invoke([str(src), str(tmp_path / "out"), "--report", str(report_path), "-q"], code=EXIT_FAILED)
    report = read_report(report_path)
    assert set(report) == {"a.txt", "clean.txt", "sub/b.txt", "sub/deeper/c.txt", "drafts/d.txt", "binary.txt", "link.txt"}
    for path, e in report.items():
        assert e["path"] == path and e["status"] in {"cleaned", "unchanged", "skipped", "failed"}
        if e["status"] in ("cleaned", "unchanged"):
            assert isinstance(e["lines_in"], int) and isinstance(e["lines_out"], int)
            assert e["lines_out"] == e["lines_in"] - len(e["removed"])
            for r in e["removed"]:
                assert {"line", "text", "rule", "category", "reasons"} <= set(r)
                assert isinstance(r["line"], int) and r["line"] >= 1
                assert all({"rule", "category", "strength"} <= set(v) for v in r["reasons"])
        elif e["status"] == "failed":
            assert set(e) == {"path", "status", "error"}
        else:
            assert set(e) == {"path", "status", "reason"}
    a = report["a.txt"]
    assert a["status"] == "cleaned" and a["removed"]
    # Same entry as `clean --report` (same schema, shared code), path aside.
    single = FileReport.of("a.txt", Pipeline(Config()).run(decode((src / "a.txt").read_bytes()))).to_json()
    assert a == json.loads(json.dumps(single))


def test_plain_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    result = invoke([str(src), str(tmp_path / "out"), "--progress-every", "0"])
    lines = [line for line in result.stderr.splitlines() if line.startswith("cleaner: cleaning")]
    assert lines and lines[-1].startswith("cleaner: cleaning 5/5 files (100%)")
    assert "MB/s" in lines[-1] and "ETA" in lines[-1]


def test_rich_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    result = invoke([str(src), str(tmp_path / "out")], env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"})
    assert "5/5 files" in result.stderr and "━" in result.stderr
    assert "cleaner: cleaning" not in result.stderr


def test_quiet_prints_nothing_but_failures(tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    assert invoke([str(src), str(tmp_path / "out"), "-q"]).stderr == ""
    (src / "binary.txt").write_bytes(b"\x00")
    result = invoke([str(src), str(tmp_path / "out2"), "-q"], code=EXIT_FAILED)
    assert result.stderr.startswith("cleaner: error: binary.txt: binary data")
    assert len(result.stderr.splitlines()) == 1


def test_summary_table(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    (src / "binary.txt").write_bytes(b"\x00")
    result = invoke([str(src), str(tmp_path / "out")], code=EXIT_FAILED)
    err = result.stderr
    top = Pipeline(Config()).run(decode(ARTICLE.encode("utf-8"))).removed[0]
    for word in ("cleaned", "unchanged", "skipped", "failed", "Removed by category", "Rules that fired most", top.category, top.rule_id, "binary.txt", "MB/s", "files/s"):
        assert word in err, word
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in err.splitlines() if line.count("│") >= 3}
    assert rows["cleaned"] == "4" and rows["unchanged"] == "1" and rows["failed"] == "1"


def test_library_run_returns_the_counts(tmp_path: Path, pipe: Pipeline) -> None:
    src = make_tree(tmp_path)
    seen: list[tuple] = []
    report = batch.run(src, tmp_path / "out", pipe, batch.Settings(jobs=1), progress=lambda *a: seen.append(a))
    assert report.files["cleaned"] == 4 and report.files["unchanged"] == 1
    assert report.exit_code == EXIT_OK and report.lines_out < report.lines_in
    results = [pipe.run(decode((src / rel).read_bytes())) for rel in ("a.txt", "clean.txt", "sub/b.txt", "sub/deeper/c.txt", "drafts/d.txt")]
    by_category: dict[str, int] = {}
    for result in results:
        for r in result.removed:
            by_category[r.category] = by_category.get(r.category, 0) + 1
    assert {cat: lines for cat, (lines, _) in report.removed.items()} == by_category
    assert sum(report.rules.values()) == sum(by_category.values())
    assert seen[-1][:3] == ("cleaning", 5, 5)


def test_report_file_is_written_like_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report goes through the one atomic writer: no temporary file is left, and it
    gets the permissions the umask gives a new file (as a cleaned file does), and a
    report that it replaces keeps its own."""
    from cleaner import files

    monkeypatch.setattr(files, "_UMASK", [0o027])  # (the writer reads the umask once)
    src = make_tree(tmp_path)
    report_path = tmp_path / "report.jsonl"
    invoke([str(src), str(tmp_path / "out"), "-q", "--report", str(report_path)])
    assert report_path.stat().st_mode & 0o777 == 0o640
    os.chmod(report_path, 0o604)
    invoke([str(src), str(tmp_path / "out2"), "-q", "--report", str(report_path)])
    assert report_path.stat().st_mode & 0o777 == 0o604
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert "a.txt" in read_report(report_path)


def test_report_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As with clean: batch writes to DEST, so stdout is free for the report."""
    monkeypatch.chdir(tmp_path)
    src = make_tree(tmp_path)
    invoke([str(src), str(tmp_path / "ref"), "-q", "--report", str(tmp_path / "ref.jsonl")])
    result = invoke([str(src), str(tmp_path / "out"), "-q", "--report", "-"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [json.loads(line) for line in (tmp_path / "ref.jsonl").read_text(encoding="utf-8").splitlines()]
    key = lambda e: e["path"]  # noqa: E731 (workers finish in any order)
    assert sorted(lines, key=key) == sorted(expected, key=key)
    assert not (tmp_path / "-").exists()


def test_workers_get_the_loaded_rules_not_the_files(tmp_path: Path) -> None:
    """A rule file is read and checked once, in the main process: the workers get its
    rules (checking a file of many patterns costs about a second, in each worker)."""
    rules = tmp_path / "zt.toml"
    rules.write_text(
        'category = "zt"\n[[rule]]\nname = "box"\nkind = "line"\ndescription = "A box."\n'
        'phrases.any = ["zqx box"]\nexamples.remove = ["Zqx box"]\nexamples.keep = ["A zqx box story."]\n', encoding="utf-8")
    pipe = Pipeline(Config(rule_files=(rules,)))
    rules.unlink()  # a worker that read the file again would fail
    again = Pipeline(pipe.config, rules=pipe.loaded)
    assert [r.id for r in again.rules] == [r.id for r in pipe.rules] and again.fingerprint == pipe.fingerprint


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("how", ["finished", "interrupted", "bad setup"])
def test_library_run_leaves_the_callers_signal_handlers_alone(tmp_path: Path, pipe: Pipeline, how: str, jobs: int) -> None:
    """A program that uses batch.run keeps its own SIGINT and SIGTERM handlers, during the
    run and after it, whether it finishes, is interrupted or refuses; its handler stops
    the run through the run's Stop, as the module's docstring shows."""
    src = make_tree(tmp_path)
    stop = batch.Stop()
    heard: list[int] = []

    def on_sigint(signum: int, frame: object) -> None:
        heard.append(signum)
        stop.request(signum)

    mine = {signal.SIGINT: on_sigint, signal.SIGTERM: lambda signum, frame: None}
    before = {sig: signal.signal(sig, handler) for sig, handler in mine.items()}
    seen: list[bool] = []

    def progress(*args) -> None:  # type: ignore[no-untyped-def]
        seen.append({sig: signal.getsignal(sig) for sig in mine} == mine)  # the caller's own, meanwhile
        if how == "interrupted" and not heard:
            os.kill(os.getpid(), signal.SIGINT)

    try:
        if how == "bad setup":
            with pytest.raises(batch.BatchError):
                batch.run(src, src / "sub", pipe, batch.Settings(jobs=jobs), stop=stop)  # DEST inside SRC
        else:
            report = batch.run(src, tmp_path / "out", pipe, batch.Settings(jobs=jobs), progress=progress, stop=stop)
            assert report.interrupted == (signal.SIGINT if how == "interrupted" else None)
            assert seen and all(seen)
            assert heard == ([signal.SIGINT] if how == "interrupted" else [])
        assert {sig: signal.getsignal(sig) for sig in mine} == mine
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
