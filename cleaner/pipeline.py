"""The pipeline: line rules, then context rules, then one policy that combines verdicts
(``policy.py``: which verdicts remove a line, and the blank lines left over).

A removal budget: if the verdicts would remove more than ``Config.budget`` of the
document's prose, only strong phrase verdicts are applied from its first paragraph to its
last (the article region is what is in doubt) and the result says so.

No stage edits a line: the output is always an in-order subsequence of the input lines.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import asdict, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from . import __version__, cache, windows
from . import matcher as matcher_module, packs as packs_module, phrases as phrases_module, prefilter as prefilter_module, rules as rules_module

from .article import find_region
from .config import RULES_BUDGET, Config, check_keep, kind_of
from .context import Context, density_floor, is_prose, line_keys, line_positions, map_region
from .document import Document, segment
from .features import LineInfo, analyse
from .formats import ADDRESS_RULE, View, address_lines, aligned_rows, detect as detect_format, lines_view, view as format_view
from .headline import find_headline
from .lang import GLUED, detect, languages
from .linescore import comments_after, echoed
from .matcher import REGEX_TIMEOUT, Hit, LineMatcher
from .packs import builtin_digest, builtin_rules, load_rules
from .params import with_overrides
from .phrases import phrase_tables
from .policy import Kept, leftover_blanks, reason_order, resolve
from .result import Removal, Result, Saved
from .rules import Evidence, Rule, RuleSet, Verdict
from .structure import CONTEXT_RULES, guards

if TYPE_CHECKING:  # the article model and its blocks are imported when one is used
    from .model import ArticleModel

REGION_RULE = "structure.outside-article"
# The region rules the article model's own verdicts stand in for.
MODEL_REPLACES = frozenset({REGION_RULE, "structure.far-from-article"})


# Config fields added later, with their defaults: in a fingerprint only when not at the
# default, so fingerprints made before them stay valid.
_NEWER: dict[str, Any] = {"params": (), "site": None, "builtin": True, "model": None, "window_lines": 20_000}


class Pipeline:
    """Rules selected and compiled once; ``run`` is then a pure function of the document."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None, model: ArticleModel | None = None) -> None:
        self.config = config or Config()
        self._model = model if model is not None or self.config.model is None else _read_model(self.config.model)
        # Another model file: its content, not its name, says what it does (``fingerprint``).
        self._model_digest = hashlib.sha256(self.config.model.read_bytes()).hexdigest() if self.config.model else None
        loaded = with_overrides(rules if rules is not None else load_rules(self.config.rule_files), self.config.params)
        self._builtin = {rule.id: rule for rule in builtin_rules()}  # (by id: ``_line_matcher``)
        builtin = set(self._builtin)
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
            self._matchers[key] = _line_matcher(chosen, frozenset({lang or "en", "en"}), self._builtin)
        return self._matchers[key]

    @cached_property
    def _phrase_languages(self) -> frozenset[str]:
        """The languages the phrase rules name boilerplate in. Only in one of them does a
        page on which no rule fired read as clean (``_reads_clean``): a Swedish page has
        only the English and language-neutral phrases to trip, and a menu in Swedish
        trips none."""
        return frozenset(code for rule in self._removing for code in rule.languages) - {"any"}

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
        import json  # (a one-file clean takes no fingerprint)

        payload = json.dumps(
            {
                "version": __version__,
                "rules": [rule.to_json() for rule in self.rules],
                # (fields added since, at their defaults: left out, so fingerprints stay as they were)
                "config": {k: [str(x) for x in v] if isinstance(v, tuple) else v for k, v in asdict(self.config).items() if k not in _NEWER or v != _NEWER[k]},
                **({"model": digest} if (digest := self._model_digest or self._finder_model_digest()) else {}),
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def _finder_model_digest(self) -> str | None:
        """With the model finder on, what its model does, by content: a refit of the
        built-in model, or another model given as an object, then gives another
        fingerprint. None with the hand-set finder (its fingerprints stay as they were)."""
        if self.config.finder != "model":
            return None
        import json

        from .model import MODEL_FILE

        if self._model is None:
            return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(self._model.to_json(), sort_keys=True).encode("utf-8")).hexdigest()

    def observe(
        self, doc: Document, site: str | None = None, view: View | None = None
    ) -> tuple[str | None, Context, dict[int, Kept]]:
        """What the rules see of a document: its language, the line shapes and phrase hits
        (``Context``), and the lines the user keeps: named by a category of ``--keep``,
        or matched by an allow rule (with the phrase hits it overrules). ``view``: the
        joined view ``doc`` is the text of, if any: the lines its renderer marked
        (``View.marks``) are hits as a phrase's are, so the article region weighs an image
        or a link block as it weighs an ad label or a menu phrase, and the lines it marks
        as headings and list items are the context's (``View.headings``, ``View.bullets``)."""
        marks = view.marks if view is not None else None
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
            lang,
            view.headings if view is not None else frozenset(),
            view.bullets if view is not None else frozenset(),
            view.aligned if view is not None else frozenset(aligned_rows([line.text for line in doc.lines])),
        )
        return lang, ctx, kept_by_user

    def run(self, doc: Document, extra: Mapping[int, Sequence[Verdict]] | None = None, site: str | None = None, explain: bool = True) -> Result:
        """Clean one document. ``extra`` adds first-pass verdicts from outside the document
        (e.g. lines repeated across a folder, ``category="repeated"``), keyed by line index.
        ``site``: the document's site (host), for rules with ``sites`` (default ``Config.site``).
        ``explain=False``: the article model's verdicts leave out the features that weighed
        most, for a caller that reads the text alone (a tenth of the model's time).

        Python's cycle collector is paused meanwhile, and left as it was after: a document
        makes many small objects without cycles (line features, verdicts), and the
        collector's passes over them grew faster than the document (200,000 menu lines:
        11.3 times the time of 20,000 with it, 10.3 without, and a fifth faster)."""
        size = self.config.window_lines
        with _collector_paused():
            if len(doc.lines) <= size:
                return self._run_document(doc, extra, site, explain)
            pieces = windows.document_pieces(doc, extra, size)
            return windows.merge(doc, ((begin, self._run_document(piece, outside, site, explain)) for begin, piece, outside in pieces), size)

    def clean_text(self, text: str) -> str:
        """``run(segment(text), explain=False).text``, holding no more than a window's
        lines at a time when the text is longer than one (``windows.py``)."""
        if windows.line_count(text) <= self.config.window_lines:  # (a byte order mark counts at most one line more)
            return self.run(segment(text), explain=False).text
        return self.outcome(text).text

    def outcome(self, text: str) -> windows.Outcome:
        """``text`` cleaned as ``clean_text`` does, with the count of lines removed and
        the note ``run`` gives (``cleaner clean`` without a report)."""
        return windows.outcome(text, self.config.window_lines, lambda doc: self.run(doc, explain=False))

    def _run_document(self, doc: Document, extra: Mapping[int, Sequence[Verdict]] | None, site: str | None, explain: bool) -> Result:
        """``run`` on a document of one window at most."""
        fmt = self.config.input_format
        if fmt == "auto":
            fmt = detect_format(doc)
        view = lines_view(doc) if fmt == "lines" else format_view(doc, fmt)
        if view is None:
            return self._run(doc, extra, site, explain)
        return self._run_view(doc, view, extra, site, explain)

    def _run_view(self, doc: Document, view: View, extra: Mapping[int, Sequence[Verdict]] | None, site: str | None, explain: bool) -> Result:
        """Clean wrapped, Markdown or tag-split input, or one-block-a-line input with
        hard-wrapped passages: decide on its logical lines (a paragraph each), then give
        each verdict to every input line of the paragraph, so no paragraph is cut and the
        output is still the input's lines."""
        logical: dict[int, list[Verdict]] = {}
        for index, span in enumerate(view.spans):
            if extra and all(j in extra for j in span):  # every line of it repeated in the folder
                logical[index] = [replace(v, line=index) for v in extra[span[0]]]
        result = self._run(view.doc, logical, site, explain, view)
        spans = view.spans
        addresses = self._addresses(doc, view, result)
        kept = tuple(j for i in result.kept for j in spans[i] if j not in addresses)
        removed = tuple(
            Removal(j, doc.lines[j].text, tuple(replace(v, line=j) for v in r.reasons))
            for r in result.removed
            for j in spans[r.line]
        )
        if addresses:
            removed = tuple(sorted((*removed, *addresses.values()), key=lambda r: r.line))
        region = None if result.region is None else map_region(result.region, spans.__getitem__)
        saved = tuple(replace(s, line=j, text=doc.lines[j].text) for s in result.saved for j in spans[s.line])
        return Result(doc, kept, removed, result.language, region, result.notes, result.timed_out, view.format, saved)

    def _addresses(self, doc: Document, view: View, result: Result) -> dict[int, Removal]:
        """The input lines of kept Markdown paragraphs that hold only the rest of a broken
        link address (``formats.address_lines``), removed with their rule; none in a text
        that reads as clean."""
        if view.format != "markdown" or ADDRESS_RULE not in self._ids or CLEAN_TEXT_NOTE in result.notes:
            return {}
        rule = self.rules.get(ADDRESS_RULE)
        if rule.category in self.config.keep:
            return {}
        found = {}
        for i in result.kept:
            for j in address_lines(doc.lines, view.spans[i]):
                text = doc.lines[j].text
                evidence = Evidence(text, (0, len(text)), "the rest of a link's address, broken onto a line of its own")
                found[j] = Removal(j, text, (Verdict(j, rule.id, rule.category, rule.strength, evidence),))
        return found

    def _run(
        self, doc: Document, extra: Mapping[int, Sequence[Verdict]] | None, site: str | None, explain: bool, view: View | None = None
    ) -> Result:
        config = self.config
        lang, ctx, kept_by_user = self.observe(doc, site, view)
        info, hits = ctx.info, ctx.hits
        if not config.aggressive and lang in self._phrase_languages and _reads_clean(ctx, kept_by_user, extra):
            kept, layout = leftover_blanks(doc, set())
            return Result(doc, kept, tuple(layout), lang, None, (CLEAN_TEXT_NOTE,))
        decoded = None
        if config.finder == "model":
            from .region import find_article

            decoded = find_article(ctx, self.model, self.region_params)
        region = decoded.region if decoded is not None else find_region(ctx, self.region_params)
        # (The comment section's opener: the guards and the removal budget both stop there.)
        comments = comments_after(ctx, region.end, self.region_params) if region is not None else None
        protected = guards(ctx, region, self.region_params, comments)
        verdicts: dict[int, list[Verdict]] = {
            index: [Verdict(index, h.rule.id, h.rule.category, h.rule.strength, h.evidence) for h in hs]
            for index, hs in hits.items()
        }
        # Verdicts on a line the user keeps are recorded but never applied (``resolve``):
        # an allow rule's line then says what it overruled.
        for index, extra_verdicts in (extra or {}).items():
            for v in extra_verdicts:
                if v.category not in config.keep:
                    verdicts.setdefault(index, []).append(v)
        if decoded is not None and REGION_RULE in self._ids:
            from .region import outside_verdicts

            for v in outside_verdicts(decoded, self.model, self.rules.get(REGION_RULE), explain):
                if v.category not in config.keep:
                    verdicts.setdefault(v.line, []).append(v)
        removed = resolve(verdicts, protected, kept_by_user, strong_only=False, aggressive=config.aggressive)
        for rule, fn in self.context_rules:
            if decoded is not None and rule.id in MODEL_REPLACES:
                continue
            added = False
            for v in fn(ctx, rule, region, removed):
                if v.category not in config.keep:
                    verdicts.setdefault(v.line, []).append(v)
                    added = True
            if added:  # (no new verdict, the same removals: resolving costs a pass over every verdict)
                removed = resolve(verdicts, protected, kept_by_user, strong_only=False, aggressive=config.aggressive)

        notes: list[str] = [
            f"rule {rule_id} hit its time limit ({REGEX_TIMEOUT} s) on {n} line{'s' if n != 1 else ''} and was skipped there"
            for rule_id, n in ctx.timed_out.items()
        ]
        # The budget weighs what the verdicts take beyond strong phrase matches: those go
        # in any case, so the fallback is stable when cleaned again. Nor does it weigh a
        # comment thread under a comment heading or named by a comment control in or
        # right after it (``threads.py``), nor the teasers under a heading of other
        # stories that ended the article (``Region.feed``), nor anything after
        # the comment section's heading, count or policy that ends the article
        # (``comments_after``; the posts' headers may have no shape a thread is seen
        # by): posts are prose, and often more of it than the article's. (Without a
        # heading, the posts may be the page: a forum's, a listing's.) Prose here is in
        # sentences: a long line with no sentence punctuation is as often a menu run on
        # ("Select Month July 2012 June 2012 ...") as a paragraph.
        strong = resolve(verdicts, protected, kept_by_user, strong_only=True, aggressive=config.aggressive)
        min_size = int(self.region_params["prose_min_size"])
        thread = region.thread if region is not None else None
        if thread is not None and thread.heading is None and not thread.marked:
            thread = None
        prose = [
            i
            for i in info
            if i.index not in strong
            and (comments is None or i.index < comments)
            and (region is None or region.feed is None or i.index < region.feed)
            and (thread is None or not thread.contains(i.index))
            and (
                is_prose(ctx, i, min_size) and (i.sentence_end or i.sentences > 0 or i.continues)
                or (region is not None and region.contains(i.index) and not i.blank)  # a list article's items
            )
            and not echoed(ctx, i.index)
        ]
        total = sum(i.size for i in prose)
        lost = sum(i.size for i in prose if i.index in removed)
        budget = config.budget if config.budget is not None else self.model.budget if decoded is not None else RULES_BUDGET
        if total >= int(self.region_params["budget_min_prose"]) and lost > budget * total:
            notes.append(
                f"removal budget: the rules would remove {lost / total:.0%} of the prose "
                f"(limit {budget:.0%}); from the first paragraph to the last only strong phrase rules were applied"
            )
            # Which block is the article is in doubt, not that the page's chrome lies
            # outside all of its text: the verdicts still remove what comes before the
            # first paragraph or sentence (or the headline right above it) and after the last.
            edges = [i.index for i in prose] + [i.index for i in info if i.index not in strong and _reads_as_text(ctx, i, min_size)]
            first, last = min(edges), max(edges)
            headline, _ = find_headline(ctx, first, last + 1, self.region_params)
            if headline is not None and sum(not i.blank for i in info[headline:first]) <= 3:
                first = headline
            removed = strong | {i for i in removed if i < first or i > last}

        removals = [
            Removal(index, doc.lines[index].text, tuple(sorted(verdicts[index], key=reason_order)))
            for index in sorted(removed)
        ]
        kept, layout = leftover_blanks(doc, removed)
        removals.extend(layout)
        removals.sort(key=lambda r: r.line)
        saved = tuple(
            Saved(index, doc.lines[index].text, k.allow, tuple(dict.fromkeys([h.rule.id for h in k.hits] + [v.rule_id for v in verdicts.get(index, ())])))
            for index, k in sorted(kept_by_user.items())
            if k.allow is not None and (k.hits or verdicts.get(index))
        )
        return Result(doc, kept, tuple(removals), lang, region, tuple(notes), ctx.timed_out, saved=saved)


CLEAN_TEXT_NOTE = "no phrase rule named any line: the text reads as clean, so no line was removed for its place in the page"


def _reads_as_text(ctx: Context, i: LineInfo, min_size: int) -> bool:
    """A line an article may open or close with: a long line with a function word in it
    where they are counted (a menu printed on one line has none), a short sentence
    ("Pricey, though!") or one announcing what follows ("Here is an example:")."""
    if i.blank:
        return False
    return i.size >= min_size and (i.density > 0 or not ctx.density_floor) or i.words >= 3 and (i.sentence_end or ctx.doc.lines[i.index].text.rstrip().endswith((":", "：")))


def _reads_clean(ctx: Context, kept_by_user: Mapping[int, Kept], extra: Mapping[int, Sequence[Verdict]] | None) -> bool:
    """A page (in a language the phrase rules cover) on which no rule found any boilerplate: no
    phrase hit (kept lines' hits count too), no renderer mark, no line repeated across
    the folder, no rule that ran out of time. Whole pages seldom read so (4 of 1,470
    benchmark pages, 66 of 1,301 cut to paragraphs) and clean article texts mostly do
    (980 of 1,460), so the structural rules, which remove by place alone, do not run:
    without a sign of boilerplate, a line far from the longest prose is more likely
    article than cruft. The price is a menu no phrase names kept (README).
    ``--aggressive`` runs them anyway (a menu rendered twice, no phrase in it)."""
    return (
        not ctx.hits
        and not ctx.timed_out
        and not extra
        and not any(k.hits for k in kept_by_user.values())
    )


def _line_matcher(rules: RuleSet, languages: frozenset[str], builtin: Mapping[str, Rule]) -> LineMatcher:
    """``LineMatcher(rules, languages)``, kept on disk (``cache.built``): its phrase tables,
    prefilters and compiled patterns are what most of a short run's start went into.
    Keyed by the code that builds it and by the rules: a rule of ``builtin`` (the
    built-in rules by id) by its id, the packs' digest standing for its content; any
    other by its ``repr`` (every field). The rules themselves are not stored: the
    matcher read back holds these very objects."""
    parts = [repr(sorted(languages))]
    for rule in rules:
        parts.append(f"b {rule.id}" if builtin.get(rule.id) is rule else f"r {rule!r}")
    return cache.built(
        "matcher",
        builtin_digest() + cache.text_digest("\n".join(parts)),
        lambda: LineMatcher(rules, languages),
        {("cleaner.matcher", "LineMatcher"): LineMatcher},
        sources=(matcher_module, phrases_module, prefilter_module, rules_module, packs_module),
        refs={rule.id: rule for rule in rules},
        ref=lambda obj: obj.id if type(obj) is Rule else None,
    )


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


@lru_cache(maxsize=32)
def pipeline(config: Config = Config()) -> Pipeline:
    """The compiled pipeline for a config, built once per process and reused."""
    return Pipeline(config)


def _check_arguments(text: Any, config: Any, function: str) -> None:
    if not isinstance(text, str):
        hint = "; for bytes use cleaner.decode(data), then cleaner.pipeline(config).run(document)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"cleaner.{function}() takes the text as a str, not {kind_of(text)[:60]}{hint}")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"cleaner.{function}(): config must be a cleaner.Config or None, not {kind_of(config)}")


def clean_and_explain(text: str, config: Config | None = None) -> Result:
    """Clean ``text`` and say why each removed line went."""
    _check_arguments(text, config, "clean_and_explain")
    return pipeline(config or Config()).run(segment(text))


def clean(text: str, config: Config | None = None) -> str:
    """The article text alone: ``text`` without its boilerplate lines."""
    _check_arguments(text, config, "clean")
    return pipeline(config or Config()).clean_text(text)
