"""Lines repeated across a folder: counting in bounded memory, the guards, ``batch
--repeats`` on the small site in ``fixtures/site/``, and ``cleaner learn``."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import repeats
from cleaner.cli import cli
from cleaner.document import segment
from cleaner.packs import builtin_rules, load_rule_file, load_rules
from cleaner.config import Config
from cleaner.pipeline import Pipeline
from cleaner.repeats import DocFrequency, RepeatParams

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "site"
QUOTE = '"We will not close the ferry while I am mayor," said Ruth Alvarez at the meeting.'
FOOTER = [
    "Sign up for The Harbour Ledger's Sunday briefing: the week's best stories, free.",
    "More from Harbour & Coast",
    "Lifeboat crew honoured for winter rescue off Gull Point",
    "Letters: readers on parking at the quay",
    "Harbour Ledger Media, 12 Quay Street, Port Amwell",
    "© 2024 The Harbour Ledger. All rights reserved.",
]
NEW_PAGE = """The Harbour Ledger
News
Harbour & Coast
Opinion
Events
Search
Lighthouse keeper's cottage to become a museum
By Tom Reddy, 2 April 2024
The cottage beside the Gull Point lighthouse will open as a small museum next summer, after the harbour board agreed to lease it to the Port Amwell history society for a nominal rent.
Volunteers will restore the kitchen and the lamp room as they were in the 1920s, when the last resident keeper, Ellen Shaw, raised six children there.
Sign up for The Harbour Ledger's Sunday briefing: the week's best stories, free.
More from Harbour & Coast
Lifeboat crew honoured for winter rescue off Gull Point
Fish market reopens after six-month refit
Tide tables: what the new sea wall means for the marina
Letters: readers on parking at the quay
About us · Contact · Corrections policy
Harbour Ledger Media, 12 Quay Street, Port Amwell
© 2024 The Harbour Ledger. All rights reserved.
"""


def run(args: list[str], code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------------------------- counting


def test_pack_entry_holds_the_defaults() -> None:
    rule = builtin_rules().get(repeats.RULE_ID)
    assert rule.kind == "context" and rule.category == "repeated" and rule.strength == "normal"
    params = RepeatParams.from_rule(rule)
    assert params == RepeatParams(**{k: v for k, v in rule.params.items()})
    assert RepeatParams.from_rule(rule, min_docs=7, min_share=None).min_docs == 7
    assert "repeated.folder" in run(["rules", "--format", "tsv"]).stdout


def test_threshold_is_both_min_docs_and_min_share() -> None:
    p = RepeatParams(min_docs=3, min_share=0.1)
    assert [p.threshold(n) for n in (1, 6, 30, 31, 120, 1000)] == [3, 3, 3, 4, 12, 100]


def test_counts_documents_not_occurrences_and_keeps_hashes_not_texts() -> None:
    docs = [segment("Menu\nMenu\nStory one is here.\nFooter line\n"), segment("Menu\nStory two.\nFooter line\n"), segment("Other\n")]
    freq = repeats.count_docs(docs, RepeatParams())
    assert freq.docs == 3
    assert all(isinstance(h, int) for h in freq.counts)  # 8-byte hashes, no text kept
    menu = repeats.line_hash("menu")
    assert freq.counts[menu] == 2  # twice in the first document: one vote
    table = freq.table(RepeatParams(min_docs=2, min_share=0.5))
    assert set(table.lines) == {menu, repeats.line_hash("footer line")}
    assert table.detail(menu) == "in 2 of 3 files"


def test_line_key_normalises_and_applies_the_length_guard() -> None:
    p = RepeatParams(min_chars=3, max_chars=20)
    assert repeats.line_key("  SHARE THIS:  ", p) == repeats.line_key("share this", p) == "share this"
    assert repeats.line_key("Ok", p) is None
    assert repeats.line_key("x" * 21, p) is None


def test_memory_is_bounded_and_counts_stay_lower_bounds() -> None:
    """A tiny table that must prune many times still finds the line every document has,
    never overstates a count, and says when a count is not exact."""
    params = RepeatParams(min_docs=3, min_share=0.5, max_entries=64)
    freq = DocFrequency(params.max_entries)
    for i in range(400):
        unique = {repeats.line_hash(f"story {i} line {j}"): 1 for j in range(10)}
        unique[repeats.line_hash("footer")] = 1
        if i % 3 == 0:
            unique[repeats.line_hash("every third page")] = 1
        freq.add(unique, 1)
        assert len(freq.counts) <= params.max_entries
    assert freq.prunes > 10
    table = freq.table(params)
    footer = repeats.line_hash("footer")
    assert set(table.lines) == {footer}
    count, exact = table.lines[footer]
    assert count == 400 and exact  # never pruned
    third = freq.counts.get(repeats.line_hash("every third page"), 0) & 0xFFFFFFFF
    assert third <= 134
    assert DocFrequency(16).table(params).lines == {}


def test_pruned_and_reinserted_line_reads_at_least() -> None:
    freq = DocFrequency(16)
    late = repeats.line_hash("late bloomer")
    for i in range(40):  # fill and prune before the late line ever appears
        freq.add({repeats.line_hash(f"noise {i} {j}"): 1 for j in range(5)}, 1)
    assert freq.floor >= 1
    for i in range(30):
        freq.add({late: 1, repeats.line_hash(f"more {i}"): 1}, 1)
    table = freq.table(RepeatParams(min_docs=3, min_share=0.3))
    assert table.lines[late] == (30, False)
    assert table.detail(late) == f"in at least 30 of {freq.docs} files"


# ------------------------------------------------------------------------------------ guards

RULE = builtin_rules().get(repeats.RULE_ID)


def _table(lines: list[str], docs: int = 10) -> repeats.RepeatTable:
    p = RepeatParams()
    return repeats.RepeatTable(docs, 3, {repeats.line_hash(repeats.line_key(t, p)): (docs, True) for t in lines})  # type: ignore[arg-type]


def test_verdicts_carry_rule_category_and_evidence() -> None:
    doc = segment("Home\nA headline\nSome article sentence that is long enough to be prose here.\nFooter text\n")
    found = repeats.verdicts(doc, _table(["Home", "Footer text"], 120), RULE, RepeatParams())
    assert set(found) == {0, 3}
    v = found[3][0]
    assert (v.rule_id, v.category, v.strength) == ("repeated.folder", "repeated", "normal")
    assert v.evidence.matched == "Footer text" and v.evidence.detail == "in 120 of 120 files"


def test_a_line_that_is_most_of_its_document_stays() -> None:
    doc = segment("Port Amwell weather: sunny spells\n")
    assert repeats.verdicts(doc, _table(["Port Amwell weather: sunny spells"]), RULE, RepeatParams()) == {}


def test_a_sentence_between_two_article_sentences_stays() -> None:
    before = "The council met on Tuesday to discuss the future of the ferry and the harbour."
    after = "Islanders said the ferry was their only way to reach the hospital and the school."
    shared = "The company did not respond to a request for comment."
    doc = segment(f"{before}\n{shared}\n{after}\nShare this\n")
    found = repeats.verdicts(doc, _table([shared, "Share this"]), RULE, RepeatParams())
    assert set(found) == {3}
    # The same line at the end of the page, after other repeated lines, goes.
    doc = segment(f"{before}\n{after}\nShare this\n{shared}\n")
    assert set(repeats.verdicts(doc, _table([shared, "Share this"]), RULE, RepeatParams())) == {2, 3}


def test_pipeline_guards_still_protect_long_prose() -> None:
    prose = ("The harbour board said on Monday that the repairs to the eastern breakwater would start in "
             "September and would be finished before the first winter storms, ending years of uncertainty "
             "over who would pay for the damage, and that the path along it would reopen to walkers in spring.")
    doc = segment(f"Breakwater repairs to start\n{prose}\nShort footer\n")
    extra = repeats.verdicts(doc, _table([prose, "Short footer"]), RULE, RepeatParams(max_doc_share=1.0))
    assert set(extra) == {1, 2}
    result = Pipeline(Config()).run(doc, extra)
    assert 1 not in {r.line for r in result.removed}  # long prose: a normal verdict does not win
    assert 2 in {r.line for r in result.removed}


# ------------------------------------------------------------------------ the fixture site


def test_site_fixture_shape() -> None:
    pages = sorted(SITE.glob("*.txt"))
    assert len(pages) >= 5
    with_quote = [p.name for p in pages if QUOTE in lines_of(p)]
    assert with_quote == ["ferry-vote.txt", "mayor-interview.txt"]
    for page in pages:
        assert all(line in lines_of(page) for line in FOOTER), page.name


@pytest.mark.parametrize("extra", [[], ["--repeats-min-docs", "2", "--repeats-min-share", "0"]], ids=["defaults", "loose"])
def test_batch_repeats_removes_the_site_furniture_and_keeps_the_shared_quote(tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "out"
    run(["batch", str(SITE), str(out), "--repeats", "-q", "-j", "1", "--report", str(tmp_path / "r.jsonl"), *extra])
    for page in SITE.glob("*.txt"):
        got = lines_of(out / page.name)
        for line in FOOTER:
            assert line not in got, (page.name, line)
        source = lines_of(page)
        assert source[6] in got, "the headline stays"
        assert [line for line in source if len(line) > 150] == [line for line in got if len(line) > 150], "article paragraphs stay"
    for name in ("ferry-vote.txt", "mayor-interview.txt"):
        assert QUOTE in lines_of(out / name)
    report = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    details = {
        reason.get("detail")
        for entry in report
        for removal in entry["removed"]
        for reason in removal["reasons"]
        if reason["rule"] == "repeated.folder"
    }
    assert details == {"in 6 of 6 files"}
    reasons = {r["text"]: {(v["rule"], v["category"]) for v in r["reasons"]} for e in report for r in e["removed"]}
    assert ("repeated.folder", "repeated") in reasons["Harbour Ledger Media, 12 Quay Street, Port Amwell"]


def test_batch_without_repeats_keeps_lines_only_the_folder_shows_are_boilerplate(tmp_path: Path) -> None:
    run(["batch", str(SITE), str(tmp_path / "plain"), "-q", "-j", "1", "--report", str(tmp_path / "r.jsonl")])
    report = (tmp_path / "r.jsonl").read_text(encoding="utf-8")
    assert "repeated.folder" not in report


def test_repeats_is_resumable_and_a_new_page_changes_the_table(tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(SITE, src)
    out = tmp_path / "out"
    run(["batch", str(src), str(out), "--repeats", "-q"])
    run(["batch", str(src), str(out), "--repeats", "-q", "--report", str(tmp_path / "r.jsonl")])
    assert {json.loads(x)["status"] for x in (tmp_path / "r.jsonl").read_text().splitlines()} == {"skipped"}
    # A page whose only shared lines are new ones makes the folder's repeated set change.
    (src / "extra.txt").write_text("Ferry notice\n" + QUOTE + "\n", encoding="utf-8")
    (src / "extra2.txt").write_text("Ferry notice\nA second short page.\n", encoding="utf-8")
    (src / "extra3.txt").write_text("Ferry notice\nA third short page.\n", encoding="utf-8")
    run(["batch", str(src), str(out), "--repeats", "-q", "--report", str(tmp_path / "r.jsonl")])
    assert "skipped" not in {json.loads(x)["status"] for x in (tmp_path / "r.jsonl").read_text().splitlines()}


def test_repeats_needs_its_rule(tmp_path: Path) -> None:
    result = run(["batch", str(SITE), str(tmp_path / "out"), "--repeats", "--ignore", "repeated"], code=2)
    assert "repeated.folder" in result.stderr


def test_repeats_with_two_workers_gives_the_same_outputs(tmp_path: Path) -> None:
    run(["batch", str(SITE), str(tmp_path / "one"), "--repeats", "-q", "-j", "1"])
    run(["batch", str(SITE), str(tmp_path / "two"), "--repeats", "-q", "-j", "2"])
    for page in SITE.glob("*.txt"):
        assert (tmp_path / "one" / page.name).read_bytes() == (tmp_path / "two" / page.name).read_bytes()


# ------------------------------------------------------------------------------------ learn


def test_learn_writes_a_reviewable_pack_that_cleans_new_pages(tmp_path: Path) -> None:
    pack = tmp_path / "harbour-ledger.toml"
    result = run(["learn", str(SITE), "-o", str(pack), "-j", "1"])
    assert "lines occur in at least 3 of 6 files" in result.stderr
    text = pack.read_text(encoding="utf-8")
    rules = load_rule_file(pack)
    assert [r.id for r in rules] == ["harbour-ledger.repeated-lines"]
    rule = rules[0]
    assert rule.kind == "line" and rule.examples_remove and rule.examples_keep
    phrases = rule.phrases["any"]
    for line in FOOTER:
        assert line in phrases
        assert f"{json.dumps(line, ensure_ascii=False)},  # in 6 of 6 files" in text
    assert QUOTE not in phrases
    assert all(keep in {x for p in SITE.glob('*.txt') for x in lines_of(p)} for keep in rule.examples_keep)
    assert tomllib.loads(text)["category"] == "harbour-ledger"
    # The pack's own examples hold, and it loads next to the built-in rules.
    matcher_rules = load_rules((pack,))
    assert "harbour-ledger.repeated-lines" in {r.id for r in matcher_rules}
    # Use it on a new page of the site.
    page = tmp_path / "new.txt"
    page.write_text(NEW_PAGE, encoding="utf-8")
    cleaned = run(["clean", "--rules", str(pack), str(page)]).stdout.splitlines()
    for line in FOOTER:
        assert line not in cleaned
    assert "Lighthouse keeper's cottage to become a museum" in cleaned
    assert any(line.startswith("The cottage beside the Gull Point lighthouse") for line in cleaned)


def test_learn_leaves_out_lines_existing_rules_claim() -> None:
    covered = repeats.covered_keys(builtin_rules())
    learned_text = run(["learn", str(SITE), "-j", "1", "-q"]).stdout
    phrases = tomllib.loads(learned_text)["rule"][0]["phrases"]["any"]
    assert not any(repeats.normalise(p) in covered for p in phrases)


def test_learn_on_a_folder_without_repeats_writes_an_empty_pack(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One page about the harbour.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another page about the ferry.\n", encoding="utf-8")
    out = tmp_path / "empty.toml"
    run(["learn", str(tmp_path), "-o", str(out), "-q"])
    assert load_rule_file(out) == ()


def test_learn_reports_unreadable_files(tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(SITE, src)
    (src / "bad.txt").write_bytes(b"\xff\xfe\x00")
    result = run(["learn", str(src), "-o", str(tmp_path / "p.toml"), "-q"], code=3)
    assert "bad.txt" in result.stderr
    assert load_rule_file(tmp_path / "p.toml")[0].phrases["any"]


def test_toml_string_round_trips() -> None:
    for text in ['plain', 'quote " and \\ backslash', "tab\tand\x7fdel", "ünïcödé © 2024", "\x01ctl"]:
        assert tomllib.loads(f"x = {repeats.toml_string(text)}")["x"] == text
