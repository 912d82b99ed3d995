"""The policy that turns verdicts into removals, per line (``resolve``):
- a line of a category the user keeps (``--keep metadata``) is never removed;
- a strong verdict removes it;
- a phrase rule and a structural rule that agree (both normal) remove it too;
- otherwise a guard (headline, long prose, quoted speech) keeps it;
- otherwise a normal verdict removes it;
- a weak verdict removes it only under ``--aggressive`` or when a neighbouring line is
  removed by a stronger verdict (boilerplate comes in clusters).
Then blank lines left at the edges or doubled by a removal go too (``leftover_blanks``,
rule ``layout.blank``).
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

from .document import Document
from .matcher import Hit
from .result import Removal
from .rules import STRENGTH_RANK, Evidence, Verdict


LAYOUT_RULE = "layout.blank"


class Kept(NamedTuple):
    """A line the user keeps: the allow rule that matched it (None: a ``--keep``
    category), and the phrase hits it overrules."""

    allow: str | None
    hits: tuple[Hit, ...]


def resolve(
    verdicts: dict[int, list[Verdict]],
    protected: dict[int, Evidence],
    kept_by_user: Mapping[int, Kept],
    strong_only: bool,
    aggressive: bool,
) -> set[int]:
    """The lines the verdicts remove (the policy above); ``strong_only``: strong phrase
    verdicts alone (the removal budget's fallback)."""
    removed: set[int] = set()
    weak: list[int] = []
    for index, vs in verdicts.items():
        if strong_only:
            # The fallback trusts only strong phrase matches: a strong structural
            # verdict rests on the article region, which is what the budget doubts.
            vs = [v for v in vs if v.evidence.span is not None]
        if index in kept_by_user or not vs:
            continue
        best = max(STRENGTH_RANK[v.strength] for v in vs)
        if best == STRENGTH_RANK["strong"] or (not strong_only and _corroborated(vs)):
            removed.add(index)
        elif strong_only or index in protected:
            continue
        elif best == STRENGTH_RANK["normal"]:
            removed.add(index)
        else:
            weak.append(index)
    if not strong_only:
        # Only lines removed by a stronger verdict confirm a weak one: checking the
        # growing set would let weak lines confirm each other, in line order only.
        confirmed = frozenset(removed)
        for index in weak:
            if aggressive or any(
                _confirms(verdicts[j], verdicts[index]) for j in (index - 2, index - 1, index + 1, index + 2) if j in confirmed
            ):
                removed.add(index)
    return removed


def reason_order(v: Verdict) -> tuple[int, int]:
    """The reason shown first: a phrase rule that removes on its own ("ads.ad-label" says
    more than "far from the article"), then the strongest."""
    specific = v.evidence.span is not None and v.strength != "weak"
    return (0 if specific else 1, -STRENGTH_RANK[v.strength])


def _confirms(neighbour: list[Verdict], weak: list[Verdict]) -> bool:
    """A removed neighbour confirms a weak verdict when it is boilerplate of the same kind
    (a menu next to a menu label) or a structural verdict (the line is outside the article
    anyway): an ad label does not make the subheading "Reactions" under it a comment
    section."""
    kinds = {v.category for v in weak}
    return any(v.category in kinds or v.category == "structure" for v in neighbour)


def _corroborated(verdicts: list[Verdict]) -> bool:
    """A phrase rule and a structural rule agree (e.g. an appeal sentence outside the
    article): together they outweigh a guard, as a strong verdict does."""
    normal = [v for v in verdicts if v.strength == "normal"]
    return any(v.evidence.span is not None for v in normal) and any(v.evidence.span is None for v in normal)


def leftover_blanks(doc: Document, removed: set[int]) -> tuple[tuple[int, ...], list[Removal]]:
    """Which lines stay once ``removed`` are gone: blank runs at the edges next to a removal,
    and all but the first blank run between two kept lines, go (``layout.blank``)."""
    lines = doc.lines
    content = [line.index for line in lines if not line.is_blank and line.index not in removed]
    keep: set[int] = set(content)
    if content:
        first, last = content[0], content[-1]
        if not any(i in removed for i in range(0, first)):
            keep.update(range(0, first))
        if not any(i in removed for i in range(last + 1, len(lines))):
            keep.update(range(last + 1, len(lines)))
        for a, b in zip(content, content[1:]):
            j = a + 1
            while j < b and lines[j].is_blank:  # the first blank run after a
                keep.add(j)
                j += 1
            if j == a + 1:  # no blank right after a: keep the first run further on
                while j < b and not lines[j].is_blank:
                    j += 1
                while j < b and lines[j].is_blank:
                    keep.add(j)
                    j += 1
    elif not removed:
        keep.update(range(len(lines)))
    # A kept line ending in a bare CR followed by a kept blank line ending in LF would be
    # written as CR LF and read back as one line; such a blank line goes instead.
    previous = None
    for index in sorted(keep):
        if previous is not None and lines[previous].ending == "\r" and not lines[index].text and lines[index].ending.startswith("\n"):
            keep.discard(index)
        else:
            previous = index
    layout = [
        Removal(line.index, line.text, (Verdict(line.index, LAYOUT_RULE, "layout", "strong", Evidence("", None, "blank line left over by a removal")),))
        for line in lines
        if line.index not in keep and line.index not in removed
    ]
    return tuple(sorted(keep)), layout
