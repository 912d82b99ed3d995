"""Library throughput and CLI start-up, as ratios to baselines measured in the same run.

    python benchmarks/speed.py [FOLDER]      # default: ../shared/bench/dev/page
    python benchmarks/speed.py --startup     # the start-up figures alone

Machines here are shared and noisy, so every figure comes with a baseline taken in the
same run: the library against segmenting and re-joining the same text (the least any
cleaner must do), the CLI start against a bare ``python -c pass``. Not collected by
pytest; nothing here asserts a time.

Start-up is ``cleaner clean`` on a one-paragraph input (issue 12's target: <= 150 ms and
<= 6x ``python -c pass``), as ``python -m cleaner`` and as the ``cleaner`` console script
beside this Python when there is one, each the median of ``--runs`` runs taken in turn
with ``python -c pass``. Its rule cache (``cleaner/cache.py``) is a private folder, filled
by one run first: the figures are a user's second and later runs (the first, with an empty
cache, is printed too). Bytecode is written (to a private folder) as an installed package
has it; where ``PYTHONDONTWRITEBYTECODE`` is set, the figures without it follow (every
module of the package compiled from source on every run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cleaner
import cleaner.lang

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "The harbour board met on Monday and agreed to repair the eastern breakwater before the winter "
    "storms, its chair said. Work will start in March and is expected to last two years, at a cost the "
    "board put at twelve million pounds, most of it paid from the port's own reserves.\n"
)


def texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if not p.name.endswith(".gold.txt")]


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def library(folder: Path) -> None:
    docs = texts(folder)
    size = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    langs = {cleaner.lang.detect(t) for t in docs}

    def fresh() -> cleaner.Pipeline:
        """A new pipeline with its matchers compiled but its memo of lines empty: we time
        cleaning, not start-up, and not a second pass over lines it has already seen."""
        pipe = cleaner.Pipeline(cleaner.Config())
        for lang in langs:
            pipe.matcher(lang)
        return pipe

    def clean_all() -> float:
        pipe = fresh()
        start = time.perf_counter()
        for t in docs:
            pipe.run(cleaner.segment(t)).text
        return time.perf_counter() - start

    base = best_of(3, lambda: [cleaner.segment(t).text for t in docs])
    full = min(clean_all() for _ in range(3))
    print(f"library: {len(docs)} docs, {size:.2f} MB")
    print(f"  baseline (segment + join): {size / base:8.2f} MB/s")
    print(f"  cleaner.clean:             {size / full:8.2f} MB/s  ({full / base:.1f}x the baseline's time, "
          f"{len(docs) / full:.0f} docs/s)")


def startup(runs: int) -> None:
    """``cleaner clean`` on one paragraph beside ``python -c pass``: median wall times,
    the runs of each command taken in turn (a burst of load hits them alike)."""
    with tempfile.TemporaryDirectory() as tmp:
        para = Path(tmp) / "para.txt"
        para.write_text(PARAGRAPH, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CLEANER_CACHE")}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        env["CLEANER_CACHE_DIR"] = str(Path(tmp) / "cache")
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
        commands = {"python -c pass": [sys.executable, "-c", "pass"], "python -m cleaner clean": [sys.executable, "-m", "cleaner", "clean"]}
        script = Path(sys.executable).parent / "cleaner"
        if script.is_file() and os.access(script, os.X_OK):
            commands["cleaner clean (console script)"] = [str(script), "clean"]

        def run(cmd: list[str], env: dict[str, str]) -> float:
            with open(para, "rb") as source:
                start = time.perf_counter()
                subprocess.run(cmd, stdin=source, stdout=subprocess.DEVNULL, env=env, check=True)
                return time.perf_counter() - start

        run(commands["python -m cleaner clean"], {**env, "CLEANER_CACHE": "0"})  # bytecode written
        first = run(commands["python -m cleaner clean"], env)  # the cache empty
        variants = [("", env)]
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            # (the environment's own bytecode setting: the standard library's is read, ours is not)
            plain = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"}
            if os.environ.get("PYTHONPYCACHEPREFIX"):
                plain["PYTHONPYCACHEPREFIX"] = os.environ["PYTHONPYCACHEPREFIX"]
            variants.append((", no bytecode of ours (PYTHONDONTWRITEBYTECODE as set here)", {**plain, "PYTHONDONTWRITEBYTECODE": "1"}))
        for label, variant in variants:
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(runs):
                for name, cmd in commands.items():
                    times[name].append(run(cmd, variant))
            medians = {name: statistics.median(t) for name, t in times.items()}
            base = medians["python -c pass"]
            print(f"start-up on a one-paragraph input, median of {runs}{label}; target <= 150 ms, <= 6x python -c pass:")
            for name, t in medians.items():
                print(f"  {name:32s} {t * 1000:6.0f} ms  {t / base:5.1f}x")
        print(f"  (the first run, empty cache: {first * 1000:.0f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "bench" / "dev" / "page")
    ap.add_argument("--startup", action="store_true", help="only the start-up figures")
    ap.add_argument("--runs", type=int, default=21, help="start-up runs of each command (default 21)")
    args = ap.parse_args()
    if not args.startup:
        library(args.folder)
    startup(args.runs)


if __name__ == "__main__":
    main()
