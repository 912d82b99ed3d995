"""Seeing what was removed and why: a cleaning Result rendered for people and for tools.

Every removal already carries its reasons (``Removal.reasons``); this module only shows
them. All views start from a ``FileView``: one input file, its ``Result`` when the input
lines are known, and its report entry (the ``report.file_entry`` schema). A view can come
from a fresh run (``view_result``), from a line of a batch report (``view_entry``, which
re-reads the source for context but never re-cleans), or from a SRC/DEST folder pair
(``view_pair``, which re-runs the pipeline on SRC for the reasons and checks DEST).

Formats:
- ``rich``: the input with removed lines marked, the matched evidence highlighted, line
  numbers and a gutter of reasons; kept lines folded to ``context`` lines around removals.
- ``side-by-side``: before and after in two columns, the reason where a line went.
- ``unified``: a unified diff that ``patch`` applies to the input to give the output byte
  for byte (CRLF lines, a missing final newline and a BOM included).
- ``json``: the ``clean --report`` document.
- ``stat``: removed lines counted per category and rule.

Scraped text is always shown through ``display.visible_text``: never markup, never a
terminal control sequence.
"""

from __future__ import annotations

import difflib
import json
import os
import stat as stat_module
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .walk import Entry, WalkOptions, walk
from .display import visible, visible_text
from .document import Document, EncodingErrors, InputError, segment
from .files import DEFAULT_MAX_SIZE, read_document, read_limited
from .pipeline import Pipeline, Removal, Result, Saved
from .report import REPORT_VERSION, file_entry
from .rules import Evidence, Verdict
from .structure import Region

FORMATS = ("rich", "unified", "side-by-side", "json")
UNEXPLAINED_RULE = "unexplained"
FOLD = "\u22ee"  # ⋮

# Terminal colours for categories; chosen by a stable hash of the name (crc32, not hash()).
_TERM_COLOURS = ("red", "magenta", "yellow", "cyan", "blue", "green", "bright_red", "bright_magenta", "bright_blue")


class ReportError(ValueError):
    """A report file that cannot be read; the message names the file and the line."""


def category_colour(category: str) -> str:
    """The terminal colour of a category: the same on every run and machine.

    >>> category_colour("appeal") == category_colour("appeal")
    True
    """
    return _TERM_COLOURS[zlib.crc32(category.encode("utf-8")) % len(_TERM_COLOURS)]


# ---------------------------------------------------------------------------- views


@dataclass(frozen=True)
class FileView:
    """One file as the diff views show it.

    ``result`` is None when the input lines are unknown (the file failed, or a report's
    source is gone); the views then show the removed lines alone. ``output`` overrides
    ``result.text`` as the "after" side (a DEST file that differs from a fresh run).
    ``notes`` are messages for the user (shown on stderr and in the HTML page)."""

    path: str
    entry: dict[str, Any]
    result: Result | None = None
    output: str | None = None
    notes: tuple[str, ...] = ()
    dest: str | None = None

    @property
    def status(self) -> str:
        return str(self.entry.get("status", "failed"))

    @property
    def removals(self) -> tuple[Removal, ...]:
        if self.result is not None:
            return self.result.removed
        return removals_from_entry(self.entry)

    @property
    def note(self) -> str | None:
        """``Result.note`` (as its report entry gives it): why cleaning could not do its
        work, which every view says in one ``note:`` line, as ``clean`` does on stderr."""
        note = self.entry.get("note")
        return note if isinstance(note, str) and note else None

    @property
    def lines_in(self) -> int:
        return int(self.entry.get("lines_in", 0))

    @property
    def after(self) -> str | None:
        """The output text, if known."""
        if self.output is not None:
            return self.output
        return None if self.result is None else self.result.text


def view_result(path: str, result: Result) -> FileView:
    """A fresh run's outcome."""
    return FileView(path, file_entry(path, result), result)


def view_failed(path: str, error: str) -> FileView:
    """A file that could not be read or cleaned."""
    return FileView(path, file_entry(path, error=error))


def verdict_from_json(line: int, data: dict[str, Any]) -> Verdict:
    """A report's reason (``Verdict.to_json``) back as a Verdict; ``line`` is 0-based."""
    span = data.get("span")
    return Verdict(
        line,
        str(data.get("rule", "")),
        str(data.get("category", "")),
        data.get("strength", "normal"),
        Evidence(str(data.get("matched", "")), None if span is None else (int(span[0]), int(span[1])), str(data.get("detail", ""))),
    )


def removals_from_entry(entry: dict[str, Any]) -> tuple[Removal, ...]:
    """A report entry's ``removed`` list (1-based lines) back as Removals (0-based)."""
    out = []
    for item in entry.get("removed", []):
        index = int(item["line"]) - 1
        reasons = tuple(verdict_from_json(index, r) for r in item.get("reasons", []))
        if not reasons:
            reasons = (Verdict(index, str(item.get("rule", "")), str(item.get("category", "")), "normal", Evidence("")),)
        out.append(Removal(index, str(item.get("text", "")), reasons))
    return tuple(sorted(out, key=lambda r: r.line))


def result_from_entry(entry: dict[str, Any], doc: Document) -> Result | None:
    """The Result a report entry describes, rebuilt on its source document without
    re-cleaning; None if the document no longer matches the entry."""
    removals = removals_from_entry(entry)
    if len(doc.lines) != entry.get("lines_in"):
        return None
    for r in removals:
        if not 0 <= r.line < len(doc.lines) or doc.lines[r.line].text != r.text:
            return None
    gone = {r.line for r in removals}
    article = entry.get("article")
    region = None
    if isinstance(article, dict):
        headline = article.get("headline")
        region = Region(int(article["start"]) - 1, int(article["end"]) - 1, None if headline is None else int(headline) - 1)
    kept = tuple(i for i in range(len(doc.lines)) if i not in gone)
    saved = tuple(
        Saved(int(item["line"]) - 1, str(item.get("text", "")), str(item.get("rule", "")), tuple(map(str, item.get("overruled", ()))))
        for item in entry.get("saved", ())
        if isinstance(item, dict) and isinstance(item.get("line"), int)
    )
    fmt = entry.get("format")
    return Result(doc, kept, removals, entry.get("language"), region, tuple(entry.get("notes", [])), format=fmt if isinstance(fmt, str) else "lines", saved=saved)


def read_report(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> list[dict[str, Any]]:
    """The file entries of a report: a batch report (JSON lines, one ``file_entry`` each)
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
            return [e for e in (_check_entry(path, 0, e) for e in whole["files"]) if e["status"] != "skipped"]
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
    return [e for e in entries if e["status"] != "skipped"]


def _check_entry(path: Path, number: int, data: Any) -> dict[str, Any]:
    where = f"{path}:{number}" if number else str(path)
    if not isinstance(data, dict) or "path" not in data or "status" not in data:
        raise ReportError(f"{where}: not a file entry (needs 'path' and 'status')")
    if data["status"] not in ("failed", "skipped") and not isinstance(data.get("removed"), list):
        raise ReportError(f"{where}: entry for {data['path']!r} has no 'removed' list")
    return data


def view_entry(entry: dict[str, Any], roots: Sequence[Path] = (), errors: EncodingErrors = "replace", max_size: int = DEFAULT_MAX_SIZE) -> FileView:
    """A report entry as a view. A relative source path is looked up under each of
    ``roots`` in turn (``Path(".")`` for the path as written; no roots: as written); if
    found and unchanged, kept lines are shown as context. Nothing is re-cleaned."""
    path = str(entry["path"])
    if entry.get("status") == "failed":
        return FileView(path, entry, notes=(f"failed: {entry.get('error', 'unknown error')}",))
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
    ``glob`` (at any depth unless it names a folder) under either folder, sorted by
    relative path. Both folders are walked as ``cleaner batch`` walks SRC (its walker:
    hidden names and symbolic links skipped, its journal left out), so a batch's SRC and
    DEST pair up file for file."""
    options = WalkOptions(globs=(glob if "/" in glob else "**/" + glob,))
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
        return FileView(name, file_entry(name, error="missing in DEST (the batch run did not write it)"), result, notes=("missing in DEST: the fresh run is shown",))
    try:
        with open(dest, "rb") as fh:
            dest_text = read_limited(fh, max_size, os.fstat(fh.fileno()).st_size).decode("utf-8", errors="replace")
    except OSError as exc:
        return view_failed(name, f"{dest}: cannot read: {exc.strerror or exc}")
    except InputError as exc:
        return view_failed(name, f"{dest}: {exc}")
    if dest_text == result.text:
        return FileView(name, file_entry(name, result), result, dest=str(dest))
    dest_doc = segment(dest_text)
    kept = _align(doc, dest_doc)
    if kept is None:
        note = f"{dest} is not an in-order subset of the source lines (edited after cleaning?); the reasons shown are a fresh run's"
        return FileView(name, file_entry(name, result), result, dest_text, (note,), str(dest))
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
    return FileView(name, file_entry(name, aligned), aligned, dest_text, tuple(notes), str(dest))


# ---------------------------------------------------------------------------- shared bits


def parse_context(value: str | int | None) -> int | None:
    """``--context``: a whole number of lines, or ``all`` (None: show everything).

    >>> parse_context("all"), parse_context("2"), parse_context(5)
    (None, 2, 5)
    """
    if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
        return None
    n = int(value)
    if n < 0:
        raise ValueError("context must be >= 0 or 'all'")
    return n


@dataclass(frozen=True)
class Row:
    """One row of a view: a line (``index``), or a fold of ``count`` kept lines."""

    index: int | None
    count: int = 0
    removal: Removal | None = None
    saved: Saved | None = None  # a kept line an allow rule saved from a removal


def rows(view: FileView, context: int | None) -> list[Row]:
    """The lines to show: removals with ``context`` kept lines around each (all lines when
    ``context`` is None); the kept lines in between become one fold row."""
    removals = {r.line: r for r in view.removals}
    if view.result is None:  # only the removed lines are known
        out: list[Row] = []
        last = -1
        for index in sorted(removals):
            if index > last + 1:
                out.append(Row(None, index - last - 1))
            out.append(Row(index, removal=removals[index]))
            last = index
        if view.lines_in > last + 1 and removals:
            out.append(Row(None, view.lines_in - last - 1))
        return out
    total = len(view.result.document.lines)
    saved = {s.line: s for s in view.result.saved}
    if context is None:
        show = set(range(total))
    else:
        show = set()
        for index in (*removals, *saved):
            show.update(range(max(0, index - context), min(total, index + context + 1)))
    out = []
    hidden = 0
    for index in range(total):
        if index in show:
            if hidden:
                out.append(Row(None, hidden))
                hidden = 0
            out.append(Row(index, removal=removals.get(index), saved=saved.get(index)))
        else:
            hidden += 1
    if hidden and out:
        out.append(Row(None, hidden))
    return out


def line_text(view: FileView, index: int) -> str:
    if view.result is not None:
        return view.result.document.lines[index].text
    for r in view.removals:
        if r.line == index:
            return r.text
    return ""


def evidence_label(v: Verdict, limit: int = 60) -> str:
    """What a verdict saw, in a few words: the matched text quoted, or its detail."""
    ev = v.evidence
    if ev.matched:
        matched = ev.matched if len(ev.matched) <= limit else ev.matched[: limit - 1] + "…"
        text = f"\u201c{matched}\u201d"
        return f"{text} ({ev.detail})" if ev.detail else text
    return ev.detail


def reason_text(removal: Removal, colour: bool = True) -> Text:
    """The gutter entry of a removed line: category, rule id, evidence (+ how many more)."""
    v = removal.reasons[0]
    out = Text(no_wrap=False, end="")
    out.append(v.category, style=f"bold {category_colour(v.category)}" if colour else "")
    out.append(" ")
    out.append(v.rule_id, style="bold" if colour else "")
    label = evidence_label(v)
    if label:
        out.append(": ")
        out.append_text(visible_text(label, style="italic" if colour else ""))
    if len(removal.reasons) > 1:
        out.append(f" (+{len(removal.reasons) - 1} more)", style="dim" if colour else "")
    return out


def saved_text(saved: Saved, colour: bool = True) -> Text:
    """The gutter entry of a line an allow rule kept: the rule, and what it overruled."""
    out = Text("kept by ", style="dim" if colour else "", end="")
    out.append(saved.rule_id, style="bold green" if colour else "")
    out.append(f" (over {', '.join(saved.overruled)})", style="dim" if colour else "")
    return out


def highlights(removal: Removal) -> list[tuple[int, int]]:
    return [v.evidence.span for v in removal.reasons if v.evidence.span is not None]


def header(view: FileView) -> Text:
    n_removed = len(view.removals)
    if view.status == "failed" and view.result is None:
        return Text(f"{visible(view.path)}: failed: {visible(str(view.entry.get('error', '')))}", end="")
    what = f"{n_removed} of {view.lines_in} lines removed" if n_removed else f"no lines removed ({view.lines_in} lines)"
    target = f" → {visible(view.dest)}" if view.dest else ""
    return Text(f"{visible(view.path)}{target}: {what}", end="")


# ---------------------------------------------------------------------------- rich & side-by-side


def make_console(width: int, colour: bool) -> Console:
    """A console that renders into a string: ANSI styles only when ``colour`` is on,
    never markup, emoji codes or auto-highlighting of the user's text."""
    import io

    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=colour,
        color_system="auto" if colour else None,
        no_color=not colour,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        soft_wrap=False,
        record=False,
        tab_size=4,
    )


def console_text(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined]


def _lineno_width(view: FileView) -> int:
    return max(2, len(str(max(view.lines_in, 1))))


def _title(console: Console, view: FileView, colour: bool, first: bool) -> None:
    """The file's header line (never cut short: a long path wraps) and its notes."""
    if not first:
        console.print()
    title = Text("== ", style="dim" if colour else "", end="")
    title.append_text(header(view))
    if colour:
        title.stylize("bold", 3)
    console.print(title, overflow="fold")
    for note in (view.note, *view.notes) if view.note else view.notes:
        console.print(Text(f"note: {visible(note)}", style="yellow" if colour else ""))


def render_rich(views: Iterable[FileView], console: Console, context: int | None, colour: bool) -> None:
    """The input with removed lines marked: line number, ``-`` for a removed line, the
    line (evidence highlighted) and its reason in a gutter on the right."""
    for number, view in enumerate(views):
        _title(console, view, colour, number == 0)
        view_rows = rows(view, context)
        if not view_rows:
            continue
        num_w = _lineno_width(view)
        reason_w = max(20, min(48, console.width * 2 // 5))
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), pad_edge=False, expand=True)
        table.add_column(justify="right", width=num_w, no_wrap=True)
        table.add_column(width=1, no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        table.add_column(width=reason_w, overflow="fold")
        for row in view_rows:
            if row.index is None:
                table.add_row(Text(FOLD, style="dim"), "", Text(f"{row.count} kept line{'s' if row.count != 1 else ''}", style="dim italic" if colour else ""), "")
                continue
            number = Text(str(row.index + 1), style="dim" if colour else "")
            text = line_text(view, row.index)
            if row.removal is None:
                mark = Text("=", style="bold green" if colour else "") if row.saved else " "
                table.add_row(number, mark, visible_text(text), saved_text(row.saved, colour) if row.saved else "")
                continue
            colour_name = category_colour(row.removal.category)
            line = visible_text(text, style=colour_name if colour else "", highlights=highlights(row.removal), highlight_style="bold reverse" if colour else "")
            table.add_row(number, Text("-", style=f"bold {colour_name}" if colour else ""), line, reason_text(row.removal, colour))
        console.print(table)


def render_side_by_side(views: Iterable[FileView], console: Console, context: int | None, colour: bool) -> None:
    """Before and after in two columns; where a line went, the after column gives why."""
    for number, view in enumerate(views):
        _title(console, view, colour, number == 0)
        view_rows = rows(view, context)
        if not view_rows:
            continue
        out_numbers: dict[int, int] = {}
        if view.result is not None:
            out_numbers = {index: j + 1 for j, index in enumerate(view.result.kept)}
        num_w = _lineno_width(view)
        table = Table(box=None, show_header=True, header_style="bold" if colour else "", padding=(0, 1, 0, 0), pad_edge=False, expand=True)
        table.add_column("", justify="right", width=num_w, no_wrap=True)
        table.add_column("before", ratio=1, overflow="fold")
        table.add_column("", width=1, no_wrap=True)
        table.add_column("", justify="right", width=num_w, no_wrap=True)
        table.add_column("after", ratio=1, overflow="fold")
        bar = Text("│", style="dim" if colour else "")
        for row in view_rows:
            if row.index is None:
                fold = Text(f"{FOLD} {row.count} kept line{'s' if row.count != 1 else ''}", style="dim italic" if colour else "")
                table.add_row("", fold, bar, "", fold.copy())
                continue
            number = Text(str(row.index + 1), style="dim" if colour else "")
            text = line_text(view, row.index)
            if row.removal is None:
                out_no = Text(str(out_numbers.get(row.index, "")), style="dim" if colour else "")
                after = visible_text(text)
                if row.saved:
                    after.append("  ")
                    after.append_text(saved_text(row.saved, colour))
                table.add_row(number, visible_text(text), bar, out_no, after)
                continue
            colour_name = category_colour(row.removal.category)
            before = Text("- ", style=f"bold {colour_name}" if colour else "", end="")
            before.append_text(visible_text(text, style=colour_name if colour else "", highlights=highlights(row.removal), highlight_style="bold reverse" if colour else ""))
            why = Text("removed: ", style="dim" if colour else "", end="")
            why.append_text(reason_text(row.removal, colour))
            table.add_row(number, before, bar, "", why)
        console.print(table)


# ---------------------------------------------------------------------------- unified


def _nl_lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: split after each ``\\n`` only (a lone ``\\r`` does
    not end a line for it).

    >>> _nl_lines("a\\r\\nb\\rc\\nd")
    ['a\\r\\n', 'b\\rc\\n', 'd']
    """
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _aligned_opcodes(result: Result, after: str) -> list[tuple[str, int, int, int, int]] | None:
    """Opcodes from what the pipeline actually removed (so the diff names the same lines
    as the other views); None where that cannot describe ``after`` as ``patch`` lines."""
    doc = result.document
    if any(line.ending == "\r" for line in doc.lines):
        return None
    a = [line.text + line.ending for line in doc.lines]
    if doc.bom and a:
        a[0] = "\ufeff" + a[0]
    kept = set(result.kept)
    b: list[str] = []
    codes: list[tuple[str, int, int, int, int]] = []
    for i, line in enumerate(doc.lines):
        if i in kept:
            new = line.text + (line.ending or doc.newline)
            if not b and doc.bom:
                new = "\ufeff" + new
            tag = "equal" if new == a[i] else "replace"
            codes.append((tag, i, i + 1, len(b), len(b) + 1))
            b.append(new)
        else:
            codes.append(("delete", i, i + 1, len(b), len(b)))
    if "".join(b) != after:
        return None
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:
        if merged and merged[-1][0] == code[0] and code[0] != "replace":
            tag, i1, _, j1, _ = merged[-1]
            merged[-1] = (tag, i1, code[2], j1, code[4])
        else:
            merged.append(code)
    return merged


def _grouped(codes: list[tuple[str, int, int, int, int]], n: int) -> Iterator[list[tuple[str, int, int, int, int]]]:
    """Hunks with ``n`` lines of context (difflib's ``get_grouped_opcodes``)."""
    if not codes:
        return
    codes = list(codes)
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, length: int) -> str:
    """A hunk range as difflib writes it (1-based; an empty range names the line before)."""
    beginning = start + 1
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _emit(prefix: str, line: str) -> str:
    if line.endswith("\n"):
        return prefix + line
    return prefix + line + "\n\\ No newline at end of file\n"


def unified_diff(before: str, after: str, a_name: str, b_name: str, context: int | None = 3, result: Result | None = None) -> str:
    """A unified diff from ``before`` to ``after`` that ``patch`` applies byte for byte.

    With ``result``, the hunks follow the lines the pipeline removed; otherwise (or when
    lone-CR line endings make that impossible) difflib finds them."""
    a, b = _nl_lines(before), _nl_lines(after)
    n = max(len(a), len(b)) if context is None else context
    codes = _aligned_opcodes(result, after) if result is not None else None
    if codes is None:
        codes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[str] = []
    for group in _grouped(codes, n):
        if not out:
            out.append(f"--- {a_name}\n+++ {b_name}\n")
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_emit(" ", line) for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(_emit("-", line) for line in a[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(_emit("+", line) for line in b[j1:j2])
    return "".join(out)


def view_unified(view: FileView, context: int | None = 3) -> str:
    """A view's unified diff: SRC to DEST for a folder pair, the input to the cleaned
    text otherwise (then both headers name the input, so ``patch -p0`` cleans it in place).
    Raises ValueError when the input lines are unknown."""
    if view.result is None:
        raise ValueError(f"{view.path}: no unified diff without the source text")
    after = view.after or ""
    text = unified_diff(view.result.document.text, after, view.path, view.dest or view.path, context, view.result)
    # (before the headers, where patch skips text; no diff, no line: patch refuses text alone)
    return f"note: {visible(view.note)}\n{text}" if text and view.note else text


# ---------------------------------------------------------------------------- json & stat


def render_json(views: Iterable[FileView]) -> str:
    """The ``clean --report`` document for these files."""
    doc = {"version": REPORT_VERSION, "files": [v.entry for v in views]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


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


def stat(entries: Iterable[dict[str, Any]]) -> Stat:
    """Count the removals of report entries by their deciding category and rule."""
    out = Stat()
    for entry in entries:
        out.files += 1
        if entry.get("status") == "failed":
            out.failed += 1
            continue
        out.lines_in += int(entry.get("lines_in", 0))
        out.lines_out += int(entry.get("lines_out", 0))
        for item in entry.get("removed", []):
            out.categories[item["category"]] += 1
            out.rules[item["rule"]] += 1
            out.rule_category[item["rule"]] = item["category"]
    return out


def render_stat(s: Stat, console: Console, colour: bool) -> None:
    """A table: each category with its count, its rules under it, and the total."""
    table = Table(box=None, show_header=True, header_style="bold" if colour else "", padding=(0, 2, 0, 0), pad_edge=False)
    table.add_column("category")
    table.add_column("rule")
    table.add_column("lines", justify="right")
    for category, count in sorted(s.categories.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(Text(visible(category), style=f"bold {category_colour(category)}" if colour else ""), "", str(count))
        rules = [(r, c) for r, c in s.rules.items() if s.rule_category[r] == category]
        for rule, c in sorted(rules, key=lambda kv: (-kv[1], kv[0])):
            table.add_row("", Text(visible(rule)), str(c))
    files = f"{s.files} file{'s' if s.files != 1 else ''}"
    failed = f", {s.failed} failed" if s.failed else ""
    table.add_row(Text("total", style="bold" if colour else ""), Text(f"{files}{failed}, {s.lines_in} lines in, {s.lines_out} out"), str(s.removed))
    console.print(table)


def summary(views: Sequence[FileView]) -> str:
    """One line over several files, for stderr."""
    s = stat(v.entry for v in views)
    cleaned = sum(1 for v in views if v.status == "cleaned")
    unchanged = sum(1 for v in views if v.status == "unchanged")
    differ = sum(1 for v in views if v.output is not None)
    parts = [f"{len(views)} file{'s' if len(views) != 1 else ''}: {cleaned} cleaned, {unchanged} unchanged, {s.failed} failed", f"{s.removed} of {s.lines_in} lines removed"]
    if differ:
        parts.append(f"{differ} DEST file{'s' if differ != 1 else ''} differ from a fresh run")
    return "; ".join(parts)


def render(views: Sequence[FileView], fmt: str, width: int = 100, colour: bool = False, context: int | None = 3) -> str:
    """Any format as one string (``unified`` skips files whose text is unknown)."""
    if fmt == "json":
        return render_json(views)
    if fmt == "unified":
        return "".join(view_unified(v, context) for v in views if v.result is not None)
    console = make_console(width, colour)
    if fmt == "rich":
        render_rich(views, console, context, colour)
    elif fmt == "side-by-side":
        render_side_by_side(views, console, context, colour)
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return console_text(console)


def render_stat_text(views: Sequence[FileView], width: int = 100, colour: bool = False) -> str:
    console = make_console(width, colour)
    render_stat(stat(v.entry for v in views), console, colour)
    return console_text(console)


__all__ = [
    "FORMATS", "FileView", "ReportError", "Stat", "parse_context", "read_report", "render",
    "render_json", "render_stat_text", "rows", "stat", "summary", "unified_diff", "view_entry",
    "view_failed", "view_pair", "view_result", "view_unified", "walk_pairs",
]
