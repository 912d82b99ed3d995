"""The pipeline: line rules, then context rules, then one policy that combines verdicts.

Policy, per line (``resolve``):
- a line of a category the user keeps (``--keep metadata``) is never removed;
- a strong verdict removes it;
- a phrase rule and a structural rule that agree (both normal) remove it too;
- otherwise a guard (headline, long prose, quoted speech) keeps it;
- otherwise a normal verdict removes it;
- a weak verdict removes it only under ``--aggressive`` or when a neighbouring line is
  removed by a stronger verdict (boilerplate comes in clusters).
Then a removal budget: if the verdicts would remove more than ``Config.budget`` of the
document's prose, only strong phrase verdicts are applied (the article region is what is
in doubt) and the result says so. Last, blank
lines left at the edges or doubled by a removal go too (rule ``layout.blank``).

No stage edits a line: the output is always an in-order subsequence of the input lines.
"""

from __future__ import annotations

import gc
import hashlib
import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache
from os import PathLike
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Iterator, Mapping, NamedTuple, Sequence

from . import __version__

from .article import find_region
from .context import Context, Region, density_floor, is_prose, line_keys, line_positions
from .document import Document, segment
from .features import analyse
from .formats import INPUT_FORMATS, View, detect as detect_format, view as format_view
from .lang import GLUED, detect, languages
from .matcher import REGEX_TIMEOUT, Hit, LineMatcher, phrase_tables
from .packs import builtin_rules, load_rules
from .rules import STRENGTH_RANK, Evidence, RuleError, RuleSet, Verdict
from .params import Overrides, check_overrides, with_overrides
from .structure import CONTEXT_RULES, guards

if TYPE_CHECKING:  # the article model and its blocks are imported when one is used
    from .model import ArticleModel

FINDERS = ("rules", "model")
HUGE_LINE = 2000  # characters: a text that is one line this long has no structure to read
LAYOUT_RULE = "layout.blank"
REGION_RULE = "structure.outside-article"
# The region rules the article model's own verdicts stand in for.
MODEL_REPLACES = frozenset({REGION_RULE, "structure.far-from-article"})


@dataclass(frozen=True)
class Config:
    """How to clean. Immutable: derive variants with ``dataclasses.replace``."""

    aggressive: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()  # categories never removed, e.g. ("metadata",)
    lang: str | None = None  # force the language instead of detecting it
    rule_files: tuple[Path, ...] = ()
    budget: float = 0.7  # the most of a document's prose the rules may remove
    finder: str = "rules"  # how the article is found: "rules" (hand-set) or "model" (fitted)
    input_format: str = "auto"  # "lines", "wrapped", "markdown", "tagsplit", or "auto": detected per document
    # Structural parameters changed: (context rule id, key, value), e.g.
    # ("structure.far-from-article", "min_distance", 5); checked by ``cleaner.params``.
    params: Overrides = ()
    site: str | None = None  # the documents' site (host), for rule files with ``sites``; a JSONL record's URL overrides it
    builtin: bool = True  # False: only the rule files' rules (the built-in packs off, the structural stage too)
    model: Path | None = None  # the article model file for --finder model (default: the built-in one)

    def __post_init__(self) -> None:
        """Check every field now, with a message that names it: a wrong value must not
        surface later as an error from deep inside the pipeline, or be ignored.

        A list is taken for a tuple (and stored as one); a bare string where a tuple is
        expected is refused (``ignore="social"`` would be the letters of "social"). Rule
        and category names are checked against the built-in rules when no rule file is
        given (a rule file may define others; ``Pipeline`` checks ``select`` and
        ``ignore`` then)."""
        if not isinstance(self.aggressive, bool):
            raise TypeError(f"Config.aggressive must be True or False, not {_kind(self.aggressive)}")
        for name in ("select", "ignore", "keep"):
            object.__setattr__(self, name, _names(name, getattr(self, name)))
        object.__setattr__(self, "rule_files", _paths(self.rule_files))
        if self.lang is not None:
            if not isinstance(self.lang, str):
                raise TypeError(f"Config.lang must be a language code (str) or None, not {_kind(self.lang)}")
            if self.lang not in languages():
                raise RuleError(unknown_language(self.lang))
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"Config.input_format must be one of {', '.join(INPUT_FORMATS)}, not {self.input_format!r}")
        if self.finder not in FINDERS:
            raise ValueError(f"Config.finder must be one of {', '.join(FINDERS)}, not {self.finder!r}")
        budget = self.budget
        if isinstance(budget, bool) or not isinstance(budget, (int, float)):
            raise TypeError(f"Config.budget must be a number from 0 to 1, not {_kind(budget)}")
        if not 0 <= budget <= 1:  # NaN fails this too
            raise ValueError(f"Config.budget must be from 0 to 1 (a share of the prose), not {budget!r}")
        if self.model is not None:
            if not isinstance(self.model, (str, PathLike)) or isinstance(self.model, bytes):
                raise TypeError(f"Config.model must be a path (str or Path) or None, not {_kind(self.model)}")
            object.__setattr__(self, "model", Path(self.model))
        if not isinstance(self.builtin, bool):
            raise TypeError(f"Config.builtin must be True or False, not {_kind(self.builtin)}")
        if not self.builtin and not self.rule_files:
            raise RuleError("no rules to apply: without the built-in rules, give rule files (--rules)")
        if self.site is not None and (not isinstance(self.site, str) or not self.site.strip()):
            raise TypeError(f"Config.site must be a host name (str) or None, not {_kind(self.site)}")
        object.__setattr__(self, "params", _overrides(self.params))
        check_overrides(self.params, builtin_rules())
        if not self.rule_files and (self.select or self.ignore or self.keep):
            rules = builtin_rules()
            for name in (*self.select, *self.ignore):
                if not any(rule.id == name or rule.category == name or rule.id.startswith(name + ".") for rule in rules):
                    raise RuleError(f"no rule or category matches {name!r} (see 'cleaner rules')")
            check_keep(self.keep, rules)

    def replace(self, **changes: Any) -> Config:
        return replace(self, **changes)


def check_keep(keep: tuple[str, ...], rules: RuleSet) -> None:
    """``keep`` names categories of ``rules``: a typo (``metdata``) must not keep nothing."""
    categories = {rule.category for rule in rules} | {"layout"}
    for name in keep:
        if name not in categories:
            raise RuleError(f"no category {name!r} to keep (known: {', '.join(sorted(categories))})")


def unknown_language(code: str, hint: str = "leave the language out to detect it") -> str:
    """The error for a language code with no language data (the CLI says it too)."""
    known = ", ".join(sorted(languages()))
    return f"unknown language {code!r} (known: {known}); {hint}"


def _kind(value: Any) -> str:
    return "None" if value is None else f"{type(value).__name__} {value!r}"[:80]


def _names(field_name: str, value: Any) -> tuple[str, ...]:
    """A tuple of non-empty strings (a list is accepted); a bare string is refused."""
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"Config.{field_name} must be a tuple of names, not a string: write {field_name}=({value!r},)"
        )
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"Config.{field_name} must be a tuple of names (str), not {_kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"Config.{field_name} must hold names (str), not {_kind(item)}")
        if not item.strip():
            raise ValueError(f"Config.{field_name} holds an empty name")
    return tuple(value)


def _overrides(value: Any) -> Overrides:
    """Structural parameters: (rule id, key, value) triples; a list value is stored as a
    tuple, so a Config stays hashable."""
    if not isinstance(value, (tuple, list)) or not all(isinstance(t, (tuple, list)) and len(t) == 3 and isinstance(t[0], str) and isinstance(t[1], str) for t in value):
        raise TypeError(f"Config.params must be a tuple of (rule id, key, value), not {_kind(value)}")
    return tuple((r, k, tuple(v) if isinstance(v, list) else v) for r, k, v in value)


def _paths(value: Any) -> tuple[Path, ...]:
    """Rule files: a tuple (or list) of paths (str or os.PathLike), stored as Paths."""
    if isinstance(value, (str, bytes, PurePath)):
        raise TypeError(f"Config.rule_files must be a tuple of paths, not a single path: write rule_files=({str(value)!r},)")
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"Config.rule_files must be a tuple of paths, not {_kind(value)}")
    out = []
    for item in value:
        if not isinstance(item, (str, PathLike)) or isinstance(item, bytes):
            raise TypeError(f"Config.rule_files must hold paths (str or Path), not {_kind(item)}")
        out.append(Path(item))
    return tuple(out)


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

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line + 1,
            "text": self.text,
            "rule": self.rule_id,
            "category": self.category,
            "reasons": [v.to_json() for v in self.reasons],
        }


@dataclass(frozen=True)
class Saved:
    """A line an allow rule kept: the allow rule, and the rules that would have removed it."""

    line: int
    text: str
    rule_id: str
    overruled: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line + 1, "text": self.text, "rule": self.rule_id, "overruled": list(self.overruled)}


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
        text that is one huge line (only whole lines are removed), a page where no
        article was found, or a removal budget that kept the page as it was. ``clean``
        and ``batch`` print it on stderr as one ``note:`` line."""
        content = [line.text for line in self.document.lines if not line.is_blank]
        size = sum(len(t) for t in content)
        longest = max((len(t) for t in content), default=0)
        if longest >= HUGE_LINE and longest >= 0.9 * size:
            return (
                f"the text is one line of {longest:,} characters with no structure: cleaner removes whole lines, "
                "so it kept or removed it whole; split it into paragraphs first"
            )
        if len(content) >= 5 and self.region is None and self.removed:  # (nothing removed: nothing to doubt)
            return "no article found: only lines that phrase rules name were removed"
        if any(n.startswith("removal budget") for n in self.notes):
            return "the article is in doubt (the removal budget applied): only strong phrase rules removed lines"
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "format": self.format,
            "lines_in": len(self.document.lines),
            "lines_out": len(self.kept),
            "article": None
            if self.region is None
            else {
                "start": self.region.start + 1,
                "end": self.region.end + 1,
                "headline": None if self.region.headline is None else self.region.headline + 1,
            },
            "notes": list(self.notes),
            "note": self.note,
            "removed": [r.to_json() for r in self.removed],
            **({"saved": [s.to_json() for s in self.saved]} if self.saved else {}),
        }


def _order(v: Verdict) -> tuple[int, int]:
    """The reason shown first: a phrase rule that removes on its own ("ads.ad-label" says
    more than "far from the article"), then the strongest."""
    specific = v.evidence.span is not None and v.strength != "weak"
    return (0 if specific else 1, -STRENGTH_RANK[v.strength])


# Config fields added later, with their defaults: in a fingerprint only when not at the
# default, so fingerprints made before them stay valid.
_NEWER: dict[str, Any] = {"params": (), "site": None, "builtin": True, "model": None}


class Kept(NamedTuple):
    """A line the user keeps: the allow rule that matched it (None: a ``--keep``
    category), and the phrase hits it overrules."""

    allow: str | None
    hits: tuple[Hit, ...]


class Pipeline:
    """Rules selected and compiled once; ``run`` is then a pure function of the document."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None, model: ArticleModel | None = None) -> None:
        self.config = config or Config()
        self._model = model if model is not None or self.config.model is None else _read_model(self.config.model)
        # Another model file: its content, not its name, says what it does (``fingerprint``).
        self._model_digest = hashlib.sha256(self.config.model.read_bytes()).hexdigest() if self.config.model else None
        loaded = with_overrides(rules if rules is not None else load_rules(self.config.rule_files), self.config.params)
        builtin = {rule.id for rule in builtin_rules()}
        base = loaded if self.config.builtin else RuleSet(tuple(r for r in loaded if r.id not in builtin))
        # Before selection: what another process passes as ``rules`` to make this
        # pipeline again without reading and checking the rule files again (batch workers).
        self.loaded = loaded
        check_keep(self.config.keep, base)
        self.rules = base.select(self.config.select, self.config.ignore, self.config.aggressive)
        # Allow rules match apart: a phrase may be both removed by a built-in rule and
        # protected by the user's (the allow rule wins).
        self._removing = RuleSet(tuple(r for r in self.rules if not r.allow))
        self._allowing = RuleSet(tuple(r for r in self.rules if r.allow))
        if rules is not None or self.config.rule_files:
            # Refuse a phrase claimed by two rules now, not mid-run: rules for all sites
            # together, and with the rules of each list of sites (two sites' own packs may
            # share a phrase). The built-in packs alone are checked by their tests
            # (test_packs): 25 ms of every start saved.
            for rules in (self._removing, self._allowing):
                for sites in dict.fromkeys(r.sites for r in rules):
                    phrase_tables(RuleSet(tuple(r for r in rules if not r.sites or r.sites == sites)))
        self._site_rules = frozenset(r.id for r in self.rules if r.sites)
        self._matchers: dict[tuple[bool, str | None, frozenset[str]], LineMatcher] = {}
        self.context_rules = [
            (self.rules.get(rule_id), fn) for rule_id, fn in CONTEXT_RULES.items() if rule_id in self._ids
        ]
        # The region's thresholds are data (structure.toml); they are needed for the
        # headline and prose guards even when the region rule itself is deselected.
        region_rule = next((r for r in loaded if r.id == REGION_RULE), None) or builtin_rules().get(REGION_RULE)
        self.region_params = region_rule.params

    def matcher(self, lang: str | None, allow: bool = False, site: str | None = None) -> LineMatcher:
        """The line rules for a document in ``lang`` (``allow``: the allow rules) from
        ``site``: its own phrases, English ones (English boilerplate is everywhere) and
        language-neutral ones; English and neutral ones when the language is unknown;
        rules for other sites left out. Compiled on first use, then reused."""
        rules = self._allowing if allow else self._removing
        sited = frozenset(r.id for r in rules if r.sites and r.applies_to(site)) if self._site_rules else frozenset()
        key = (allow, lang, sited)
        if key not in self._matchers:
            chosen = RuleSet(tuple(r for r in rules if not r.sites or r.id in sited))
            self._matchers[key] = LineMatcher(chosen, frozenset({lang or "en", "en"}))
        return self._matchers[key]

    @cached_property
    def model(self) -> ArticleModel:
        """The article model given, or the built-in one (read on first use: observing a
        page to train a model needs none)."""
        from .model import load_model

        return self._model if self._model is not None else load_model()

    @cached_property
    def _ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules)

    @cached_property
    def fingerprint(self) -> str:
        """Identifies what this pipeline does (version, active rules, config): outputs made
        with the same fingerprint need not be made again."""
        payload = json.dumps(
            {
                "version": __version__,
                "rules": [rule.to_json() for rule in self.rules],
                # (fields added since, at their defaults: left out, so fingerprints stay as they were)
                "config": {k: [str(x) for x in v] if isinstance(v, tuple) else v for k, v in asdict(self.config).items() if k not in _NEWER or v != _NEWER[k]},
                **({"model": self._model_digest} if self._model_digest else {}),
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def observe(self, doc: Document, site: str | None = None, marks: Mapping[int, tuple[str, str]] | None = None) -> tuple[str | None, Context, dict[int, Kept]]:
        """What the rules see of a document: its language, the line shapes and phrase hits
        (``Context``), and the lines the user keeps: named by a category of ``--keep``,
        or matched by an allow rule (with the phrase hits it overrules). ``marks``: lines a
        renderer marked (``View.marks``), hits as a phrase's are, so the article region
        weighs an image or a link block as it weighs an ad label or a menu phrase."""
        config = self.config
        lang = config.lang or detect(" ".join(line.text for line in doc.lines[:400]))
        language = languages().get(lang) if lang else None
        info = analyse(doc, language)
        keys = line_keys(doc)
        hits: dict[int, tuple[Hit, ...]] = {}
        kept_by_user: dict[int, Kept] = {}
        timed_out: dict[str, int] = {}
        content = [line for line in doc.lines if not info[line.index].blank]
        if content:  # (a blank document compiles no rules)
            site = site or config.site
            match_timed = self.matcher(lang, site=site).match_timed
            allowed = self.matcher(lang, allow=True, site=site).match_timed if len(self._allowing) else None
            for line in content:
                found, slow = match_timed(line.text)
                mark = marks.get(line.index) if marks else None
                if mark is not None and mark[0] in self._ids:
                    found = (Hit(self.rules.get(mark[0]), Evidence(line.text, (0, len(line.text)), mark[1])), *found)
                allow: tuple[Hit, ...] = ()
                if allowed is not None:
                    allow, slow_allow = allowed(line.text)
                    slow += slow_allow
                for rule_id in slow:
                    timed_out[rule_id] = timed_out.get(rule_id, 0) + 1
                if allow:
                    kept_by_user[line.index] = Kept(allow[0].rule.id, found)
                elif any(h.rule.category in config.keep for h in found):
                    kept_by_user[line.index] = Kept(None, found)
                elif found:
                    hits[line.index] = found
        ctx = Context(
            doc,
            info,
            hits,
            density_floor(info, float(self.region_params["density_ratio"]), lang not in GLUED),
            line_positions(keys, info),
            keys,
            language.words if language else frozenset(),
            timed_out,
        )
        return lang, ctx, kept_by_user

    def run(self, doc: Document, extra: Mapping[int, Sequence[Verdict]] | None = None, site: str | None = None) -> Result:
        """Clean one document. ``extra`` adds first-pass verdicts from outside the document
        (e.g. lines repeated across a folder, ``category="repeated"``), keyed by line index.
        ``site``: the document's site (host), for rules with ``sites`` (default ``Config.site``).

        Python's cycle collector is paused meanwhile, and left as it was after: a document
        makes many small objects without cycles (line features, verdicts), and the
        collector's passes over them grew faster than the document (200,000 menu lines:
        11.3 times the time of 20,000 with it, 10.3 without, and a fifth faster)."""
        with _collector_paused():
            fmt = self.config.input_format
            if fmt == "auto":
                fmt = detect_format(doc)
            if fmt == "lines":
                return self._run(doc, extra, site)
            return self._run_view(doc, format_view(doc, fmt), extra, site)

    def _run_view(self, doc: Document, view: View, extra: Mapping[int, Sequence[Verdict]] | None, site: str | None) -> Result:
        """Clean wrapped, Markdown or tag-split input: decide on its logical lines (a
        paragraph each), then give each verdict to every input line of the paragraph,
        so no paragraph is cut and the output is still the input's lines."""
        logical: dict[int, list[Verdict]] = {}
        for index, span in enumerate(view.spans):
            if extra and all(j in extra for j in span):  # every line of it repeated in the folder
                logical[index] = [replace(v, line=index) for v in extra[span[0]]]
        result = self._run(view.doc, logical, site, view.marks)
        spans = view.spans
        kept = tuple(j for i in result.kept for j in spans[i])
        removed = tuple(
            Removal(j, doc.lines[j].text, tuple(replace(v, line=j) for v in r.reasons))
            for r in result.removed
            for j in spans[r.line]
        )
        region = result.region
        if region is not None:
            region = replace(
                region,
                start=spans[region.start][0],
                end=spans[region.end][-1],
                headline=None if region.headline is None else spans[region.headline][0],
                lead=tuple(j for i in region.lead for j in spans[i]),
                parts=tuple((spans[a][0], spans[b][-1]) for a, b in region.parts),
            )
        saved = tuple(replace(s, line=j, text=doc.lines[j].text) for s in result.saved for j in spans[s.line])
        return Result(doc, kept, removed, result.language, region, result.notes, result.timed_out, view.format, saved)

    def _run(self, doc: Document, extra: Mapping[int, Sequence[Verdict]] | None, site: str | None, marks: Mapping[int, tuple[str, str]] | None = None) -> Result:
        config = self.config
        lang, ctx, kept_by_user = self.observe(doc, site, marks)
        info, hits = ctx.info, ctx.hits
        decoded = None
        if config.finder == "model":
            from .region import find_article

            decoded = find_article(ctx, self.model, self.region_params)
        region = decoded.region if decoded is not None else find_region(ctx, self.region_params)
        protected = guards(ctx, region, self.region_params)
        verdicts: dict[int, list[Verdict]] = {
            index: [Verdict(index, h.rule.id, h.rule.category, h.rule.strength, h.evidence) for h in hs]
            for index, hs in hits.items()
        }
        # Verdicts on a line the user keeps are recorded but never applied (``_resolve``):
        # an allow rule's line then says what it overruled.
        for index, extra_verdicts in (extra or {}).items():
            for v in extra_verdicts:
                if v.category not in config.keep:
                    verdicts.setdefault(index, []).append(v)
        if decoded is not None and REGION_RULE in self._ids:
            from .region import outside_verdicts

            for v in outside_verdicts(decoded, self.model, self.rules.get(REGION_RULE)):
                if v.category not in config.keep:
                    verdicts.setdefault(v.line, []).append(v)
        removed = self._resolve(verdicts, protected, kept_by_user, strong_only=False)
        for rule, fn in self.context_rules:
            if decoded is not None and rule.id in MODEL_REPLACES:
                continue
            added = False
            for v in fn(ctx, rule, region, removed):
                if v.category not in config.keep:
                    verdicts.setdefault(v.line, []).append(v)
                    added = True
            if added:  # (no new verdict, the same removals: resolving costs a pass over every verdict)
                removed = self._resolve(verdicts, protected, kept_by_user, strong_only=False)

        notes: list[str] = [
            f"rule {rule_id} hit its time limit ({REGEX_TIMEOUT} s) on {n} line{'s' if n != 1 else ''} and was skipped there"
            for rule_id, n in ctx.timed_out.items()
        ]
        # The budget weighs what the verdicts take beyond strong phrase matches: those go
        # in any case, so the fallback is stable when cleaned again.
        strong = self._resolve(verdicts, protected, kept_by_user, strong_only=True)
        min_size = int(self.region_params["prose_min_size"])
        prose = [
            i
            for i in info
            if i.index not in strong
            and (
                is_prose(ctx, i, min_size)
                or (region is not None and region.contains(i.index) and not i.blank)  # a list article's items
            )
        ]
        total = sum(i.size for i in prose)
        lost = sum(i.size for i in prose if i.index in removed)
        if total >= int(self.region_params["budget_min_prose"]) and lost > config.budget * total:
            notes.append(
                f"removal budget: the rules would remove {lost / total:.0%} of the prose "
                f"(limit {config.budget:.0%}); only strong phrase rules were applied"
            )
            removed = strong

        removals = [
            Removal(index, doc.lines[index].text, tuple(sorted(verdicts[index], key=_order)))
            for index in sorted(removed)
        ]
        kept, layout = _layout(doc, removed)
        removals.extend(layout)
        removals.sort(key=lambda r: r.line)
        saved = tuple(
            Saved(index, doc.lines[index].text, k.allow, tuple(dict.fromkeys([h.rule.id for h in k.hits] + [v.rule_id for v in verdicts.get(index, ())])))
            for index, k in sorted(kept_by_user.items())
            if k.allow is not None and (k.hits or verdicts.get(index))
        )
        return Result(doc, kept, tuple(removals), lang, region, tuple(notes), ctx.timed_out, saved=saved)

    def _resolve(
        self,
        verdicts: dict[int, list[Verdict]],
        protected: dict[int, Evidence],
        kept_by_user: Mapping[int, Kept],
        strong_only: bool,
    ) -> set[int]:
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
                if self.config.aggressive or any(
                    _confirms(verdicts[j], verdicts[index]) for j in (index - 2, index - 1, index + 1, index + 2) if j in confirmed
                ):
                    removed.add(index)
        return removed


def _read_model(path: Path) -> ArticleModel:
    """``Config.model``, read now: a file that is no article model is a ModelError when
    the pipeline is made, not mid-run."""
    from .model import ModelError, read_model

    try:
        return read_model(path)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # (ModelError is a ValueError)
        message = str(exc) if str(path) in str(exc) else f"{path}: not an article model: {exc}"
        raise ModelError(message) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cycle collector (if it runs) for the ``with`` block; reference counting
    still frees everything without cycles at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _layout(doc: Document, removed: set[int]) -> tuple[tuple[int, ...], list[Removal]]:
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


@lru_cache(maxsize=32)
def pipeline(config: Config = Config()) -> Pipeline:
    """The compiled pipeline for a config, built once per process and reused."""
    return Pipeline(config)


def _check_arguments(text: Any, config: Any, function: str) -> None:
    if not isinstance(text, str):
        hint = "; for bytes use cleaner.decode(data), then cleaner.pipeline(config).run(document)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"cleaner.{function}() takes the text as a str, not {_kind(text)[:60]}{hint}")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"cleaner.{function}(): config must be a cleaner.Config or None, not {_kind(config)}")


def clean_and_explain(text: str, config: Config | None = None) -> Result:
    """Clean ``text`` and say why each removed line went."""
    _check_arguments(text, config, "clean_and_explain")
    return pipeline(config or Config()).run(segment(text))


def clean(text: str, config: Config | None = None) -> str:
    """The article text alone: ``text`` without its boilerplate lines."""
    _check_arguments(text, config, "clean")
    return pipeline(config or Config()).run(segment(text)).text
