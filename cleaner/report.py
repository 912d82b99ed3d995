"""Reporting: the outcome of a ``clean`` run and its exit code, and the exit codes. The
report's JSON, and the counts batch and the JSONL summaries show, are ``schema``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .display import visible
from .errors import EXIT_FAILED as EXIT_FAILED, EXIT_USAGE as EXIT_USAGE  # carried by the errors
from .interrupt import EXIT_INTERRUPTED as EXIT_INTERRUPTED  # defined where Ctrl-C at start-up needs it
from .matcher import REGEX_TIMEOUT
from .schema import FileReport, Report

EXIT_OK = 0
EXIT_CHANGED = 1  # --check found something to remove


def timeout_warning(rule_id: str, lines: int) -> str:
    """The one stderr line a run prints for a pattern rule that hit its time limit."""
    return f"cleaner: warning: rule {visible(rule_id)} hit its time limit ({REGEX_TIMEOUT} s) on {lines} line{'s' if lines != 1 else ''} and was skipped there"


@dataclass
class RunReport:
    """Counts over a run, in the spirit of black's Report: it decides the exit code."""

    check: bool = False
    entries: list[FileReport] = field(default_factory=list)

    def add(self, entry: FileReport) -> None:
        self.entries.append(entry)

    @property
    def failed(self) -> int:
        return sum(1 for e in self.entries if e.status == "failed")

    @property
    def changed(self) -> int:
        return sum(1 for e in self.entries if e.status == "cleaned")

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_FAILED
        if self.check and self.changed:
            return EXIT_CHANGED
        return EXIT_OK

    def to_json(self) -> dict[str, Any]:
        """The ``clean --report`` document (``schema.Report``)."""
        return Report(tuple(self.entries)).to_json()
