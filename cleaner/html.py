"""The HTML report: self-contained pages a reviewer can open anywhere.

One file gets one page: before and after side by side, each removed line coloured by
its category with its reason beside it, a checkbox per category (and one for kept lines)
to filter. Several files get an index (counts per file, most removed first, files that
need a look flagged) and one such page per file in a folder beside it, so that the index
of a 10,000-file batch opens at once and a file's lines load only when it is opened.
Pages have no external assets and cannot fetch any: styles and script are inline and a
Content-Security-Policy forbids every other source. They carry no timestamp, so the same
input gives the same pages. Each category has a fixed colour (``hue``).

Scraped text is escaped for HTML and control characters are shown as visible stand-ins
(``display.stand_in``); categories are referred to by index in classes and CSS, so a
category name from a user's rule file or report cannot inject anything either.
"""

from __future__ import annotations

import html
import os
import zlib
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

import regex

from . import __version__
from .diff import FileView
from .render import line_text, rows
from .display import stand_in_name
from .files import atomic_write
from .result import Removal, Saved

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_STYLE = """
:root { color-scheme: light; --fg: #1d2330; --muted: #6b7385; --line: #e3e6ec; --bg: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: #f6f7f9; }
header { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); padding: 10px 20px; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; word-break: break-all; }
.summary { margin: 0 0 6px; color: var(--muted); }
#filters { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; border: 0; margin: 0; padding: 0; }
#filters legend { float: left; margin-right: 8px; color: var(--muted); }
#filters label { cursor: pointer; user-select: none; white-space: nowrap; }
main { padding: 14px 20px 40px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; font-weight: 600; background: hsl(var(--h) 70% 85%); color: hsl(var(--h) 60% 25%); }
nav#index { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 16px; }
nav#index table { border-collapse: collapse; width: 100%; }
nav#index td, nav#index th { padding: 2px 8px; text-align: left; }
nav#index td.num { text-align: right; font-variant-numeric: tabular-nums; }
nav#index .note { padding: 0 5px; border: 0; border-radius: 3px; cursor: help; }
.bar { height: 8px; background: #d8dce4; border-radius: 4px; min-width: 120px; }
.bar > span { display: block; height: 100%; background: #d0484b; border-radius: 4px; }
section.file { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; margin-bottom: 18px; }
section.file > .head { padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.count { color: var(--muted); }
.note { margin: 0; padding: 4px 12px; background: #fff7dd; border-bottom: 1px solid #f0e2ad; }
table.diff { width: 100%; border-collapse: collapse; table-layout: fixed; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
table.diff th { text-align: left; font: 600 12px system-ui, sans-serif; color: var(--muted); padding: 4px 6px; border-bottom: 1px solid var(--line); }
table.diff td { padding: 1px 6px; vertical-align: top; border-bottom: 1px solid #f1f2f5; }
col.n { width: 3.6em; } col.before { width: 37%; } col.after { width: 33%; } col.why { width: 30%; }
td.n { color: var(--muted); text-align: right; user-select: none; font-variant-numeric: tabular-nums; }
td.t { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
tr.removed td.before { background: hsl(var(--h) 75% 93%); text-decoration: line-through; text-decoration-color: hsl(var(--h) 50% 55% / .6); }
tr.removed td.n:first-child { box-shadow: inset 4px 0 hsl(var(--h) 65% 50%); }
tr.removed td.after { background: #fafafa; }
td.why { font: 12px/1.4 system-ui, sans-serif; }
td.why code { font: 12px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
td.why .ev { color: #444; unicode-bidi: isolate; }
td.why details { color: var(--muted); }
mark { background: hsl(var(--h) 90% 72%); color: inherit; text-decoration: none; border-radius: 2px; }
.ctl { display: inline-block; padding: 0 2px; margin: 0 1px; border-radius: 3px; background: #6b1f63; color: #fff; font: 700 10px/1.5 system-ui, sans-serif; vertical-align: 1px; text-decoration: none; }
tr.fold td { color: var(--muted); font-style: italic; background: #fbfbfc; }
footer { color: var(--muted); padding: 0 20px 20px; font-size: 12px; }
body.hide-kept tr.kept, body.hide-kept tr.fold { display: none; }
"""

_SCRIPT = """
document.querySelectorAll('#filters input[type=checkbox]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.key, !box.checked);
  });
});
"""


# A fixed hue per built-in category, 30 degrees apart, so that a category has the same
# colour in every report whatever else the page holds.
CATEGORY_HUES = {
    c: 15 + 30 * i
    for i, c in enumerate(("appeal", "ads", "consent", "legal", "media", "metadata", "navigation",
                           "repeated", "social", "structure", "subscription", "layout"))
}


def hue(category: str) -> int:
    """The HSL hue of a category: fixed for the built-in ones, from the name's crc32 for a
    user's own, never from the order in which a page meets them.

    >>> hue("appeal"), hue("layout"), hue("my-site") == hue("my-site")
    (15, 345, True)
    """
    return CATEGORY_HUES.get(category, zlib.crc32(category.encode("utf-8")) % 360)


def _esc(text: str) -> str:
    """HTML-escaped text with control characters as small named badges (``ESC``,
    ``U+202E``): plain ASCII, so they show whatever fonts the reader has."""
    out = []
    for ch in text:
        name = stand_in_name(ch)
        out.append(html.escape(ch) if name is None else f'<span class="ctl" title="U+{ord(ch):04X}">{name}</span>')
    return "".join(out)


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped, with the evidence ``spans`` wrapped in ``<mark>`` (overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(_esc(text[pos:start]))
        out.append(f"<mark>{_esc(text[start:end])}</mark>")
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def _reason_html(removal: Removal) -> str:
    def one(v) -> str:  # type: ignore[no-untyped-def]
        # The matched text is isolated (<bdi>) so a right-to-left match does not flip the
        # quotes or the rule id around it.
        ev = ""
        if v.evidence.matched:
            matched = v.evidence.matched if len(v.evidence.matched) <= 80 else v.evidence.matched[:79] + "…"
            ev = f" “<bdi>{_esc(matched)}</bdi>”"
        if v.evidence.detail:
            ev += f" {_esc(v.evidence.detail)}" if not v.evidence.matched else f" ({_esc(v.evidence.detail)})"
        ev = f' <span class="ev">{ev.strip()}</span>' if ev else ""
        return f'<span class="badge">{_esc(v.category)}</span> <code>{_esc(v.rule_id)}</code> <small>{_esc(v.strength)}</small>{ev}'

    first, rest = removal.reasons[0], removal.reasons[1:]
    out = one(first)
    if rest:
        more = "<br>".join(one(v) for v in rest)
        out += f'<details><summary>{len(rest)} more reason{"s" if len(rest) != 1 else ""}</summary>{more}</details>'
    return out


def _saved_html(saved: Saved | None) -> str:
    """The last cell of a kept line: for one an allow rule saved, which rule, over which
    (the diff views' "=")."""
    if saved is None:
        return "<td></td>"
    return f"<td class=\"why\">kept by <code>{_esc(saved.rule_id)}</code> (over {', '.join(f'<code>{_esc(r)}</code>' for r in saved.overruled)})</td>"


def _file_section(number: int, view: FileView, cat_index: dict[str, int]) -> str:
    removals = view.removals
    count = (
        f"{len(removals)} of {view.lines_in} lines removed"
        if view.status != "failed" or view.result is not None
        else f"failed: {_esc(view.entry.error or '')}"
    )
    dest = f" → {_esc(view.dest)}" if view.dest else ""
    parts = [f'<section class="file" id="f{number}">', f'<div class="head"><h2>{_esc(view.path)}{dest}</h2><span class="count">{count}</span></div>']
    if view.note:
        parts.append(f'<p class="note">note: {_esc(view.note)}</p>')
    parts.extend(f'<p class="note">{_esc(note)}</p>' for note in view.notes)
    view_rows = rows(view, None)
    if view_rows:
        out_no = {index: j + 1 for j, index in enumerate(view.result.kept)} if view.result is not None else {}
        parts.append(
            '<table class="diff"><colgroup><col class="n"><col class="before"><col class="n"><col class="after"><col class="why"></colgroup>'
            "<thead><tr><th>#</th><th>before</th><th>#</th><th>after</th><th>why removed</th></tr></thead><tbody>"
        )
        for row in view_rows:
            if row.index is None:
                what = "kept lines" if view.result is not None else "lines not in the report"
                parts.append(f'<tr class="fold"><td class="n">⋮</td><td class="t" colspan="4">{row.count} {what}</td></tr>')
                continue
            text = line_text(view, row.index)
            if row.removal is None:
                cell = _esc(text)
                parts.append(
                    f'<tr class="kept"><td class="n">{row.index + 1}</td><td class="t before" dir="auto">{cell}</td>'
                    f'<td class="n">{out_no.get(row.index, "")}</td><td class="t after" dir="auto">{cell}</td>{_saved_html(row.saved)}</tr>'
                )
                continue
            cat = row.removal.category
            spans = [v.evidence.span for v in row.removal.reasons if v.evidence.span is not None]
            parts.append(
                f'<tr class="removed c{cat_index[cat]}" data-cat="{html.escape(cat, quote=True)}">'
                f'<td class="n">{row.index + 1}</td><td class="t before" dir="auto">{_marked(text, spans)}</td>'
                f'<td class="n"></td><td class="t after"></td><td class="why">{_reason_html(row.removal)}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "\n".join(parts)


TITLE = "cleaner: what was removed and why"


def _category_counts(views: Sequence[FileView]) -> dict[str, int]:
    """Removed lines per category, most first (then by name)."""
    counts: dict[str, int] = {}
    for view in views:
        for r in view.removals:
            counts[r.category] = counts.get(r.category, 0) + 1
    return {c: counts[c] for c in sorted(counts, key=lambda c: (-counts[c], c))}


def _badges(counts: dict[str, int], filters: bool) -> tuple[str, str]:
    """The CSS that gives each category on the page its class (``c0``, ``c1``, ...) and
    fixed hue, and the category badges with their counts, as checkboxes when ``filters``."""
    css, out = [], []
    for i, (c, n) in enumerate(counts.items()):
        css.append(f".c{i} {{ --h: {hue(c)}; }} body.hide-c{i} tr.c{i} {{ display: none; }}\n")
        badge = f'<span class="badge c{i}">{_esc(c)}</span> {n}'
        out.append(f'<label><input type="checkbox" data-key="c{i}" data-cat="{html.escape(c, quote=True)}" checked> {badge}</label>'
                   if filters else f"<span>{badge}</span>")
    if filters:
        out.append('<label><input type="checkbox" data-key="kept" checked> kept lines</label>')
    return "".join(css), "".join(out)


def _page(title: str, summary: str, counts: dict[str, int], body: list[str], filters: bool) -> str:
    """A whole self-contained page: head, the header with the summary and category badges
    (filter checkboxes on a file's page), ``body``, footer."""
    css, badges = _badges(counts, filters)
    legend = "Show:" if filters else "Removed:"
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_STYLE}{css}</style>",
        "</head><body>",
        "<header>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="summary">{summary}</p>',
        f'<fieldset id="filters"><legend>{legend}</legend>{badges}</fieldset>',
        "</header><main>",
        *body,
        f"</main><footer>cleaner {__version__}: every removed line with the rule that removed it. Open offline; nothing is fetched.</footer>",
    ]
    if filters:
        page.append(f"<script>{_SCRIPT}</script>")
    page.append("</body></html>\n")
    return "\n".join(page)


def render_html(view: FileView, title: str = TITLE, back: str | None = None) -> str:
    """One file's page: every line, removed ones coloured with their reasons; ``back``
    links to the index of a batch."""
    counts = _category_counts([view])
    cat_index = {c: i for i, c in enumerate(counts)}
    body = [f'<p><a href="{html.escape(back, quote=True)}">← all files</a></p>'] if back else []
    body.append(_file_section(1, view, cat_index))
    return _page(title, f"{len(view.removals)} of {view.lines_in} lines removed", counts, body, filters=True)


def _order(views: Sequence[FileView]) -> list[tuple[int, FileView]]:
    """The views numbered from 1 in the given order, listed most removed first (by lines,
    then by share, then by path)."""
    return sorted(enumerate(views, 1), key=lambda nv: (-len(nv[1].removals), -len(nv[1].removals) / max(nv[1].lines_in, 1), nv[1].path))


def render_index(views: Sequence[FileView], pages: str, title: str = TITLE) -> str:
    """The index of several files: counts per file, most removed first, files that need a
    look flagged (failed, or a note such as a budget fallback or no article found), each
    linking to its page ``{pages}/f{number}.html``. No file's lines are on it, so it stays
    small for 10,000 files."""
    counts = _category_counts(views)
    rows = ['<nav id="index"><table><thead><tr><th>file</th><th>removed</th><th>of lines</th><th>share</th><th></th></tr></thead><tbody>']
    for number, view in _order(views):
        n_removed = len(view.removals)
        share = n_removed / view.lines_in if view.lines_in else 0.0
        flags = ' <span class="note">failed</span>' if view.status == "failed" else ""
        flags += "".join(f' <span class="note" title="{html.escape(note, quote=True)}">note</span>' for note in view.notes)
        href = html.escape(f"{pages}/f{number}.html", quote=True)
        rows.append(
            f'<tr><td><a href="{href}">{_esc(view.path)}</a>{flags}</td><td class="num">{n_removed}</td>'
            f'<td class="num">{view.lines_in}</td><td class="num">{share:.0%}</td>'
            f'<td><div class="bar"><span style="width: {share * 100:.1f}%"></span></div></td></tr>'
        )
    rows.append("</tbody></table></nav>")
    summary = f"{len(views)} files, {sum(counts.values())} of {sum(v.lines_in for v in views)} lines removed"
    return _page(title, summary, counts, rows, filters=False)


_PAGE_NAME = regex.compile(r"f[0-9]+\.html")


def write_report(path: Path, views: Sequence[FileView]) -> None:
    """Write the HTML report: one page for one file; for several, an index at ``path`` and
    a page per file in the folder ``<name>.files`` beside it (pages of an earlier, larger
    report there are removed). The index is written last, so it never links to a page
    that is not there yet."""
    if len(views) == 1:
        atomic_write(path, render_html(views[0]).encode("utf-8"))
        return
    folder = path.with_name(path.name + ".files")
    folder.mkdir(exist_ok=True)
    back = "../" + quote(path.name)
    written: set[str] = set()
    for number, view in enumerate(views, 1):
        name = f"f{number}.html"
        atomic_write(folder / name, render_html(view, f"{view.path}: what was removed and why", back).encode("utf-8"))
        written.add(name)
    for old in os.listdir(folder):
        if _PAGE_NAME.fullmatch(old) and old not in written:
            (folder / old).unlink()
    atomic_write(path, render_index(views, quote(folder.name)).encode("utf-8"))
