"""Cleaning a folder: walk it, plan what needs doing, clean in worker processes, resume.

What it promises, and how:

- **SRC is never written** (unless ``in_place``): outputs go to DEST, which may not be SRC,
  inside it, or contain it (``check_folders``).
- **Nothing half-written**: every output is written to a hidden temporary file in its own
  folder and renamed into place (``os.replace`` is atomic). SIGINT and SIGTERM stop the
  workers, whose handlers delete the temporary file they were writing; after SIGKILL a
  temporary file may remain, and the next run deletes it (``sweep``). Outputs are not
  fsync'ed one by one (that would cost a millisecond a file): a power cut can lose the
  newest outputs, and the journal's size check then makes the next run redo them.
- **Resumable**: after each output is in place, a line goes into the journal
  ``.cleaner-batch.jsonl`` in DEST (in SRC with ``in_place``): the file, the fingerprint of
  the rules that made it (and of the site its folder's ``cleaner.toml`` names), and the
  size and modification time of its input and its output. A later run skips a file
  whose journal line has the same fingerprint and whose input and output are still
  exactly those. A line cut short by SIGKILL is ignored. The journal is
  rewritten (atomically) without stale lines at the end of a run. One run at a time may use
  a DEST: the folder is locked (``flock``).
- **One bad file never stops the run**: a file that cannot be read, decoded, cleaned or
  written becomes a ``failed`` outcome with its reason; even a worker that dies (a crash,
  the OOM killer) only fails the file it was cleaning.
- **Parallel**: ``jobs`` worker processes, each building its pipeline once; files travel in
  small chunks and only counts (and, with a report, the JSON line) come back.

The command (``cli/batch.py``) adds options, progress and the summary on top of ``run``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import sys
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

import regex

from . import repeats
from .document import Document, InputError, decode
from .files import DEFAULT_MAX_SIZE, TMP_SUFFIX, WRITING as _WRITING, AtomicOutput, is_stale_temp, read_limited, sweep_folder, temp_path
from .jsonl import CompressionError, JsonlOptions, RecordError, check_compression, clean_stream, compressed, count_host, decompressed
from .pipeline import Config, Pipeline
from .report import EXIT_FAILED, EXIT_OK, file_entry, tally
from .rules import RuleError, RuleSet
from .settings import FolderSites, SettingsError, folder_sites

JOURNAL = ".cleaner-batch.jsonl"
JOURNAL_VERSION = 1
DEFAULT_GLOBS = ("**/*.txt",)


class BatchError(ValueError):
    """A problem with the run as a whole (bad folders, DEST locked); one line of text."""


class WriteError(BatchError):
    """The journal or the report cannot be written when the run starts (a full disk, no
    permission); the command exits 3, as for a failure to write during the run."""


class _Fatal(Exception):
    """Stops the run: a writer of the main process failed (see ``BatchReport.fatal``)."""


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# ----------------------------------------------------------------------------- walking
def glob_regex(pattern: str) -> regex.Pattern[str]:
    """A glob as a regex over a '/'-separated relative path. ``*`` and ``?`` stay inside one
    folder name, ``**`` spans folders (``**/`` also matches no folder), and a pattern without
    a '/' matches a file name at any depth (as in .gitignore).

    >>> bool(glob_regex("**/*.txt").fullmatch("a.txt")), bool(glob_regex("**/*.txt").fullmatch("x/y/a.txt"))
    (True, True)
    >>> bool(glob_regex("news/*.txt").fullmatch("news/x/a.txt")), bool(glob_regex("*.gold.txt").fullmatch("x/a.gold.txt"))
    (False, True)
    >>> bool(glob_regex("drafts/**").fullmatch("drafts")), bool(glob_regex("drafts/**").fullmatch("drafts/a/b.txt"))
    (True, True)
    """
    anywhere = "/" not in pattern.strip("/")
    pattern = pattern.strip("/")
    out = ["(?:.*/)?"] if anywhere else []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("(?:/.*)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(regex.escape(pattern[i]))
            i += 1
    return regex.compile("".join(out), regex.DOTALL)


@dataclass(frozen=True)
class WalkOptions:
    """Which files of SRC are cleaned. Hidden names (a leading '.') are skipped, files and
    folders, unless ``hidden``; symbolic links are not followed unless ``follow_symlinks``."""

    globs: tuple[str, ...] = DEFAULT_GLOBS
    excludes: tuple[str, ...] = ()
    hidden: bool = False
    follow_symlinks: bool = False
    skip_suffix: str | None = None  # --in-place --backup SUFFIX: never clean the backups


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to clean: its path relative to SRC ('/'-separated), size and mtime."""

    rel: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Problem:
    """A path the walk did not turn into an Entry: ``skipped`` (by design) or ``failed``."""

    rel: str
    status: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        key = "error" if self.status == "failed" else "reason"
        return {"path": self.rel, "status": self.status, key: self.reason}


def walk(src: Path, options: WalkOptions = WalkOptions(), sweep: float | None = None) -> Iterator[Entry | Problem]:
    """The files of SRC to clean, in a stable (sorted) order, and the problems met on the
    way. With ``sweep`` (a time), temporary files left by a killed run before it are
    deleted as they are seen."""
    includes = [glob_regex(g) for g in options.globs]
    excludes = [glob_regex(g) for g in options.excludes]

    def wanted(rel: str) -> bool:
        return any(r.fullmatch(rel) for r in includes) and not any(r.fullmatch(rel) for r in excludes)

    root = os.fspath(src)
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        yield Problem(".", "failed", f"cannot read folder: {exc.strerror or exc}")
        return
    # (folder path, relative prefix, (dev, inode) of it and its ancestors: a followed link
    # to one of those is a loop)
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [(root, "", frozenset({(root_stat.st_dev, root_stat.st_ino)}))]
    while stack:
        folder, prefix, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Problem(prefix.rstrip("/") or ".", "failed", f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for item in items:
            rel = prefix + item.name
            if not prefix and item.name == JOURNAL:
                continue
            if item.name.startswith("."):
                if sweep is not None and is_stale_temp(folder, item.name, sweep):
                    _unlink_quietly(item.path)
                    continue
                if not options.hidden:
                    continue
            try:
                is_link = item.is_symlink()
                if is_link and not options.follow_symlinks:
                    if item.is_dir(follow_symlinks=True):
                        if not any(r.fullmatch(rel) for r in excludes):
                            yield Problem(rel, "skipped", "symbolic link to a folder, not followed (use --follow-symlinks)")
                    elif wanted(rel):
                        yield Problem(rel, "skipped", "symbolic link, not followed (use --follow-symlinks)")
                    continue
                st = item.stat(follow_symlinks=True)
            except OSError as exc:
                if not wanted(rel) and not item.is_dir(follow_symlinks=False):
                    continue
                if exc.errno == errno.ELOOP:
                    yield Problem(rel, "failed", "symbolic link loop")
                elif exc.errno == errno.ENOENT:
                    yield Problem(rel, "failed", "broken symbolic link (its target does not exist)")
                else:
                    yield Problem(rel, "failed", f"cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(st.st_mode):
                if any(r.fullmatch(rel) for r in excludes):
                    continue
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Problem(rel, "failed", "symbolic link loop: it points to a folder that contains it")
                    continue
                subfolders.append((item.path, rel + "/", ancestors | {key}))
            elif wanted(rel):
                if options.skip_suffix and item.name.endswith(options.skip_suffix):
                    continue
                if stat.S_ISREG(st.st_mode):
                    yield Entry(rel, st.st_size, st.st_mtime_ns)
                else:
                    yield Problem(rel, "skipped", "not a regular file")
        stack.extend(reversed(subfolders))


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def sweep(folder: Path, before: float) -> int:
    """Delete the temporary files a killed run left in ``folder`` and below, those of this
    tool's name pattern last written before ``before`` (``files.is_stale_temp``)."""
    removed = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        if any(name.endswith(TMP_SUFFIX) for name in filenames):
            removed += sweep_folder(dirpath, before)
    return removed


def check_folders(src: Path, dest: Path | None) -> None:
    """Refuse a DEST that is SRC, inside SRC, or contains SRC (outputs would land in SRC or
    be cleaned again)."""
    if not src.is_dir():
        raise BatchError(f"{src}: not a folder")
    if dest is None:
        return
    real_src, real_dest = Path(os.path.realpath(src)), Path(os.path.realpath(dest))
    if real_dest == real_src:
        raise BatchError(f"{dest}: DEST is the same folder as SRC; use --in-place to rewrite SRC")
    if real_src in real_dest.parents:
        raise BatchError(f"{dest}: DEST is inside SRC ({src}); choose a folder outside it, or use --in-place")
    if real_dest in real_src.parents:
        raise BatchError(f"{dest}: DEST contains SRC ({src}); outputs could land in SRC; choose another folder")
    if dest.exists() and not dest.is_dir():
        raise BatchError(f"{dest}: DEST exists and is not a folder")


def check_outputs(src: Path, dest: Path | None, entries: list[Entry], report: Path | None = None) -> None:
    """Refuse, before anything is written, an output (or the report) that resolves to an
    input file: through a followed link in SRC (``src/dirlink -> ../out``) or a link in
    DEST, writing it would destroy an input. An output path that is itself a symbolic
    link is no danger: the rename replaces the link, never what it points to."""
    folders: dict[str, str] = {}

    def resolved(path: str, follow_last: bool) -> str:
        folder, name = os.path.split(path)
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        full = os.path.join(real, name)
        return os.path.realpath(full) if follow_last and os.path.islink(full) else full

    inputs = {resolved(os.path.join(src, e.rel), True): e.rel for e in entries}
    outputs = [] if dest is None else [(os.path.join(dest, e.rel), e.rel) for e in entries]
    if report is not None:
        outputs.append((os.fspath(report), None))
    for out, _ in outputs:
        rel = inputs.get(resolved(out, False))
        if rel is not None:
            via = " (through a symbolic link)" if os.path.normpath(out) != os.path.normpath(os.path.join(src, rel)) else ""
            raise BatchError(
                f"{out}: would overwrite the input {os.path.join(src, rel)}{via}; no output was written "
                "(leave it out with --exclude, or choose another DEST)"
            )


# ----------------------------------------------------------------------------- journal
@dataclass(frozen=True, slots=True)
class Record:
    """What the journal says about one output."""

    fingerprint: str
    source: tuple[int, int]  # input size, mtime_ns when it was read
    output: tuple[int, int]  # output size, mtime_ns once in place


class Journal:
    """The resume record of a DEST (see the module docstring). Owned by the main process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / JOURNAL
        self.records: dict[str, Record] = {}
        self._fd: int | None = None
        self._size = 0  # bytes of whole lines in the file
        self._pending: list[str] = []
        self._lock_fd: int | None = None

    def open(self, force: bool = False) -> None:
        """Lock the folder, read the journal (unless ``force``) and open it for appending.
        A last line cut short (a kill, or a full disk in an older version) is cut off, so
        the next line does not run into it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock()
        if not force:
            self.records = self._read()
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | (os.O_TRUNC if force else 0), 0o666)
        size = os.fstat(self._fd).st_size
        if size:
            os.lseek(self._fd, max(0, size - (1 << 16)), os.SEEK_SET)
            tail = os.read(self._fd, 1 << 16)
            if not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n")
                if cut == -1 and size > len(tail):  # a line over 64 kB: find its start
                    os.lseek(self._fd, 0, os.SEEK_SET)
                    with os.fdopen(os.dup(self._fd), "rb") as fh:
                        size = fh.read().rfind(b"\n") + 1
                else:
                    size = size - len(tail) + cut + 1
                os.ftruncate(self._fd, size)
        self._size = size
        if size == 0:
            self._pending.append(json.dumps({"cleaner-batch": JOURNAL_VERSION}) + "\n")
            self.flush()

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock (Windows): no protection against two runs
            return
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise BatchError(f"{self.folder}: another 'cleaner batch' is writing to this folder") from None
        self._lock_fd = fd

    @property
    def lock_fd(self) -> int | None:
        return self._lock_fd

    def _read(self) -> dict[str, Record]:
        out: dict[str, Record] = {}
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        rel, fp, s_size, s_mtime, o_size, o_mtime = json.loads(line)
                        out[rel] = Record(fp, (int(s_size), int(s_mtime)), (int(o_size), int(o_mtime)))
                    except (ValueError, TypeError):
                        continue  # the header, or a line cut short by a kill
        except FileNotFoundError:
            pass
        return out

    def is_done(self, entry: Entry, output: Path, fingerprint: str, in_place: bool) -> bool:
        """Was this output made from this input, as it is now, with these rules?"""
        rec = self.records.get(entry.rel)
        if rec is None or rec.fingerprint != fingerprint:
            return False
        if not in_place and rec.source != (entry.size, entry.mtime_ns):
            return False
        try:
            st = os.stat(output)
        except OSError:
            return False
        return rec.output == (st.st_size, st.st_mtime_ns)

    def add(self, rel: str, fingerprint: str, source: tuple[int, int], output: tuple[int, int]) -> None:
        """Record an output (written at the next ``flush``)."""
        self.records[rel] = Record(fingerprint, source, output)
        self._pending.append(json.dumps([rel, fingerprint, *source, *output], ensure_ascii=False) + "\n")

    def flush(self) -> None:
        """Append the lines added since the last flush. If the write fails (a full disk),
        the file is cut back to its last whole line and the OSError raised: the journal
        never ends in half a line, and the files not recorded are redone next time."""
        if self._fd is None or not self._pending:
            return
        # File names need not be UTF-8 (they come back from the OS with surrogate escapes):
        # "backslashreplace" writes such a character as the JSON escape that reads it back.
        data = "".join(self._pending).encode("utf-8", "backslashreplace")
        self._pending.clear()
        try:
            os.lseek(self._fd, self._size, os.SEEK_SET)
            write_all(self._fd, data)
        except OSError:
            try:
                os.ftruncate(self._fd, self._size)
            except OSError:
                pass
            raise
        self._size += len(data)

    def close(self, keep: set[str] | None = None) -> None:
        """Close the journal; with ``keep``, rewrite it atomically with only those files."""
        try:
            if self._fd is not None:
                try:
                    self.flush()
                except OSError:
                    keep = None  # the disk is full: leave the journal as it is (whole lines)
                os.close(self._fd)
                self._fd = None
                if keep is not None:
                    lines = [json.dumps({"cleaner-batch": JOURNAL_VERSION})]
                    for rel in sorted(keep & self.records.keys()):
                        r = self.records[rel]
                        lines.append(json.dumps([rel, r.fingerprint, *r.source, *r.output], ensure_ascii=False))
                    write_atomic(self.path, ("\n".join(lines) + "\n").encode("utf-8", "backslashreplace"))
        finally:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


# ------------------------------------------------------------------------ atomic writes
def write_atomic(path: Path | str, data: bytes) -> os.stat_result:
    """Write through a hidden temporary file in the same folder, renamed into place; keeps
    the mode of a file it replaces. Returns the new file's stat. No fsync (see above)."""
    out = AtomicOutput(path, fsync=False, sweep=False)
    with out as fh:
        fh.write(data)
    assert out.stat is not None
    return out.stat


def _drop_partial_files() -> None:
    """In a signal handler, before exiting: delete the temporary files being written."""
    for tmp in list(_WRITING):
        _unlink_quietly(tmp)


# ----------------------------------------------------------------------------- workers
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


# ------------------------------------------------------------------------------ running
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
    interrupted: int | None = None  # the signal that stopped the run
    fatal: str | None = None  # a writer failed (a full disk): the run stopped; one line
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
) -> BatchReport:
    """Clean every file of SRC that the walk selects into DEST (or in place when DEST is
    None). Never raises for a single file; raises BatchError for a bad setup."""
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
            raise BatchError(f"--repeats needs the rule {repeats.RULE_ID}, which --select/--ignore turned off") from None
        params = params or repeats.RepeatParams.from_rule(rule)
        if settings.jsonl is not None:
            raise BatchError("--repeats counts lines across files, not across the records of JSONL shards: it does not go with --jsonl")
    walk_options = settings.walk
    if in_place and settings.backup:
        walk_options = replace(walk_options, skip_suffix=settings.backup)
    report = BatchReport()
    journal = Journal(src if in_place else dest)  # type: ignore[arg-type]
    report_tmp: Any = None
    old_handlers = _signals(_on_main_signal)
    runner: _Runner | None = None
    seen: set[str] = set()
    try:
        try:
            journal.open(force=settings.force)
            if settings.report is not None:
                report_tmp = _StdoutReport() if str(settings.report) == "-" else _ReportWriter(settings.report, began)
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
            check_stop()
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
        runner = _Runner(task, settings.jobs, pipeline)
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
                    put(json.dumps({"path": e.rel, "status": "skipped", "reason": "up to date"}))
            else:
                todo.append(e)
        total, total_bytes = len(todo), sum(e.size for e in todo)
        state = [0, 0]

        def cleaned(chunk: list[Entry], outcomes: list[Outcome]) -> None:
            full = None
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
                if report_tmp and o.report:
                    put(o.report)
            try:
                journal.flush()
            except OSError as exc:
                raise _Fatal(f"{journal.path}: cannot write the journal: {exc.strerror or exc}; stopped (the outputs written are kept; run the same command again to resume)") from None
            if full is not None:
                raise _Fatal(f"{full.rel}: {full.error}; stopped (the outputs written are kept; run the same command again to resume)")
            state[0] += len(chunk)
            state[1] += sum(e.size for e in chunk)
            if progress:
                progress("cleaning", state[0], total, state[1], total_bytes)

        if progress:
            progress("cleaning", 0, total, 0, total_bytes)
        runner.run("clean", _chunks(todo, settings.jobs), cleaned)
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
        _signals_restore(old_handlers)
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


class _StdoutReport:
    """``--report -``: the JSONL report streamed to stdout, which batch leaves free (the
    summary goes to stderr); a stream cannot be taken back, so nothing is discarded."""

    def write(self, line: str) -> None:
        sys.stdout.write(line + "\n")

    def commit(self) -> None:
        sys.stdout.flush()

    def discard(self) -> None:
        pass


class _ReportWriter:
    """The JSONL report, streamed to a temporary file and renamed into place at the end:
    an interrupted run leaves no half report."""

    def __init__(self, path: Path, began: float) -> None:
        self.path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(self.path))
        sweep_folder(folder, began)  # report temp files left by a run killed with SIGKILL
        self.tmp = temp_path(os.path.abspath(self.path))
        _WRITING.add(self.tmp)
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace")  # see Journal.open

    def write(self, line: str) -> None:
        self.fh.write(line + "\n")

    def commit(self) -> None:
        self.fh.close()
        os.replace(self.tmp, self.path)
        _WRITING.discard(self.tmp)

    def discard(self) -> None:
        if not self.fh.closed:
            try:
                self.fh.close()
            except OSError:
                pass  # a full disk: the file goes anyway
        _unlink_quietly(self.tmp)
        _WRITING.discard(self.tmp)
