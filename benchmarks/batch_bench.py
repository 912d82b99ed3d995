"""Benchmark ``cleaner batch``: throughput with one job and with two, measured in the same run.

Builds a folder of about ``--size`` MB (default 100) in a temporary directory by copying the
dev set's page inputs (``../shared/bench/dev/page/<id>.txt``, not the gold files) into
numbered subfolders, then times the real command (``python -m cleaner batch SRC DEST -q``)
once per job count, each into a fresh DEST, and prints MB/s and files/s for each and the
speed-up. Not a test: timings depend on the machine, so nothing here asserts.

    python benchmarks/batch_bench.py                 # ~100 MB, -j 1 then -j 2
    python benchmarks/batch_bench.py --size 20 --jobs 1 2 4
    python benchmarks/batch_bench.py --tiny 5000      # per-file overhead: many one-line files
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev" / "page"


def build(folder: Path, source: Path, size_mb: float) -> tuple[int, int]:
    """Copy the source inputs into ``folder/copy-NNN/`` until about ``size_mb`` MB."""
    inputs = sorted(p for p in source.glob("*.txt") if not p.name.endswith(".gold.txt"))
    if not inputs:
        raise SystemExit(f"no inputs in {source}")
    target = int(size_mb * 1_000_000)
    files = total = copy = 0
    while total < target:
        sub = folder / f"copy-{copy:03d}"
        sub.mkdir(parents=True)
        for p in inputs:
            shutil.copyfile(p, sub / p.name)
            files += 1
            total += p.stat().st_size
            if total >= target:
                break
        copy += 1
    return files, total


def time_batch(src: Path, dest: Path, jobs: int, extra: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the command and its workers) of one ``cleaner batch`` run,
    process start included."""
    cmd = [sys.executable, "-m", "cleaner", "batch", str(src), str(dest), "-j", str(jobs), "-q", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def tiny(count: int, jobs: list[int]) -> None:
    """Per-file overhead: ``count`` one-paragraph files, batch against the pipeline alone."""
    sys.path.insert(0, str(ROOT))
    from cleaner.document import decode
    from cleaner.config import Config
    from cleaner.pipeline import Pipeline

    text = b"The harbour board met on Monday and agreed to repair the eastern breakwater.\n"
    tmp = Path(tempfile.mkdtemp(prefix="cleaner-bench-tiny-"))
    try:
        for i in range(count):
            folder = tmp / "src" / f"d{i % 50:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{i:06d}.txt").write_bytes(text)
        pipe = Pipeline(Config())
        doc = decode(text)
        start = time.perf_counter()
        for _ in range(count):
            pipe.run(doc)
        alone = time.perf_counter() - start
        print(f"tiny: {count} files; the pipeline alone: {count / alone:.0f} files/s ({alone / count * 1e3:.2f} ms a file)")
        for j in jobs:
            seconds, cpu = time_batch(tmp / "src", tmp / f"out-j{j}", j, [])
            print(f"-j {j}: {seconds:.1f} s  {count / seconds:.0f} files/s  (CPU {cpu:.1f} s: "
                  f"{(cpu - alone) / count * 1e3:.2f} ms a file beyond the pipeline, process start included)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=100.0, help="folder size in MB (default 100)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="job counts to time (default: 1 2)")
    ap.add_argument("--source", type=Path, default=DEV, help=f"inputs to replicate (default {DEV})")
    ap.add_argument("--repeats", action="store_true", help="time `batch --repeats` (two passes) instead")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    ap.add_argument("--tiny", type=int, metavar="N", help="instead: per-file overhead on N one-line files")
    args = ap.parse_args(argv)
    if args.tiny:
        tiny(args.tiny, args.jobs)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        src = tmp / "src"
        t0 = time.perf_counter()
        files, size = build(src, args.source, args.size)
        print(f"folder: {files} files, {size / 1e6:.1f} MB (built in {time.perf_counter() - t0:.1f} s); "
              f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
        extra = ["--repeats"] if args.repeats else []
        results: dict[int, tuple[float, float]] = {}
        for jobs in args.jobs:
            load = os.getloadavg()[0]
            seconds, cpu = results[jobs] = time_batch(src, tmp / f"out-j{jobs}", jobs, extra)
            print(
                f"-j {jobs}: {seconds:7.1f} s  {size / 1e6 / seconds:6.2f} MB/s  {files / seconds:7.1f} files/s"
                f"  (CPU {cpu:.1f} s; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after)",
                flush=True,
            )
        base = args.jobs[0]
        for jobs in args.jobs[1:]:
            print(
                f"speed-up -j {jobs} vs -j {base}: {results[base][0] / results[jobs][0]:.2f}x wall clock; "
                f"CPU -j {jobs} / -j {base}: {results[jobs][1] / results[base][1]:.2f} "
                "(the cost of parallelism; the wall-clock figure needs otherwise idle cores)"
            )
        if args.keep:
            print(f"kept {tmp}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
