"""Where ``batch --report`` goes: the JSONL report streamed to stdout (``-``), or to a
temporary file renamed into place at the end, so an interrupted run leaves no half report.
Both take lines (``write``), then ``commit`` or ``discard``."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from .files import AtomicOutput, sweep_folder


def open_report(path: Path, began: float) -> StdoutReport | ReportFile:
    """The report's writer: stdout for ``-``, else a file (see ``ReportFile``)."""
    return StdoutReport() if str(path) == "-" else ReportFile(path, began)


class StdoutReport:
    """``--report -``: the JSONL report streamed to stdout, which batch leaves free (the
    summary goes to stderr); a stream cannot be taken back, so nothing is discarded."""

    def write(self, line: str) -> None:
        sys.stdout.write(line + "\n")

    def commit(self) -> None:
        sys.stdout.flush()

    def discard(self) -> None:
        pass


class ReportFile:
    """The JSONL report, streamed through ``AtomicOutput`` (the one writer of whole files:
    a temporary file renamed into place at the end, so an interrupted run leaves no half
    report). Temporary files of reports that runs killed before ``began`` left in its
    folder are deleted first."""

    def __init__(self, path: Path, began: float) -> None:
        sweep_folder(os.path.dirname(os.path.abspath(path)), began)  # left by a run killed with SIGKILL
        self.out = AtomicOutput(os.path.abspath(path), sweep=False)
        self.fh = io.TextIOWrapper(self.out.fh, encoding="utf-8", errors="backslashreplace")  # see Journal.open

    def write(self, line: str) -> None:
        self.fh.write(line + "\n")

    def commit(self) -> None:
        self.fh.flush()
        self.fh.detach()  # the output's own file goes on to be renamed, not closed here
        self.out.commit()

    def discard(self) -> None:
        try:
            self.fh.detach()
        except (OSError, ValueError):
            pass  # a full disk, or already detached: the file goes anyway
        self.out.discard()
