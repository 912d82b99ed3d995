"""What a run can keep on disk for the next one: compiled patterns and parsed packs.

A ``cleaner clean`` of one paragraph spent more time building its rules than cleaning:
``regex`` parses each pattern in Python (about 1 ms each, 150 ms for a language's rules)
before handing plain data (a list of opcodes, the named lists) to its C engine, and
``tomllib`` parses the packs (about 60 ms). Both results are plain data, kept here in
``marshal`` files (no code runs when they are read) under the user's cache folder
(``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``),
named by the Python and regex versions and keyed by the exact input (the pattern, its
flags and lists; the pack's bytes), so a changed pack or pattern is a new key, never a
stale answer. Safe to delete; unreadable, corrupt or unwritable, it is silently not
used; ``CLEANER_CACHE=0`` turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

import regex

try:  # regex's C engine: what regex.compile hands its parsed pattern to
    from regex import _regex  # type: ignore[attr-defined]
    from regex import _main as _regex_main  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another layout: compile as usual
    _regex = _regex_main = None

# A store grown past either (rule files that change, new versions of the packs) starts
# afresh with what the run that wrote it used. Values are kept as marshal bytes, decoded
# when used: reading a store of a few MB costs about a millisecond.
MAX_ENTRIES = 5_000
MAX_BYTES = 16_000_000
_lock = threading.Lock()
_stores: dict[str, dict[Any, Any]] = {}
_dirty: set[str] = set()


def enabled() -> bool:
    return os.environ.get("CLEANER_CACHE", "1") != "0"


def folder() -> Path:
    """The cache folder (not created here)."""
    if os.environ.get("CLEANER_CACHE_DIR"):
        return Path(os.environ["CLEANER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleaner"


def _path(name: str) -> Path:
    version = getattr(regex, "__version__", "?")
    return folder() / f"{name}-py{sys.version_info[0]}.{sys.version_info[1]}-regex{version}.marshal"


def _store(name: str) -> dict[Any, Any]:
    store = _stores.get(name)
    if store is None:
        try:
            loaded = marshal.loads(_path(name).read_bytes()) if enabled() else {}
            store = loaded if isinstance(loaded, dict) else {}
        except Exception:  # absent, unreadable or corrupt: start empty
            store = {}
        _stores[name] = store
    return store


def _keep(name: str, key: Any, value: Any) -> None:
    if not enabled():
        return
    with _lock:
        store = _store(name)
        if len(store) >= MAX_ENTRIES:
            store.clear()
        store[key] = value
        if not _dirty:
            atexit.register(save)
        _dirty.add(name)


def save() -> None:
    """Write the stores that gained entries (at exit), merged with what another process
    wrote meanwhile; atomically, and silently not at all if the folder is unwritable."""
    with _lock:
        names = list(_dirty)
        _dirty.clear()
    for name in names:
        path = _path(name)
        try:
            merged = marshal.loads(path.read_bytes()) if path.exists() else {}
            if not isinstance(merged, dict) or len(merged) >= MAX_ENTRIES:
                merged = {}
        except Exception:
            merged = {}
        merged.update(_stores[name])
        if sum(len(v) for v in merged.values() if isinstance(v, bytes)) > MAX_BYTES:
            merged = dict(_stores[name])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(merged))
            os.replace(tmp, path)
        except Exception:
            try:
                tmp.unlink()  # type: ignore[possibly-undefined]
            except Exception:
                pass


def _key(pattern: str, flags: int, ignore_unused: bool, lists: dict[str, Iterable[str]]) -> tuple[Any, ...]:
    return (pattern, int(flags), ignore_unused, tuple(sorted((k, frozenset(v)) for k, v in lists.items())))


def stored(pattern: str, flags: int = 0, store: str = "patterns") -> bool:
    """Whether ``compile`` would build this pattern from the store (no parsing)."""
    return _regex is not None and enabled() and _key(pattern, flags, False, {}) in _store(store)


def compile(pattern: str, flags: int = 0, ignore_unused: bool = False, store: str = "patterns", **lists: Iterable[str]) -> regex.Pattern[str]:
    """``regex.compile``, its parsing kept on disk: the same pattern object, built from
    the stored opcodes by the same C call when this exact pattern, flags and named lists
    were compiled before by this version of regex. ``store`` names the file (one per
    language set: a run reads only what it may use)."""
    if _regex is None or not enabled() or flags & regex.LOCALE:
        return regex.compile(pattern, flags, ignore_unused=ignore_unused, **lists)
    key = _key(pattern, flags, ignore_unused, lists)
    kept = _store(store).get(key)
    if isinstance(kept, bytes):
        try:
            return _regex.compile(*marshal.loads(kept))
        except Exception:
            pass  # not what this engine takes: compile again, and keep the new form
    captured: list[tuple[Any, ...]] = []
    real: Callable[..., Any] = _regex.compile

    def spy(*call: Any) -> Any:
        if call and call[0] == pattern:
            captured.append(call)
        return real(*call)

    with _lock:
        _regex_main._regex.compile = spy
        try:
            compiled = regex.compile(pattern, flags, ignore_unused=ignore_unused, cache_pattern=False, **lists)
        finally:
            _regex_main._regex.compile = real
    if len(captured) == 1:
        args = tuple(int(a) if isinstance(a, int) else a for a in captured[0])  # flags: RegexFlag -> int
        try:
            _keep(store, key, marshal.dumps(args))
        except ValueError:  # not plain data: not kept
            pass
    return compiled


def parsed(name: str, data: bytes, parse: Callable[[bytes], Any]) -> Any:
    """``parse(data)``, kept on disk under the hash of ``data`` (plain data results only;
    each call gets its own copy)."""
    key = hashlib.sha256(data).hexdigest()
    kept = _store(name).get(key)
    if isinstance(kept, bytes):
        try:
            return marshal.loads(kept)
        except Exception:
            pass
    value = parse(data)
    try:
        _keep(name, key, marshal.dumps(value))
    except ValueError:  # not plain data (a TOML date): not kept
        pass
    return value
