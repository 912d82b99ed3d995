"""``cleaner diff``: what was removed and why, for a file, stdin, a batch folder pair or a
batch report; as a terminal view, a unified diff, side by side, JSON, counts or HTML."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from ..diff import (
    FileView,
    read_report,
    view_entry,
    view_failed,
    view_pair,
    view_result,
)
from ..display import visible
from ..document import InputError, segment
from ..render import FORMATS, parse_context, render, render_stat_text, stat, summary
from ..report import EXIT_CHANGED, EXIT_FAILED, EXIT_OK
from ..unified import view_unified
from .common import CONTEXT_SETTINGS, build_pipeline, config_options, error, folder_settings, from_command_line, read_inputs, write_stdout


def _context(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    try:
        return parse_context(value)
    except ValueError:
        raise click.BadParameter("a whole number >= 0, or 'all'") from None


def _plain_unified(text: str, colour: bool) -> str:
    """A unified diff for a person at a terminal: control characters made visible (the
    raw bytes are for ``patch``, when stdout is not a terminal) and +/- lines coloured."""
    from rich.text import Text

    from ..render import console_text, make_console

    if not colour:
        return "".join(visible(line) + "\n" for line in text.splitlines())
    console = make_console(10_000, True)
    for line in text.splitlines():
        style = "bold" if line.startswith(("---", "+++")) else "cyan" if line.startswith("@@") else "red" if line.startswith("-") else "green" if line.startswith("+") else ""
        console.print(Text(visible(line), style=style, no_wrap=True, overflow="ignore"), crop=False)
    return console_text(console)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format. Default: rich on a terminal, unified otherwise.")
@click.option("--stat", "show_stat", is_flag=True, help="Print removed lines counted per category and rule instead (JSON with --format json).")
@click.option("--context", "context", default="3", show_default=True, metavar="N|all", callback=_context, help="Kept lines shown around each removal.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Render this report (batch JSONL, or clean --report JSON) without re-running.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Also write a self-contained HTML report here (several files: an index here, a page per file in FILE.files/).")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Files to pair up in SRC and DEST folders, at any depth; both are walked as 'cleaner batch' walks SRC (hidden names and symbolic links skipped).")
@click.option("--width", type=click.IntRange(40, 1000), help="Columns for rich and side-by-side (default: the terminal's).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour: auto = on a terminal unless NO_COLOR is set.")
@click.option("--exit-code", "exit_code_flag", is_flag=True, help="Exit 1 if there are differences (a line would be removed), 0 if none, as git diff --exit-code does.")
@config_options
def diff(paths: tuple[Path, ...], fmt: str | None, show_stat: bool, context: int | None, report_path: Path | None, html_path: Path | None, pattern: str, width: int | None, color: str, exit_code_flag: bool, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str, input_format: str, encoding_errors: str, max_size: int) -> None:
    """Show what cleaning removes from FILE (or stdin, or '-') and why.

    Each removed line is marked with its category, rule id and the matched evidence;
    kept lines are shown as context. With two folders SRC DEST (a batch output) every
    pair is shown: the reasons come from cleaning SRC again with the same options, and a
    DEST file that differs from that is said to. --report renders a batch report
    without re-running (give its SRC folder to see the kept lines as context).

    \b
    Examples:
      cleaner diff article.txt                       # on a terminal: the rich view
      cleaner diff article.txt | patch -p0           # a unified diff: cleans in place
      cleaner diff --format side-by-side --context all article.txt
      cleaner diff --stat --report out/report.jsonl  # counts per category and rule
      cleaner diff --html review.html src/ dest/     # an index, a page per file
      cleaner diff --report run.jsonl src/           # a batch report; its paths are under src/

    Scraped text is shown literally: [brackets] stay text, and control characters
    (ANSI escapes included) are made visible. The unified diff is raw bytes only when
    stdout is not a terminal, so that patch reproduces the output exactly.

    Exit codes: 0 ok (with --exit-code: no differences), 1 with --exit-code: there are
    differences, 2 usage or rule-file error, 3 some inputs failed or are missing.
    """
    out_stream = sys.stdout
    is_tty = out_stream.isatty()
    colour = color == "always" or (color == "auto" and is_tty and not os.environ.get("NO_COLOR"))
    columns = width or shutil.get_terminal_size((100, 24)).columns
    if fmt is None:
        fmt = "rich" if is_tty else "unified"
        if html_path is not None:
            fmt = ""  # --html alone writes the page and prints nothing else

    views: list[FileView]
    many = False
    if report_path is not None:
        if len(paths) > 1 or (paths and not paths[0].is_dir()):
            raise click.UsageError("with --report, give at most one folder: the SRC its paths are relative to")
        if any(from_command_line(name) for name in ("aggressive", "select", "ignore", "keep", "lang", "rule_files", "finder", "site")):
            raise click.UsageError("--report renders a report as it is; cleaning options do not apply")
        entries = read_report(report_path, max_size)
        # A batch report's paths are relative to its SRC: look there first, then next to the report.
        roots = [*paths, Path("."), report_path.parent]
        views = [view_entry(e, roots, max_size=max_size) for e in entries]
        many = True
    else:
        dirs = [p for p in paths if str(p) != "-" and p.is_dir()]
        if dirs and (len(paths) != 2 or len(dirs) != 2):
            raise click.UsageError("folders come in pairs: cleaner diff SRC DEST (a batch input and output)")
        pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files, finder, input_format)
        if dirs:
            from ..diff import walk_pairs
            from ..settings import FolderSites, folder_sites

            pairs = walk_pairs(paths[0], paths[1], pattern)
            if not pairs:
                error(f"no files matching {pattern!r} in {paths[0]} or {paths[1]}")
            use_folders, settings_file = folder_settings()
            # as batch reads them: the same site for the same file
            sites = folder_sites(paths[0], (rel for rel, s, _ in pairs if s is not None), settings_file) if use_folders else FolderSites()
            views = [view_pair(rel, s, d, pipe, encoding_errors, max_size, sites.site(rel)) for rel, s, d in pairs]  # type: ignore[arg-type]
            many = True
        else:
            views = [
                view_failed(name, str(text)) if isinstance(text, InputError) else view_result(name, pipe.run(segment(text)))
                for _, name, text in read_inputs(paths, encoding_errors, max_size)
            ]

    exit_code = EXIT_FAILED if any(v.status == "failed" for v in views) else EXIT_OK
    if exit_code == EXIT_OK and exit_code_flag and any(v.removals for v in views):
        exit_code = EXIT_CHANGED
    for view in views:
        for note in view.notes:
            if not note.startswith("failed: "):
                click.echo(f"cleaner: {visible(view.path)}: {visible(note)}", err=True)
        if view.status == "failed" and (many or view.result is not None):
            error(f"{visible(view.path)}: {visible('failed' if view.entry.error is None else view.entry.error)}")

    if html_path is not None:
        from ..html import write_report

        try:
            write_report(html_path, views)
        except OSError as exc:
            error(f"{html_path}: cannot write: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
        click.echo(f"cleaner: wrote {visible(str(html_path))} ({len(views)} file{'s' if len(views) != 1 else ''})", err=True)

    if show_stat:
        if fmt == "json":
            import json

            write_stdout((json.dumps(stat(v.entry for v in views).to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        else:
            write_stdout(_strip(render_stat_text(views, columns, colour), colour).encode("utf-8"))
    elif fmt == "unified":
        chunks = []
        for view in views:
            if view.result is None:
                if view.status != "failed":
                    error(f"{visible(view.path)}: no unified diff without the source text")
                    exit_code = EXIT_FAILED
                continue
            chunk = view_unified(view, context)
            if view.note and not chunk:  # (no diff to carry it: stdout stays empty for patch)
                click.echo(f"cleaner: note: {visible(view.path)}: {view.note}", err=True)
            chunks.append(chunk)
        text = "".join(chunks)
        if is_tty or colour:
            text = _plain_unified(text, colour)
        write_stdout(text.encode("utf-8"))
    elif fmt == "json":
        write_stdout(render(views, "json").encode("utf-8"))
    elif fmt:
        write_stdout(_strip(render(views, fmt, columns, colour, context), colour).encode("utf-8"))

    if many:
        click.echo(f"cleaner: {summary(views)}", err=True)
    sys.exit(exit_code)


def _strip(text: str, colour: bool) -> str:
    """Plain output without the padding rich adds at the end of each line."""
    if colour:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
