"""The line-rule engine: every phrase and pattern rule compiled once, one pass per line.

All ``line`` phrases go into one dictionary keyed by the normalised line, all ``prefix``
and all ``contains`` phrases into one alternation each, so a line costs a dictionary
lookup and two regex scans however many rules there are. A match is mapped back to its
rule through the normalised phrase it matched. The phrases' normal forms and tables are
in ``phrases.py``, the patterns' literal prefilter (the words a line must hold) in
``prefilter.py``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

import regex

from . import cache
from .phrases import MEMO_MAX_CHARS, MEMO_SIZE, fold, normalise, phrase_tables, wanted
from .prefilter import UNSHAREABLE_RE, anchored, case_fold, leads
from .rules import Evidence, Rule, RuleSet

# The line-length limit: a line longer than this (as it is, spaces and all: the rules scan
# all of it) is prose or data, never a boilerplate line of its own. No line rule (phrase
# or pattern) is tried on it, nor the pattern checks of the context rules
# (``context.checked_text``): it is judged by its features alone (size, letters,
# punctuation; each linear in the line). No page of the benchmark or the fixtures has a
# line over it whose text is shorter: "x", 200,000 spaces, "x" took 86 scans of the
# whole line before.
MAX_RULE_CHARS = 5000
# Upper bound, in seconds, for one regex scan of one line (hostile text, a user's bad pattern).
REGEX_TIMEOUT = 0.25
# Shared scans (``LineMatcher._ruled_out``): one alternation of many patterns tells in
# one scan, with one timer (about 2 us each), that none of them matches a line. The scan
# of the patterns that open with "^" takes about 65 ms to compile and saves about 90 us
# a line; both are built once this many lines were scanned (a single page does not pay
# for them; a big document or a batch does), or at once when the cache (``cache.py``)
# holds them compiled.
SHARED_SCAN_AFTER = 1000
# ... and used on lines up to this long. On a long run of spaces or punctuation the one
# alternation backtracks worse than its patterns one by one (5,000 spaces: 141 ms against
# 41 ms; 1,000: 14 ms against 9 ms), and long lines are few. The patterns searched
# anywhere in a line lose their own optimisations in one alternation: ahead on lines
# under 80 characters (under 30: 7 us against 34 us for English), behind on longer ones.
START_SCAN_MAX_CHARS = 1000
ANYWHERE_SCAN_MAX_CHARS = 80
# Lines are put in length classes for the shared scans: a class's scans hold only the
# patterns whose rule allows a line of that length (``max_chars``), so a 400-character
# paragraph is scanned by the few patterns meant for long lines, not all 65. The class of
# a line of length L is the first bound >= L; its patterns are those that fit the
# shortest line of the class (a superset: each is still checked against L).
LENGTH_CLASSES = (40, 80, 160, 300, 1000)
# How many leading letters key a prefilter's inner word (``LineMatcher._passing``).
_WORD_KEY = 3
# A word: what the phrase lists' boundaries ("(?<!\w)", "(?!\w)") are made of.
_WORD_RE = cache.constant(r"\w+")


_NO_SPACE_SCRIPT_RE = cache.constant(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# A stretch of text in quotation marks: what a banner or a sign said, reported in a sentence.
_QUOTED_RE = cache.constant(r'"[^"]{3,}"|“[^“”]{3,}[”“]|„[^“”„]{3,}[“”]|«[^«»]{3,}»|»[^«»]{3,}«|「[^「」]{3,}」|『[^『』]{3,}』')


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on a line and what it matched."""

    rule: Rule
    evidence: Evidence


class LineMatcher:
    """All line-level rules of a RuleSet, compiled. Its answers depend on the line alone
    (it remembers them, and builds its shared scans, as it goes).

    ``languages`` limits phrases and patterns to those languages (entries under ``any``
    always apply); None means every language."""

    def __init__(self, rules: RuleSet, languages: frozenset[str] | None = None) -> None:
        self._whole, self._prefix, self._contains = phrase_tables(rules, languages)
        self._store = "patterns-" + ("-".join(sorted(languages)) if languages is not None else "all")  # (cache.compile)
        # The shared scans in a store of their own: a matcher read whole from the cache
        # (``cache.built``) asks on its first line whether they are stored, and should
        # not read every pattern ever compiled to answer.
        self._scan_store = "scans" + self._store[len("patterns"):]
        # (rule, compiled, the shared scan it is part of: "start", "anywhere" or "" for none)
        self._patterns: list[tuple[Rule, regex.Pattern[str], str]] = [
            (rule, cache.compile(pattern, regex.IGNORECASE, store=self._store), _shared_scan(pattern))
            for rule in rules
            if rule.kind == "pattern"
            for lang, patterns in rule.patterns.items()
            if wanted(lang, languages)
            for pattern in patterns
        ]
        self._scanned = 0  # lines scanned (not answered from the memo)
        # The literal prefilters (``prefilter.py``), by pattern index: a "^" pattern's leading
        # words by the run it steps over and by their first letter; the others' words,
        # each with the patterns it lets through. A prefiltered pattern is in no shared scan.
        self._led: frozenset[int] = frozenset()
        self._heads: dict[regex.Pattern[str], dict[str, list[tuple[int, tuple[str, ...]]]]] = {}
        inner: dict[str, list[int]] = {}
        self._head_chars = 0
        for index, lead in enumerate(leads([pattern.pattern for _, pattern, _ in self._patterns])):
            if lead is None:
                continue
            self._led |= {index}
            if lead.skip is None:
                for word in lead.words:
                    inner.setdefault(word, []).append(index)
                continue
            by_letter = self._heads.setdefault(lead.skip, {})
            for letter in {word[0] for word in lead.words}:
                by_letter.setdefault(letter, []).append((index, tuple(w for w in lead.words if w[0] == letter)))
            self._head_chars = max(self._head_chars, *map(len, lead.words))
        # The inner words by their first ``_WORD_KEY`` letters: a line is looked up by the
        # runs of so many letters it holds, not searched for each of some 250 words (19.5 us
        # a line on dev/page in a loop over them, 15 this way); a shorter word is searched for.
        self._inner_keyed: dict[str, list[tuple[str, list[int]]]] = {}
        self._inner_short: list[tuple[str, list[int]]] = []
        for word, indices in inner.items():
            if len(word) < _WORD_KEY:
                self._inner_short.append((word, indices))
            else:
                self._inner_keyed.setdefault(word[:_WORD_KEY], []).append((word, indices))
        # "split" rules: a line of parts joined by a separator ("By X | Updated 14:05"),
        # every part named by a rule of the given categories (or one of the given rule ids).
        self._splits: list[tuple[Rule, regex.Pattern[str], frozenset[str]]] = [
            (rule, regex.compile("|".join(regex.escape(s) for s in rule.params["separators"])), frozenset(rule.params["categories"]))
            for rule in rules
            if rule.kind == "split"
        ]
        self._memo: dict[str, tuple[tuple[Hit, ...], tuple[str, ...]]] = {}
        # Each rule's own phrase list, compiled when a shared scan first hits its time limit.
        self._own_lists: dict[str, list[tuple[str, regex.Pattern[str] | None]]] = {}
        self._prefix_re = self._alternation(self._prefix, anchored=True)
        self._contains_re = self._alternation(self._contains, anchored=False)
        # The contains scan's literal prefilter: a phrase found between word boundaries
        # holds whole words of the line, so a line that holds every word of no phrase
        # (most prose) skips the scan (about 200 us on a 300-character line: one lookup
        # per phrase length at each position; on the lines of up to 80 characters of
        # dev/page the check and the scans it lets through take half the time of the
        # scans alone). Phrases without a word, or of scripts
        # written without spaces (no boundaries), are looked for as substrings instead.
        self._contains_words: dict[str, list[frozenset[str]]] = {}  # a phrase's longest word -> its words
        for key in self._contains:
            if not _NO_SPACE_SCRIPT_RE.search(key) and (words := _WORD_RE.findall(key)):
                self._contains_words.setdefault(max(words, key=len), []).append(frozenset(words))
        self._contains_others: tuple[str, ...] = tuple(
            key for key in self._contains if _NO_SPACE_SCRIPT_RE.search(key) or not _WORD_RE.search(key)
        )

    def _alternation(self, table: dict[str, Rule], anchored: bool) -> regex.Pattern[str] | None:
        """One pattern for all phrases of a kind. Named lists (``\\L<...>``) compile to a
        fast literal set; phrases of scripts written without spaces get no word boundaries."""
        if not table:
            return None
        spaced = [p for p in table if not _NO_SPACE_SCRIPT_RE.search(p)]
        unspaced = [p for p in table if _NO_SPACE_SCRIPT_RE.search(p)]
        lead = r"^[\W_]*" if anchored else ""
        branches = []
        if spaced:
            # (a phrase that ends in punctuation ends a word itself: "Read:" in "Read:The
            # storm", as text printed with a link's space left out has it)
            branches.append(r"(?<!\w)\L<spaced>(?:(?<=\W)|(?!\w))")
        if unspaced:
            branches.append(r"\L<unspaced>")
        # ignore_unused: one of the two lists may be empty, and its \L<...> then unused.
        return cache.compile(lead + "(" + "|".join(branches) + ")", ignore_unused=True, store=self._store, spaced=spaced, unspaced=unspaced)

    @cached_property
    def _scans(self) -> dict[str, regex.Pattern[str] | None]:
        """Each shared scan (``_shared_scan``) for the shortest lines: every pattern of it."""
        return self._class_scans(0)  # type: ignore[return-value]

    def _class_scans(self, cls: int, only_stored: bool = False) -> dict[str, regex.Pattern[str] | None] | None:
        """The shared scans of a length class: one alternation of the patterns of each scan
        whose rule allows the class's shortest line. Compiled on first use; with
        ``only_stored``, None unless the cache holds them compiled (then they cost
        nothing to build, and pay from the first line)."""
        found = self._scans_by_class.get(cls)
        if found is None:
            if only_stored and cls in self._unstored:
                return None
            shortest = LENGTH_CLASSES[cls - 1] + 1 if cls else 1
            joined = {
                scan: _joined([
                    pattern.pattern
                    for index, (rule, pattern, s) in enumerate(self._patterns)
                    if s == scan and index not in self._led and self._fits(rule, shortest)
                ])
                for scan in ("start", "anywhere")
            }
            if only_stored and not all(j is None or cache.stored(j, regex.IGNORECASE, self._scan_store) for j in joined.values()):
                self._unstored.add(cls)
                return None
            found = self._scans_by_class[cls] = {scan: _any_of(j, self._scan_store) for scan, j in joined.items()}
        return found

    @cached_property
    def _scans_by_class(self) -> dict[int, dict[str, regex.Pattern[str] | None]]:
        return {}

    @cached_property
    def _unstored(self) -> set[int]:
        """The length classes whose shared scans the cache did not hold when first asked:
        not asked again on each line (joining the patterns and hashing the alternation
        cost about 20 us a line) until the scans are built, after ``SHARED_SCAN_AFTER``."""
        return set()

    @cached_property
    def _candidates(self) -> dict[tuple[int, frozenset[str]], list[int]]:
        """The patterns without a prefilter to try, by index (rule order), for a line's
        length class when the given shared scans found nothing (a line's loop over them
        all cost 40 us in Python alone): those that can fit a line of the class."""
        subsets = [frozenset(s) for s in ((), ("start",), ("anywhere",), ("start", "anywhere"))]
        out = {}
        for cls in range(len(LENGTH_CLASSES) + 1):
            shortest = LENGTH_CLASSES[cls - 1] + 1 if cls else 1
            fitting = [i for i, entry in enumerate(self._patterns) if i not in self._led and self._fits(entry[0], shortest)]
            for ruled in subsets:
                out[cls, ruled] = [i for i in fitting if self._patterns[i][2] not in ruled]
        return out

    def _passing(self, text: str) -> set[int]:
        """The prefiltered patterns whose leading words the line holds (``prefilter.py``)."""
        passing: set[int] = set()
        for skip, by_letter in self._heads.items():
            start = skip.match(text).end()  # type: ignore[union-attr]
            head = case_fold(text[start : start + self._head_chars])
            for index, words in by_letter.get(head[:1], ()):
                if head.startswith(words):
                    passing.add(index)
        if self._inner_keyed or self._inner_short:
            passing.update(self._holding(case_fold(text)))
        return passing

    def _holding(self, folded: str) -> set[int]:
        """The prefiltered patterns with an inner word that the folded line holds: each word
        of ``_WORD_KEY`` letters or more looked at only where the line holds its first ones."""
        out: set[int] = set()
        for word, indices in self._inner_short:
            if word in folded:
                out.update(indices)
        keys = {folded[k : k + _WORD_KEY] for k in range(len(folded) - _WORD_KEY + 1)}
        for key in keys.intersection(self._inner_keyed):
            for word, indices in self._inner_keyed[key]:
                if word in folded:
                    out.update(indices)
        return out

    def _ruled_out(self, text: str, cls: int = 0) -> frozenset[str]:
        """The shared scans that found nothing in ``text``: none of their patterns can
        match it, so none is tried. "start" is matched at the start of the line only (its
        patterns can match nowhere else), "anywhere" searched through it."""
        self._scanned += 1
        out: set[str] = set()
        scans = self._class_scans(cls, only_stored=self._scanned <= SHARED_SCAN_AFTER)
        if scans is None:
            return frozenset()
        for scan, limit in (("start", START_SCAN_MAX_CHARS), ("anywhere", ANYWHERE_SCAN_MAX_CHARS)):
            compiled = scans[scan]
            if compiled is None or len(text) > limit:
                continue
            try:
                found = (compiled.match if scan == "start" else compiled.search)(text, timeout=REGEX_TIMEOUT)
            except TimeoutError:
                continue  # its patterns are tried one by one, each with its own limit
            if found is None:
                out.add(scan)
        return frozenset(out)

    @staticmethod
    def _fits(rule: Rule, length: int) -> bool:
        return not rule.max_chars or length <= rule.max_chars

    def match(self, text: str) -> tuple[Hit, ...]:
        """Every rule that fires on this line (at most one hit per rule)."""
        return self.match_timed(text)[0]

    def match_timed(self, text: str) -> tuple[tuple[Hit, ...], tuple[str, ...]]:
        """``match``, and the pattern rules that hit their time limit (``REGEX_TIMEOUT``)
        on this line and were skipped. Site furniture repeats across lines and pages, so
        answers for short lines are remembered (a bounded memo: the answer depends on the
        text alone)."""
        if len(text) > MEMO_MAX_CHARS:
            return self._match(text)
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = self._match(text)
        return found

    def _match(self, text: str) -> tuple[tuple[Hit, ...], tuple[str, ...]]:
        slow: list[str] = []
        hits = self._match_all(text, slow)
        quoted = [m.span() for m in _QUOTED_RE.finditer(text)] if hits else []
        return tuple(h for h in hits if not _inside(h.evidence.span, quoted)), tuple(slow)

    def _match_all(self, text: str, slow: list[str]) -> tuple[Hit, ...]:
        if len(text) > MAX_RULE_CHARS:  # (told before ``strip``, which would copy a huge line)
            return ()
        stripped = text.strip()
        length = len(stripped)
        if not length:
            return ()
        hits: dict[str, Hit] = {}

        rule = self._whole.get(normalise(stripped))
        if rule is not None and self._fits(rule, length):
            start = text.index(stripped)
            hits[rule.id] = Hit(rule, Evidence(stripped, (start, start + length)))

        folded = fold(text)
        for kind, compiled, table in (("prefix", self._prefix_re, self._prefix), ("contains", self._contains_re, self._contains)):
            if compiled is None or folded is None:
                continue
            if kind == "contains" and not self._may_contain(folded):
                continue
            try:
                found = list(compiled.finditer(folded, timeout=REGEX_TIMEOUT))
            except TimeoutError:
                found = self._rule_by_rule(kind, table, folded, slow)
            for m in found:
                hit_rule = table.get(m.group(1))
                if hit_rule is None or hit_rule.id in hits or not self._fits(hit_rule, length):
                    continue
                hits[hit_rule.id] = Hit(hit_rule, Evidence(text[m.start(1) : m.end(1)], m.span(1)))

        cls = bisect_left(LENGTH_CLASSES, length)
        order = self._candidates[cls, self._ruled_out(text, cls)]
        passing = self._passing(text) if self._led else None
        if passing:
            order = sorted(passing.union(order))
        for index in order:
            pat_rule, pattern, _ = self._patterns[index]
            if pat_rule.id in hits or not self._fits(pat_rule, length):
                continue
            try:
                m = pattern.search(text, timeout=REGEX_TIMEOUT)
            except TimeoutError:
                slow.append(pat_rule.id)  # skipped on this line; the run says so once
                continue
            if m is not None:
                hits[pat_rule.id] = Hit(pat_rule, Evidence(m.group(), m.span()))
        if not hits:
            hits.update((hit.rule.id, hit) for hit in self._split_hits(text, stripped, slow))
        return tuple(hits.values())

    def _may_contain(self, folded: str) -> bool:
        """Whether a contains phrase can be in the folded line (the prefilter above): no
        false "no", so skipping the scan on "no" changes no answer."""
        if self._contains_others and any(key in folded for key in self._contains_others):
            return True
        words = set(_WORD_RE.findall(folded))
        return any(phrase <= words for word in words.intersection(self._contains_words) for phrase in self._contains_words[word])

    def _rule_by_rule(self, kind: str, table: dict[str, Rule], folded: str, slow: list[str]) -> list[regex.Match[str]]:
        """The phrases of ``table`` tried one rule's list at a time, after the shared scan of
        them all hit its time limit: the rule whose list is slow on this line is named and
        skipped (as a slow pattern is), the others still apply.

        A phrase list costs, per position of the line, about one lookup per distinct phrase
        length: linear in the line, and the built-in lists take at most about 15 ms on a
        line of ``MAX_RULE_CHARS`` of any shape. A rule file with hundreds of phrases of as
        many lengths can take seconds on a hostile line, so the scan has a time limit too."""
        lists = self._own_lists.get(kind)
        if lists is None:
            owners: dict[str, dict[str, Rule]] = {}
            for key, rule in table.items():
                owners.setdefault(rule.id, {})[key] = rule
            lists = self._own_lists[kind] = [(rule_id, self._alternation(own, kind == "prefix")) for rule_id, own in owners.items()]
        found: list[regex.Match[str]] = []
        for rule_id, compiled in lists:
            try:
                found.extend(list(compiled.finditer(folded, timeout=REGEX_TIMEOUT)))  # type: ignore[union-attr]
            except TimeoutError:
                slow.append(rule_id)
        return found

    def _split_hits(self, text: str, stripped: str, slow: list[str]) -> list[Hit]:
        """The ``split`` rules whose every part of the line is named by a rule of their
        categories: "By Jane Doe · 12 March 2025 · 3 min read" is a byline, a date and a
        reading time."""
        out = []
        for rule, separators, categories in self._splits:
            if not self._fits(rule, len(stripped)):
                continue
            parts = [part.strip() for part in separators.split(stripped)]
            if len(parts) < 2 or not all(parts):
                continue
            named = [self._match_all(part, slow) for part in parts]
            if all(any(_names_part(h.rule, categories) for h in hits) for hits in named):
                ids = " + ".join(next(h.rule.id for h in hits if _names_part(h.rule, categories)) for hits in named)
                start = text.index(stripped)
                out.append(Hit(rule, Evidence(stripped, (start, start + len(stripped)), ids)))
        return out


def _names_part(rule: Rule, named_by: frozenset[str]) -> bool:
    """The rule may name a part of a ``split`` rule's line: its category or its id is
    listed ("metadata", "social.comment-count": a count of comments, not every share
    button, "By Ann Lee · 12 Comments")."""
    return rule.category in named_by or rule.id in named_by


def _shared_scan(pattern: str) -> str:
    """Which shared scan a pattern can be part of: "start" (``anchored``), "anywhere", or
    none ("") if it cannot share an alternation."""
    if anchored(pattern):
        return "start"
    return "" if UNSHAREABLE_RE.search(pattern) else "anywhere"


def _joined(patterns: list[str]) -> str | None:
    """One alternation of ``patterns`` (None if there are none)."""
    return "|".join(f"(?:{p})" for p in patterns) if patterns else None


def _any_of(joined: str | None, store: str) -> regex.Pattern[str] | None:
    """The compiled alternation (``_joined``): it matches where one of its patterns does
    (a prefilter; the rule that matched is then found by trying each). None if there
    are none or they do not compile together."""
    if joined is None:
        return None
    try:
        return cache.compile(joined, regex.IGNORECASE, store=store)
    except regex.error:
        return None


def _inside(span: tuple[int, int] | None, quoted: list[tuple[int, int]]) -> bool:
    """The match lies within quotation marks: a sentence quoting a cookie banner or a
    newsletter's sign-up line reports on it; boilerplate does not quote itself."""
    return span is not None and any(a < span[0] and span[1] < b for a, b in quoted)
