"""The report schema: one file's outcome and the report document, as dataclasses that
write the JSON and read it back.

``clean --report`` writes a ``Report`` (``{"version": 1, "files": [...]}``), ``batch
--report`` one ``FileReport`` a line, ``diff --format json`` a ``Report`` again, and
``diff --report`` and the HTML report read either. The fields are in the JSON's key order;
``to_json`` gives the dict that ``json.dumps`` writes, ``from_json`` reads one back,
filling what an older report leaves out with its default.

    >>> entry = FileReport("a.txt", "failed", error="permission denied")
    >>> entry.to_json()
    {'path': 'a.txt', 'status': 'failed', 'error': 'permission denied'}
    >>> FileReport.from_json(entry.to_json()) == entry
    True

This module imports nothing of the package: the pipeline's objects make their entries
(``Details.of``), and ``diff`` turns entries back into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .result import Removal, Result, Saved
    from .rules import Verdict

REPORT_VERSION = 1


@dataclass(frozen=True)
class Reason:
    """One verdict against a removed line: the rule, and the evidence it gave."""

    rule: str
    category: str
    strength: str
    matched: str
    span: tuple[int, int] | None = None  # where ``matched`` is in the line
    detail: str = ""  # a structural rule's reason

    @classmethod
    def of(cls, verdict: Verdict) -> Reason:
        evidence = verdict.evidence
        return cls(verdict.rule_id, verdict.category, verdict.strength, evidence.matched, evidence.span, evidence.detail)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "category": self.category, "strength": self.strength, "matched": self.matched}
        if self.span is not None:
            out["span"] = list(self.span)
        if self.detail:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        span = data.get("span")
        return cls(
            str(data.get("rule", "")), str(data.get("category", "")), str(data.get("strength", "normal")),
            str(data.get("matched", "")), None if span is None else (int(span[0]), int(span[1])), str(data.get("detail", "")),
        )


@dataclass(frozen=True)
class RemovalEntry:
    """A removed line (``line`` is 1-based) and every reason; the first one decided."""

    line: int
    text: str
    rule: str
    category: str
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def of(cls, removal: Removal) -> RemovalEntry:
        return cls(removal.line + 1, removal.text, removal.rule_id, removal.category, tuple(Reason.of(v) for v in removal.reasons))

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "rule": self.rule, "category": self.category, "reasons": [r.to_json() for r in self.reasons]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RemovalEntry:
        return cls(
            int(data["line"]), str(data.get("text", "")), str(data.get("rule", "")), str(data.get("category", "")),
            tuple(Reason.from_json(r) for r in data.get("reasons", [])),
        )


@dataclass(frozen=True)
class SavedEntry:
    """A line an allow rule kept (1-based), and the rules it overruled."""

    line: int
    text: str
    rule: str
    overruled: tuple[str, ...] = ()

    @classmethod
    def of(cls, saved: Saved) -> SavedEntry:
        return cls(saved.line + 1, saved.text, saved.rule_id, saved.overruled)

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "rule": self.rule, "overruled": list(self.overruled)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SavedEntry:
        return cls(int(data["line"]), str(data.get("text", "")), str(data.get("rule", "")), tuple(map(str, data.get("overruled", ()))))


@dataclass(frozen=True)
class Article:
    """Where the article was found: first and last line, and the headline (1-based)."""

    start: int
    end: int
    headline: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "headline": self.headline}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        headline = data.get("headline")
        return cls(int(data["start"]), int(data["end"]), None if headline is None else int(headline))


@dataclass(frozen=True)
class Details:
    """What cleaning one document did (``Result.to_json``): the part of an entry after
    its path and status."""

    language: str | None
    format: str
    lines_in: int
    lines_out: int
    article: Article | None
    notes: tuple[str, ...]
    note: str | None
    removed: tuple[RemovalEntry, ...]
    saved: tuple[SavedEntry, ...] = ()  # written only when an allow rule kept a line

    @classmethod
    def of(cls, result: Result) -> Details:
        region = result.region
        article = None if region is None else Article(region.start + 1, region.end + 1, None if region.headline is None else region.headline + 1)
        return cls(
            result.language, result.format, len(result.document.lines), len(result.kept), article, tuple(result.notes),
            result.note, tuple(RemovalEntry.of(r) for r in result.removed), tuple(SavedEntry.of(s) for s in result.saved),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "format": self.format,
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "article": None if self.article is None else self.article.to_json(),
            "notes": list(self.notes),
            "note": self.note,
            "removed": [r.to_json() for r in self.removed],
            **({"saved": [s.to_json() for s in self.saved]} if self.saved else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Details:
        article, fmt, note, lines_in = data.get("article"), data.get("format"), data.get("note"), data.get("lines_in")
        return cls(
            data.get("language"),
            fmt if isinstance(fmt, str) else "lines",
            lines_in if isinstance(lines_in, int) else 0,
            int(data.get("lines_out", 0)),
            Article.from_json(article) if isinstance(article, dict) else None,
            tuple(map(str, data.get("notes", ()))),
            note if isinstance(note, str) and note else None,
            tuple(RemovalEntry.from_json(r) for r in data.get("removed", [])),
            tuple(SavedEntry.from_json(s) for s in data.get("saved", ()) if isinstance(s, dict) and isinstance(s.get("line"), int)),
        )


@dataclass(frozen=True)
class FileReport:
    """One file's outcome: ``cleaned`` or ``unchanged`` with its ``details`` (None when
    only the status is wanted), ``failed`` with its ``error``, ``skipped`` with its
    ``reason`` (a batch's file up to date, or a link not followed)."""

    path: str
    status: str
    error: str | None = None
    reason: str | None = None
    details: Details | None = None

    @classmethod
    def of(cls, path: str, result: Result | None = None, error: str | None = None, details: bool = True) -> FileReport:
        """A file's outcome from its Result, or ``failed`` with ``error`` when there is none."""
        if result is None:
            return cls(path, "failed", error=error or "unknown error")
        return cls(path, "cleaned" if result.changed else "unchanged", details=Details.of(result) if details else None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "status": self.status}
        if self.error is not None:
            out["error"] = self.error
        if self.reason is not None:
            out["reason"] = self.reason
        if self.details is not None:
            out.update(self.details.to_json())
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        status = str(data["status"])
        error, reason = data.get("error"), data.get("reason")
        return cls(
            str(data["path"]), status,
            None if error is None else str(error),
            None if reason is None else str(reason),
            Details.from_json(data) if "removed" in data else None,
        )


@dataclass(frozen=True)
class Report:
    """The report document of ``clean --report`` and ``diff --format json``."""

    files: tuple[FileReport, ...]
    version: int = REPORT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "files": [f.to_json() for f in self.files]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(tuple(FileReport.from_json(f) for f in data["files"]), int(data.get("version", REPORT_VERSION)))
