"""The report schema: one file's outcome and the report document, as dataclasses that
write the JSON and read it back.

``clean --report`` writes a ``Report`` (``{"version": 1, "files": [...]}``), ``batch
--report`` one ``FileReport`` a line, ``diff --format json`` a ``Report`` again, and
``diff --report`` and the HTML report read either. The fields are in the JSON's key order;
``to_json`` gives the dict that ``json.dumps`` writes, ``from_json`` reads one back,
filling what an older report leaves out with its default. The counts over many files are
here too: ``JsonlStats`` (a JSONL run's ``--report`` and summary) and ``Stat`` (``diff
--stat``); they are written, never read back.

    >>> entry = FileReport("a.txt", "failed", error="permission denied")
    >>> entry.to_json()
    {'path': 'a.txt', 'status': 'failed', 'error': 'permission denied'}
    >>> FileReport.from_json(entry.to_json()) == entry
    True

This module imports nothing of the package: the pipeline's objects make their entries
(``Details.of``), and ``diff`` turns entries back into them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

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


# ------------------------------------------------------------------------------ counts
MAX_HOSTS = 10_000  # hosts counted one by one; records of further hosts go under OTHER_HOSTS
OTHER_HOSTS = "(other hosts)"


def tally(result: Result, removed: dict[str, list[int]], rules: Counter[str]) -> None:
    """Add a result's removals to ``removed`` (category -> [lines, bytes]) and ``rules``
    (rule id -> lines): the counts batch and the JSONL summaries show."""
    lines = result.document.lines
    for r in result.removed:
        line = lines[r.line]
        slot = removed.setdefault(r.category, [0, 0])
        slot[0] += 1
        # surrogatepass: a JSON string may hold a lone surrogate ("\ud800"), still a line
        slot[1] += len((line.text + line.ending).encode("utf-8", "surrogatepass"))
        rules[r.rule_id] += 1


def count_host(hosts: Counter[str], host: str, n: int = 1) -> None:
    """Count ``n`` records of ``host``; past ``MAX_HOSTS`` distinct hosts a new one counts
    under ``OTHER_HOSTS``, so a stream of a million sites stays in constant memory."""
    if host in hosts or len(hosts) < MAX_HOSTS:
        hosts[host] += n
    else:
        hosts[OTHER_HOSTS] += n


@dataclass
class JsonlStats:
    """Counts over streams: the summary, ``--report``, and a batch shard's outcome."""

    records: int = 0  # records cleaned (written or dropped)
    cleaned: int = 0  # ... that had lines removed
    dropped: int = 0  # ... left out as empty (drop_empty)
    skipped: int = 0  # bad lines passed over (on_error="skip")
    lines_in: int = 0
    lines_out: int = 0
    bytes_in: int = 0  # of the lines read
    bytes_out: int = 0  # of the lines written
    removed: dict[str, list[int]] = field(default_factory=dict)  # category -> [lines, bytes]
    rules: Counter[str] = field(default_factory=Counter)
    timed_out: Counter[str] = field(default_factory=Counter)
    hosts: Counter[str] = field(default_factory=Counter)  # records by host (capped)
    no_host: int = 0  # records without a URL with a host

    def add(self, result: Result, host: str | None, dropped: bool) -> None:
        """Count one cleaned record."""
        self.records += 1
        self.cleaned += result.changed
        self.dropped += dropped
        self.lines_in += len(result.document.lines)
        self.lines_out += 0 if dropped else len(result.kept)
        tally(result, self.removed, self.rules)
        self.timed_out.update(result.timed_out)
        if host is None:
            self.no_host += 1
        else:
            count_host(self.hosts, host)

    def to_json(self) -> dict[str, Any]:
        """The ``--report`` of a JSONL run (its counts; removals per record are what
        ``--annotate`` is for)."""
        return {
            "version": REPORT_VERSION,
            "records": self.records,
            "cleaned": self.cleaned,
            "unchanged": self.records - self.cleaned,
            "dropped": self.dropped,
            "skipped": self.skipped,
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "removed": {cat: {"lines": n, "bytes": b} for cat, (n, b) in sorted(self.removed.items())},
            "rules": dict(self.rules.most_common()),
            "hosts": dict(self.hosts.most_common()),
            "no_host": self.no_host,
        }


@dataclass
class Stat:
    """Removed lines per category and per (deciding) rule, over report entries."""

    files: int = 0
    failed: int = 0
    lines_in: int = 0
    lines_out: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    rule_category: dict[str, str] = field(default_factory=dict)

    @property
    def removed(self) -> int:
        return sum(self.categories.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "failed": self.failed,
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "removed": self.removed,
            "categories": dict(sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))),
            "rules": dict(sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def stat(entries: Iterable[FileReport]) -> Stat:
    """Count the removals of report entries by their deciding category and rule."""
    out = Stat()
    for entry in entries:
        out.files += 1
        if entry.status == "failed":
            out.failed += 1
            continue
        if entry.details is None:
            continue
        out.lines_in += entry.details.lines_in
        out.lines_out += entry.details.lines_out
        for item in entry.details.removed:
            out.categories[item.category] += 1
            out.rules[item.rule] += 1
            out.rule_category[item.rule] = item.category
    return out
