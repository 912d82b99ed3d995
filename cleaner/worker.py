"""What runs in a batch worker process: one file read, cleaned (a page, or a JSONL shard
record by record) and written atomically, or counted for --repeats; the counts sent back
(``Outcome``); the worker's own signal handling. ``pool`` runs these functions.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import repeats
from .document import InputError, decode
from .files import DEFAULT_MAX_SIZE, WRITING as _WRITING, AtomicOutput, read_limited
from .jsonl import JsonlOptions, RecordError, clean_stream, compressed, decompressed
from .journal import write_atomic
from .config import Config
from .pipeline import Pipeline
from .schema import FileReport, tally
from .rules import RuleSet
from .settings import FolderSites
from .walk import unlink_quietly

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def drop_partial_files() -> None:
    """In a signal handler, before exiting: delete the temporary files being written."""
    for tmp in list(_WRITING):
        unlink_quietly(tmp)


@dataclass(frozen=True)
class Task:
    """Everything a worker needs; sent once, to the worker initializer."""

    src: Path
    dest: Path | None  # None: in place
    config: Config
    encoding_errors: str = "strict"
    follow_symlinks: bool = False
    backup: str | None = None
    report: bool = False
    repeat_params: repeats.RepeatParams | None = None
    table: repeats.RepeatTable | None = None
    lock_fd: int | None = None
    max_size: int = DEFAULT_MAX_SIZE
    jsonl: JsonlOptions | None = None  # the files are JSONL shards: clean their records
    rules: RuleSet | None = None  # the main process's loaded rules: a worker need not check the rule files again
    sites: FolderSites = FolderSites()  # the sites SRC's folders name (cleaner.toml), by folder


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's result, as the main process needs it (small: counts, not texts)."""

    rel: str
    status: str  # cleaned | unchanged | failed
    error: str = ""
    lines_in: int = 0
    lines_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: tuple[tuple[str, int, int], ...] = ()  # (category, lines, bytes)
    rules: tuple[tuple[str, int], ...] = ()
    timed_out: tuple[tuple[str, int], ...] = ()  # pattern rules that hit their time limit: lines
    source: tuple[int, int] = (0, 0)
    output: tuple[int, int] = (0, 0)
    report: str | None = None  # the JSON line, made in the worker
    disk_full: bool = False  # the output could not be written for want of space: stop
    records: tuple[tuple[str, int], ...] = ()  # a JSONL shard: records, cleaned, dropped, skipped
    note: str = ""  # what the user should know about this file (Result.note)
    hosts: tuple[tuple[str, int], ...] = ()  # ... and its records by host
    skipped_lines: tuple[str, ...] = ()  # ... and its bad lines skipped (the first few)


_worker: dict[str, Any] = {}


def _on_worker_term(signum: int, frame: Any) -> None:
    """SIGTERM in a pool worker (from the main process, or because it died): delete the
    file being written and exit now. Nothing is raised: an exception from a signal handler
    can land in a ``__del__`` and be swallowed."""
    drop_partial_files()
    os._exit(128 + signum)


def _die_with_parent() -> None:
    """Linux: SIGTERM this worker when the main process dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def init_worker(task: Task, pipeline: Pipeline | None = None, in_pool: bool = True, stop: Any = None) -> None:
    """Set up this process: build the pipeline once, and signal handlers in a pool worker.
    ``stop`` is the pool's shared flag (a lock-free ``RawValue``): once set, ``work`` ends
    its chunk after the file in hand."""
    if in_pool:
        _WRITING.clear()  # inherited from the main process: its files, not ours
        parent = os.getppid()
        if task.lock_fd is not None:
            try:
                os.close(task.lock_fd)  # the lock belongs to the main process
            except OSError:
                pass
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides
        signal.signal(signal.SIGTERM, _on_worker_term)
        _die_with_parent()
        if os.getppid() != parent:
            os._exit(1)
    _worker.clear()
    _worker.update(task=task, pipeline=pipeline, dirs=set(), stop=stop)


def _pipeline() -> Pipeline:
    """This process's pipeline, built once (only cleaning needs one, counting does not)."""
    pipe = _worker.get("pipeline")
    if pipe is None:
        task = _worker["task"]
        pipe = _worker["pipeline"] = Pipeline(task.config, rules=task.rules)
    return pipe


def work(kind: str, chunk: list[str]) -> Any:
    """Run in a worker: ``count`` (pass one of --repeats) or ``clean`` a chunk of files."""
    if kind == "count":
        return _count_chunk(chunk)
    stop = _worker.get("stop")
    outcomes = []
    for rel in chunk:
        if stop is not None and stop.value:
            break  # the run is stopping: the files done go back to be journaled, the rest wait
        outcomes.append(_clean_one(rel))
    return outcomes


def _open(path: str, follow_symlinks: bool) -> tuple[int, os.stat_result]:
    """A descriptor open on a regular file, and its stat; failures become one-line
    InputErrors (a link not followed, a FIFO that would block the run)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file (it vanished during the run)") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symbolic link loop" if follow_symlinks else "is a symbolic link") from None
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file")
    except (OSError, InputError) as exc:
        os.close(fd)
        if isinstance(exc, InputError):
            raise
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return fd, st


def read_regular_file(path: str, follow_symlinks: bool, max_size: int = DEFAULT_MAX_SIZE) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most ``max_size``) and its stat; failures become
    one-line InputErrors."""
    fd, st = _open(path, follow_symlinks)
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = read_limited(fh, max_size, st.st_size)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return data, st


def _count_chunk(chunk: list[str]) -> tuple[dict[int, int], int, list[tuple[str, str]]]:
    """Document frequencies of the chunk's line hashes, its document count, its failures."""
    task: Task = _worker["task"]
    params = task.repeat_params or repeats.RepeatParams()
    counts: Counter[int] = Counter()
    docs = 0
    failures = []
    for rel in chunk:
        try:
            data, _ = read_regular_file(os.path.join(task.src, rel), task.follow_symlinks, task.max_size)
            doc = decode(data, task.encoding_errors)  # type: ignore[arg-type]
        except InputError as exc:
            failures.append((rel, str(exc)))
            continue
        counts.update(repeats.doc_hashes(doc, params))
        docs += 1
    return dict(counts), docs, failures


def failed_outcome(rel: str, reason: str, report: bool, disk_full: bool = False) -> Outcome:
    """A file that could not be cleaned, with its report line (the pool fails a file too:
    the one that killed a worker)."""
    line = json.dumps(FileReport.of(rel, error=reason).to_json(), ensure_ascii=False) if report else None
    return Outcome(rel, "failed", error=reason, report=line, disk_full=disk_full)


def _clean_one(rel: str) -> Outcome:
    task: Task = _worker["task"]
    if task.jsonl is not None:
        return _clean_shard(rel, task.jsonl)
    pipe = _pipeline()
    src_path = os.path.join(task.src, rel)
    out_path = src_path if task.dest is None else os.path.join(task.dest, rel)
    try:
        data, in_st = read_regular_file(src_path, task.follow_symlinks, task.max_size)
        doc = decode(data, task.encoding_errors)  # type: ignore[arg-type]
    except InputError as exc:
        return failed_outcome(rel, str(exc), task.report)
    try:
        extra = None
        if task.table is not None:
            rule = pipe.rules.get(repeats.RULE_ID)
            extra = repeats.verdicts(doc, task.table, rule, task.repeat_params or repeats.RepeatParams())
        result = pipe.run(doc, extra, task.sites.site(rel), explain=task.report)  # (reasons go only into the report)
        out = result.text.encode("utf-8")
    except Exception as exc:  # a bug must not stop the run: report it with the file
        return failed_outcome(rel, f"internal error: {type(exc).__name__}: {exc}", task.report)
    source = (in_st.st_size, in_st.st_mtime_ns)
    try:
        if task.dest is None:
            if result.changed:
                if task.backup:
                    _backup(src_path, src_path + task.backup, data)
                out_st = write_atomic(out_path, out)
                output = (out_st.st_size, out_st.st_mtime_ns)
            else:
                output = source
        else:
            _make_folder(out_path)
            out_st = write_atomic(out_path, out)
            output = (out_st.st_size, out_st.st_mtime_ns)
    except OSError as exc:
        return failed_outcome(rel, f"cannot write {out_path}: {exc.strerror or exc}", task.report, exc.errno in _DISK_FULL)
    removed: dict[str, list[int]] = {}
    rules: Counter[str] = Counter()
    tally(result, removed, rules)
    return Outcome(
        rel,
        "cleaned" if result.changed else "unchanged",
        lines_in=len(doc.lines),
        lines_out=len(result.kept),
        bytes_in=len(data),
        bytes_out=len(out),
        removed=tuple((c, n, b) for c, (n, b) in removed.items()),
        rules=tuple(rules.items()),
        timed_out=tuple(result.timed_out.items()),
        note=result.note or "",
        source=source,
        output=output,
        report=json.dumps(FileReport.of(rel, result).to_json(), ensure_ascii=False) if task.report else None,
    )


def _make_folder(out_path: str) -> None:
    folder = os.path.dirname(out_path)
    if folder not in _worker["dirs"]:
        os.makedirs(folder, exist_ok=True)
        _worker["dirs"].add(folder)


MAX_SKIPPED_SHOWN = 100  # bad lines of one shard said one by one; the rest are counted


def _clean_shard(rel: str, options: JsonlOptions) -> Outcome:
    """A JSONL shard (``batch --jsonl``), streamed record by record into its output, which
    is renamed into place only when the whole shard is done (under --on-error fail, a bad
    line fails the shard and leaves no output). In place, a shard in which no record
    changed is not rewritten."""
    task: Task = _worker["task"]
    src_path = os.path.join(task.src, rel)
    out_path = src_path if task.dest is None else os.path.join(task.dest, rel)
    shown: list[str] = []

    def skipped(exc: RecordError) -> None:
        if len(shown) < MAX_SKIPPED_SHOWN:
            shown.append(f"line {exc.number}: {exc.reason}; skipped")

    try:
        fd, in_st = _open(src_path, task.follow_symlinks)
    except InputError as exc:
        return failed_outcome(rel, str(exc), task.report)
    source = (in_st.st_size, in_st.st_mtime_ns)
    try:
        with os.fdopen(fd, "rb") as raw:
            if task.dest is not None:
                _make_folder(out_path)
            output = AtomicOutput(out_path, fsync=False, sweep=False)
            with output as out_raw:
                with compressed(out_raw, out_path) as out:
                    stats = clean_stream(decompressed(raw, rel), out.write, _pipeline(), options, None, rel, skipped, task.sites.site(rel))
                if task.dest is None:
                    if not (stats.cleaned or stats.dropped or stats.skipped or options.annotate and stats.records):
                        output.discard()
                    elif task.backup:
                        _backup(src_path, src_path + task.backup)
    except RecordError as exc:
        return failed_outcome(rel, f"line {exc.number}: {exc.reason}", task.report)
    except InputError as exc:
        return failed_outcome(rel, str(exc).removeprefix(f"{rel}: "), task.report)
    except OSError as exc:
        return failed_outcome(rel, f"cannot write {out_path}: {exc.strerror or exc}", task.report, exc.errno in _DISK_FULL)
    except Exception as exc:  # a bug must not stop the run: report it with the file
        return failed_outcome(rel, f"internal error: {type(exc).__name__}: {exc}", task.report)
    out_st = output.stat
    counts = {"records": stats.records, "cleaned": stats.cleaned, "dropped": stats.dropped, "skipped": stats.skipped}
    return Outcome(
        rel,
        "cleaned" if stats.cleaned or stats.dropped else "unchanged",
        lines_in=stats.lines_in,
        lines_out=stats.lines_out,
        bytes_in=stats.bytes_in,
        bytes_out=stats.bytes_out,
        removed=tuple((c, n, b) for c, (n, b) in stats.removed.items()),
        rules=tuple(stats.rules.items()),
        timed_out=tuple(stats.timed_out.items()),
        source=source,
        output=source if out_st is None else (out_st.st_size, out_st.st_mtime_ns),
        report=json.dumps({"path": rel, "status": "cleaned" if stats.cleaned or stats.dropped else "unchanged", **stats.to_json()}, ensure_ascii=False) if task.report else None,
        records=tuple(counts.items()),
        hosts=tuple(stats.hosts.items()) + ((("", stats.no_host),) if stats.no_host else ()),
        skipped_lines=tuple(shown) + ((f"{stats.skipped - len(shown)} more bad lines skipped",) if stats.skipped > len(shown) else ()),
    )


def _backup(path: str, backup: str, data: bytes | None = None) -> None:
    """Keep the original next to the file, unless a backup is already there: that one is
    older, and a run that was killed after rewriting the file must not back up its output.
    Without ``data`` (a JSONL shard, never read whole) the copy is streamed."""
    if os.path.lexists(backup):
        return
    try:
        os.link(path, backup)  # instant; the original inode stays as the backup
    except OSError:
        if data is not None:
            write_atomic(backup, data)
            return
        with open(path, "rb") as fh, AtomicOutput(backup, fsync=False, sweep=False) as out:
            shutil.copyfileobj(fh, out)
