"""JSON Lines: clean one field of every record of a stream, one record at a time.

Corpora come as JSONL shards (a JSON object a line, often gzip- or zstd-compressed), not
as a file per page. ``cleaner clean --jsonl``, ``cleaner batch --jsonl`` and Python
callers share the loop here, so a record is cleaned, annotated, dropped or refused the
same way everywhere, and its text exactly as ``cleaner.clean`` cleans it.

- **Constant memory** however long the stream: a line is read, cleaned and written
  before the next is read; a line over the size limit is read past in pieces, never held
  (``read_lines``); the per-host counts are capped (``schema.MAX_HOSTS``).
- **Every other field kept, in order**: ``json.loads`` keeps key order and the record is
  written back with ``ensure_ascii=False`` and compact separators (``,`` ``:``), so the
  values are equal, not the bytes (``1.0e3`` comes back as ``1000.0``). A string with a
  lone surrogate (``"\\ud800"``) cannot be UTF-8: such a record is written with ``\\u``
  escapes instead.
- **A bad line** (not UTF-8, not JSON, not an object, no such field, a field that is not
  a string, over the size limit) is a ``RecordError`` naming the stream and line: fatal
  or skipped (``JsonlOptions.on_error``). Blank lines hold no record and are passed over.
- **Compression by name**: ``.gz`` (standard library) and ``.zst`` (the optional
  ``zstandard`` module) are read and written transparently.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, Literal
from urllib.parse import urlsplit

from .document import InputError, segment
from .errors import UsageError
from .files import DEFAULT_MAX_SIZE, AtomicOutput, open_file, size_text
from .pipeline import Pipeline
from .result import Result
from .schema import JsonlStats

SHARD_GLOBS = ("**/*.jsonl", "**/*.jsonl.gz", "**/*.jsonl.zst")
ZSTD_HINT = "pip install 'cleaner[jsonl-zstd]'"
_SKIP_CHUNK = 1 << 20  # bytes read at a time past a line over the size limit
# Compressed bytes given to the zstd decompressor at a time: its output is then at most
# 32 MiB (a 4-byte RLE block makes 128 KiB), so a small bomb cannot fill the memory.
_ZSTD_INPUT = 1 << 10

OnError = Literal["fail", "skip"]


class RecordError(InputError):
    """A line that is no record to clean; ``str()`` is ``NAME:LINE: reason`` once located."""

    def __init__(self, reason: str, name: str | None = None, number: int = 0) -> None:
        super().__init__(reason if name is None else f"{name}:{number}: {reason}")
        self.reason, self.name, self.number = reason, name, number


class CompressionError(UsageError, ValueError):
    """A compression this Python cannot read or write (``zstandard`` is missing): a setup
    error, said before any work is done."""


@dataclass(frozen=True)
class JsonlOptions:
    """How records are cleaned (the ``--jsonl`` flags of ``clean`` and ``batch``)."""

    field: str = "text"  # the field cleaned
    annotate: bool = False  # keep the text, add ``annotate_field`` with the removals
    annotate_field: str = "cleaner"
    drop_empty: bool = False  # leave out records whose cleaned text is empty
    on_error: OnError = "fail"  # a bad line: stop (fail) or count it and go on (skip)
    url_field: str = "url"  # the record's page address: its host is counted and annotated
    max_size: int = DEFAULT_MAX_SIZE  # per record: the bytes of its line
    encoding_errors: str = "strict"  # "replace": invalid UTF-8 in a line becomes U+FFFD

    def __post_init__(self) -> None:
        if self.on_error not in ("fail", "skip"):
            raise ValueError(f"on_error must be 'fail' or 'skip', not {self.on_error!r}")
        if self.encoding_errors not in ("strict", "replace"):
            raise ValueError(f"encoding_errors must be 'strict' or 'replace', not {self.encoding_errors!r}")
        if self.annotate and self.annotate_field == self.field:
            raise ValueError(f"the annotation cannot go in the cleaned field itself ({self.field!r})")


def host_of(record: dict[str, Any], url_field: str = "url") -> str | None:
    """The host of the record's URL, lower-cased; None without one.

    >>> host_of({"url": "https://News.Example.com:8080/a?b"}), host_of({"url": 3}), host_of({})
    ('news.example.com', None, None)
    """
    url = record.get(url_field)
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url.strip()).hostname or None
    except ValueError:  # "http://[::1" and the like
        return None


def annotation(result: Result, host: str | None) -> dict[str, Any]:
    """What ``--annotate`` adds to a record (and the datatrove step to its metadata): the
    removed lines (1-based, as in ``--report``), with rule and category."""
    return {
        "language": result.language,
        "host": host,
        "lines_in": len(result.document.lines),
        "lines_out": len(result.kept),
        "removed": [{"line": r.line + 1, "rule": r.rule_id, "category": r.category} for r in result.removed],
        "notes": list(result.notes),
    }


_JSON_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number", type(None): "null"}


def clean_record(record: Any, pipe: Pipeline, options: JsonlOptions = JsonlOptions(), site: str | None = None) -> tuple[dict[str, Any] | None, Result, str | None]:
    """Clean one record (a dict from ``json.loads``): the record to write (a new dict;
    None when dropped as empty), the Result, and the host of its URL. ``site``: the
    site of a record without a URL (a batch folder's), before ``Config.site``. A record
    that cannot be cleaned raises RecordError."""
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object but {_JSON_KINDS.get(type(record), type(record).__name__)}")
    text = record.get(options.field)
    if not isinstance(text, str):
        if options.field not in record:
            raise RecordError(f"no field {options.field!r}")
        raise RecordError(f"field {options.field!r} is {_JSON_KINDS.get(type(text), type(text).__name__)}, not a string")
    if options.annotate and options.annotate_field in record:
        raise RecordError.naming("the record already has a field {field!r}; choose another {annotate_field}", field=options.annotate_field)
    host = host_of(record, options.url_field)
    result = pipe.run(segment(text), site=host or site)  # a rule file's ``sites`` apply by the record's URL
    if options.drop_empty and not result.text:
        return None, result, host
    out = dict(record)
    if options.annotate:
        out[options.annotate_field] = annotation(result, host)
    else:
        out[options.field] = result.text  # an existing key: its place is kept
    return out, result, host


def dump(record: dict[str, Any]) -> bytes:
    """One output line: compact, UTF-8, ``\\u`` escapes only where UTF-8 cannot go."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate: keep it, escaped
        return json.dumps(record, separators=(",", ":")).encode("ascii") + b"\n"


def load(raw: bytes, encoding_errors: str = "strict") -> Any:
    """A line's JSON value; RecordError if it is not UTF-8 or not JSON."""
    try:
        text = raw.decode("utf-8", encoding_errors)
    except UnicodeDecodeError as exc:
        raise RecordError.naming(
            "invalid UTF-8 at byte offset {offset} of the line (byte 0x{byte:02x}); use {encoding_errors} to substitute U+FFFD",
            offset=exc.start, byte=raw[exc.start],
        ) from None
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise RecordError("not JSON cleaner can read: nested too deeply") from None


def _read_errors() -> tuple[type[BaseException], ...]:
    """What reading a (compressed) stream raises when the stream is bad."""
    zstd = sys.modules.get("zstandard")
    return (OSError, EOFError, zlib.error) + ((zstd.ZstdError,) if zstd else ())


def read_lines(src: BinaryIO, max_size: int = DEFAULT_MAX_SIZE, name: str = "<stream>") -> Iterator[tuple[int, bytes | None]]:
    """Each line of ``src`` with its number (from 1); None for a line of more than
    ``max_size`` bytes, which is read past in pieces, never held whole. A stream that
    cannot be read (cut short, corrupt) raises InputError naming where."""
    errors = _read_errors()
    number = 0

    def read(size: int) -> bytes:
        try:
            return src.readline(size)
        except errors as exc:
            raise InputError(f"{name}: cannot read after line {number}: {getattr(exc, 'strerror', None) or exc}") from None

    while line := read(max_size + 2):  # + 2: room for "\r\n"
        number += 1
        if len(line.rstrip(b"\r\n")) <= max_size:
            yield number, line
            continue
        while not line.endswith(b"\n") and (line := read(_SKIP_CHUNK)):
            pass
        yield number, None


def clean_stream(
    src: BinaryIO,
    write: Callable[[bytes], Any],
    pipe: Pipeline,
    options: JsonlOptions = JsonlOptions(),
    stats: JsonlStats | None = None,
    name: str = "<stream>",
    on_skip: Callable[[RecordError], None] | None = None,
    site: str | None = None,
) -> JsonlStats:
    """Clean every record of the binary stream ``src``, giving each output line to
    ``write``; returns the counts (``stats``, added to, if given). ``site``: as for
    ``clean_record``.

    A bad line raises RecordError under ``on_error="fail"`` (the lines before it were
    written) and is counted and given to ``on_skip`` under ``"skip"``. A stream that
    cannot be read raises InputError; an output that cannot be written, OSError."""
    stats = JsonlStats() if stats is None else stats
    for number, raw in read_lines(src, options.max_size, name):
        try:
            if raw is None:
                raise RecordError.naming("larger than the size limit of {size} per record (raise it with {max_size})", size=size_text(options.max_size))
            stats.bytes_in += len(raw)
            if raw.isspace():
                continue
            out, result, host = clean_record(load(raw, options.encoding_errors), pipe, options, site)
        except RecordError as exc:
            located = RecordError(exc.reason, name, number)
            if options.on_error == "fail":
                raise located from None
            stats.skipped += 1
            if on_skip is not None:
                on_skip(located)
            continue
        stats.add(result, host, dropped=out is None)
        if out is not None:
            line = dump(out)
            stats.bytes_out += len(line)
            write(line)
    return stats


# ----------------------------------------------------------------------------- compression
def zstandard() -> Any:
    """The ``zstandard`` module, or CompressionError saying how to install it."""
    try:
        import zstandard as module
    except ImportError:
        raise CompressionError(f".zst files need the zstandard module: {ZSTD_HINT}") from None
    return module


def check_compression(*names: str) -> None:
    """Raise CompressionError now if one of these files needs a missing module."""
    if any(str(n).endswith(".zst") for n in names):
        zstandard()


class _ZstdReader(io.RawIOBase):
    """Decompresses zstd frames one after another. ``zstandard``'s own stream reader ends
    quietly at a stream cut short, which would lose records without a word: this one
    raises EOFError there."""

    def __init__(self, fh: BinaryIO) -> None:
        super().__init__()
        self._fh = fh
        self._dctx = zstandard().ZstdDecompressor()
        self._frame: Any = None  # the frame being decompressed, or None between frames
        self._out = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out:
            data = self._fh.read(_ZSTD_INPUT)
            if not data:
                if self._frame is not None:
                    raise EOFError("compressed stream ended in the middle of a zstd frame")
                return 0
            while data:
                if self._frame is None:
                    self._frame = self._dctx.decompressobj()
                self._out = memoryview(bytes(self._out) + self._frame.decompress(data))
                data = b""
                if self._frame.eof:  # the next frame starts in what is left
                    data, self._frame = self._frame.unused_data, None
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


def decompressed(fh: BinaryIO, name: str) -> BinaryIO:
    """``fh`` read through the decompressor that ``name``'s extension says, or as it is."""
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdReader(fh), _SKIP_CHUNK)  # type: ignore[return-value]
    return fh


@contextmanager
def compressed(fh: BinaryIO, name: str) -> Iterator[BinaryIO]:
    """A writer into ``fh`` compressing as ``name``'s extension says; the compressed
    stream is ended when the block ends (``fh`` itself stays open)."""
    if name.endswith(".gz"):
        # No name or time in the header: the same records give the same bytes. Level 6,
        # gzip's own default: 9 costs far more time for a few per cent.
        with gzip.GzipFile(filename="", fileobj=fh, mode="wb", compresslevel=6, mtime=0) as out:
            yield out  # type: ignore[misc]
    elif name.endswith(".zst"):
        with zstandard().ZstdCompressor().stream_writer(fh, closefd=False) as out:
            yield out
    else:
        yield fh


def clean_file(
    src: Path | str,
    dest: Path | str,
    pipe: Pipeline,
    options: JsonlOptions = JsonlOptions(),
    on_skip: Callable[[RecordError], None] | None = None,
) -> JsonlStats:
    """Clean the JSONL file ``src`` into ``dest`` (compressed as their names say),
    written atomically: on an error ``dest`` is left as it was."""
    check_compression(str(src), str(dest))
    with open_file(src) as raw, AtomicOutput(dest) as out_raw, compressed(out_raw, str(dest)) as out:
        return clean_stream(decompressed(raw, str(src)), out.write, pipe, options, None, str(src), on_skip)
