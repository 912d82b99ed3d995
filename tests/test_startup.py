"""What ``cleaner clean`` on one file loads: the cleaning path and no more (issue 12's
start-up). Structural, never timed: which modules a run imported, in a fresh process."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from cleaner.settings import find_config

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "The harbour board met on Monday and agreed to repair the eastern breakwater before the winter storms, its chair said.\n"
# Loaded by other commands, other options or a first run, never by a one-file clean.
HEAVY = [
    "rich", "multiprocessing", "concurrent.futures", "sqlite3",
    "cleaner.batch", "cleaner.pool", "cleaner.worker", "cleaner.journal", "cleaner.repeats",
    "cleaner.render", "cleaner.html", "cleaner.diff", "cleaner.evaluate",
    "cleaner.jsonl", "cleaner.walk", "cleaner.model", "cleaner.region", "cleaner.blocks", "cleaner.featurenames", "cleaner.training",
    "cleaner.fitting", "cleaner.labelled", "cleaner.checks", "cleaner.cli.batch", "cleaner.cli.diff",
    "cleaner.cli.eval", "cleaner.cli.learn", "cleaner.cli.rules", "cleaner.cli.config",
]
# Not needed once the cache holds the rules and matchers (``cache.built``): the TOML
# parser (packs), json (the prefilters' key), nor a pipeline's fingerprint.
WARM = ["tomllib", "json"]

SCRIPT = """
import sys
sys.argv = ["cleaner", "clean"]
from cleaner.entry import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as fh:
    fh.write(repr(sorted(sys.modules)))
"""


def _modules(tmp_path: Path, name: str) -> set[str]:
    out = tmp_path / f"{name}.txt"
    env = {**os.environ, "CLEANER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("CLEANER_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-c", f"OUT = {str(out)!r}\n" + SCRIPT],
        input=PARAGRAPH.encode(), capture_output=True, env=env, cwd=tmp_path, check=True,
    )
    assert proc.stdout.decode() == PARAGRAPH
    return set(ast.literal_eval(out.read_text()))


def test_a_one_file_clean_loads_only_the_cleaning_path(tmp_path: Path) -> None:
    first = _modules(tmp_path, "first")  # the cache empty: rules parsed, matcher built
    warm = _modules(tmp_path, "warm")
    assert "cleaner.pipeline" in first and "cleaner.matcher" in warm  # (the list is real)
    for modules in (first, warm):
        assert not [m for m in HEAVY if m in modules]
    if find_config(tmp_path) is None:  # (no settings file above: nothing else to parse)
        assert not [m for m in WARM if m in warm], sorted(m for m in WARM if m in warm)
