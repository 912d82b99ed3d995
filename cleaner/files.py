"""Reading inputs and writing outputs safely: one-line errors, atomic replacement.

A user's files are never half-written: output goes to a temporary file in the target's
folder and is renamed over the target (``os.replace`` is atomic on one filesystem).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .document import Document, EncodingErrors, InputError, decode


def read_document(path: Path, errors: EncodingErrors = "strict") -> Document:
    """Read and decode a file; every failure becomes an InputError with one clear line."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, expected a file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return decode(data, errors)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place, keeping the
    permissions of a file that is replaced."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".cleaner-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
