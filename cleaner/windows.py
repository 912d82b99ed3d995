"""Long documents cleaned in windows of lines, each window on its own.

What a document costs in memory grows with its lines: each line's shape, keys, phrase
hits and verdicts take some 400 bytes, 45 times a short line's own size, so a file of a
million menu lines took half a gigabyte, and one of the size limit (64 MiB of short
lines) several. A document of more than ``Config.window_lines`` lines (20,000 by
default, five times the longest page of the benchmark) is therefore cut into windows of
about equal size, each cleaned as a document of its own; what one costs beyond its own
text is then bounded by the window, whatever the length of the document.

A cut falls after a blank line in the last tenth of a window when there is one, so a
paragraph is not split across two windows. Both ways in, a ``Document``
(``Pipeline.run``) and a text (``Pipeline.clean_text``, which never holds more than a
window's lines), cut at the same lines, so ``clean`` and ``clean_and_explain`` agree.
The article finder then sees one window at a time (a page is never that long; a book,
a log or a dump of records is, and has no one article), and a line repeated in two
windows is counted in each. Cleaning the output again may cut elsewhere, so such a
document is not always a fixed point of cleaning, as every shorter one is.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from .context import Region, map_region
from .document import BOM, LINE_BREAK_RE, Document, Line, is_blank, segment
from .result import Removal, Result
from .rules import Verdict

WINDOWS_NOTE = "cleaned in windows of about {size:,} lines, each on its own ({count} windows): the text is {lines:,} lines long"


def windows_note(size: int, count: int, lines: int) -> str:
    return WINDOWS_NOTE.format(size=size, count=count, lines=lines)


def first_newline(text: str) -> str:
    """The text's first line terminator, as ``segment`` records it (``Document.newline``)."""
    match = LINE_BREAK_RE.search(text)
    return match.group() if match else "\n"


def line_count(text: str) -> int:
    """How many lines ``segment`` makes of ``text`` (its byte order mark already taken off)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and text[-1] not in "\r\n" else 0)


def cuts(texts: Iterable[str], total: int, size: int) -> Iterator[int]:
    """The indices of the lines that open a new window, for ``total`` lines ``texts``:
    windows of ``size`` lines at most, as equal as their count allows (the lines left
    shared out again after each cut), each cut moved back to just after the last blank
    line of the window's last tenth when there is one."""
    start, blank, target = 0, -1, _target(total, size)
    for i, text in enumerate(texts):
        if target >= total - start:
            return
        if i - start >= target - target // 10 and is_blank(text):
            blank = i
        if i - start + 1 == target:
            start = blank + 1 if blank >= 0 else i + 1
            blank, target = -1, _target(total - start, size)
            yield start


def _target(lines: int, size: int) -> int:
    """The size of each window, for ``lines`` lines in windows of at most ``size``."""
    return -(-lines // -(-lines // size)) if lines else 0


def text_pieces(text: str, size: int) -> Iterator[str]:
    """``text`` (no byte order mark) in its windows, cut where ``cuts`` cuts the lines
    ``segment`` makes of it; only the lines of the window being cut are held."""
    starts: deque[tuple[int, int]] = deque(maxlen=size // 10 + 2)  # (line, its offset) of the latest lines

    def lines() -> Iterator[str]:
        offset = 0
        for i, match in enumerate(LINE_BREAK_RE.finditer(text)):
            starts.append((i + 1, match.end()))  # (before line i is read: a cut may open the next)
            yield text[offset : match.start()]
            offset = match.end()
        if offset < len(text):
            yield text[offset:]

    begin = 0
    for line in cuts(lines(), line_count(text), size):
        offset = next(o for i, o in starts if i == line)
        yield text[begin:offset]
        begin = offset
    yield text[begin:]


def document_pieces(doc: Document, extra: Mapping[int, Sequence[Verdict]] | None, size: int) -> Iterator[tuple[int, Document, dict[int, list[Verdict]]]]:
    """``doc`` in its windows: each window's first line's index, the window as a document
    of its own (its lines counted from 0) and the verdicts from outside it on its lines."""
    lines = doc.lines
    bounds = [0, *cuts((line.text for line in lines), len(lines), size), len(lines)]
    for begin, end in zip(bounds, bounds[1:]):
        piece = tuple(Line(i - begin, line.text, line.ending) for i, line in enumerate(lines[begin:end], begin))
        outside = {i - begin: [replace(v, line=i - begin) for v in vs] for i, vs in (extra or {}).items() if begin <= i < end}
        yield begin, Document(piece, doc.bom and begin == 0, doc.newline), outside


def merge(doc: Document, results: Iterable[tuple[int, Result]], size: int) -> Result:
    """One result for ``doc`` from its windows' (each with its first line's index): the
    kept and removed lines where they are in ``doc``; the language and the input format
    of most lines; the largest window's article; each window's notes once, and one that
    says the text was cleaned in windows."""
    kept: list[int] = []
    removed: list[Removal] = []
    saved = []
    notes: dict[str, None] = {}
    timed_out: Counter[str] = Counter()
    languages: dict[str | None, int] = {}
    formats: dict[str, int] = {}
    region: Region | None = None
    count = 0
    for begin, result in results:
        count += 1
        lines = len(result.document.lines)
        kept.extend(i + begin for i in result.kept)
        removed.extend(Removal(r.line + begin, r.text, tuple(replace(v, line=v.line + begin) for v in r.reasons)) for r in result.removed)
        saved.extend(replace(s, line=s.line + begin) for s in result.saved)
        notes.update(dict.fromkeys(result.notes))
        timed_out.update(result.timed_out)
        languages[result.language] = languages.get(result.language, 0) + lines
        formats[result.format] = formats.get(result.format, 0) + lines
        if result.region is not None and (region is None or result.region.end - result.region.start > region.end - region.start):
            region = map_region(result.region, lambda i, begin=begin: (i + begin,))
    notes[windows_note(size, count, len(doc.lines))] = None
    return Result(
        doc, tuple(kept), tuple(removed), max(languages, key=languages.__getitem__), region, tuple(notes), dict(timed_out),
        max(formats, key=formats.__getitem__), tuple(saved),
    )


@dataclass(frozen=True)
class Outcome:
    """A text cleaned, as a caller that writes it and says what happened needs it
    (``cleaner clean``): all of ``Result`` but the entries, which a text cleaned a
    window at a time does not hold together."""

    text: str
    removed: int  # lines
    note: str | None
    timed_out: Mapping[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    @classmethod
    def of(cls, result: Result) -> Outcome:
        return cls(result.text, len(result.removed), result.note, result.timed_out)


def outcome(text: str, size: int, run: Callable[[Document], Result]) -> Outcome:
    """``text`` cleaned by ``run`` (``Pipeline.run``) a window of ``size`` lines at a
    time, holding one window's lines: the same text, count and note as ``run`` on the
    whole document gives."""
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    lines = line_count(body)
    if lines <= size:
        return Outcome.of(run(segment(text)))
    newline = first_newline(body)  # (the one added to a last line without: the text's, not its window's)
    parts: list[str] = []
    removed, timed_out = 0, Counter[str]()
    for piece in text_pieces(body, size):
        result = run(replace(segment(piece), newline=newline))
        parts.append(result.text)
        removed += len(result.removed)
        timed_out.update(result.timed_out)
    out = "".join(parts)
    return Outcome((BOM if bom and out else "") + out, removed, windows_note(size, len(parts), lines), dict(timed_out))
