"""JSON Lines: ``clean --jsonl``, ``batch --jsonl`` and ``cleaner.jsonl``.

Every bad-line case under both --on-error modes, compressed input and output (gzip
always, zstd where the module is installed), the size limit per record, constant memory
over a long stream, and one real process with real pipes.
"""

from __future__ import annotations

import gc
import gzip
import io
import itertools
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any, Iterator

import pytest

import cleaner
from cleaner import jsonl, schema
from conftest import PROSE, article

DIRTY = article("Support us", "Advertisement")
CLEAN = cleaner.clean(DIRTY)
try:
    import zstandard
except ImportError:  # the jsonl-zstd extra is not installed
    zstandard = None
needs_zstd = pytest.mark.skipif(zstandard is None, reason="zstandard is not installed (pip install -e '.[jsonl-zstd]')")


def line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def records(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(x) for x in data.splitlines()]


def stream(n: int = 3) -> bytes:
    return b"".join(line({"id": i, "text": DIRTY, "url": f"https://Site{i % 2}.example/p/{i}", "lang": "en"}) for i in range(n))


def summary_and_errors(stderr: str) -> tuple[list[str], list[str]]:
    """stderr split into its error lines and its summary lines; no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    errors = [x for x in lines if x.startswith("cleaner: error: ")]
    return errors, [x for x in lines if x not in errors]


# ----------------------------------------------------------------------- clean --jsonl
def test_records_cleaned_other_fields_kept_in_order(invoke) -> None:
    data = line({"id": "é-1", "text": DIRTY, "meta": {"b": 1, "a": [1.5, None, True]}, "url": "https://news.example/x"})
    result = invoke(["clean", "--jsonl"], input=data)
    assert result.stdout_bytes == json.dumps(
        {"id": "é-1", "text": CLEAN, "meta": {"b": 1, "a": [1.5, None, True]}, "url": "https://news.example/x"},
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8") + b"\n"
    errors, summary = summary_and_errors(result.stderr)
    assert not errors
    assert summary[0] == "cleaner: 1 record: 1 cleaned, 0 unchanged, 0 dropped as empty, 0 bad lines skipped"
    assert "news.example 1" in summary[-1]


def test_text_is_what_clean_gives_and_blank_lines_are_no_records(invoke) -> None:
    texts = [DIRTY, article(), "", "Support us\n", "x\r\ny\rz", "\ufeffBOM kept\n"]
    data = b"\n".join(line({"text": t}) for t in texts) + b"\n  \n"
    out = records(invoke(["clean", "--jsonl"], input=data).stdout_bytes)
    assert [r["text"] for r in out] == [cleaner.clean(t) for t in texts]


def test_field_annotate_and_host(invoke) -> None:
    data = line({"body": DIRTY, "link": "http://WWW.Example.org:8080/a"})
    result = invoke(["clean", "--jsonl", "--field", "body", "--annotate", "--annotate-field", "why", "--url-field", "link"], input=data)
    (rec,) = records(result.stdout_bytes)
    assert list(rec) == ["body", "link", "why"] and rec["body"] == DIRTY
    explained = cleaner.clean_and_explain(DIRTY)
    assert rec["why"]["host"] == "www.example.org" and rec["why"]["language"] == "en"
    assert rec["why"]["removed"] == [{"line": r.line + 1, "rule": r.rule_id, "category": r.category} for r in explained.removed]
    assert {r["category"] for r in rec["why"]["removed"]} >= {"appeal", "ads"}
    # the annotation replays: deleting its lines gives the cleaned text
    gone = {r["line"] - 1 for r in rec["why"]["removed"]}
    kept = [x for i, x in enumerate(DIRTY.splitlines(keepends=True)) if i not in gone]
    assert "".join(kept) == CLEAN


def test_drop_empty_is_counted(invoke) -> None:
    data = line({"text": "Support us\n"}) + line({"text": DIRTY}) + line({"text": ""})
    result = invoke(["clean", "--jsonl", "--drop-empty"], input=data)
    assert [r["text"] for r in records(result.stdout_bytes)] == [CLEAN]
    assert "3 records: 2 cleaned, 1 unchanged, 2 dropped as empty" in result.stderr


def test_lone_surrogate_and_non_ascii_round_trip(invoke) -> None:
    data = b'{"text":"Support us\\n","x":"\\ud800","y":"\xc3\xa9\xe2\x80\xa8"}\n'
    out = invoke(["clean", "--jsonl"], input=data).stdout_bytes
    assert out == b'{"text":"","x":"\\ud800","y":"\\u00e9\\u2028"}\n'  # escaped only where UTF-8 cannot go
    assert json.loads(out) == {"text": "", "x": "\ud800", "y": "é\u2028"}


BAD_LINES = [
    (b"{not json\n", "not JSON: Expecting property name enclosed in double quotes at column 2"),
    (b"[1, 2]\n", "not a JSON object but an array"),
    (b'"text"\n', "not a JSON object but a string"),
    (b'{"body": "x"}\n', "no field 'text'"),
    (b'{"text": 3}\n', "field 'text' is a number, not a string"),
    (b'{"text": null}\n', "field 'text' is null, not a string"),
    (b'{"text": ["a"]}\n', "field 'text' is an array, not a string"),
    (b'{"text": "caf\xe9"}\n', "invalid UTF-8 at byte offset 13 of the line (byte 0xe9); use --encoding-errors replace to substitute U+FFFD"),
    (b"[" * 5000 + b"\n", "not JSON cleaner can read: nested too deeply"),
    (b'{"text": "' + b"x" * 9000 + b'"}\n', "larger than the size limit of 8 KiB per record (raise it with --max-size)"),
    (b'{"text": "a", "cleaner": 1}\n', "the record already has a field 'cleaner'; choose another --annotate-field"),
]


@pytest.mark.parametrize("bad,reason", BAD_LINES, ids=[r.split(":")[0][:30] for _, r in BAD_LINES])
def test_bad_line_fails_after_writing_what_was_done(invoke, bad: bytes, reason: str) -> None:
    data = stream(2) + bad + stream(1)
    args = ["clean", "--jsonl", "--max-size", "8K"] + (["--annotate"] if b"cleaner" in bad else [])
    result = invoke(args, input=data, exit_code=3)
    errors, summary = summary_and_errors(result.stderr)
    assert errors == [f"cleaner: error: <stdin>:3: {reason}"]
    assert len(records(result.stdout_bytes)) == 2  # the records before it
    assert summary[0].startswith("cleaner: 2 records:")


@pytest.mark.parametrize("bad,reason", BAD_LINES, ids=[r.split(":")[0][:30] for _, r in BAD_LINES])
def test_bad_line_skipped_and_counted(invoke, bad: bytes, reason: str) -> None:
    data = stream(2) + bad + stream(1)
    args = ["clean", "--jsonl", "--on-error", "skip", "--max-size", "8K"] + (["--annotate"] if b"cleaner" in bad else [])
    result = invoke(args, input=data)
    errors, summary = summary_and_errors(result.stderr)
    assert errors == [f"cleaner: error: <stdin>:3: {reason}; skipped"]
    assert len(records(result.stdout_bytes)) == 3
    assert summary[0].endswith(", 1 bad line skipped")


def test_invalid_utf8_replaced_on_request(invoke) -> None:
    result = invoke(["clean", "--jsonl", "--encoding-errors", "replace"], input=b'{"text": "caf\xe9"}\n')
    assert records(result.stdout_bytes) == [{"text": "caf\ufffd\n"}]


def test_error_names_the_file_and_escapes_control_characters(invoke, tmp_path: Path) -> None:
    bad = tmp_path / "a\x1b[31m.jsonl"
    bad.write_bytes(stream(1) + b"oops\n")
    result = invoke(["clean", "--jsonl", bad], exit_code=3)
    errors, _ = summary_and_errors(result.stderr)
    assert errors == [f"cleaner: error: {tmp_path}/a␛[31m.jsonl:2: not JSON: Expecting value at column 1"]
    assert "\x1b" not in result.stderr


def test_unreadable_input_fails_alone(invoke, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(stream(2))
    result = invoke(["clean", "--jsonl", tmp_path / "missing.jsonl", good, tmp_path], exit_code=3)
    errors, summary = summary_and_errors(result.stderr)
    assert errors == [f"cleaner: error: {tmp_path}/missing.jsonl: no such file", f"cleaner: error: {tmp_path}: is a directory, expected a file"]
    assert len(records(result.stdout_bytes)) == 2
    assert summary[0].startswith("cleaner: 2 records from 3 inputs:")


@pytest.mark.parametrize("args", [
    ["--annotate"], ["--drop-empty"], ["--field", "body"], ["--on-error", "skip"], ["--url-field", "u"], ["--annotate-field", "x"],
    ["--jsonl", "--check"], ["--jsonl", "--in-place", "a.jsonl"], ["--jsonl", "--annotate", "--annotate-field", "text"],
])
def test_usage_errors(invoke, args: list[str]) -> None:
    result = invoke(["clean", *args], input=b"", exit_code=2)
    assert "Traceback" not in result.stderr and result.stdout_bytes == b""


def test_report_holds_the_counts(invoke, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    invoke(["clean", "--jsonl", "--report", report, "--on-error", "skip"], input=stream(3) + b"x\n")
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert counts["records"] == 3 and counts["cleaned"] == 3 and counts["skipped"] == 1
    assert counts["removed"]["appeal"]["lines"] == 3 and counts["hosts"] == {"site0.example": 2, "site1.example": 1}


# --------------------------------------------------------------------------- compression
def _compress(ext: str, data: bytes) -> bytes:
    if ext == ".gz":
        return gzip.compress(data)
    if ext == ".zst":
        return zstandard.ZstdCompressor().compress(data)
    return data


def _decompress(ext: str, data: bytes) -> bytes:
    if ext == ".gz":
        return gzip.decompress(data)
    if ext == ".zst":
        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return data


EXTS = ["", ".gz", pytest.param(".zst", marks=needs_zstd)]


@pytest.mark.parametrize("out_ext", EXTS)
@pytest.mark.parametrize("in_ext", EXTS)
def test_compressed_input_and_output(invoke, tmp_path: Path, in_ext: str, out_ext: str) -> None:
    src, dest = tmp_path / f"in.jsonl{in_ext}", tmp_path / f"out.jsonl{out_ext}"
    src.write_bytes(_compress(in_ext, stream(4)))
    invoke(["clean", "--jsonl", src, "-o", dest])
    assert [r["text"] for r in records(_decompress(out_ext, dest.read_bytes()))] == [CLEAN] * 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, dest.name])  # no temporary file left


@pytest.mark.parametrize("ext", [".gz", pytest.param(".zst", marks=needs_zstd)])
def test_a_stream_cut_short_fails(invoke, tmp_path: Path, ext: str) -> None:
    src = tmp_path / f"cut.jsonl{ext}"
    whole = _compress(ext, stream(200))
    src.write_bytes(whole[: len(whole) // 2])
    result = invoke(["clean", "--jsonl", src], exit_code=3)
    (error,) = summary_and_errors(result.stderr)[0]
    assert error.startswith(f"cleaner: error: {src}: cannot read after line ")
    assert len(records(result.stdout_bytes)) < 200  # zstd gives nothing before a whole block


def test_not_gzip_fails(invoke, tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl.gz"
    src.write_bytes(stream(1))
    result = invoke(["clean", "--jsonl", src], exit_code=3)
    assert summary_and_errors(result.stderr)[0] == [f"cleaner: error: {src}: cannot read after line 0: Not a gzipped file (b'{{\"')"]


def test_zstd_missing_is_a_usage_error(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import zstandard now raises ImportError
    src = tmp_path / "a.jsonl"
    src.write_bytes(stream(1))
    for args in (["clean", "--jsonl", src, "-o", tmp_path / "o.jsonl.zst"], ["clean", "--jsonl", tmp_path / "x.jsonl.zst"]):
        result = invoke(args, exit_code=2)
        assert result.stderr == "cleaner: error: .zst files need the zstandard module: pip install 'cleaner[jsonl-zstd]'\n"
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "a.jsonl.zst").write_bytes(b"")
    result = invoke(["batch", "--jsonl", tmp_path / "shards", tmp_path / "out", "-q"], exit_code=2)
    assert "pip install 'cleaner[jsonl-zstd]'" in result.stderr


def test_o_keeps_what_was_done_before_a_bad_line(invoke, tmp_path: Path) -> None:
    dest = tmp_path / "out.jsonl.gz"
    invoke(["clean", "--jsonl", "-o", dest], input=stream(2) + b"bad\n" + stream(1), exit_code=3)
    assert len(records(gzip.decompress(dest.read_bytes()))) == 2


# ------------------------------------------------------------------- the library, memory
def test_clean_file_from_python(tmp_path: Path) -> None:
    src, dest = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl"
    src.write_bytes(gzip.compress(stream(3) + b"[]\n"))
    skipped: list[jsonl.RecordError] = []
    options = jsonl.JsonlOptions(on_error="skip", annotate=True)
    stats = jsonl.clean_file(src, dest, cleaner.Pipeline(cleaner.Config()), options, on_skip=skipped.append)
    assert (stats.records, stats.skipped, stats.hosts) == (3, 1, {"site0.example": 2, "site1.example": 1})
    assert [str(e) for e in skipped] == [f"{src}:4: not a JSON object but an array"]
    assert all(r["text"] == DIRTY and r["cleaner"]["removed"] for r in records(dest.read_bytes()))
    with pytest.raises(jsonl.RecordError):
        jsonl.clean_file(src, tmp_path / "c.jsonl", cleaner.Pipeline(cleaner.Config()))
    assert not (tmp_path / "c.jsonl").exists()


class _Generated(io.RawIOBase):
    """A stream read from a generator of pieces: nothing holds the whole of it."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces, self.pending = pieces, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pending:
            self.pending = memoryview(next(self.pieces, b""))
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        return n


def _traced(pieces: Iterator[bytes], max_size: int = jsonl.DEFAULT_MAX_SIZE, every: int = 0) -> tuple[int, list[int], jsonl.JsonlStats]:
    """Clean a generated stream into a sink that counts, under tracemalloc: the peak, and
    every ``every`` records written the memory still in use after a full collection (what
    the loop holds, whenever the cycle collector would have run on its own)."""
    pipe = cleaner.pipeline(cleaner.Config())
    pipe.run(cleaner.segment(DIRTY))  # rules compiled and memo warm before tracing
    live: list[int] = []
    written = [0]

    def sink(data: bytes) -> None:
        written[0] += 1
        if every and written[0] % every == 0:
            gc.collect()
            live.append(tracemalloc.get_traced_memory()[0])

    src = io.BufferedReader(_Generated(pieces))
    options = jsonl.JsonlOptions(max_size=max_size, on_error="skip")
    gc.collect()
    tracemalloc.start()
    try:
        stats = jsonl.clean_stream(src, sink, pipe, options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, live, stats


def test_memory_does_not_grow_with_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "MAX_HOSTS", 10)  # so the cap on the host counts is reached

    def records(numbers: range) -> Iterator[bytes]:
        # Each text its own (~1 KB); its short lines repeat, as the matcher's memo of short
        # lines is bounded on its own (phrases.MEMO_SIZE) and is not what is measured here.
        return (line({"id": i, "text": f"Support us\n\n{(PROSE[i % 5] + f' Record {i}.') * 4}\n", "url": f"https://h{i}.example/"}) for i in numbers)

    # The same stream once first: what the pipeline builds once, on first use or after so
    # many lines (the matcher's shared scans), is not growth of the stream's memory.
    _traced(records(range(1200)))
    _, live, stats = _traced(records(range(1200)), every=200)  # about 1.3 MB of JSON
    assert stats.records == 1200 and stats.hosts[schema.OTHER_HOSTS] == 1190 and len(stats.hosts) == 11
    assert len(live) == 6
    assert max(live) - live[0] < 64 * 1024, live  # nothing kept from record to record


def test_a_line_over_the_limit_is_never_held() -> None:
    huge = itertools.chain([b'{"text": "'], itertools.repeat(b"x" * 2**20, 64), [b'"}\n', line({"text": DIRTY})])
    peak, _, stats = _traced(huge, max_size=2**20)
    assert stats.skipped == 1 and stats.records == 1
    assert peak < 8 * 2**20, peak  # read past in 1 MiB pieces, never 64 MiB at once


# -------------------------------------------------------------------------- batch --jsonl
def _shards(root: Path) -> Path:
    src = root / "shards"
    (src / "sub").mkdir(parents=True)
    (src / "a.jsonl").write_bytes(stream(3))
    (src / "sub" / "b.jsonl.gz").write_bytes(gzip.compress(stream(2)))
    (src / "notes.txt").write_text("not a shard\n", encoding="utf-8")
    if zstandard is not None:
        (src / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(stream(1)))
    return src


def test_batch_cleans_shards(invoke, tmp_path: Path) -> None:
    src, dest, report = _shards(tmp_path), tmp_path / "out", tmp_path / "r.jsonl"
    result = invoke(["batch", "--jsonl", src, dest, "-j", "2", "--report", report, "--drop-empty"])
    assert "records: " in result.stderr and "site0.example" in result.stderr
    assert [r["text"] for r in records((dest / "a.jsonl").read_bytes())] == [CLEAN] * 3
    assert [r["text"] for r in records(gzip.decompress((dest / "sub" / "b.jsonl.gz").read_bytes()))] == [CLEAN] * 2
    assert not (dest / "notes.txt").exists()
    if zstandard is not None:
        assert records(_decompress(".zst", (dest / "c.jsonl.zst").read_bytes()))[0]["text"] == CLEAN
    entries = {e["path"]: e for e in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert entries["a.jsonl"]["records"] == 3 and entries["a.jsonl"]["status"] == "cleaned"
    again = invoke(["batch", "--jsonl", src, dest, "-j", "1", "--drop-empty"])  # resumed: nothing to redo
    assert "skipped   │     " in again.stderr or "up to date" in again.stderr
    redone = invoke(["batch", "--jsonl", src, dest, "-j", "1", "--annotate", "-q"])  # other options: redone
    assert records((dest / "a.jsonl").read_bytes())[0]["cleaner"]["removed"]
    assert redone.stderr == ""


def test_batch_bad_shard_fails_alone_or_is_skipped(invoke, tmp_path: Path) -> None:
    src, dest = _shards(tmp_path), tmp_path / "out"
    (src / "bad.jsonl").write_bytes(stream(1) + b"{oops\n")
    result = invoke(["batch", "--jsonl", src, dest, "-j", "1", "-q"], exit_code=3)
    assert result.stderr == "cleaner: error: bad.jsonl: line 2: not JSON: Expecting property name enclosed in double quotes at column 2\n"
    assert not (dest / "bad.jsonl").exists() and (dest / "a.jsonl").exists()
    result = invoke(["batch", "--jsonl", "--on-error", "skip", src, dest, "-j", "1", "-q"])
    assert result.stderr == "cleaner: error: bad.jsonl: line 2: not JSON: Expecting property name enclosed in double quotes at column 2; skipped\n"
    assert len(records((dest / "bad.jsonl").read_bytes())) == 1


def test_batch_jsonl_in_place_with_backup(invoke, tmp_path: Path) -> None:
    src = _shards(tmp_path)
    (src / "clean.jsonl").write_bytes(line({"text": article()}))
    before = (src / "clean.jsonl").stat()
    invoke(["batch", "--jsonl", "--in-place", "--backup", ".orig", src, "-j", "1", "-q"])
    assert [r["text"] for r in records((src / "a.jsonl").read_bytes())] == [CLEAN] * 3
    assert (src / "a.jsonl.orig").read_bytes() == stream(3)
    assert (src / "clean.jsonl").stat().st_mtime_ns == before.st_mtime_ns  # nothing changed: not rewritten
    assert not (src / "clean.jsonl.orig").exists()


def test_batch_jsonl_refuses_repeats(invoke, tmp_path: Path) -> None:
    result = invoke(["batch", "--jsonl", "--repeats", _shards(tmp_path), tmp_path / "out"], exit_code=2)
    assert "does not go with --jsonl" in result.stderr


# ----------------------------------------------------------------------- a real process
def test_real_process_with_pipes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(stream(50) + b"[]\n"))
    env = {**os.environ, "PYTHONPATH": str(Path(cleaner.__file__).resolve().parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--jsonl", "--on-error", "skip", "-", src],
        input=stream(2), capture_output=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert [r["text"] for r in records(proc.stdout)] == [CLEAN] * 52
    assert proc.stderr.decode().splitlines()[0] == f"cleaner: error: {src}:51: not a JSON object but an array; skipped"
    # a reader that goes away early: a quiet end, exit 0
    src.write_bytes(gzip.compress(stream(50)))
    head = subprocess.run(
        f"{sys.executable} -m cleaner clean --jsonl {src} | head -c 100 > /dev/null; echo \"${{PIPESTATUS[0]}}\"",
        shell=True, executable="/bin/bash", capture_output=True, timeout=120, env=env,
    )
    assert head.stdout.strip() == b"0" and b"Traceback" not in head.stderr
