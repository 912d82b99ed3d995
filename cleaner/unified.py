"""The ``unified`` format of a diff: a unified diff that ``patch`` applies to the input to
give the output byte for byte (CRLF lines, a missing final newline and a BOM included),
its hunks aligned on the lines the cleaning removed.
"""

from __future__ import annotations

import difflib
from typing import Iterator

from .diff import FileView
from .display import visible
from .result import Result


def _nl_lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: split after each ``\\n`` only (a lone ``\\r`` does
    not end a line for it).

    >>> _nl_lines("a\\r\\nb\\rc\\nd")
    ['a\\r\\n', 'b\\rc\\n', 'd']
    """
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _aligned_opcodes(result: Result, after: str) -> list[tuple[str, int, int, int, int]] | None:
    """Opcodes from what the pipeline actually removed (so the diff names the same lines
    as the other views); None where that cannot describe ``after`` as ``patch`` lines."""
    doc = result.document
    if any(line.ending == "\r" for line in doc.lines):
        return None
    a = [line.text + line.ending for line in doc.lines]
    if doc.bom and a:
        a[0] = "\ufeff" + a[0]
    kept = set(result.kept)
    b: list[str] = []
    codes: list[tuple[str, int, int, int, int]] = []
    for i, line in enumerate(doc.lines):
        if i in kept:
            new = line.text + (line.ending or doc.newline)
            if not b and doc.bom:
                new = "\ufeff" + new
            tag = "equal" if new == a[i] else "replace"
            codes.append((tag, i, i + 1, len(b), len(b) + 1))
            b.append(new)
        else:
            codes.append(("delete", i, i + 1, len(b), len(b)))
    if "".join(b) != after:
        return None
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:
        if merged and merged[-1][0] == code[0] and code[0] != "replace":
            tag, i1, _, j1, _ = merged[-1]
            merged[-1] = (tag, i1, code[2], j1, code[4])
        else:
            merged.append(code)
    return merged


def _grouped(codes: list[tuple[str, int, int, int, int]], n: int) -> Iterator[list[tuple[str, int, int, int, int]]]:
    """Hunks with ``n`` lines of context (difflib's ``get_grouped_opcodes``)."""
    if not codes:
        return
    codes = list(codes)
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, length: int) -> str:
    """A hunk range as difflib writes it (1-based; an empty range names the line before)."""
    beginning = start + 1
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _emit(prefix: str, line: str) -> str:
    if line.endswith("\n"):
        return prefix + line
    return prefix + line + "\n\\ No newline at end of file\n"


def unified_diff(before: str, after: str, a_name: str, b_name: str, context: int | None = 3, result: Result | None = None) -> str:
    """A unified diff from ``before`` to ``after`` that ``patch`` applies byte for byte.

    With ``result``, the hunks follow the lines the pipeline removed; otherwise (or when
    lone-CR line endings make that impossible) difflib finds them."""
    a, b = _nl_lines(before), _nl_lines(after)
    n = max(len(a), len(b)) if context is None else context
    codes = _aligned_opcodes(result, after) if result is not None else None
    if codes is None:
        codes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[str] = []
    for group in _grouped(codes, n):
        if not out:
            out.append(f"--- {a_name}\n+++ {b_name}\n")
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_emit(" ", line) for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(_emit("-", line) for line in a[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(_emit("+", line) for line in b[j1:j2])
    return "".join(out)


def view_unified(view: FileView, context: int | None = 3) -> str:
    """A view's unified diff: SRC to DEST for a folder pair, the input to the cleaned
    text otherwise (then both headers name the input, so ``patch -p0`` cleans it in place).
    Raises ValueError when the input lines are unknown."""
    if view.result is None:
        raise ValueError(f"{view.path}: no unified diff without the source text")
    after = view.after or ""
    text = unified_diff(view.result.document.text, after, view.path, view.dest or view.path, context, view.result)
    # (before the headers, where patch skips text; no diff, no line: patch refuses text alone)
    return f"note: {visible(view.note)}\n{text}" if text and view.note else text
