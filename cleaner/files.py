"""Reading inputs and writing outputs safely: one-line errors, atomic replacement.

A user's files are never half-written: output goes to a temporary file in the target's
folder and is renamed over the target (``os.replace`` is atomic on one filesystem).
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from pathlib import Path
from typing import BinaryIO

import regex

from .document import Document, EncodingErrors, InputError, decode_text, segment

TMP_SUFFIX = ".cleaner-tmp"
# This tool's temporary files, and nothing else: ".NAME.<pid>-<8 hex>.cleaner-tmp", or
# ".NAME.<8 characters>.cleaner-tmp" as tempfile.mkstemp made them in earlier versions.
_TMP_RE = regex.compile(r"^\..+\.(?:\d+-[0-9a-f]{8}|[a-z0-9_]{8})\.cleaner-tmp$")
STARTED = time.time()  # when this process started (imported this module)
# Temporary files this process is writing right now: never swept, and deleted by a signal
# handler before the process exits (``batch``).
WRITING: set[str] = set()
_SWEPT: set[str] = set()  # folders already swept by atomic_write in this process


def temp_path(path: str) -> str:
    """A new temporary file name beside ``path`` (hidden, this tool's pattern)."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")


def is_stale_temp(folder: str, name: str, before: float) -> bool:
    """A temporary file of this tool left by a killed run: its name has this tool's
    pattern, it is a regular file last written before ``before`` (the start of the run
    that sweeps), and this process is not writing it."""
    if not _TMP_RE.match(name) or any(os.path.basename(p) == name for p in WRITING):
        return False
    try:
        st = os.lstat(os.path.join(folder, name))
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_mtime < before


def sweep_folder(folder: str, before: float) -> int:
    """Delete the stale temporary files of this tool in ``folder`` (not below it)."""
    removed = 0
    try:
        with os.scandir(folder) as it:
            names = [e.name for e in it if e.name.endswith(TMP_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        if is_stale_temp(folder, name, before):
            try:
                os.unlink(os.path.join(folder, name))
                removed += 1
            except OSError:
                pass
    return removed


# The largest document read (bytes): past it an input fails with one line instead of
# filling the memory (``cleaner clean /dev/zero``, an endless pipe). ``max_size`` raises it.
DEFAULT_MAX_SIZE = 64 * 2**20
_CHUNK = 1 << 20


def size_text(size: int) -> str:
    """``64 MiB``, ``1.5 GiB``, ``300 bytes``.

    >>> size_text(64 * 2**20), size_text(3 * 2**29), size_text(1000), size_text(2048)
    ('64 MiB', '1.5 GiB', '1000 bytes', '2 KiB')
    """
    for unit, power in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 2**power:
            return f"{size / 2**power:g} {unit}"
    return f"{size} bytes"


def too_big(limit: int) -> InputError:
    return InputError.naming("larger than the size limit of {size} per document; not read (raise it with {max_size})", size=size_text(limit))


def read_limited(fh: BinaryIO, limit: int = DEFAULT_MAX_SIZE, size_hint: int = 0) -> bytes:
    """Read a binary stream to its end, but never more than ``limit`` bytes: past it,
    ``too_big``. Memory stays about ``limit`` (twice it, briefly) whatever the stream
    is: a device such as /dev/zero, an endless pipe, a file that grows while read.
    ``size_hint`` (a regular file's size) fails a file already too big without reading
    it and reads one that fits in one piece."""
    if size_hint > limit:
        raise too_big(limit)
    chunks: list[bytes] = []
    total = 0
    want = size_hint + 1 if size_hint else _CHUNK
    while True:
        chunk = fh.read(min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_big(limit)
        want = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def open_file(path: Path | str) -> BinaryIO:
    """Open a file to read as bytes; a folder, a missing file or a refusal becomes an
    InputError with one clear line."""
    try:
        if Path(path).is_dir():
            raise InputError(f"{path}: is a directory, expected a file")
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_document(path: Path, errors: EncodingErrors = "strict", max_size: int = DEFAULT_MAX_SIZE) -> Document:
    """Read and decode a file of at most ``max_size`` bytes; every failure becomes an
    InputError with one clear line."""
    return segment(read_text(path, errors, max_size))


def read_text(path: Path, errors: EncodingErrors = "strict", max_size: int = DEFAULT_MAX_SIZE) -> str:
    """``read_document``'s text, not yet cut into lines."""
    with open_file(path) as fh:
        try:
            st = os.fstat(fh.fileno())
            data = read_limited(fh, max_size, st.st_size if stat.S_ISREG(st.st_mode) else 0)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return decode_text(data, errors)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


class AtomicOutput:
    """A file written under a hidden temporary name beside ``path`` and renamed over it on
    success, so a reader never sees half of it, however long it takes to stream (JSONL).

    ``with AtomicOutput(path) as fh: fh.write(...)`` commits when the block ends and
    discards on an exception; ``discard()`` inside the block drops the output on purpose.
    The permissions of a file that is replaced are kept. ``fsync`` (default) makes the
    output durable before the rename; ``batch`` turns it off (it costs a millisecond a file,
    and its journal notices lost outputs). ``sweep`` (default) first deletes what a killed
    run left in the folder; ``batch`` sweeps DEST once itself, before its workers start."""

    def __init__(self, path: Path | str, fsync: bool = True, sweep: bool = True) -> None:
        self.path = os.fspath(path)
        folder = os.path.dirname(self.path) or "."
        try:
            self._mode = stat.S_IMODE(os.stat(self.path).st_mode)
        except FileNotFoundError:
            self._mode = 0o666 & ~_umask()
        if sweep and folder not in _SWEPT:  # what a killed run left here (once per folder)
            _SWEPT.add(folder)
            sweep_folder(folder, STARTED)
        self._fsync = fsync
        self.tmp = temp_path(self.path)
        WRITING.add(self.tmp)  # before the file exists: a signal from here on deletes it
        try:
            fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except BaseException:
            WRITING.discard(self.tmp)
            raise
        self.fh: BinaryIO = os.fdopen(fd, "wb")
        self.stat: os.stat_result | None = None  # the output's, once committed
        self._done = False

    def __enter__(self) -> BinaryIO:
        return self.fh

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if kind is None and not self._done:
            self.commit()
        else:
            self.discard()

    def commit(self) -> os.stat_result:
        """Rename the finished output into place; its stat (size, mtime) is returned."""
        try:
            self.fh.flush()
            if self._fsync:
                os.fsync(self.fh.fileno())
            os.fchmod(self.fh.fileno(), self._mode)
            self.stat = os.fstat(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        self._done = True
        WRITING.discard(self.tmp)
        return self.stat

    def discard(self) -> None:
        """Drop the output: the target is left as it was."""
        self._done = True
        try:
            self.fh.close()
        except OSError:
            pass  # a full disk: the file goes anyway
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass
        WRITING.discard(self.tmp)


_UMASK: list[int] = []


def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    if not _UMASK:
        mask = os.umask(0)
        os.umask(mask)
        _UMASK.append(mask)
    return _UMASK[0]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place, keeping the
    permissions of a file that is replaced."""
    with AtomicOutput(path) as fh:
        fh.write(data)
