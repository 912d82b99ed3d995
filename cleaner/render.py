"""A diff for people and for tools: ``FileView``s (``diff``) rendered in a format.

Formats:
- ``rich``: the input with removed lines marked, the matched evidence highlighted, line
  numbers and a gutter of reasons; kept lines folded to ``context`` lines around removals.
- ``side-by-side``: before and after in two columns, the reason where a line went.
- ``unified``: a unified diff that ``patch`` applies to the input to give the output byte
  for byte (drawn by the module ``unified``).
- ``json``: the ``clean --report`` document.
- ``stat``: removed lines counted per category and rule.

Scraped text is always shown through ``display.visible_text``: never markup, never a
terminal control sequence.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .diff import FileView
from .display import visible, visible_text
from .result import Removal, Saved
from .schema import Report, Stat, stat
from .rules import Verdict
from .unified import view_unified

FORMATS = ("rich", "unified", "side-by-side", "json")
FOLD = "\u22ee"  # ⋮

# Terminal colours for categories; chosen by a stable hash of the name (crc32, not hash()).
_TERM_COLOURS = ("red", "magenta", "yellow", "cyan", "blue", "green", "bright_red", "bright_magenta", "bright_blue")


def category_colour(category: str) -> str:
    """The terminal colour of a category: the same on every run and machine.

    >>> category_colour("appeal") == category_colour("appeal")
    True
    """
    return _TERM_COLOURS[zlib.crc32(category.encode("utf-8")) % len(_TERM_COLOURS)]


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
        return Text(f"{visible(view.path)}: failed: {visible(view.entry.error or '')}", end="")
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


# ---------------------------------------------------------------------------- json & stat


def render_json(views: Iterable[FileView]) -> str:
    """The ``clean --report`` document for these files (``schema.Report``)."""
    return json.dumps(Report(tuple(v.entry for v in views)).to_json(), ensure_ascii=False, indent=1) + "\n"


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
    "FORMATS", "Stat", "parse_context", "render", "render_json", "render_stat_text", "rows", "stat", "summary",
]
