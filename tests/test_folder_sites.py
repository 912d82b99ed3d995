"""A batch folder's ``cleaner.toml`` naming its site: the per-site packs apply to the files
under that folder (nearest folder wins, over ``--site``), the journal redoes exactly the
files whose site changed, ``diff SRC DEST`` re-runs with the same site, and any other
key in such a file is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import article, tide_box_rules
from cleaner.batch import JOURNAL
from cleaner.cli import cli
from cleaner.settings import FolderSites, SettingsError, folder_sites

SITE_RULES = tide_box_rules("quaytimes.example")
DOC = article("Zqx tides today")
MARK = "Zqx tides today"


@pytest.fixture
def src(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SRC: quay/ names its site, quay/archive/ another, other/ and the root none."""
    (tmp_path / "quay-times.toml").write_text(SITE_RULES, encoding="utf-8")
    root = tmp_path / "src"
    for rel in ("top.txt", "quay/a.txt", "quay/b.txt", "quay/archive/old.txt", "other/c.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(DOC, encoding="utf-8")
    (root / "quay" / "cleaner.toml").write_text('site = "quaytimes.example"\n', encoding="utf-8")
    (root / "quay" / "archive" / "cleaner.toml").write_text('site = "other.example"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # no project settings of the machine's
    return root


def batch(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["batch", "src", "out", "-j", "1", "-q", "--rules", "quay-times.toml", *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def removed(dest: Path) -> set[str]:
    """The files of DEST the per-site rule cleaned."""
    return {str(p.relative_to(dest)) for p in dest.rglob("*.txt") if MARK not in p.read_text(encoding="utf-8")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_folder_site_applies_under_it_only(src: Path, tmp_path: Path, jobs: str) -> None:
    batch("-j", jobs)  # with 2, the workers learn the folders' sites
    assert removed(tmp_path / "out") == {"quay/a.txt", "quay/b.txt"}  # not archive/: nearest wins
    assert not (tmp_path / "out" / "quay" / "cleaner.toml").exists()  # not a file to clean


def test_the_folder_beats_site_and_no_config_ignores_it(src: Path, tmp_path: Path) -> None:
    batch("--site", "other.example")
    assert removed(tmp_path / "out") == {"quay/a.txt", "quay/b.txt"}
    batch("--site", "quaytimes.example", "--force")
    assert removed(tmp_path / "out") == {"top.txt", "other/c.txt", "quay/a.txt", "quay/b.txt"}  # archive/ says other.example
    batch("--site", "quaytimes.example", "--no-config", "--force")
    assert removed(tmp_path / "out") == {"top.txt", "other/c.txt", "quay/a.txt", "quay/b.txt", "quay/archive/old.txt"}


def test_the_nearest_folder_wins() -> None:
    sites = FolderSites({"": "a.example", "x": "b.example", "x/y/z": "c.example"})
    assert [sites.site(rel) for rel in ("f.txt", "x/f.txt", "x/y/f.txt", "x/y/z/f.txt", "xy/f.txt")] == ["a.example", "b.example", "b.example", "c.example", "a.example"]
    assert FolderSites().site("x/f.txt") is None


def test_only_the_folders_of_the_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "cleaner.toml").write_text('site = "a.example"\n', encoding="utf-8")
    (tmp_path / "b" / "cleaner.toml").write_text('site = "b.example"\nkeep = ["metadata"]\n', encoding="utf-8")
    assert folder_sites(tmp_path, ["a/x.txt", "a/y/z.txt", "top.txt"]).folders == {"a": "a.example"}
    with pytest.raises(SettingsError, match=r"b/cleaner.toml:2: keep: not read from a folder of SRC"):
        folder_sites(tmp_path, ["b/x.txt"])
    in_use = tmp_path / "b" / "cleaner.toml"  # the project's settings: its keep applies already
    assert folder_sites(tmp_path, ["b/x.txt"], in_use).folders == {"b": "b.example"}


def test_a_resumed_batch_redoes_the_files_whose_site_changed(src: Path, tmp_path: Path) -> None:
    batch()
    (src / "other" / "cleaner.toml").write_text('site = "quaytimes.example"\n', encoding="utf-8")
    report = tmp_path / "run.jsonl"
    batch("--report", str(report))
    status = {e["path"]: e["status"] for e in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert status == {"top.txt": "skipped", "quay/a.txt": "skipped", "quay/b.txt": "skipped", "quay/archive/old.txt": "skipped", "other/c.txt": "cleaned"}
    assert "other/c.txt" in removed(tmp_path / "out")
    (src / "other" / "cleaner.toml").unlink()
    batch("--report", str(report))
    status = {e["path"]: e["status"] for e in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert status["other/c.txt"] == "unchanged" and "other/c.txt" not in removed(tmp_path / "out")
    assert (tmp_path / "out" / JOURNAL).is_file()


def test_jsonl_a_record_url_beats_the_folder(src: Path, tmp_path: Path) -> None:
    records = [{"url": "https://other.example/a", "text": DOC}, {"text": DOC}]
    (src / "quay" / "s.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    batch("--jsonl")
    texts = [json.loads(line)["text"] for line in (tmp_path / "out" / "quay" / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [MARK in t for t in texts] == [True, False]


def test_diff_of_the_folders_uses_the_same_site(src: Path, tmp_path: Path) -> None:
    batch()
    args = ["diff", "--stat", "--format", "json", "--rules", "quay-times.toml", "src", "out"]
    rules = json.loads(CliRunner().invoke(cli, args).stdout)["rules"]
    assert rules.get("quay-times.tide-box") == 2 and "unexplained" not in " ".join(rules)
    rules = json.loads(CliRunner().invoke(cli, [*args, "--no-config"]).stdout)["rules"]
    assert "quay-times.tide-box" not in rules  # DEST then differs from a fresh run


@pytest.mark.parametrize(
    "text, message",
    [
        ('site = "quaytimes.example"\nrules = ["x.toml"]\n', "quay/cleaner.toml:2: rules: not read from a folder of SRC; a batch folder's cleaner.toml may set only site"),
        ('lang = "de"\n', "quay/cleaner.toml:1: lang: not read from a folder of SRC; a batch folder's cleaner.toml may set only site"),
        ("site = 3\n", 'quay/cleaner.toml:1: site: must be a host name such as "example.com"'),
        ("site = \n", "quay/cleaner.toml: not valid TOML: Invalid value (at line 1, column 8)"),
    ],
    ids=["other-key", "lang", "bad-site", "bad-toml"],
)
def test_a_bad_folder_file_exits_2_naming_file_line_and_key(src: Path, tmp_path: Path, text: str, message: str) -> None:
    (src / "quay" / "cleaner.toml").write_text(text, encoding="utf-8")
    result = batch(code=2)
    assert result.stderr == f"cleaner: error: src/{message}\n"  # SRC as the user gave it
    assert not list((tmp_path / "out").rglob("*.txt"))  # refused before any file is cleaned
    diff = CliRunner().invoke(cli, ["diff", "src", "out"])
    assert diff.exit_code == 2 and diff.stderr == result.stderr
    batch("--no-config")  # the way out


def test_the_settings_file_in_use_may_lie_in_src(src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from inside SRC, its cleaner.toml is the project's settings: its other keys
    apply to the run and are no error, and its site is its folder's."""
    (src / "cleaner.toml").write_text('rules = ["../quay-times.toml"]\nsite = "quaytimes.example"\n', encoding="utf-8")
    monkeypatch.chdir(src)
    result = CliRunner().invoke(cli, ["batch", ".", "../out", "-j", "1", "-q", "--site", "other.example"])
    assert result.exit_code == 0, result.stderr
    assert removed(tmp_path / "out") == {"top.txt", "other/c.txt", "quay/a.txt", "quay/b.txt"}
    with pytest.raises(SettingsError):
        folder_sites(src, ["top.txt"])  # not in use: refused
