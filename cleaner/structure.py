"""Context rules: verdicts that come from a line's place in the document, not its words.

Boilerplate comes in clusters and the article is one contiguous run of prose. These
rules see the first-pass phrase hits and the line features, and add their own verdicts:

- ``structure.outside-article``: the article region is the run of lines with the highest
  prose score (a maximum-sum segment: prose lines count for, short and matched lines
  against); the headline is found just before it; lines outside both are boilerplate.
- ``structure.link-run``: a run of short title-like lines (a menu, a tag list, the
  headlines of related stories) right after a navigation heading inside the article.
- ``structure.repeated``: a short line that occurs more than once in the page (menus
  rendered twice, a headline repeated in a breadcrumb) and is outside the article.
- ``structure.sandwich``: a short line between two removed lines.
- ``structure.appeal-continuation``: short lines and appeal cues after an appeal, which
  often runs over several paragraphs.

Guards (headline, long prose, quoted speech) are computed here too; they protect a line
from all but strong verdicts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .document import Document
from .features import LineInfo
from .matcher import Hit, normalise
from .rules import Evidence, Rule, Verdict


@dataclass(frozen=True)
class Region:
    """The article: lines ``start``..``end`` inclusive, and its headline if one was found."""

    start: int
    end: int
    headline: int | None

    def contains(self, index: int) -> bool:
        return self.start <= index <= self.end or index == self.headline


@dataclass(frozen=True)
class Context:
    """Everything a context rule may look at; nothing in it changes."""

    doc: Document
    info: tuple[LineInfo, ...]
    hits: Mapping[int, tuple[Hit, ...]]
    density_floor: float  # below this a long line does not read as prose here


def _removing_hit(hits: tuple[Hit, ...]) -> bool:
    return any(h.rule.strength != "weak" for h in hits)


def density_floor(info: tuple[LineInfo, ...], ratio: float) -> float:
    """Half (``ratio``) the median function-word density of the long lines: calibrated per
    document, so it works whatever the language's typical density is."""
    dens = sorted(i.density for i in info if i.size >= 150)
    if len(dens) < 2 or dens[len(dens) // 2] == 0.0:
        return 0.0
    return ratio * dens[len(dens) // 2]


def is_prose(ctx: Context, i: LineInfo, min_size: int) -> bool:
    """A line that reads like article prose: long enough, sentence punctuation, and
    (where the language is known) function words at the document's usual density."""
    return (
        i.size >= min_size
        and (i.sentence_end or i.sentences > 0)
        and i.density >= ctx.density_floor
        and i.letters >= 0.5
    )


def _score(ctx: Context, i: LineInfo, p: Mapping[str, Any]) -> float:
    """A line's contribution to the article region: positive for prose, negative otherwise."""
    if _removing_hit(ctx.hits.get(i.index, ())):
        return -float(p["matched_penalty"])
    if is_prose(ctx, i, int(p["prose_min_size"])):
        return min(i.size, int(p["prose_cap"])) / float(p["prose_unit"])
    if i.sentence_end and i.size >= 20 and i.density >= ctx.density_floor and i.letters >= 0.5:
        return float(p["sentence_bonus"])
    return -float(p["short_penalty"])


def find_region(ctx: Context, p: Mapping[str, Any]) -> Region | None:
    """The maximum-sum run of non-blank lines (Kadane), then the headline before it."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, None
    for i in ctx.info:
        if i.blank:
            continue
        s = _score(ctx, i, p)
        if run_start is None or run_sum <= 0:
            run_sum, run_start = s, i.index
        else:
            run_sum += s
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i.index)
    if best is None or best_sum < float(p["min_article_score"]):
        return None
    start, end = best
    return Region(start, end, find_headline(ctx, start, p))


def find_headline(ctx: Context, start: int, p: Mapping[str, Any]) -> int | None:
    """The nearest title-like line before the article start, skipping matched lines."""
    seen = 0
    for index in range(start - 1, -1, -1):
        i = ctx.info[index]
        if i.blank:
            continue
        seen += 1
        if seen > int(p["headline_window"]):
            return None
        if _removing_hit(ctx.hits.get(index, ())):
            continue
        text = ctx.doc.lines[index].text.strip()
        ends_plain = i.sentence_end and not text.endswith(("?", "!", "？", "！"))
        if (
            not ends_plain
            and i.letters >= 0.6
            and int(p["headline_min_size"]) <= i.size <= int(p["headline_max_size"])
            and i.words >= 2
        ):
            return index
    return None


def guards(ctx: Context, region: Region | None, p: Mapping[str, Any]) -> dict[int, Evidence]:
    """Lines protected from all but strong verdicts, with the reason."""
    out: dict[int, Evidence] = {}
    if region is not None and region.headline is not None:
        out[region.headline] = Evidence("", None, "headline")
    for i in ctx.info:
        if i.blank or i.index in out:
            continue
        if is_prose(ctx, i, int(p["guard_prose_size"])):
            out[i.index] = Evidence("", None, f"long prose paragraph ({i.size} chars)")
        elif i.quoted and i.sentence_end and i.size >= 40 and (region is None or region.contains(i.index)):
            out[i.index] = Evidence("", None, "quoted speech")
    return out


def _verdict(rule: Rule, line: int, detail: str, matched: str = "") -> Verdict:
    return Verdict(line, rule.id, rule.category, rule.strength, Evidence(matched, None, detail))


def outside_article(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    if region is None:
        return []
    where = f"article is lines {region.start + 1}-{region.end + 1}"
    out = []
    for i in ctx.info:
        if not i.blank and not region.contains(i.index):
            side = "before" if i.index < region.start else "after"
            out.append(_verdict(rule, i.index, f"{side} the article ({where})"))
    return out


def repeated(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    max_size = int(rule.params.get("max_size", 120))
    keys = [normalise(line.text) if not i.blank and i.size <= max_size else "" for line, i in zip(ctx.doc.lines, ctx.info)]
    counts = Counter(k for k in keys if k)
    out = []
    for index, key in enumerate(keys):
        if key and counts[key] > 1 and index != (region.headline if region else None):
            if region is None or not region.contains(index):
                out.append(_verdict(rule, index, f"occurs {counts[key]} times in the page", ctx.doc.lines[index].text.strip()))
    return out


def _neighbours(ctx: Context, index: int) -> tuple[int | None, int | None]:
    before = next((j for j in range(index - 1, -1, -1) if not ctx.info[j].blank), None)
    after = next((j for j in range(index + 1, len(ctx.info)) if not ctx.info[j].blank), None)
    return before, after


def sandwich(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    max_size = int(rule.params.get("max_size", 100))
    out = []
    for i in ctx.info:
        if i.blank or i.index in removed or i.size > max_size:
            continue
        before, after = _neighbours(ctx, i.index)
        if before in removed and after in removed:
            out.append(_verdict(rule, i.index, f"between removed lines {before + 1} and {after + 1}"))
    return out


def appeal_continuation(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    cues = {c.casefold() for items in rule.phrases.values() for c in items}
    max_lines = int(rule.params.get("max_lines", 6))
    max_short = int(rule.params.get("max_short_size", 80))
    out: list[Verdict] = []
    appeal_lines = [
        index for index, hits in ctx.hits.items() if any(h.rule.category == "appeal" and h.rule.strength == "strong" for h in hits)
    ]
    for start in sorted(appeal_lines):
        taken = 0
        for j in range(start + 1, len(ctx.info)):
            i = ctx.info[j]
            if i.blank:
                continue
            if taken >= max_lines:
                break
            if j in removed:
                continue
            text = ctx.doc.lines[j].text.casefold()
            cue = next((c for c in cues if c in text), None)
            if cue is None and i.size > max_short:
                break
            out.append(_verdict(rule, j, f"continues the appeal on line {start + 1}", cue or ""))
            taken += 1
    return out


def link_run(ctx: Context, rule: Rule, region: Region | None, removed: set[int]) -> list[Verdict]:
    """After a removed navigation heading ("Related", "Read more"), the run of short
    title-like lines that follows is its list of links."""
    min_run = int(rule.params.get("min_run", 2))
    out: list[Verdict] = []
    for index in sorted(removed):
        hits = ctx.hits.get(index, ())
        if not any(h.rule.category == "navigation" for h in hits):
            continue
        run: list[int] = []
        for j in range(index + 1, len(ctx.info)):
            i = ctx.info[j]
            if i.blank:
                continue
            if j in removed:
                continue
            if not i.title_like or i.size > int(rule.params.get("max_size", 140)):
                break
            run.append(j)
        if len(run) >= min_run:
            out.extend(_verdict(rule, j, f"link list under the heading on line {index + 1}") for j in run)
    return out


ContextFn = Callable[[Context, Rule, "Region | None", set[int]], list[Verdict]]

# The order matters: later rules see the removals of earlier ones.
CONTEXT_RULES: dict[str, ContextFn] = {
    "structure.outside-article": outside_article,
    "structure.repeated": repeated,
    "structure.link-run": link_run,
    "structure.appeal-continuation": appeal_continuation,
    "structure.sandwich": sandwich,
}

