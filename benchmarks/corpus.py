"""The speed benchmark: one corpus, every way of cleaning it, as ratios to a baseline.

    python benchmarks/corpus.py              # ~100 MB; about an hour on two busy cores
    python benchmarks/corpus.py --mb 5       # a quick look

Builds a corpus of about ``--mb`` MB from the benchmark's inputs beside the checkout
(``../shared/bench/dev`` and ``../shared/bench/train``, every ``*.txt`` but the
``*.gold.txt``), repeated and shuffled with a fixed seed, written as files into a
temporary folder. Then, on the same texts and in one run (each in a fresh process, so
each peak memory is its own):

- a bare Python loop that splits each text into lines (the baseline);
- ``cleaner.clean`` through the library;
- ``cleaner clean FILES`` and ``cleaner batch -j 1`` / ``-j 2`` through the CLI;
- datatrove's ``C4QualityFilter`` and jusText, when installed (``pip install -e '.[bench]'``);

and prints wall and CPU seconds, MB/s by each, documents/s, the CPU time as a multiple
of the baseline's and peak memory (max RSS; in a fresh process of this script, its
``VmHWM``, which does not count the memory of the process that started it). Then the start-up of ``cleaner clean`` on a one-paragraph file
beside ``python -c pass``, the linearity check (one document of the corpus's pages
joined, at 1x and 10x: the time ratio should be at most 11), and two hostile inputs
through the library: a document with no newline (``--hostile-mb``, 50 by default) and
one of a million short lines. The machines are shared and noisy: read the ratios, which
are timed in the same run. Not collected by pytest; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
# Every process runs this checkout's code, with bytecode kept (in a temporary folder, as an
# installed package has its .pyc files) and a cache folder of its own (``cleaner/cache.py``).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
PARAGRAPH = "The harbour board met on Monday and agreed to repair the eastern breakwater before the winter storms, its chair said.\n"
MENU = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "More"]


def inputs(sources: list[Path]) -> list[Path]:
    """Every input page under ``sources``, not the gold articles."""
    found = sorted(p for s in sources for p in s.rglob("*.txt") if not p.name.endswith(".gold.txt"))
    if not found:
        raise SystemExit(f"no inputs under {', '.join(map(str, sources))}")
    return found


def build(folder: Path, sources: list[Path], mb: float, seed: int) -> list[Path]:
    """Copies of the inputs, shuffled with ``seed``, into ``folder/NNN/`` until ``mb`` MB."""
    pages = inputs(sources)
    rng = random.Random(seed)
    target, total, out = int(mb * 1e6), 0, []
    while total < target:
        batch = pages[:]
        rng.shuffle(batch)
        for page in batch:
            size = page.stat().st_size
            dest = folder / f"{len(out) // 1000:03d}" / f"{len(out):06d}.txt"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, dest)
            out.append(dest)
            total += size
            if total >= target:
                break
    return out


# --- in-process measures: each runs in a fresh interpreter (``--measure NAME``) ---------


def _splitlines(texts: list[str]) -> None:
    for text in texts:
        text.split("\n")


def _library(texts: list[str]) -> None:
    import cleaner

    cleaner.clean(texts[0][:0] + "x")  # rules compiled before the clock starts
    for text in texts:
        cleaner.clean(text)


def _c4(texts: list[str]) -> None:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    step = C4QualityFilter()
    step.filter(Document(text="Warm up. Load the sentence splitter first.", id="-"))
    for i, text in enumerate(texts):
        step.filter(Document(text=text, id=str(i)))


def _justext(texts: list[str]) -> None:
    import justext

    stoplist = justext.get_stoplist("English")
    for text in texts:
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) + "</body></html>"
        justext.justext(page, stoplist)


MEASURES: dict[str, tuple[str, Callable[[list[str]], None], str | None]] = {
    "baseline": ("split into lines (baseline)", _splitlines, None),
    "library": ("cleaner.clean (library)", _library, None),
    "c4": ("datatrove C4QualityFilter", _c4, "datatrove"),
    "justext": ("jusText (lines as <p>)", _justext, "justext"),
}


def measure(name: str, files: list[Path]) -> dict[str, float]:
    """Run one in-process measure over the files' texts: seconds, CPU seconds, peak RSS."""
    texts = [p.read_text(encoding="utf-8") for p in files]
    fn = MEASURES[name][1]
    cpu, wall = time.process_time(), time.perf_counter()
    fn(texts)
    return {
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss": peak_rss(),
    }


def peak_rss() -> int:
    """This process's peak resident memory, in bytes: ``VmHWM``, which starts afresh at
    exec, where ``ru_maxrss`` keeps the size of the process that forked it when that was
    larger (this one, holding the corpus and the hostile texts: every peak read 150 MB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def in_process(name: str, listing: Path) -> dict[str, float] | None:
    proc = subprocess.run([sys.executable, __file__, "--measure", name, str(listing)], env=ENV, capture_output=True, text=True)
    if proc.returncode:
        print(f"  {name}: failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout)


def command(args: list[str], stdin: Path | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak RSS of one command (its own, from ``wait4``)."""
    with open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        error = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}: {error[-400:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss * 1024}


def row(name: str, result: dict[str, float], mb: float, docs: int, base: float) -> None:
    """One line: wall and CPU seconds, MB/s by each, documents/s, CPU time as a multiple
    of the baseline's (CPU: on a busy machine wall time measures the neighbours too)."""
    s, cpu = result["seconds"], max(result["cpu"], 1e-6)
    print(f"  {name:34s} {s:8.2f} {cpu:8.2f} {mb / s:8.2f} {mb / cpu:8.2f} {docs / s:8.1f} {cpu / base:9.1f}x {result['rss'] / 1e6:8.0f}", flush=True)


def header(first: str) -> None:
    print(f"  {first:34s} {'s':>8s} {'CPU s':>8s} {'MB/s':>8s} {'MB/CPU s':>8s} {'docs/s':>8s} {'CPU/base':>10s} {'peak MB':>8s}")


def startup(tmp: Path, runs: int) -> None:
    """``cleaner clean`` on one paragraph: the first run (empty cache) and the median of
    ``runs`` after it, beside ``python -c pass``."""
    para = tmp / "para.txt"
    para.write_text(PARAGRAPH, encoding="utf-8")
    clean = [sys.executable, "-m", "cleaner", "clean", str(para)]
    command([sys.executable, "-c", "import click, regex"])  # (bytecode of the libraries written)
    first = command(clean)["seconds"]
    python = [command([sys.executable, "-c", "pass"]) for _ in range(runs)]
    warm = [command(clean) for _ in range(runs)]
    base, ours = (statistics.median(r["seconds"] for r in python), statistics.median(r["seconds"] for r in warm))
    base_cpu, ours_cpu = (statistics.median(r["cpu"] for r in python), statistics.median(r["cpu"] for r in warm))
    print(f"start-up (median of {runs}): python -c pass {base * 1e3:.0f} ms (CPU {base_cpu * 1e3:.0f} ms); "
          f"cleaner clean on one paragraph {ours * 1e3:.0f} ms = {ours / base:.1f}x (CPU {ours_cpu * 1e3:.0f} ms = "
          f"{ours_cpu / base_cpu:.1f}x; target: <= 150 ms, <= 6x); its first run, empty cache: {first * 1e3:.0f} ms")


def hostile(tmp: Path, mb: float, short_lines: int, texts: list[str]) -> None:
    """The linearity check and two hostile shapes, each cleaned as one document by the
    library (in a fresh process, its rules compiled first)."""
    joined = "".join(t if t.endswith("\n") else t + "\n" for t in texts)
    # (Each made when its turn comes: this process holds one at a time.)
    cases: list[tuple[str, Callable[[], str]]] = [
        ("pages joined, 1x", lambda: joined[: len(joined) // 10]),
        ("pages joined, 10x", lambda: joined),
        (f"no newline, {mb:g} MB", lambda: (PARAGRAPH.strip() + " ") * int(mb * 1e6 / len(PARAGRAPH))),
        (f"{short_lines:,} short lines", lambda: "".join(MENU[i % len(MENU)] + f" {i % 97}\n" for i in range(short_lines))),
    ]
    print("one document each, cleaner.clean in a fresh process:")
    header("document")
    results = []
    for name, make in cases:
        path, listing = tmp / "one.txt", tmp / "one.list"
        text = make()
        path.write_text(text, encoding="utf-8")
        listing.write_text(str(path))
        size = len(text.encode("utf-8")) / 1e6
        del text
        result = in_process("library", listing)
        if result is None:
            return
        results.append(result)
        print(f"  {name:34s} {result['seconds']:8.2f} {result['cpu']:8.2f} {size / result['seconds']:8.2f} {size / result['cpu']:8.2f} "
              f"{'':8s} {'':10s} {result['rss'] / 1e6:8.0f}  ({result['rss'] / 1e6 / size:.1f}x its size)", flush=True)
    print(f"  linearity: 10x the input took {results[1]['cpu'] / results[0]['cpu']:.1f}x the CPU time (target <= 11x)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    ap.add_argument("--seed", type=int, default=12, help="shuffle seed (default 12)")
    ap.add_argument("--source", type=Path, nargs="+", default=[BENCH / "dev", BENCH / "train"], help="folders of input pages")
    ap.add_argument("--hostile-mb", type=float, default=50.0, help="size of the no-newline document (default 50)")
    ap.add_argument("--short-lines", type=int, default=1_000_000, help="lines of the short-line document (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=7, help="start-up runs (default 7)")
    ap.add_argument("--skip", nargs="*", default=[], help="measures to leave out: library clean batch c4 justext hostile")
    ap.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        name, listing = args.measure
        print(json.dumps(measure(name, [Path(p) for p in Path(listing).read_text().splitlines()])))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="cleaner-corpus-"))
    ENV["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    ENV["CLEANER_CACHE_DIR"] = str(tmp / "cache")
    try:
        startup(tmp, args.runs)
        start = time.perf_counter()
        files = build(tmp / "src", args.source, args.mb, args.seed)
        listing = tmp / "files.txt"
        listing.write_text("\n".join(map(str, files)))
        mb = sum(p.stat().st_size for p in files) / 1e6
        docs = len(files)
        print(f"corpus: {docs} documents, {mb:.1f} MB from {', '.join(str(s) for s in args.source)} "
              f"(seed {args.seed}, built in {time.perf_counter() - start:.1f} s); {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.1f}; python {sys.version.split()[0]}")
        header("run")
        results = {"baseline": in_process("baseline", listing)}
        assert results["baseline"] is not None
        base = max(results["baseline"]["cpu"], 1e-6)
        row(MEASURES["baseline"][0], results["baseline"], mb, docs, base)
        for name in ("library", "c4", "justext"):
            label, _, module = MEASURES[name]
            if name in args.skip:
                continue
            if module and subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode:
                print(f"  {label}: not installed (pip install -e '.[bench]')")
                continue
            if (result := in_process(name, listing)) is not None:
                row(label, result, mb, docs, base)
        if "clean" not in args.skip:
            row("cleaner clean FILES (CLI)", command([sys.executable, "-m", "cleaner", "clean", *map(str, files)]), mb, docs, base)
        if "batch" not in args.skip:
            for jobs in (1, 2):
                result = command([sys.executable, "-m", "cleaner", "batch", str(tmp / "src"), str(tmp / f"out{jobs}"), "-j", str(jobs), "-q"])
                results[f"j{jobs}"] = result
                row(f"cleaner batch -j {jobs} (CLI)", result, mb, docs, base)
            print(f"  batch -j 2 vs -j 1: {results['j1']['seconds'] / results['j2']['seconds']:.2f}x the speed (target >= 1.7x)")
        if "hostile" not in args.skip:
            texts = [p.read_text(encoding="utf-8") for p in files[: max(1, docs // 10)]]
            hostile(tmp, args.hostile_mb, args.short_lines, texts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
