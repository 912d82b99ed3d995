"""What cleaning one document gives: the kept lines, each removed line with every verdict
against it (``Removal``) and the lines allow rules saved (``Saved``). Their JSON form, which
``clean --report``, ``batch`` and ``diff`` write and read, is ``schema``'s (``Result.to_json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from .context import Region
from .document import Document
from .rules import Verdict
from .schema import Details


HUGE_LINE = 2000  # characters: a text that is one line this long has no structure to read


@dataclass(frozen=True)
class Removal:
    """A removed line and every verdict against it; the first reason is the deciding one."""

    line: int
    text: str
    reasons: tuple[Verdict, ...]

    @property
    def rule_id(self) -> str:
        return self.reasons[0].rule_id

    @property
    def category(self) -> str:
        return self.reasons[0].category


@dataclass(frozen=True)
class Saved:
    """A line an allow rule kept: the allow rule, and the rules that would have removed it."""

    line: int
    text: str
    rule_id: str
    overruled: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The outcome of cleaning one document: what was kept, what was removed and why."""

    document: Document
    kept: tuple[int, ...]
    removed: tuple[Removal, ...]
    language: str | None = None
    region: Region | None = None
    notes: tuple[str, ...] = field(default=())
    # Pattern rules that hit their time limit, and on how many lines (skipped there): the
    # CLI says so once per run, naming them.
    timed_out: Mapping[str, int] = field(default_factory=dict)
    format: str = "lines"  # how the input was read (cleaner/formats.py)
    saved: tuple[Saved, ...] = ()  # lines allow rules kept from a removal

    @cached_property
    def text(self) -> str:
        """The kept lines with their own endings; a non-empty output ends with a newline."""
        lines = self.document.lines
        parts = [lines[i].text + lines[i].ending for i in self.kept]
        if parts and not lines[self.kept[-1]].ending:
            parts[-1] += self.document.newline
        if not parts:
            return ""
        return ("\ufeff" if self.document.bom else "") + "".join(parts)

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    @cached_property
    def note(self) -> str | None:
        """What the user should know when cleaning could not do its work, or None: a
        text that is one huge line (only whole lines are removed), a text so long it
        was cleaned in windows, a page where no article was found, or a removal budget
        that kept the page as it was. ``clean``
        and ``batch`` print it on stderr as one ``note:`` line."""
        content = [line.text for line in self.document.lines if not line.is_blank]
        size = sum(len(t) for t in content)
        longest = max((len(t) for t in content), default=0)
        if longest >= HUGE_LINE and longest >= 0.9 * size:
            return (
                f"the text is one line of {longest:,} characters with no structure: cleaner removes whole lines, "
                "so it kept or removed it whole; split it into paragraphs first"
            )
        windowed = next((n for n in self.notes if n.startswith("cleaned in windows")), None)  # (``windows.py``)
        if windowed is not None:
            return windowed
        if len(content) >= 5 and self.region is None and self.removed:  # (nothing removed: nothing to doubt)
            return "no article found: only lines that phrase rules name, and blocks of menus, were removed"
        if any(n.startswith("removal budget") for n in self.notes):
            return "the article is in doubt (the removal budget applied): only strong phrase rules removed lines between the first paragraph and the last"
        return None

    def to_json(self) -> dict[str, Any]:
        """The ``--report`` schema's details of this result (``schema.Details``), JSON-ready."""
        return Details.of(self).to_json()
