"""Where ``batch --report`` goes: the JSONL report streamed to stdout (``-``), or to a
temporary file renamed into place at the end, so an interrupted run leaves no half report.
Both take lines (``write``), then ``commit`` or ``discard``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .files import WRITING, sweep_folder, temp_path
from .walk import unlink_quietly


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
    """The JSONL report, streamed to a temporary file and renamed into place at the end:
    an interrupted run leaves no half report. Temporary files of reports that runs killed
    before ``began`` left in its folder are deleted first."""

    def __init__(self, path: Path, began: float) -> None:
        self.path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(self.path))
        sweep_folder(folder, began)  # report temp files left by a run killed with SIGKILL
        self.tmp = temp_path(os.path.abspath(self.path))
        WRITING.add(self.tmp)
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace")  # see Journal.open

    def write(self, line: str) -> None:
        self.fh.write(line + "\n")

    def commit(self) -> None:
        self.fh.close()
        os.replace(self.tmp, self.path)
        WRITING.discard(self.tmp)

    def discard(self) -> None:
        if not self.fh.closed:
            try:
                self.fh.close()
            except OSError:
                pass  # a full disk: the file goes anyway
        unlink_quietly(self.tmp)
        WRITING.discard(self.tmp)
