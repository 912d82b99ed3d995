"""Seeing what was removed and why: the views a diff is rendered from (``render`` draws them).

Every removal already carries its reasons (``Removal.reasons``); this module only gathers
them. All views start from a ``FileView``: one input file, its ``Result`` when the input
lines are known, and its report entry (a ``schema.FileReport``). A view can come
from a fresh run (``view_result``), from a line of a batch report (``view_entry``, which
re-reads the source for context but never re-cleans), or from a SRC/DEST folder pair
(``view_pair``, which re-runs the pipeline on SRC for the reasons and checks DEST).
"""

from __future__ import annotations

import json
import os
import stat as stat_module
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .context import Region
from .document import Document, EncodingErrors, InputError, segment
from .errors import UsageError
from .files import DEFAULT_MAX_SIZE, read_document, read_limited
from .pipeline import Pipeline
from .result import Removal, Result, Saved
from .rules import Evidence, Verdict
from .schema import FileReport, Reason
from .walk import Entry, WalkOptions, walk

UNEXPLAINED_RULE = "unexplained"


class ReportError(UsageError, ValueError):
    """A report file that cannot be read; the message names the file and the line."""


# ---------------------------------------------------------------------------- views


@dataclass(frozen=True)
class FileView:
    """One file as the diff views show it.

    ``result`` is None when the input lines are unknown (the file failed, or a report's
    source is gone); the views then show the removed lines alone. ``output`` overrides
    ``result.text`` as the "after" side (a DEST file that differs from a fresh run).
    ``notes`` are messages for the user (shown on stderr and in the HTML page)."""

    path: str
    entry: FileReport
    result: Result | None = None
    output: str | None = None
    notes: tuple[str, ...] = ()
    dest: str | None = None

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def removals(self) -> tuple[Removal, ...]:
        if self.result is not None:
            return self.result.removed
        return removals_from_entry(self.entry)

    @property
    def note(self) -> str | None:
        """``Result.note`` (as its report entry gives it): why cleaning could not do its
        work, which every view says in one ``note:`` line, as ``clean`` does on stderr."""
        return None if self.entry.details is None else self.entry.details.note

    @property
    def lines_in(self) -> int:
        return 0 if self.entry.details is None else self.entry.details.lines_in

    @property
    def after(self) -> str | None:
        """The output text, if known."""
        if self.output is not None:
            return self.output
        return None if self.result is None else self.result.text


def view_result(path: str, result: Result) -> FileView:
    """A fresh run's outcome."""
    return FileView(path, FileReport.of(path, result), result)


def view_failed(path: str, error: str) -> FileView:
    """A file that could not be read or cleaned."""
    return FileView(path, FileReport.of(path, error=error))


def verdict_from_reason(line: int, reason: Reason) -> Verdict:
    """A report's reason back as a Verdict; ``line`` is 0-based."""
    return Verdict(line, reason.rule, reason.category, reason.strength, Evidence(reason.matched, reason.span, reason.detail))  # type: ignore[arg-type]


def removals_from_entry(entry: FileReport) -> tuple[Removal, ...]:
    """A report entry's removed lines (1-based) back as Removals (0-based)."""
    out = []
    for item in () if entry.details is None else entry.details.removed:
        index = item.line - 1
        reasons = tuple(verdict_from_reason(index, r) for r in item.reasons)
        if not reasons:
            reasons = (Verdict(index, item.rule, item.category, "normal", Evidence("")),)
        out.append(Removal(index, item.text, reasons))
    return tuple(sorted(out, key=lambda r: r.line))


def result_from_entry(entry: FileReport, doc: Document) -> Result | None:
    """The Result a report entry describes, rebuilt on its source document without
    re-cleaning; None if the document no longer matches the entry."""
    details = entry.details
    removals = removals_from_entry(entry)
    if details is None or len(doc.lines) != details.lines_in:
        return None
    for r in removals:
        if not 0 <= r.line < len(doc.lines) or doc.lines[r.line].text != r.text:
            return None
    gone = {r.line for r in removals}
    article = details.article
    region = None if article is None else Region(article.start - 1, article.end - 1, None if article.headline is None else article.headline - 1)
    kept = tuple(i for i in range(len(doc.lines)) if i not in gone)
    saved = tuple(Saved(s.line - 1, s.text, s.rule, s.overruled) for s in details.saved)
    return Result(doc, kept, removals, details.language, region, details.notes, format=details.format, saved=saved)


def read_report(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> list[FileReport]:
    """The file entries of a report: a batch report (JSON lines, one ``FileReport`` each)
    or a ``clean --report`` document (``{"version": 1, "files": [...]}``). A regular
    file is read whatever its size (a big batch makes a big report); anything else (a
    pipe, a device) at most ``max_size`` bytes."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            regular = stat_module.S_ISREG(st.st_mode)
            data = read_limited(fh, max(max_size, st.st_size) if regular else max_size, st.st_size if regular else 0)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise ReportError(f"{path}: cannot read report: {getattr(exc, 'strerror', None) or exc}") from None
    stripped = text.strip()
    if stripped.startswith("{") and "\n" in stripped:
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict) and isinstance(whole.get("files"), list):
            return [e for e in (_check_entry(path, 0, e) for e in whole["files"]) if e.status != "skipped"]
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReportError(f"{path}:{number}: not a JSON object: {exc.msg}") from None
        if isinstance(data, dict) and isinstance(data.get("files"), list):
            entries.extend(_check_entry(path, number, e) for e in data["files"])
        else:
            entries.append(_check_entry(path, number, data))
    # A batch run's "skipped" entries (up to date, links not followed) have nothing to show.
    return [e for e in entries if e.status != "skipped"]


def _check_entry(path: Path, number: int, data: Any) -> FileReport:
    where = f"{path}:{number}" if number else str(path)
    if not isinstance(data, dict) or "path" not in data or "status" not in data:
        raise ReportError(f"{where}: not a file entry (needs 'path' and 'status')")
    if data["status"] not in ("failed", "skipped") and not isinstance(data.get("removed"), list):
        raise ReportError(f"{where}: entry for {data['path']!r} has no 'removed' list")
    try:
        return FileReport.from_json(data)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ReportError(f"{where}: entry for {data['path']!r} is not as a report writes it ({type(exc).__name__}: {exc})") from None


def view_entry(entry: FileReport, roots: Sequence[Path] = (), errors: EncodingErrors = "replace", max_size: int = DEFAULT_MAX_SIZE) -> FileView:
    """A report entry as a view. A relative source path is looked up under each of
    ``roots`` in turn (``Path(".")`` for the path as written; no roots: as written); if
    found and unchanged, kept lines are shown as context. Nothing is re-cleaned."""
    path = entry.path
    if entry.status == "failed":
        return FileView(path, entry, notes=(f"failed: {'unknown error' if entry.error is None else entry.error}",))
    candidates = [Path(path)] if Path(path).is_absolute() or not roots else [root / path for root in roots]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return FileView(path, entry, notes=("source not found: showing the removed lines only",))
    try:
        doc = read_document(found, errors, max_size)
    except InputError as exc:
        return FileView(path, entry, notes=(f"source not readable ({exc}): showing the removed lines only",))
    result = result_from_entry(entry, doc)
    if result is None:
        return FileView(path, entry, notes=(f"{found} changed since the report: showing the removed lines only",))
    return FileView(path, entry, result)


def walk_pairs(src: Path, dest: Path, glob: str = "*.txt") -> list[tuple[str, Path | None, Path | None]]:
    """(relative path, SRC file or None, DEST file or None) for every file matching
    ``glob`` (``walk.glob_spec``: at any depth unless it names a folder) under either
    folder, sorted by relative path. Both folders are walked as ``cleaner batch`` walks SRC
    (its walker: hidden names and symbolic links skipped, its journal left out), so a
    batch's SRC and DEST pair up file for file."""
    options = WalkOptions(globs=(glob,))
    found: dict[str, list[Path | None]] = {}
    for side, root in ((0, src), (1, dest)):
        for entry in walk(root, options):
            if isinstance(entry, Entry):
                found.setdefault(entry.rel, [None, None])[side] = root / entry.rel
    return [(rel, pair[0], pair[1]) for rel, pair in sorted(found.items())]


def _align(doc: Document, dest: Document) -> set[int] | None:
    """Indices of ``doc`` lines kept in ``dest`` if ``dest`` is an in-order subsequence
    of them (greedy, earliest match; the last DEST line may have gained a newline)."""
    kept: set[int] = set()
    j = 0
    n = len(dest.lines)
    for line in doc.lines:
        if j == n:
            break
        d = dest.lines[j]
        if line.text == d.text and (line.ending == d.ending or (not line.ending and j == n - 1)):
            kept.add(line.index)
            j += 1
    return kept if j == n else None


def view_pair(rel: str, src: Path | None, dest: Path | None, pipe: Pipeline, errors: EncodingErrors = "strict", max_size: int = DEFAULT_MAX_SIZE, site: str | None = None) -> FileView:
    """A SRC/DEST pair from a batch run. The reasons come from running ``pipe`` on SRC
    again (two folders alone cannot say why); DEST is checked against that run, and where
    it differs the DEST side is shown as it is, with a note saying so. ``site``: the
    file's site as batch found it (its folder's ``cleaner.toml``), else ``Config.site``."""
    name = str(src) if src is not None else str(dest)
    if src is None:
        return view_failed(name, f"only in DEST ({dest}): no source file")
    try:
        doc = read_document(src, errors, max_size)
    except InputError as exc:
        return view_failed(name, str(exc))
    result = pipe.run(doc, site=site)
    if dest is None:
        return FileView(name, FileReport.of(name, error="missing in DEST (the batch run did not write it)"), result, notes=("missing in DEST: the fresh run is shown",))
    try:
        with open(dest, "rb") as fh:
            dest_text = read_limited(fh, max_size, os.fstat(fh.fileno()).st_size).decode("utf-8", errors="replace")
    except OSError as exc:
        return view_failed(name, f"{dest}: cannot read: {exc.strerror or exc}")
    except InputError as exc:
        return view_failed(name, f"{dest}: {exc}")
    if dest_text == result.text:
        return FileView(name, FileReport.of(name, result), result, dest=str(dest))
    dest_doc = segment(dest_text)
    kept = _align(doc, dest_doc)
    if kept is None:
        note = f"{dest} is not an in-order subset of the source lines (edited after cleaning?); the reasons shown are a fresh run's"
        return FileView(name, FileReport.of(name, result), result, dest_text, (note,), str(dest))
    fresh = {r.line: r for r in result.removed}
    removals = []
    for line in doc.lines:
        if line.index in kept:
            continue
        removal = fresh.get(line.index)
        if removal is None:
            removal = Removal(line.index, line.text, (Verdict(line.index, UNEXPLAINED_RULE, UNEXPLAINED_RULE, "normal", Evidence("", None, "removed in DEST; a fresh run with these options keeps it")),))
        removals.append(removal)
    unexplained = sum(1 for r in removals if r.rule_id == UNEXPLAINED_RULE)
    kept_extra = sorted(i for i in fresh if i in kept)
    notes = [f"{dest} differs from a fresh clean of the source with these options (stale output, other options, or cross-file rules)"]
    if unexplained:
        notes.append(f"{unexplained} line(s) removed in DEST have no reason in a fresh run (shown as '{UNEXPLAINED_RULE}')")
    if kept_extra:
        notes.append("kept in DEST but removed by a fresh run: line(s) " + ", ".join(str(i + 1) for i in kept_extra[:20]) + (" ..." if len(kept_extra) > 20 else ""))
    aligned = Result(doc, tuple(sorted(kept)), tuple(removals), result.language, result.region, result.notes, format=result.format, saved=result.saved)
    return FileView(name, FileReport.of(name, aligned), aligned, dest_text, tuple(notes), str(dest))


__all__ = ["FileView", "ReportError", "read_report", "view_entry", "view_failed", "view_pair", "view_result", "walk_pairs"]
