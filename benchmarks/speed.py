"""Library throughput and CLI start-up, as ratios to baselines measured in the same run.

    python benchmarks/speed.py [FOLDER]      # default: ../shared/bench/dev/page

Machines here are shared and noisy, so every figure comes with a baseline taken in the
same run: the library against segmenting and re-joining the same text (the least any
cleaner must do), the CLI start against a bare ``python -c pass``. Not collected by
pytest; nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import cleaner
import cleaner.lang

ROOT = Path(__file__).resolve().parent.parent


def texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if not p.name.endswith(".gold.txt")]


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "bench" / "dev" / "page"
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

    def run(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, input=b"", stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start

    python = [sys.executable, "-c", "pass"]
    cli = [sys.executable, "-m", "cleaner", "clean"]
    py_t = statistics.median(run(python) for _ in range(5))
    cli_t = statistics.median(run(cli) for _ in range(5))
    print("cli start (empty input, median of 5):")
    print(f"  python -c pass:        {py_t * 1000:6.0f} ms")
    print(f"  python -m cleaner clean: {cli_t * 1000:6.0f} ms  ({cli_t / py_t:.1f}x)")


if __name__ == "__main__":
    main()
