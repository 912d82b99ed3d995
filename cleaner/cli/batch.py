"""``cleaner batch``: clean a folder into another (or in place), in parallel, resumably.

The work is ``cleaner.batch.run``; this module adds the options, the signal handling
(``stop_on_signals``: the first SIGINT or SIGTERM stops the run at a safe point), the
progress display (a rich bar on a terminal, a plain line every few seconds otherwise,
nothing with --quiet) and the summary table, all on stderr.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table
from rich.text import Text

from .. import batch as batch_lib
from .. import repeats
from ..display import visible
from ..pool import default_jobs
from ..report import EXIT_USAGE, timeout_warning
from ..rules import RuleError
from ..jsonl import SHARD_GLOBS, JsonlOptions
from ..walk import DEFAULT_GLOBS
from .common import CONTEXT_SETTINGS, build_pipeline, config_options, error, flagged, folder_settings, jsonl_options, stop_on_signals

_MB = 1_000_000


def _mb(n: float) -> str:
    return f"{n / _MB:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def _eta(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Display:
    """Progress and messages on stderr: ``rich`` (a bar), ``plain`` (a line every
    ``every`` seconds and at the end of each phase) or ``quiet`` (failures only)."""

    def __init__(self, mode: str, every: float = 5.0) -> None:
        self.mode = mode
        self.every = every
        self.console = Console(stderr=True, highlight=False)
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        self.last = 0.0
        self.started: dict[str, float] = {}

    def __enter__(self) -> Display:
        if self.mode == "rich":
            self.progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[files]} files"),
                TransferSpeedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, phase: str, done: int, total: int, bytes_done: int, bytes_total: int) -> None:
        now = time.monotonic()
        start = self.started.setdefault(phase, now)
        if self.progress is not None:
            if phase not in self.tasks:
                self.tasks[phase] = self.progress.add_task(phase, total=bytes_total or 1, files=f"0/{total}")
            self.progress.update(self.tasks[phase], completed=bytes_done if bytes_total else 1, files=f"{done}/{total}")
        elif self.mode == "plain" and (now - self.last >= self.every or done == total):
            if done == 0 and total:
                self.last = now  # the start of a phase: nothing to say yet
                return
            self.last = now
            elapsed = max(now - start, 1e-9)
            rate = bytes_done / elapsed
            eta = (bytes_total - bytes_done) / rate if rate else 0.0
            share = f" ({bytes_done / bytes_total:.0%})" if bytes_total else ""
            click.echo(
                f"cleaner: {phase} {done}/{total} files{share}, {_mb(bytes_done)}, "
                f"{rate / _MB:.2f} MB/s, ETA {_eta(eta)}",
                err=True,
            )

    def failure(self, path: str, reason: str) -> None:
        message = f"cleaner: error: {visible(path)}: {visible(flagged(reason))}"
        if self.progress is not None:
            self.progress.console.print(Text(message))
        else:
            click.echo(message, err=True)


def summary(report: batch_lib.BatchReport, console: Console, max_failures: int = 20) -> None:
    """The end-of-run table: files by status, what was removed, the rules that fired most,
    and the failures."""
    files = report.files
    done = files["cleaned"] + files["unchanged"]
    secs = max(report.seconds, 1e-9)
    head = (
        f"cleaner batch: {done} files cleaned in {report.seconds:.1f} s "
        f"({report.bytes_in / _MB / secs:.2f} MB/s, {done / secs:.0f} files/s)"
    )
    if report.interrupted:
        head += f"; interrupted by {signal.Signals(report.interrupted).name}: run the same command again to resume"
    console.print(Text(head))
    status = Table(title="Files", title_justify="left")
    status.add_column("status")
    status.add_column("files", justify="right")
    status.add_column("note")
    status.add_row("cleaned", str(files["cleaned"]), "lines were removed")
    status.add_row("unchanged", str(files["unchanged"]), "nothing to remove")
    status.add_row("skipped", str(files["skipped"]), Text(visible(flagged("; ".join(f"{n} {why}" for why, n in report.skipped.most_common())))))
    status.add_row("failed", str(files["failed"]), "see below" if files["failed"] else "")
    console.print(status)
    if report.records:
        records = report.records
        console.print(Text(
            f"records: {records['records']}: {records['cleaned']} cleaned, {records['records'] - records['cleaned']} unchanged, "
            f"{records['dropped']} dropped as empty, {records['skipped']} bad lines skipped"
        ))
    hosts = Counter({host: n for host, n in report.hosts.items() if host})
    if hosts:
        top = ", ".join(f"{host} {n}" for host, n in hosts.most_common(5))
        more = ", ..." if len(hosts) > 5 else ""
        console.print(Text(visible(f"hosts: {len(hosts)} ({top}{more}); {report.hosts['']} records without a URL")))
    if report.repeated_lines is not None:
        console.print(Text(f"repeats: {report.repeated_lines} lines occur in enough of {report.docs_counted} files"))
    if report.removed:
        cats = Table(title="Removed by category", title_justify="left")
        cats.add_column("category")
        cats.add_column("lines", justify="right")
        cats.add_column("bytes", justify="right")
        for cat, (lines, size) in sorted(report.removed.items(), key=lambda kv: -kv[1][1]):
            cats.add_row(Text(visible(cat)), str(lines), str(size))
        total_lines = sum(v[0] for v in report.removed.values())
        total_bytes = sum(v[1] for v in report.removed.values())
        cats.add_row("total", str(total_lines), f"{total_bytes} ({total_bytes / max(report.bytes_in, 1):.0%})")
        console.print(cats)
        rules = Table(title="Rules that fired most", title_justify="left")
        rules.add_column("rule")
        rules.add_column("lines", justify="right")
        for rule_id, n in report.rules.most_common(10):
            rules.add_row(Text(visible(rule_id)), str(n))
        console.print(rules)
    if report.failures:
        fails = Table(title="Failed", title_justify="left")
        fails.add_column("path")
        fails.add_column("reason")
        for path, reason in report.failures[:max_failures]:
            fails.add_row(Text(visible(path)), Text(visible(flagged(reason))))
        console.print(fails)
        if len(report.failures) > max_failures:
            console.print(Text(f"... and {len(report.failures) - max_failures} more (--report lists them all)"))


def walk_options(func: Any) -> Any:
    """The options that choose files, shared by ``batch`` and ``learn``."""
    options = [
        click.option("--glob", "globs", multiple=True, metavar="PATTERN", help="Files to take, relative to SRC (default: **/*.txt), as .gitignore reads patterns: '**' spans folders, a pattern without '/' matches names at any depth, a folder that matches takes all it holds, '!PATTERN' takes back. Repeatable."),
        click.option("--exclude", "excludes", multiple=True, metavar="PATTERN", help="Files or folders to leave out, same syntax. Repeatable."),
        click.option("--hidden", is_flag=True, help="Also take hidden files and folders (names starting with '.'); by default they are skipped silently."),
        click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links (a link loop is then a failure); by default links are reported as skipped."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: the number of cores)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@walk_options
@click.option("--in-place", is_flag=True, help="Rewrite the files of SRC (atomically) instead of writing DEST; only files that change are rewritten. With --follow-symlinks a linked file is replaced by a file (its target is left as it was).")
@click.option("--backup", metavar="SUFFIX", help="With --in-place: keep each original as FILE+SUFFIX (an existing backup is kept, not replaced).")
@click.option("--force", is_flag=True, help="Redo every file, even those a previous run already cleaned with the same rules.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write one JSON line per file (path, status, lines in and out, removals with rule and evidence); '-' is stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; failures are still printed, one line each.")
@click.option("--repeats", "use_repeats", is_flag=True, help="Two passes: also remove lines repeated across the folder (category 'repeated').")
@click.option("--repeats-min-docs", type=click.IntRange(min=1), default=None, metavar="N", help="With --repeats: a line must occur in at least N files (default 3).")
@click.option("--repeats-min-share", type=click.FloatRange(0, 1), default=None, metavar="P", help="With --repeats: ... and in at least this share of the files (default 0.1).")
@click.option("--progress-every", type=float, default=5.0, hidden=True)
@jsonl_options
@config_options
def batch(
    src: Path, dest: Path | None, globs: tuple[str, ...], excludes: tuple[str, ...], hidden: bool, follow_symlinks: bool,
    jobs: int | None, in_place: bool, backup: str | None, force: bool, report_path: Path | None, quiet: bool,
    use_repeats: bool, repeats_min_docs: int | None, repeats_min_share: float | None, progress_every: float,
    jsonl: JsonlOptions | None, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None,
    rule_files: tuple[Path, ...], finder: str, input_format: str, encoding_errors: str, max_size: int,
) -> None:
    """Clean every text file under SRC into DEST, mirroring the tree.

    \b
    Examples:
      cleaner batch scrape/ clean/                   # every core, progress on stderr
      cleaner batch scrape/ clean/ -j 4 --report removed.jsonl
      cleaner batch scrape/ clean/ --glob '**/*.md' --exclude 'drafts/**'
      cleaner batch scrape/ clean/ --repeats         # also lines repeated across the folder
      cleaner batch --in-place --backup .orig scrape/
      cleaner batch --jsonl shards/ clean/           # *.jsonl, *.jsonl.gz, *.jsonl.zst
      cleaner batch --jsonl --drop-empty --on-error skip shards/ clean/

    \b
    SRC is never written (except with --in-place). DEST may not be SRC, inside it, or
    contain it. Each output is written to a temporary file and renamed into place, so a
    killed run leaves no partial file; run the same command again to resume: files
    whose output was made from the same input with the same rules are skipped (--force
    redoes them). The record of what was done is DEST/.cleaner-batch.jsonl.

    \b
    A cleaner.toml in a folder of SRC may say site = "example.com": the files under
    it are of that site (for rule files with 'sites'), whatever --site says; the
    nearest such folder wins. It may set nothing else (exit 2); --no-config ignores it.

    \b
    Hidden files and folders (names starting with '.') are skipped unless --hidden.
    Symbolic links are reported as skipped unless --follow-symlinks.
    A file that cannot be read, decoded or written is reported and the run goes on.
    With --jsonl each shard is written compressed as its name says; a bad line fails
    the shard (no output) unless --on-error skip.

    Exit codes: 0 ok, 2 usage or rule-file error, 3 some files failed (the others were
    cleaned), 130/143 interrupted by SIGINT/SIGTERM.
    """
    if in_place and dest is not None:
        raise click.UsageError("--in-place rewrites SRC: give no DEST")
    if not in_place and dest is None:
        raise click.UsageError("give a DEST folder, or --in-place to rewrite SRC")
    if backup is not None and not in_place:
        raise click.UsageError("--backup goes with --in-place")
    if backup is not None and (not backup or "/" in backup):
        raise click.UsageError("--backup SUFFIX must be non-empty and hold no '/'")
    if (repeats_min_docs is not None or repeats_min_share is not None) and not use_repeats:
        raise click.UsageError("--repeats-min-docs and --repeats-min-share go with --repeats")
    if use_repeats and jsonl is not None:
        raise click.UsageError("--repeats counts lines across files, not across the records of JSONL shards: it does not go with --jsonl")
    pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files, finder, input_format)
    params = None
    if use_repeats:
        try:
            rule = pipe.rules.get(repeats.RULE_ID)
        except RuleError:
            error(f"--repeats needs the rule {repeats.RULE_ID}, which --select/--ignore turned off")
            sys.exit(EXIT_USAGE)
        params = repeats.RepeatParams.from_rule(rule, min_docs=repeats_min_docs, min_share=repeats_min_share)
    default_globs = DEFAULT_GLOBS if jsonl is None else SHARD_GLOBS
    use_folders, settings_file = folder_settings()
    settings = batch_lib.Settings(
        walk=batch_lib.WalkOptions(globs or default_globs, excludes, hidden, follow_symlinks),
        jobs=jobs or default_jobs(),
        encoding_errors=encoding_errors,
        force=force,
        backup=backup,
        report=report_path,
        repeats=use_repeats,
        repeat_params=params,
        max_size=max_size,
        jsonl=jsonl,
        folder_sites=use_folders,
        settings_file=settings_file,
    )
    console = Console(stderr=True, highlight=False)
    mode = "quiet" if quiet else ("rich" if console.is_terminal else "plain")
    with Display(mode, progress_every) as display, stop_on_signals() as stop:
        report = batch_lib.run(src, dest, pipe, settings, progress=display.update, on_failure=display.failure, stop=stop)
    if report.fatal:
        error(report.fatal)
    for rule_id, n in report.timed_out.items():  # once per run, even with -q
        click.echo(timeout_warning(rule_id, n), err=True)
    if not quiet:
        for rel, note in sorted(report.notes):
            click.echo(f"cleaner: note: {visible(rel)}: {note}", err=True)
        summary(report, console)
    elif report.interrupted:
        error(f"interrupted by {signal.Signals(report.interrupted).name}: run the same command again to resume")
    sys.exit(report.exit_code)
