"""Cleaning a folder: walk it, plan what needs doing, clean in worker processes, resume.

What it promises, and how:

- **SRC is never written** (unless ``in_place``): outputs go to DEST, which may not be SRC,
  inside it, or contain it (``check_folders``).
- **Nothing half-written**: every output is written to a hidden temporary file in its own
  folder and renamed into place (``os.replace`` is atomic). A stop request (``stop``,
  below) ends the run: each worker ends its chunk after the file in hand, whose outputs
  are journaled, and then stops. A worker stopped by SIGTERM (when the run ends early,
  or when the main process dies: a second Ctrl-C at the command line) deletes the
  temporary file it was writing. After SIGKILL a temporary file may remain, and the next
  run deletes it (``sweep``). Outputs are not
  fsync'ed one by one (that would cost a millisecond a file): a power cut can lose the
  newest outputs, and the journal's size check then makes the next run redo them.
- **Resumable**: after each output is in place, a line goes into the journal
  ``.cleaner-batch.jsonl`` in DEST (in SRC with ``in_place``): the file, the fingerprint of
  the rules that made it (and of the site its folder's ``cleaner.toml`` names), and the
  size and modification time of its input and its output. The line is written (one
  ``write``, into the OS's cache) as soon as the file's result reaches the main process,
  so an interrupt, or a crash of the process, loses no finished file. It is not
  fsync'ed, as the outputs are not: a power cut can lose the newest lines with the
  newest outputs, and those files are redone. A later run skips a file
  whose journal line has the same fingerprint and whose input and output are still
  exactly those. A line cut short by SIGKILL is ignored. The journal is
  rewritten (atomically) without stale lines at the end of a run. One run at a time may use
  a DEST: the folder is locked (``flock``).
- **One bad file never stops the run**: a file that cannot be read, decoded, cleaned or
  written becomes a ``failed`` outcome with its reason; even a worker that dies (a crash,
  the OOM killer) only fails the file it was cleaning.
- **Parallel**: ``jobs`` worker processes, each building its pipeline once; files travel in
  small chunks and only counts (and, with a report, the JSON line) come back.
- **The caller's signals are its own**: ``run`` installs no signal handler in the calling
  process (its worker processes set their own). To stop a run gracefully, pass a
  ``Stop`` and call ``stop.request(signum)``, from a signal handler, another thread or
  the ``progress`` callback: the run stops at the next safe point, as above, and
  ``BatchReport.interrupted`` is that signal. The command line does this for SIGINT and
  SIGTERM (``cli/common.py``: a second signal there stops at once)::

      stop = batch.Stop()
      signal.signal(signal.SIGINT, lambda signum, frame: stop.request(signum))
      report = batch.run(src, dest, pipeline, batch.Settings(), stop=stop)
      if report.interrupted: ...  # the journal lets the same run resume

This module holds the run loop (``run``) and its settings and counts; the pieces it runs
are in ``walk`` (which files), ``journal`` (the resume record and the lock), ``pool``
(the workers and the stop request) and ``reportfile`` (where ``--report`` goes). The command (``cli/batch.py``) adds options, progress and
the summary on top of ``run``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from . import repeats
from .errors import FailedError
from .files import DEFAULT_MAX_SIZE
from .jsonl import CompressionError, JsonlOptions, check_compression
from .journal import Journal
from .pipeline import Pipeline
from .pool import Interrupted, Progress, Runner, Stop, chunked, count, start_method
from .report import EXIT_FAILED, EXIT_OK
from .reportfile import open_report
from .rules import RuleError
from .schema import FileReport, count_host
from .settings import FolderSites, SettingsError, folder_sites
from .walk import JOURNAL, BatchError, Entry, Problem, WalkOptions, check_folders, check_outputs, sweep, walk
from .worker import Outcome, Task

__all__ = ["JOURNAL", "BatchError", "BatchReport", "Settings", "Stop", "WalkOptions", "WriteError", "run"]


class WriteError(FailedError, BatchError):
    """The journal or the report cannot be written when the run starts (a full disk, no
    permission): a failure (exit 3), as a failure to write during the run is."""


class _Fatal(Exception):
    """Stops the run: a writer of the main process failed (see ``BatchReport.fatal``)."""


@dataclass
class BatchReport:
    """Counts over a run (the one mutable object): it decides the exit code."""

    files: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> files
    lines_in: int = 0
    lines_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: dict[str, list[int]] = field(default_factory=dict)  # category -> [lines, bytes]
    rules: Counter[str] = field(default_factory=Counter)
    timed_out: Counter[str] = field(default_factory=Counter)  # pattern rule -> lines it was skipped on
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, Result.note)
    seconds: float = 0.0
    interrupted: int | None = None  # the signal a stop was requested with (``Stop``)
    fatal: str | None = None  # a writer failed (a full disk): the run stopped, or ended its interrupt; one line
    repeated_lines: int | None = None  # with --repeats: how many lines were found repeated
    docs_counted: int | None = None
    records: Counter[str] = field(default_factory=Counter)  # --jsonl: records, cleaned, dropped, skipped
    hosts: Counter[str] = field(default_factory=Counter)  # --jsonl: records by host ("" none), capped

    def add(self, o: Outcome) -> None:
        self.files[o.status] += 1
        if o.status == "failed":
            self.failures.append((o.rel, o.error))
            return
        if o.note:
            self.notes.append((o.rel, o.note))
        self.lines_in += o.lines_in
        self.lines_out += o.lines_out
        self.bytes_in += o.bytes_in
        self.bytes_out += o.bytes_out
        for cat, n, b in o.removed:
            slot = self.removed.setdefault(cat, [0, 0])
            slot[0] += n
            slot[1] += b
        for rule_id, n in o.rules:
            self.rules[rule_id] += n
        for rule_id, n in o.timed_out:
            self.timed_out[rule_id] += n
        self.records.update(dict(o.records))
        for host, n in o.hosts:
            if host:
                count_host(self.hosts, host, n)
            else:  # records without a URL: never folded into the other hosts
                self.hosts[host] += n

    def add_problem(self, p: Problem) -> None:
        self.files[p.status] += 1
        if p.status == "failed":
            self.failures.append((p.rel, p.reason))
        else:
            self.skipped[p.reason] += 1

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 128 + self.interrupted
        return EXIT_FAILED if self.files["failed"] or self.fatal else EXIT_OK


@dataclass(frozen=True)
class Settings:
    """A run's settings beyond the cleaning Config."""

    walk: WalkOptions = WalkOptions()
    jobs: int = 1
    encoding_errors: str = "strict"
    force: bool = False
    backup: str | None = None
    report: Path | None = None
    repeats: bool = False
    repeat_params: repeats.RepeatParams | None = None
    max_size: int = DEFAULT_MAX_SIZE  # the largest input read (bytes)
    jsonl: JsonlOptions | None = None  # the files are JSONL shards (max_size is then per record)
    folder_sites: bool = True  # read the site of a folder of SRC from its cleaner.toml (settings.folder_sites)
    settings_file: Path | None = None  # the project settings file in use: its other keys are no error there


def fingerprint(pipeline: Pipeline, encoding_errors: str, table: repeats.RepeatTable | None, params: repeats.RepeatParams | None, jsonl: JsonlOptions | None = None) -> str:
    """What made an output: the pipeline's rules and config, the decoding, with --repeats
    the set of repeated lines and the guards, and with --jsonl how records are handled."""
    parts = [pipeline.fingerprint, encoding_errors]
    if table is not None:
        parts += [table.digest, repr(params)]
    if jsonl is not None:
        parts.append(repr(jsonl))
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def file_fingerprint(run_fingerprint: str, site: str | None) -> str:
    """A file's fingerprint: the run's, with the site its folder names, if any; so the
    files under a folder whose cleaner.toml changes are redone, and only those."""
    if site is None:
        return run_fingerprint
    return hashlib.sha256(f"{run_fingerprint}|site={site}".encode("utf-8")).hexdigest()[:16]


def run(
    src: Path,
    dest: Path | None,
    pipeline: Pipeline,
    settings: Settings,
    progress: Progress | None = None,
    on_failure: Callable[[str, str], None] | None = None,
    stop: Stop | None = None,
) -> BatchReport:
    """Clean every file of SRC that the walk selects into DEST (or in place when DEST is
    None). Never raises for a single file; raises BatchError for a bad setup. Once
    ``stop`` is requested the run stops at its next safe point (see the module's
    docstring) and the report's ``interrupted`` says with which signal."""
    stop = stop or Stop()
    started = time.monotonic()
    began = time.time()  # temporary files older than this were left by a killed run
    src = Path(src)
    dest = None if dest is None else Path(dest)
    check_folders(src, dest)
    in_place = dest is None
    params = settings.repeat_params
    if settings.repeats:
        try:
            rule = pipeline.rules.get(repeats.RULE_ID)
        except RuleError:
            raise BatchError.naming("{repeats} needs the rule {rule}, which {select}/{ignore} turned off", rule=repeats.RULE_ID) from None
        params = params or repeats.RepeatParams.from_rule(rule)
        if settings.jsonl is not None:
            raise BatchError.naming("{repeats} counts lines across files, not across the records of JSONL shards: it does not go with {jsonl}")
    walk_options = settings.walk
    if in_place and settings.backup:
        walk_options = replace(walk_options, skip_suffix=settings.backup)
    report = BatchReport()
    journal = Journal(src if in_place else dest)  # type: ignore[arg-type]
    report_tmp: Any = None
    runner: Runner | None = None
    seen: set[str] = set()
    try:
        try:
            journal.open(force=settings.force)
            if settings.report is not None:
                report_tmp = open_report(settings.report, began)
        except OSError as exc:
            raise WriteError(f"{exc.filename or journal.path}: cannot write: {exc.strerror or exc}") from None

        def put(line: str) -> None:
            """A line of the report; a failure to write it stops the run."""
            nonlocal report_tmp
            try:
                report_tmp.write(line)
            except OSError as exc:
                report_tmp.discard()
                report_tmp = None
                raise _Fatal(f"{settings.report}: cannot write the report: {exc.strerror or exc}; stopped, no report written") from None
        if not in_place:
            sweep(dest, began)  # type: ignore[arg-type]
        entries: list[Entry] = []
        problems: list[Problem] = []
        for item in walk(src, walk_options, sweep=began if in_place else None):
            stop.check()
            (entries if isinstance(item, Entry) else problems).append(item)
        check_outputs(src, dest, entries, None if str(settings.report) == "-" else settings.report)
        if settings.jsonl is not None:
            try:
                check_compression(*(e.rel for e in entries))
            except CompressionError as exc:
                raise BatchError(str(exc)) from None
        try:
            sites = folder_sites(src, (e.rel for e in entries), settings.settings_file) if settings.folder_sites else FolderSites()
        except SettingsError as exc:
            raise BatchError(str(exc)) from None
        seen = {e.rel for e in entries}
        for p in problems:
            report.add_problem(p)
            if p.status == "failed" and on_failure:
                on_failure(p.rel, p.reason)
            if report_tmp:
                put(json.dumps(p.to_json(), ensure_ascii=False))
        task = Task(
            src, dest, pipeline.config, settings.encoding_errors, walk_options.follow_symlinks,
            settings.backup if in_place else None, settings.report is not None, params, None,
            journal.lock_fd if start_method() == "fork" else None,  # only a forked worker inherits it
            settings.max_size, settings.jsonl, pipeline.loaded, sites,
        )
        runner = Runner(task, settings.jobs, pipeline, stop)
        table = None
        if settings.repeats:
            assert params is not None
            table = count(runner, entries, params, progress).table(params)
            report.repeated_lines = len(table.lines)
            report.docs_counted = table.docs
        fp = fingerprint(pipeline, settings.encoding_errors, table, params, settings.jsonl)
        task = replace(task, table=table)
        if runner.pool is not None:
            runner.close()  # the workers know the table only from their initializer
        runner.task = task
        todo: list[Entry] = []
        for e in entries:
            out = os.path.join(src if in_place else dest, e.rel)  # type: ignore[arg-type]
            if not settings.force and journal.is_done(e, Path(out), file_fingerprint(fp, sites.site(e.rel)), in_place):
                report.add_problem(Problem(e.rel, "skipped", "up to date"))
                if report_tmp:
                    put(json.dumps(FileReport(e.rel, "skipped", reason="up to date").to_json()))
            else:
                todo.append(e)
        total, total_bytes = len(todo), sum(e.size for e in todo)
        state = [0, 0]

        def cleaned(chunk: list[Entry], outcomes: list[Outcome]) -> None:
            full = None
            journal_error: OSError | None = None
            for o in outcomes:
                report.add(o)
                if on_failure:
                    for line in o.skipped_lines:
                        on_failure(o.rel, line)
                if o.status == "failed":
                    if o.disk_full:
                        full = full or o  # said once, by the fatal line
                    elif on_failure:
                        on_failure(o.rel, o.error)
                else:
                    journal.add(o.rel, file_fingerprint(fp, sites.site(o.rel)), o.source, o.output)
                    if journal_error is None:
                        try:
                            journal.flush()  # each file as it comes: a stop or a crash after it loses none
                        except OSError as exc:
                            journal_error = exc
                if report_tmp and o.report:
                    put(o.report)
            if journal_error is not None:
                lost = f"{journal.path}: cannot write the journal: {journal_error.strerror or journal_error}"
                if stop.requested:  # the run ends as asked (130), saying what resuming will redo
                    report.fatal = f"{lost}; the files it misses are cleaned again when the run resumes"
                    stop.check()
                raise _Fatal(f"{lost}; stopped (the outputs written are kept; run the same command again to resume)")
            if full is not None:
                raise _Fatal(f"{full.rel}: {full.error}; stopped (the outputs written are kept; run the same command again to resume)")
            state[0] += len(chunk)
            state[1] += sum(e.size for e in chunk)
            if progress:
                progress("cleaning", state[0], total, state[1], total_bytes)

        if progress:
            progress("cleaning", 0, total, 0, total_bytes)
        runner.run("clean", chunked(todo, settings.jobs), cleaned)
        runner.close()
        if report_tmp:
            writer, report_tmp = report_tmp, None
            try:
                writer.commit()
            except OSError as exc:
                writer.discard()
                raise _Fatal(f"{settings.report}: cannot write the report: {exc.strerror or exc}; no report written") from None
    except Interrupted as exc:
        report.interrupted = exc.signum
        if runner is not None:
            runner.stop()
    except _Fatal as exc:
        report.fatal = str(exc)
        if runner is not None:
            runner.stop()
        if report_tmp:  # the report is elsewhere: it says what was done
            try:
                report_tmp.commit()
                report_tmp = None
            except OSError:
                pass
    finally:
        if runner is not None and report.interrupted is None:
            runner.stop()
        if report_tmp:
            report_tmp.discard()
        try:
            journal.close(keep=seen if report.interrupted is None and report.fatal is None and seen else None)
        except OSError as exc:
            report.fatal = report.fatal or f"{journal.path}: cannot rewrite the journal: {exc.strerror or exc} (the journal as written is kept)"
    report.seconds = time.monotonic() - started
    return report
