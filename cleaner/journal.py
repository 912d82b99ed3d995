"""The journal of a batch DEST (``.cleaner-batch.jsonl``), which makes a run resumable,
and the lock that keeps one run at a time on a DEST; the writers it is made with.

See ``batch``'s docstring for what the journal promises.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .files import AtomicOutput
from .walk import JOURNAL, BatchError, Entry

JOURNAL_VERSION = 1


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@dataclass(frozen=True, slots=True)
class Record:
    """What the journal says about one output."""

    fingerprint: str
    source: tuple[int, int]  # input size, mtime_ns when it was read
    output: tuple[int, int]  # output size, mtime_ns once in place


class Journal:
    """The resume record of a DEST (see ``batch``'s docstring). Owned by the main process."""

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


def write_atomic(path: Path | str, data: bytes) -> os.stat_result:
    """Write through a hidden temporary file in the same folder, renamed into place; keeps
    the mode of a file it replaces. Returns the new file's stat. No fsync (see ``batch``)."""
    out = AtomicOutput(path, fsync=False, sweep=False)
    with out as fh:
        fh.write(data)
    assert out.stat is not None
    return out.stat
