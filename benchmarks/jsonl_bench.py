"""Throughput of the JSON Lines mode and of the datatrove step, against plain files.

    python benchmarks/jsonl_bench.py [FOLDER] [--copies N]   # default: ../shared/bench/dev/page, 3

Builds, in a temporary folder, one JSONL stream of FOLDER's pages (``*.txt`` without
``*.gold.txt``, each page N times), and the same texts as files; then times, each in a
fresh process and best of three: ``cleaner clean FILES`` (the baseline),
``cleaner clean --jsonl`` of the stream, its gzip copy, and with datatrove installed a
LocalPipelineExecutor run (reader, cleaner step, writer) with 1 and 2 workers over 4
shards. The shared machines are noisy: compare the ratios, which are timed in one run.
Not collected by pytest; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEANER = [sys.executable, "-m", "cleaner"]
DATATROVE_RUN = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from cleaner.integrations.datatrove import BoilerplateCleaner
src, out, logs, workers = sys.argv[1:5]
LocalPipelineExecutor(
    pipeline=[JsonlReader(src), BoilerplateCleaner(), JsonlWriter(out)],
    tasks=4, workers=int(workers), logging_dir=logs, skip_completed=False,
).run()
"""


def timed(args: list[str], runs: int = 3) -> float:
    """The best wall-clock time of ``runs`` runs of a command (its output dropped)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "bench" / "dev" / "page")
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    pages = [p for p in sorted(args.folder.glob("*.txt")) if not p.name.endswith(".gold.txt")]
    texts = [p.read_text(encoding="utf-8") for p in pages] * args.copies
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = []
        for i, text in enumerate(texts):
            files.append(root / f"{i:05d}.txt")
            files[-1].write_text(text, encoding="utf-8")
        lines = [json.dumps({"id": i, "text": t, "url": f"https://site{i % 7}.example/{i}"}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)]
        stream = root / "pages.jsonl"
        stream.write_text("".join(lines), encoding="utf-8")
        packed = root / "pages.jsonl.gz"
        packed.write_bytes(gzip.compress(stream.read_bytes()))
        shards = root / "shards"
        shards.mkdir()
        for k in range(4):
            (shards / f"{k}.jsonl").write_text("".join(lines[k::4]), encoding="utf-8")

        rows = [("cleaner clean FILES (baseline)", timed([*CLEANER, "clean", *map(str, files)]))]
        rows.append(("cleaner clean --jsonl", timed([*CLEANER, "clean", "--jsonl", str(stream)])))
        rows.append(("cleaner clean --jsonl (.gz in, .gz out)", timed([*CLEANER, "clean", "--jsonl", str(packed), "-o", str(root / "out.jsonl.gz")])))
        if importlib.util.find_spec("datatrove") is None:
            print("datatrove is not installed: its step is not timed (pip install -e '.[datatrove]')", file=sys.stderr)
        else:
            for workers in (1, 2):
                run = [sys.executable, "-c", DATATROVE_RUN, str(shards), str(root / f"dt{workers}"), str(root / f"logs{workers}"), str(workers)]
                rows.append((f"datatrove, 4 tasks, {workers} worker{'s' * (workers > 1)}", timed(run)))
    base = rows[0][1]
    print(f"{len(texts)} pages ({len(pages)} x {args.copies}), {size:.2f} MB of text; best of 3, each a fresh process")
    print(f"{'run':44} {'s':>7} {'MB/s':>6} {'records/s':>9} {'vs baseline':>11}")
    for name, seconds in rows:
        print(f"{name:44} {seconds:7.2f} {size / seconds:6.3f} {len(texts) / seconds:9.1f} {base / seconds:10.2f}x")


if __name__ == "__main__":
    main()
