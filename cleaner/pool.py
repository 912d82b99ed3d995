"""The worker side of a batch: cleaning or counting one file in a worker process, the pool
that runs chunks of files and survives a worker's death, and the signal handling that
stops a run at a safe point (main process) or at once (worker).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import sys
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from . import repeats
from .document import Document, InputError, decode
from .files import DEFAULT_MAX_SIZE, WRITING as _WRITING, AtomicOutput, read_limited
from .jsonl import JsonlOptions, RecordError, clean_stream, compressed, decompressed
from .journal import write_atomic
from .pipeline import Config, Pipeline
from .report import file_entry, tally
from .rules import RuleSet
from .settings import FolderSites
from .walk import BatchError, Entry, Problem, WalkOptions, _unlink_quietly, check_folders, walk

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _drop_partial_files() -> None:
    """In a signal handler, before exiting: delete the temporary files being written."""
    for tmp in list(_WRITING):
        _unlink_quietly(tmp)


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
    _drop_partial_files()
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


def init_worker(task: Task, pipeline: Pipeline | None = None, in_pool: bool = True) -> None:
    """Set up this process: build the pipeline once, and signal handlers in a pool worker."""
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
    _worker.update(task=task, pipeline=pipeline, dirs=set())


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
    return [_clean_one(rel) for rel in chunk]


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


def _read(path: str, follow_symlinks: bool, max_size: int = DEFAULT_MAX_SIZE) -> tuple[bytes, os.stat_result]:
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
            data, _ = _read(os.path.join(task.src, rel), task.follow_symlinks, task.max_size)
            doc = decode(data, task.encoding_errors)  # type: ignore[arg-type]
        except InputError as exc:
            failures.append((rel, str(exc)))
            continue
        counts.update(repeats.doc_hashes(doc, params))
        docs += 1
    return dict(counts), docs, failures


def _failed(rel: str, reason: str, report: bool, disk_full: bool = False) -> Outcome:
    line = json.dumps(file_entry(rel, error=reason), ensure_ascii=False) if report else None
    return Outcome(rel, "failed", error=reason, report=line, disk_full=disk_full)


def _clean_one(rel: str) -> Outcome:
    task: Task = _worker["task"]
    if task.jsonl is not None:
        return _clean_shard(rel, task.jsonl)
    pipe = _pipeline()
    src_path = os.path.join(task.src, rel)
    out_path = src_path if task.dest is None else os.path.join(task.dest, rel)
    try:
        data, in_st = _read(src_path, task.follow_symlinks, task.max_size)
        doc = decode(data, task.encoding_errors)  # type: ignore[arg-type]
    except InputError as exc:
        return _failed(rel, str(exc), task.report)
    try:
        extra = None
        if task.table is not None:
            rule = pipe.rules.get(repeats.RULE_ID)
            extra = repeats.verdicts(doc, task.table, rule, task.repeat_params or repeats.RepeatParams())
        result = pipe.run(doc, extra, task.sites.site(rel))
        out = result.text.encode("utf-8")
    except Exception as exc:  # a bug must not stop the run: report it with the file
        return _failed(rel, f"internal error: {type(exc).__name__}: {exc}", task.report)
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
        return _failed(rel, f"cannot write {out_path}: {exc.strerror or exc}", task.report, exc.errno in _DISK_FULL)
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
        report=json.dumps(file_entry(rel, result), ensure_ascii=False) if task.report else None,
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
        return _failed(rel, str(exc), task.report)
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
        return _failed(rel, f"line {exc.number}: {exc.reason}", task.report)
    except InputError as exc:
        return _failed(rel, str(exc).removeprefix(f"{rel}: "), task.report)
    except OSError as exc:
        return _failed(rel, f"cannot write {out_path}: {exc.strerror or exc}", task.report, exc.errno in _DISK_FULL)
    except Exception as exc:  # a bug must not stop the run: report it with the file
        return _failed(rel, f"internal error: {type(exc).__name__}: {exc}", task.report)
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


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the main process (a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# progress(phase, files done, files total, bytes done, bytes total)
Progress = Callable[[str, int, int, int, int], None]


def _chunks(entries: list[Entry], jobs: int) -> list[list[Entry]]:
    """Small chunks (few IPC round trips, yet every worker busy until the end)."""
    per = max(1, min(32, len(entries) // (jobs * 8) or 1))
    out: list[list[Entry]] = []
    cur: list[Entry] = []
    size = 0
    for e in entries:
        cur.append(e)
        size += e.size
        if len(cur) >= per or size >= 1 << 19:
            out.append(cur)
            cur, size = [], 0
    if cur:
        out.append(cur)
    return out


class _Runner:
    """Runs chunks of work, in this process (``jobs == 1``) or in a pool of workers that
    is rebuilt if a worker dies; the files of the chunks in flight then run one at a time,
    so only the file that kills a worker fails."""

    def __init__(self, task: Task, jobs: int, pipeline: Pipeline | None = None) -> None:
        self.task, self.jobs, self.pipeline = task, jobs, pipeline
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        ctx = multiprocessing.get_context(start_method())
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=init_worker, initargs=(self.task,))

    def run(self, kind: str, chunks: list[list[Entry]], done: Callable[[list[Entry], Any], None]) -> None:
        if self.jobs <= 1:
            init_worker(self.task, self.pipeline, in_pool=False)
            for chunk in chunks:
                check_stop()
                done(chunk, work(kind, [e.rel for e in chunk]))
            return
        queue: deque[list[Entry]] = deque(chunks)
        suspects: deque[list[Entry]] = deque()
        inflight: dict[Future[Any], list[Entry]] = {}
        self.pool = self.pool or self._new_pool()
        streak = 0  # pool breakdowns since a chunk last finished
        while queue or suspects or inflight:
            broken = not self._fill(kind, queue, suspects, inflight)
            if not broken:
                check_stop()
                finished, _ = wait(list(inflight), timeout=0.2, return_when=FIRST_COMPLETED)
                check_stop()
                for fut in finished:
                    chunk = inflight.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if isinstance(chunk, _Suspect):  # alone in the pool: it is the culprit
                            done(chunk, self._crashed(kind, chunk[0]))
                        else:
                            suspects.extend(_Suspect([e]) for e in chunk)
                        continue
                    streak = 0
                    done(chunk, result)
            if broken:
                for chunk in inflight.values():
                    suspects.extend(_Suspect([e]) for e in chunk)
                inflight.clear()
                streak += 1
                if streak > 5:
                    raise BatchError("the worker processes keep dying before finishing any file; try -j 1")
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = self._new_pool()

    def _fill(self, kind: str, queue: deque[list[Entry]], suspects: deque[list[Entry]], inflight: dict[Future[Any], list[Entry]]) -> bool:
        """Submit work: suspects one at a time, otherwise up to three chunks per worker.
        False if the pool turned out to be broken."""
        assert self.pool is not None
        while True:
            if suspects and not inflight:
                source = suspects
            elif queue and not suspects and len(inflight) < self.jobs * 3:
                source = queue
            else:
                return True
            chunk = source.popleft()
            try:
                inflight[self.pool.submit(work, kind, [e.rel for e in chunk])] = chunk
            except BrokenProcessPool:
                source.appendleft(chunk)
                return False

    def _crashed(self, kind: str, entry: Entry) -> Any:
        reason = "the worker process died while cleaning this file (crash or out of memory)"
        if kind == "count":
            return ({}, 0, [(entry.rel, reason)])
        return [_failed(entry.rel, reason, self.task.report)]

    def stop(self) -> None:
        """Stop the workers now (SIGTERM: each deletes the temporary file it was writing)."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        procs = list(getattr(pool, "_processes", {}).values())
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(5)
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None


def start_method() -> str:
    """``fork`` where it is safe and cheap (Python < 3.12 on POSIX: workers start at once and
    share the parsed packs), else ``forkserver`` (3.12+ warns about forking a process with
    threads, and the progress display runs one), else ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.version_info < (3, 12):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class _Suspect(list):  # type: ignore[type-arg]
    """A one-file chunk re-run alone after a worker died."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _signals(handler: Callable[[int, Any], None]) -> dict[int, Any]:
    old: dict[int, Any] = {}
    import threading

    if threading.current_thread() is not threading.main_thread():
        return old
    _STOP["signum"] = None
    for sig in (signal.SIGINT, signal.SIGTERM):
        old[sig] = signal.signal(sig, handler)
    return old


_STOP: dict[str, int | None] = {"signum": None}


def _on_main_signal(signum: int, frame: Any) -> None:
    """SIGINT/SIGTERM in the main process: ask the run to stop at the next safe point
    (``check_stop``); a second signal stops at once."""
    if _STOP["signum"] is None:
        _STOP["signum"] = signum
        return
    _drop_partial_files()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def check_stop() -> None:
    """Raise Interrupted if a stop was asked for (called between files and chunks)."""
    if _STOP["signum"] is not None:
        raise Interrupted(_STOP["signum"])


def count(
    runner: _Runner,
    entries: list[Entry],
    params: repeats.RepeatParams,
    progress: Progress | None = None,
    on_failure: Callable[[str, str], None] | None = None,
) -> repeats.DocFrequency:
    """Pass one of --repeats and ``learn``: the document frequency of every line hash."""
    freq = repeats.DocFrequency(params.max_entries)
    total_bytes = sum(e.size for e in entries)
    state = [0, 0]

    def counted(chunk: list[Entry], result: Any) -> None:
        counts, docs, failures = result
        freq.add(counts, docs)
        if on_failure:
            for rel, reason in failures:
                on_failure(rel, reason)
        state[0] += len(chunk)
        state[1] += sum(e.size for e in chunk)
        if progress:
            progress("counting", state[0], len(entries), state[1], total_bytes)

    if progress:
        progress("counting", 0, len(entries), 0, total_bytes)
    runner.run("count", _chunks(entries, runner.jobs), counted)
    return freq


def count_folder(
    src: Path,
    options: WalkOptions,
    params: repeats.RepeatParams,
    jobs: int = 1,
    encoding_errors: str = "strict",
    progress: Progress | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> tuple[repeats.DocFrequency, list[Entry], list[Problem]]:
    """Walk SRC and count its lines across documents (``learn``'s first pass). Files that
    cannot be read are returned as failed Problems."""
    check_folders(Path(src), None)
    entries: list[Entry] = []
    problems: list[Problem] = []
    task = Task(Path(src), None, Config(), encoding_errors, options.follow_symlinks, repeat_params=params, max_size=max_size)
    runner = _Runner(task, jobs)
    old_handlers = _signals(_on_main_signal)
    failed: list[Problem] = []
    try:
        for item in walk(Path(src), options):
            check_stop()
            (entries if isinstance(item, Entry) else problems).append(item)
        freq = count(runner, entries, params, progress, lambda rel, why: failed.append(Problem(rel, "failed", why)))
    except BaseException:
        runner.stop()
        raise
    else:
        runner.close()
    finally:
        _signals_restore(old_handlers)
    bad = {p.rel for p in failed}
    return freq, [e for e in entries if e.rel not in bad], problems + failed


def read_documents(src: Path, entries: list[Entry], encoding_errors: str = "strict", follow_symlinks: bool = False, max_size: int = DEFAULT_MAX_SIZE) -> Iterator[Document]:
    """The documents of ``entries``, in order; files that fail to read are left out."""
    for e in entries:
        try:
            data, _ = _read(os.path.join(src, e.rel), follow_symlinks, max_size)
            yield decode(data, encoding_errors)  # type: ignore[arg-type]
        except InputError:
            continue


def _signals_restore(old: dict[int, Any]) -> None:
    """Give a library caller its own handlers back (None is one set from C, which
    Python cannot put back: the default then, never the run's, which would swallow a signal)."""
    for sig, handler in old.items():
        signal.signal(sig, signal.SIG_DFL if handler is None else handler)
