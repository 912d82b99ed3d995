"""The pool that runs a batch's work: chunks of files sent to worker processes (``worker``),
a pool rebuilt when a worker dies so that only the file that killed it fails, and the
``Stop`` request that ends a run at a safe point; also ``learn``, the two passes over a
folder that find its repeated lines (counting in the pool, then collecting).

The library installs no signal handler in the calling process: a caller who wants
SIGINT or SIGTERM to stop a run asks its ``Stop`` from a handler of its own (the command
line does, in ``cli/common.py``). The worker processes are the pool's: their handlers
are set in ``worker.init_worker``.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import repeats
from .document import Document, InputError, decode
from .files import DEFAULT_MAX_SIZE
from .config import Config
from .pipeline import Pipeline
from .rules import Rule
from .walk import BatchError, Entry, Problem, WalkOptions, check_folders, walk
from .worker import Task, failed_outcome, init_worker, read_regular_file, work


class Interrupted(BaseException):
    """A stop was requested (``Stop``), with the signal that asked for it (a
    BaseException, like KeyboardInterrupt, so that no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Stop:
    """A request to stop a run at its next safe point: between two files, or, with
    worker processes, once each has finished the file in hand (``batch.run`` journals
    the files finished and drops the chunks not started). ``request`` may be called from
    a signal handler, another thread or a progress callback; the run sees it within a
    fraction of a second. The signal number says why (``BatchReport.interrupted``,
    ``Interrupted.signum``); the first request is the one kept. A Stop serves one run:
    once requested, it stays so.

    >>> stop = Stop()
    >>> stop.requested, stop.signum
    (False, None)
    >>> stop.request(signal.SIGTERM); stop.request(signal.SIGINT)
    >>> stop.requested, signal.Signals(stop.signum).name
    (True, 'SIGTERM')
    """

    def __init__(self) -> None:
        self.signum: int | None = None

    def request(self, signum: int = signal.SIGINT) -> None:
        if self.signum is None:
            self.signum = int(signum)

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def check(self) -> None:
        """Raise Interrupted if a stop was requested (called between files and chunks)."""
        if self.signum is not None:
            raise Interrupted(self.signum)


# progress(phase, files done, files total, bytes done, bytes total)
Progress = Callable[[str, int, int, int, int], None]


def chunked(entries: list[Entry], jobs: int) -> list[list[Entry]]:
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


class Runner:
    """Runs chunks of work, in this process (``jobs == 1``) or in a pool of workers that
    is rebuilt if a worker dies; the files of the chunks in flight then run one at a time,
    so only the file that kills a worker fails."""

    def __init__(self, task: Task, jobs: int, pipeline: Pipeline | None = None, stop: Stop | None = None) -> None:
        self.task, self.jobs, self.pipeline = task, jobs, pipeline
        self.request = stop or Stop()  # the caller's request to stop the run
        self.pool: ProcessPoolExecutor | None = None
        self._stop: Any = None  # the workers' stop flag (``worker.work``), one per runner

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        ctx = multiprocessing.get_context(start_method())
        if self._stop is None:
            self._stop = ctx.RawValue("b", 0)  # no lock: a worker killed while reading it cannot hang the run
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=init_worker, initargs=(self.task, None, True, self._stop))

    def run(self, kind: str, chunks: list[list[Entry]], done: Callable[[list[Entry], Any], None]) -> None:
        """Run ``kind`` over the chunks, calling ``done`` with each chunk's result as it
        arrives. On a stop (``Interrupted``), cleaning hands the files already written to
        ``done`` before raising, so that every output in place is journaled."""
        if self.jobs <= 1:
            init_worker(self.task, self.pipeline, in_pool=False)
            if kind == "clean":  # one file at a time: a stop comes between two files
                chunks = [[e] for chunk in chunks for e in chunk]
            for chunk in chunks:
                self.request.check()
                done(chunk, work(kind, [e.rel for e in chunk]))
            return
        inflight: dict[Future[Any], list[Entry]] = {}
        try:
            self._run_pool(kind, chunks, done, inflight)
        except Interrupted:
            if kind == "clean":
                self._finish(inflight, done)
            raise

    def _finish(self, inflight: dict[Future[Any], list[Entry]], done: Callable[[list[Entry], Any], None]) -> None:
        """A stop: each worker ends its chunk after the file in hand, and the files written
        go to ``done``; chunks not started are dropped."""
        if self._stop is not None:
            self._stop.value = 1
        for fut, chunk in inflight.items():
            if fut.cancel():
                continue
            try:
                result = fut.result()
            except BrokenProcessPool:  # the worker died: its files are redone next time
                continue
            done(chunk, result)

    def _run_pool(self, kind: str, chunks: list[list[Entry]], done: Callable[[list[Entry], Any], None], inflight: dict[Future[Any], list[Entry]]) -> None:
        queue: deque[list[Entry]] = deque(chunks)
        suspects: deque[list[Entry]] = deque()
        self.pool = self.pool or self._new_pool()
        streak = 0  # pool breakdowns since a chunk last finished
        while queue or suspects or inflight:
            broken = not self._fill(kind, queue, suspects, inflight)
            if not broken:
                self.request.check()
                finished, _ = wait(list(inflight), timeout=0.2, return_when=FIRST_COMPLETED)
                self.request.check()
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
        return [failed_outcome(entry.rel, reason, self.task.report)]

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


def count(
    runner: Runner,
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
    runner.run("count", chunked(entries, runner.jobs), counted)
    return freq


def count_folder(
    src: Path,
    options: WalkOptions,
    params: repeats.RepeatParams,
    jobs: int = 1,
    encoding_errors: str = "strict",
    progress: Progress | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    stop: Stop | None = None,
) -> tuple[repeats.DocFrequency, list[Entry], list[Problem]]:
    """Walk SRC and count its lines across documents (``learn``'s first pass). Files that
    cannot be read are returned as failed Problems. Raises Interrupted once ``stop`` is
    requested."""
    stop = stop or Stop()
    check_folders(Path(src), None)
    entries: list[Entry] = []
    problems: list[Problem] = []
    task = Task(Path(src), None, Config(), encoding_errors, options.follow_symlinks, repeat_params=params, max_size=max_size)
    runner = Runner(task, jobs, stop=stop)
    failed: list[Problem] = []
    try:
        for item in walk(Path(src), options):
            stop.check()
            (entries if isinstance(item, Entry) else problems).append(item)
        freq = count(runner, entries, params, progress, lambda rel, why: failed.append(Problem(rel, "failed", why)))
    except BaseException:
        runner.stop()
        raise
    else:
        runner.close()
    bad = {p.rel for p in failed}
    return freq, [e for e in entries if e.rel not in bad], problems + failed


def read_documents(
    src: Path, entries: list[Entry], encoding_errors: str = "strict", follow_symlinks: bool = False, max_size: int = DEFAULT_MAX_SIZE, stop: Stop | None = None,
) -> Iterator[Document]:
    """The documents of ``entries``, in order; files that fail to read are left out.
    Raises Interrupted, between two files, once ``stop`` is requested."""
    for e in entries:
        if stop is not None:
            stop.check()
        try:
            data, _ = read_regular_file(os.path.join(src, e.rel), follow_symlinks, max_size)
            yield decode(data, encoding_errors)  # type: ignore[arg-type]
        except InputError:
            continue


def learn(
    src: Path,
    params: repeats.RepeatParams,
    rules: Iterable[Rule],
    walk_options: WalkOptions | None = None,
    jobs: int = 1,
    encoding_errors: str = "strict",
    progress: Progress | None = None,
    max_size: int | None = None,
    stop: Stop | None = None,
) -> tuple[repeats.Learned, list[Problem]]:
    """Count the lines of a folder (in ``jobs`` processes), then collect the texts of the
    repeated ones (``cleaner learn``). Returns what was learned and the problems the walk
    met; raises Interrupted once ``stop`` is requested (nothing is learned then). Here,
    not in ``repeats``, because it walks the folder and runs the pool."""
    options = walk_options or WalkOptions()
    limit = max_size or DEFAULT_MAX_SIZE
    freq, entries, problems = count_folder(src, options, params, jobs, encoding_errors, progress, limit, stop)
    table = freq.table(params)
    docs = read_documents(src, entries, encoding_errors, options.follow_symlinks, limit, stop)
    return repeats.collect(docs, table, repeats.covered_keys(rules), params), problems
