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

Built objects (``built``): what a run builds before it cleans a line (the built-in
rule set, the function-word tables, each language's line matcher), kept whole, one small
file each, named by a hash of everything they are built from: the input (the packs' and
lists' bytes; the rules, by id or ``repr``), the source of the modules that build them,
and the Python and regex versions. Another pack, rule file or version of the code is
another file, never a stale object; the newest files of each kind are kept
(``BUILT_KEEP``), older ones removed. They are pickles read by an unpickler that makes
only the classes its caller names and regex patterns (from their compiled form, as
``compile`` does), nothing else. (A compiled pattern unpickles in about 25 us; parsing
it again costs about 1 ms.)
"""

from __future__ import annotations

import atexit
import hashlib
import io
import marshal
import os
import pickle
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

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
        _write_whole(path, marshal.dumps(merged))


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


def constant(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile`` for a module's own patterns (compiled when it is imported), kept
    in one store of their own: a module's patterns cost a lookup, not a parse, from the
    second run on."""
    return compile(pattern, flags, store="modules")


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


T = TypeVar("T")
# Files kept of each kind of built object (``built``), the newest: a matcher per language
# and rule selection in use, a few versions of the packs.
BUILT_KEEP = 64


class _Unpickler(pickle.Unpickler):
    """Makes the classes it is given and regex patterns, nothing else; a persistent id
    names an object of ``refs`` (one the caller already has, such as a rule)."""

    def __init__(self, data: bytes, classes: Mapping[tuple[str, str], Any], refs: Mapping[Any, Any]) -> None:
        super().__init__(io.BytesIO(data))
        self.classes, self.refs = classes, refs

    def find_class(self, module: str, name: str) -> Any:
        if _regex is not None and module in ("regex._regex", "_regex") and name == "compile":
            return _regex.compile
        found = self.classes.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not made from the cache")
        return found

    def persistent_load(self, pid: Any) -> Any:
        return self.refs[pid]


@lru_cache(maxsize=None)
def source_digest(*modules: Any) -> bytes:
    """The hash of the modules' source files (what a built object depends on), read once
    per process."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


def text_digest(*texts: str | bytes) -> bytes:
    """The hash of each text (or bytes), one after the other."""
    return b"".join(hashlib.sha256(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")).digest() for text in texts)


def read_text(data: bytes) -> str:
    """A file's bytes as ``Path.read_text(encoding="utf-8")`` gives them (universal
    newlines): a file is read as bytes for its hash, and decoded only if it is parsed."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def built(name: str, key: bytes, build: Callable[[], T], classes: Mapping[tuple[str, str], Any], sources: tuple[Any, ...] = (), refs: Mapping[Any, Any] | None = None, ref: Callable[[Any], Any] | None = None) -> T:
    """``build()``, kept on disk under ``key`` (the hash of what the object is made from)
    and the source of the modules ``sources`` (the code that makes it); this module's
    source and the Python and regex versions are added here. ``classes``: the classes
    the object is made of, by (module, name); ``ref`` names an object not to store but
    to take from ``refs`` when read (``persistent_id``)."""
    if not enabled():
        return build()
    try:
        digest = hashlib.sha256(key)
        digest.update(f"{sys.version}|{getattr(regex, '__version__', '?')}|{pickle.HIGHEST_PROTOCOL}".encode())
        digest.update(source_digest(sys.modules[__name__], *sources))
        path = folder() / f"{name}-{digest.hexdigest()[:32]}.pickle"
    except Exception:  # (no source to hash, as in a zip): not kept
        return build()
    try:
        return _Unpickler(path.read_bytes(), classes, refs or {}).load()  # type: ignore[no-any-return]
    except Exception:  # absent, unreadable, corrupt or of other classes: built again
        pass
    value = build()
    try:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        if ref is not None:
            pickler.persistent_id = ref  # type: ignore[method-assign]
        pickler.dump(value)
    except Exception:  # not picklable: used, not kept
        return value
    if _write_whole(path, out.getvalue()):
        try:
            old = sorted(path.parent.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in old[BUILT_KEEP:]:
                stale.unlink()
        except OSError:
            pass
    return value


def _write_whole(path: Path, data: bytes) -> bool:
    """Write a cache file whole (a temporary file renamed over it, so a reader in another
    process never sees half of one); False, and nothing left behind, if it cannot be."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except Exception:  # an unwritable folder: the cache is only an optimisation
        try:
            tmp.unlink()
        except Exception:
            pass
        return False
