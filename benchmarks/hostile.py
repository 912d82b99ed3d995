"""Worst-shape throughput beside the realistic one, and how time grows with the input.

    python benchmarks/hostile.py [FOLDER] [--scale F]   # FOLDER: ../shared/bench/dev/page

Issue 16 asks that no input shape cost more than 2 s of CPU per MB and that none grow
faster than the input (10 times the input, at most 11 times the time). This prints, for
each shape of the issue's table, CPU seconds, MB/s and s/MB at two sizes ten times apart
(the ratio of their times is the growth check), and the realistic dev pages cleaned one
by one, measured in the same run on the same machine:

- a line of letters, a line of "a.", a line of spaces between two letters, a line of
  emoji ending in a letter;
- Thai lines without spaces (3,000 characters each, random letters);
- short menu lines ("Home", "News", ...), 20,000 and 200,000 of them;
- the dev pages joined into one document of 1, 2.4, 4.8 and 10 MB (repeated to size).

``/dev/zero``-like input (NUL bytes) is refused before cleaning, so it is not here, nor
a user's catastrophic pattern (each of its scans stops at the time limit). Times are of
``Pipeline.run`` in this process (a fresh pipeline per case, its matchers compiled
first): the CLI adds its start (about 0.3 s) and reading. ``--scale 0.1`` for a quick
look. Not collected by pytest; nothing here asserts a time (the machines are shared and
noisy: compare the figures with the realistic line of the same run).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Callable

import cleaner
import cleaner.lang

ROOT = Path(__file__).resolve().parent.parent
MENU = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "More"]
THAI = "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋"


def pages(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if not p.name.endswith(".gold.txt")]


def joined(docs: list[str], size: float) -> str:
    """The pages one after another, repeated until the text holds ``size`` bytes."""
    out: list[str] = []
    total = 0
    while total < size:
        for doc in docs:
            doc = doc if doc.endswith("\n") else doc + "\n"
            out.append(doc)
            total += len(doc.encode("utf-8"))
            if total >= size:
                break
    return "".join(out)


def thai(size: float) -> str:
    rng = random.Random(16)
    lines = int(size / (3000 * 3)) or 1  # three bytes a character
    return "".join("".join(rng.choice(THAI) for _ in range(3000)) + "\n" for _ in range(lines))


def cpu(text: str) -> float:
    """CPU seconds to clean ``text`` as one document with a fresh pipeline."""
    doc = cleaner.segment(text)
    pipe = cleaner.Pipeline(cleaner.Config())
    pipe.matcher(cleaner.lang.detect(" ".join(line.text for line in doc.lines[:400])))  # compiled outside the timing
    start = time.process_time()
    pipe.run(doc).text
    return time.process_time() - start


def row(name: str, mb: float, seconds: float, ratio: str = "") -> None:
    print(f"  {name:34s} {mb:7.2f} {seconds:8.2f} {mb / seconds if seconds else float('inf'):8.2f} {seconds / mb:8.2f} {ratio:>9s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "bench" / "dev" / "page")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this (0.1: a quick look)")
    args = parser.parse_args()
    docs = pages(args.folder)
    scale = args.scale
    print(f"{'':2s} {'shape':34s} {'MB':>7s} {'CPU s':>8s} {'MB/s':>8s} {'s/MB':>8s} {'10x time':>9s}")

    pipe = cleaner.Pipeline(cleaner.Config())
    for lang in {cleaner.lang.detect(t) for t in docs}:
        pipe.matcher(lang)
    start = time.process_time()
    for doc in docs:
        pipe.run(cleaner.segment(doc)).text
    row(f"realistic: {len(docs)} dev pages, each", sum(len(d.encode("utf-8")) for d in docs) / 1e6, time.process_time() - start)

    # (name, text of about ``size`` bytes, base size): each timed at the base and 10x.
    shapes: list[tuple[str, Callable[[float], str], float]] = [
        ('one line of "a"', lambda n: "a" * int(n) + "\n", 1e5),
        ('one line of "a."', lambda n: "a." * int(n / 2) + "\n", 1e5),
        ('"x", spaces, "x"', lambda n: "x" + " " * int(n) + "x\n", 1e5),
        ('emoji, then "x"', lambda n: "😀" * int(n / 4) + "x\n", 1e5),
        ("Thai lines without spaces", thai, 1e5),
        ("short menu lines", lambda n: "".join(MENU[i % len(MENU)] + "\n" for i in range(int(n / 6.5))), 1.3e5),
    ]
    for name, make, base in shapes:
        small, large = make(base * scale), make(10 * base * scale)
        t_small, t_large = cpu(small), cpu(large)
        row(name, len(small.encode("utf-8")) / 1e6, t_small)
        row("", len(large.encode("utf-8")) / 1e6, t_large, f"{t_large / t_small:.1f}x" if t_small else "")

    first = None
    for size in (1e6, 2.4e6, 4.8e6, 1e7):
        text = joined(docs, size * scale)
        seconds = cpu(text)
        first = first or seconds
        ratio = f"{seconds / first:.1f}x" if size == 1e7 else ""
        row("dev pages joined" if size == 1e6 else "", len(text.encode("utf-8")) / 1e6, seconds, ratio)


if __name__ == "__main__":
    main()
