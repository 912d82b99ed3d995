"""The installed ``cleaner`` console script and ``python -m cleaner`` as real processes with
real pipes: what CliRunner cannot show (bytes on a real stdout, a reader that goes away,
a huge line)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner

from conftest import PROSE, article, cpu_limit

TIMEOUT = 60  # generous: a slow CI machine, not a performance assertion
DIRTY = article("zqx strong marker")
CLEAN = article()


@pytest.fixture(scope="module")
def exe() -> list[str]:
    path = shutil.which("cleaner")
    assert path is not None, "the 'cleaner' console script is not installed (pip install -e .)"
    return [path]


COMMANDS = ["script", "module"]


@pytest.fixture(params=COMMANDS)
def command(request, exe: list[str]) -> list[str]:
    return exe if request.param == "script" else [sys.executable, "-m", "cleaner"]


def run(args: list[str], data: bytes = b"", **kw) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT, **kw)


def test_pipe_in_and_out(command: list[str], rule_files) -> None:
    zt, _ = rule_files
    data = ("\ufeff" + DIRTY.replace("\n", "\r\n")).encode("utf-8")
    proc = run([*command, "clean", "--rules", str(zt), "--select", "zt"], data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("\ufeff" + CLEAN.replace("\n", "\r\n")).encode("utf-8")
    assert proc.stderr == b""


def test_binary_input_exit_3_with_one_line(exe: list[str]) -> None:
    proc = run([*exe, "clean"], bytes(range(256)) * 4)  # a file argument: see test_cli.py
    assert proc.returncode == 3
    assert proc.stdout == b""
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0] == "cleaner: error: <stdin>: binary data (NUL byte at offset 0); cleaner reads UTF-8 text"


CPU_GUARD = 300  # CPU seconds (about 12 on the 2-core dev machine): a hang guard that load cannot trip
HEADROOM = 200 * 2**20  # bytes of peak memory beside the input's multiple: the interpreter and its imports


def test_a_50_mb_single_line_finishes_in_bounded_memory(exe: list[str], tmp_path: Path) -> None:
    """A huge line is read, cleaned and written whole, in memory proportional to it.

    The bounds are on CPU time and peak memory of the child alone (``os.wait4``), not on
    the wall clock, which a busy machine stretches; speed is benchmarks/hostile.py's job."""
    big = tmp_path / "big.txt"
    line = b"word " * 10_000_000 + b"\n"  # 50 MB, one line
    big.write_bytes(line)
    out = tmp_path / "out.txt"
    with subprocess.Popen([*exe, "clean", "-o", str(out), str(big)], stdin=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, preexec_fn=cpu_limit(CPU_GUARD)) as proc:
        assert proc.stderr is not None
        stderr = proc.stderr.read()  # one note: it cannot fill the pipe
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, (proc.returncode, stderr[-2000:])
    # one note says why nothing could be removed (issue 11), nothing else
    assert stderr.decode().splitlines() == [
        f"cleaner: note: {big}: the text is one line of {len(line) - 1:,} characters with no structure: "
        "cleaner removes whole lines, so it kept or removed it whole; split it into paragraphs first"
    ]
    assert out.stat().st_size == len(line)  # nothing to remove in it, nothing lost
    with out.open("rb") as fh:
        assert fh.read(100) == line[:100]
    peak = usage.ru_maxrss * 1024  # Linux reports kilobytes
    assert peak < 30 * len(line) + HEADROOM, f"peak memory {peak / 2**20:.0f} MiB for a {len(line) / 2**20:.0f} MiB line"


def _into_a_closed_pipe(args: list[str]) -> tuple[bytes, int]:
    """Run ``args`` with stdout a pipe whose reader is already gone (``| head`` once it
    has read enough): every write to stdout fails with EPIPE. Returns stderr and the exit code."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(args, stdout=write_end, stderr=subprocess.PIPE, timeout=TIMEOUT)
    finally:
        os.close(write_end)
    return proc.stderr, proc.returncode


def test_a_reader_that_goes_away_ends_the_run_quietly(exe: list[str], tmp_path: Path) -> None:
    # `cleaner clean big.txt | head -c 100`: the code catches BrokenPipeError on stdout,
    # points stdout at /dev/null and exits 0.
    big = tmp_path / "big.txt"
    big.write_text(("\n\n".join(PROSE) + "\n\n") * 150)
    stderr, code = _into_a_closed_pipe([*exe, "clean", str(big)])
    assert stderr == b""
    assert code == 0


def test_a_reader_that_goes_away_does_not_hide_failed_inputs(exe: list[str], tmp_path: Path) -> None:
    # `cleaner clean big.txt missing.txt --report r.json | head -c 100`: the missing
    # input is still reported (exit 3, one error line) and the report is still written.
    big = tmp_path / "big.txt"
    big.write_text(("\n\n".join(PROSE) + "\n\n") * 150)
    report = tmp_path / "r.json"
    stderr, code = _into_a_closed_pipe([*exe, "clean", str(big), str(tmp_path / "missing.txt"), "--report", str(report)])
    assert b"Traceback" not in stderr
    assert stderr.count(b"\n") == 1 and b"missing.txt" in stderr
    assert code == 3
    assert [f["status"] for f in json.loads(report.read_text())["files"]] == ["unchanged", "failed"]



def test_an_interrupt_in_any_command_exits_130_without_a_traceback() -> None:
    """Ctrl-C before a command installs its own handler (click turns it into Abort) exits
    128 + SIGINT as a shell would, with one line, not click's "Aborted!" and exit 1."""
    script = (
        "import sys\n"
        "import cleaner.cli.common\n"
        "from cleaner.cli import main\n"
        "def stop(*args):\n"
        "    raise KeyboardInterrupt  # as Ctrl-C lands while the input is read\n"
        "cleaner.cli.common.read_input = stop\n"
        "sys.argv = ['cleaner', 'clean']\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.decode().strip().splitlines() == ["cleaner: interrupted (SIGINT)"]


@pytest.mark.parametrize("start", ["from cleaner.entry import main\nmain()\n", "import runpy\nrunpy.run_module('cleaner', run_name='__main__')\n"],
                         ids=["script", "module"])
@pytest.mark.parametrize("module", ["regex", "click"])
def test_an_interrupt_while_the_package_loads_exits_130_in_one_line(start: str, module: str) -> None:
    """Ctrl-C before any command runs, while the package (``regex``) or the command line
    (``click``) is still importing: the entry point catches it as the commands do."""
    script = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def imp(name, *args, **kw):\n"
        f"    if name == {module!r}:\n"
        "        raise KeyboardInterrupt  # as Ctrl-C lands during the import\n"
        "    return real(name, *args, **kw)\n"
        "builtins.__import__ = imp\n"
        "sys.argv = ['cleaner', 'clean']\n"
        + start
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.decode().splitlines() == ["cleaner: interrupted (SIGINT)"]


@pytest.mark.parametrize("delay", [0, 0.01, 0.03, 0.06, 0.1, 0.2])
def test_ctrl_c_at_any_moment_of_the_start_exits_130_in_one_line(delay: float) -> None:
    """A real SIGINT at some moment of ``cleaner clean``'s start, stdin held open: while
    click, the command and its rules load, while click parses, or once the command waits
    for its input. The delays only vary the moment (none is asserted; on a loaded machine
    they land elsewhere, and every moment must give the same end). The child says when
    the entry point's guard is up (``starting``, as ``main`` does first; ``main``'s own
    call then changes nothing): a signal before that lands in Python's start-up (``site``,
    ``.pth`` files) or the script's own lines, which no code of the package can catch."""
    script = (
        "import os, sys, cleaner.entry, cleaner.interrupt\n"
        "sys.argv = ['cleaner', 'clean']\n"
        "cleaner.interrupt.starting()\n"
        "os.write(1, b'go')\n"
        "cleaner.entry.main()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(2) == b"go"
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)  # stdin still open: only the signal can end it
        stderr = proc.stderr.read().decode()
    finally:
        proc.kill()
        proc.communicate()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert (code, stderr.strip().splitlines()) == (130, ["cleaner: interrupted (SIGINT)"])


def test_the_entry_point_imports_nothing_heavy_before_its_guard() -> None:
    """``import cleaner.entry`` (what the console script runs before ``main``) loads no
    ``typing``, ``re`` or ``enum``: a Ctrl-C there would escape the guard, and without
    ``site`` (``-S``) nothing else has loaded them."""
    root = str(Path(cleaner.__file__).parent.parent)
    script = "import sys\nbefore = set(sys.modules)\nimport cleaner.entry\nprint(' '.join(sorted(set(sys.modules) - before)))\n"
    proc = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": root})
    assert proc.returncode == 0, proc.stderr.decode()
    loaded = set(proc.stdout.decode().split())
    assert {"cleaner", "cleaner.entry", "cleaner.interrupt"} <= loaded
    assert not loaded & {"typing", "re", "enum", "signal", "click", "cleaner.cli"}, sorted(loaded)


def test_the_package_imports_its_names_on_first_use() -> None:
    """``import cleaner`` loads nothing else (so the entry point's guard covers the rest),
    every public name still resolves, and ``cleaner.pipeline`` stays the function once
    the submodule of that name is loaded."""
    script = (
        "import sys, types, cleaner\n"
        "assert not [m for m in sys.modules if m.startswith('cleaner.')], sorted(sys.modules)\n"
        "import cleaner.cli, cleaner.pipeline\n"
        "assert not isinstance(cleaner.pipeline, types.ModuleType)\n"
        "assert set(cleaner.__all__) == set(cleaner._EXPORTS) | {'__version__'}\n"
        "from cleaner import *\n"
        "assert pipeline(Config()).run(segment('Support us\\n')).text == ''\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr.decode()
