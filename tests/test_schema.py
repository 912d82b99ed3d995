"""The report schema (``cleaner.schema``): the JSON it writes is stated here key by key,
it reads back what it wrote, and a report written by batch is read by diff."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.diff import read_report
from cleaner.schema import Article, Details, FileReport, Reason, RemovalEntry, Report, SavedEntry

GOLDEN = Path(__file__).resolve().parent / "golden"
DEMO = ["--rules", str(GOLDEN / "demo-rules.toml"), "--select", "demo", "--lang", "en"]

CLEANED = FileReport(
    "news/a.txt",
    "cleaned",
    details=Details(
        language="en",
        format="lines",
        lines_in=6,
        lines_out=4,
        article=Article(2, 4, 2),
        notes=("removal budget: 0.40",),
        note=None,
        removed=(
            RemovalEntry(1, "Advertisement", "ads.ad-label", "ads", (Reason("ads.ad-label", "ads", "strong", "Advertisement", (0, 13)),)),
            RemovalEntry(6, "Home | News", "structure.menu", "navigation", (Reason("structure.menu", "navigation", "weak", "", None, "far from the article"),)),
        ),
        saved=(SavedEntry(5, "Advertisement feature", "site.keep", ("ads.ad-label",)),),
    ),
)
# What it writes, key for key and in this order (the order of the report's JSON).
CLEANED_JSON = {
    "path": "news/a.txt",
    "status": "cleaned",
    "language": "en",
    "format": "lines",
    "lines_in": 6,
    "lines_out": 4,
    "article": {"start": 2, "end": 4, "headline": 2},
    "notes": ["removal budget: 0.40"],
    "note": None,
    "removed": [
        {"line": 1, "text": "Advertisement", "rule": "ads.ad-label", "category": "ads",
         "reasons": [{"rule": "ads.ad-label", "category": "ads", "strength": "strong", "matched": "Advertisement", "span": [0, 13]}]},
        {"line": 6, "text": "Home | News", "rule": "structure.menu", "category": "navigation",
         "reasons": [{"rule": "structure.menu", "category": "navigation", "strength": "weak", "matched": "", "detail": "far from the article"}]},
    ],
    "saved": [{"line": 5, "text": "Advertisement feature", "rule": "site.keep", "overruled": ["ads.ad-label"]}],
}


def test_a_file_entry_writes_the_report_json() -> None:
    written = CLEANED.to_json()
    assert written == CLEANED_JSON
    assert json.dumps(written) == json.dumps(CLEANED_JSON)  # the same keys in the same order


def test_saved_is_left_out_when_nothing_was_saved() -> None:
    entry = FileReport("a.txt", "unchanged", details=Details("de", "wrapped", 2, 2, None, (), None, ()))
    assert entry.to_json() == {
        "path": "a.txt", "status": "unchanged", "language": "de", "format": "wrapped", "lines_in": 2, "lines_out": 2,
        "article": None, "notes": [], "note": None, "removed": [],
    }


def test_failed_and_skipped_entries() -> None:
    assert FileReport("b.txt", "failed", error="permission denied").to_json() == {"path": "b.txt", "status": "failed", "error": "permission denied"}
    assert FileReport("c.txt", "skipped", reason="up to date").to_json() == {"path": "c.txt", "status": "skipped", "reason": "up to date"}
    assert FileReport.of("d.txt").to_json() == {"path": "d.txt", "status": "failed", "error": "unknown error"}


def test_every_entry_reads_back_what_it_wrote() -> None:
    entries = [
        CLEANED,
        FileReport("a.txt", "unchanged", details=Details(None, "lines", 0, 0, None, (), "no article found", ())),
        FileReport("b.txt", "failed", error="permission denied"),
        FileReport("c.txt", "skipped", reason="up to date"),
    ]
    for entry in entries:
        assert FileReport.from_json(entry.to_json()) == entry
        assert FileReport.from_json(json.loads(json.dumps(entry.to_json()))) == entry  # through the text too
    report = Report(tuple(entries))
    assert report.to_json()["version"] == 1
    assert Report.from_json(json.loads(json.dumps(report.to_json()))) == report


def test_an_older_entry_reads_with_defaults() -> None:
    """A report written before ``format``, ``note`` and ``saved`` existed still reads."""
    entry = FileReport.from_json({"path": "a.txt", "status": "cleaned", "language": "en", "lines_in": 3, "lines_out": 2, "article": None, "notes": [],
                                  "removed": [{"line": 2, "text": "Share", "rule": "social.share", "category": "social", "reasons": []}]})
    assert entry.details is not None
    assert (entry.details.format, entry.details.note, entry.details.saved) == ("lines", None, ())
    assert entry.details.removed == (RemovalEntry(2, "Share", "social.share", "social"),)


def test_diff_reads_the_report_batch_wrote(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "input.txt").write_bytes((GOLDEN / "input.txt").read_bytes())
    (src / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    report = tmp_path / "r.jsonl"
    result = CliRunner().invoke(cli, ["batch", "--no-config", str(src), str(tmp_path / "out"), "-q", "-j", "1", "--report", str(report), *DEMO])
    assert result.exit_code == 3, result.stderr  # binary.txt failed
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    entries = read_report(report)
    assert [e.to_json() for e in entries] == lines
    by_path = {e.path: e for e in entries}
    assert by_path["binary.txt"].status == "failed"
    cleaned = by_path["input.txt"]
    assert cleaned.status == "cleaned" and cleaned.details is not None
    # The demo rules name these lines of tests/golden/input.txt (1-based), as the golden diff shows.
    assert [(r.line, r.rule) for r in cleaned.details.removed] == [(1, "demo.ad-label"), (5, "demo.newsletter"), (9, "demo.newsletter"), (10, "demo.read-more")]
    assert cleaned.details.lines_in == 14
    shown = CliRunner().invoke(cli, ["diff", "--no-config", "--report", str(report), str(src), "--format", "json"])
    assert shown.exit_code == 3, shown.stderr  # the report has a failed file
    assert json.loads(shown.stdout) == {"version": 1, "files": [e.to_json() for e in entries]}
