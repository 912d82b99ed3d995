"""A batch folder's ``cleaner.toml`` naming its site: the files under it are of that site
(nearest folder wins), and any other key in such a file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.settings import FolderSites, SettingsError, folder_sites


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
