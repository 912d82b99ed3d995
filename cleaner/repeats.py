"""Lines repeated across a folder: a site's footer, newsletter pitch or "more from this
section" list appears on every page of the site, worded the same.

Two passes. The first counts, for every normalised line, the number of documents it occurs
in (``DocFrequency``). It keeps 8-byte hashes, never texts, and its memory is bounded: when
the table outgrows ``max_entries`` it drops the rarest entries, lossy-counting style, and
remembers how many occurrences it may have missed since, so a count is always a lower bound
and a line is only called repeated when its lower bound clears the thresholds. A folder that
never fills the table (hundreds of thousands of files) is counted exactly.

The second pass turns the frequent lines into first-pass verdicts for ``Pipeline.run(doc,
extra=...)`` (``verdicts``), with guards: the length limits, a line that is most of its
document, and a sentence that sits between two unrepeated sentences (a quote two articles
share, a stock phrase in an article) all stay. The pipeline's own guards (headline, long
prose, quoted speech) then apply, as for any normal verdict.

``learn`` writes the repeated lines as a rule pack (kind ``line``) for a person to review
and use with ``cleaner clean --rules``.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, fields, replace
from typing import Any, Iterable, Mapping

import regex

from .document import Document
from .features import FULL_STOPS
from .phrases import normalise
from .rules import Evidence, Rule, Verdict

RULE_ID = "repeated.folder"

_COUNT_BITS = 32
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_SENTENCE_END_RE = regex.compile(rf"[.!?。！？…;؟{FULL_STOPS}][\"'”’»)\]）」』]*\s*$")
# A neighbour this long that ends like a sentence is article prose (see ``_between_sentences``).
_PROSE_NEIGHBOUR_CHARS = 40


@dataclass(frozen=True)
class RepeatParams:
    """Thresholds and guards; the defaults live in ``cleaner/packs/repeated.toml``."""

    min_docs: int = 3
    min_share: float = 0.1
    min_chars: int = 2
    max_chars: int = 400
    max_doc_share: float = 0.5
    max_entries: int = 4_000_000

    @classmethod
    def from_rule(cls, rule: Rule, **overrides: Any) -> RepeatParams:
        """The rule's params, then any override that is not None (command-line options)."""
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in {**rule.params, **{k: v for k, v in overrides.items() if v is not None}}.items():
            if key in known:
                values[key] = float(value) if known[key] == "float" else int(value)
        return replace(cls(), **values)

    def threshold(self, docs: int) -> int:
        """The number of documents a line must be in: ``min_docs`` and ``min_share``.

        >>> RepeatParams(min_docs=3, min_share=0.1).threshold(120)
        12
        >>> RepeatParams(min_docs=3, min_share=0.1).threshold(6)
        3
        """
        return max(1, self.min_docs, math.ceil(self.min_share * docs - 1e-9))


def line_key(text: str, params: RepeatParams) -> str | None:
    """The form in which lines are compared across documents, or None if the line is too
    short or too long to count.

    >>> line_key("  © 2024 The Ledger.  ", RepeatParams())
    '2024 the ledger'
    >>> line_key("—", RepeatParams()) is None
    True
    """
    if len(text) > params.max_chars * 2:  # cheap pre-check before normalising a huge line
        return None
    key = normalise(text)
    return key if params.min_chars <= len(key) <= params.max_chars else None


def line_hash(key: str) -> int:
    """A stable 64-bit hash (the same in every process, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def doc_hashes(doc: Document, params: RepeatParams) -> set[int]:
    """The distinct hashes of a document's countable lines: one vote per document."""
    out: set[int] = set()
    for line in doc.lines:
        key = line_key(line.text, params)
        if key is not None:
            out.add(line_hash(key))
    return out


class DocFrequency:
    """How many documents each line hash occurs in, in bounded memory.

    Each value packs a count (low 32 bits) and the number of occurrences the entry may have
    missed because it was pruned before (high bits). ``add`` takes the per-chunk counts a
    worker sends; when the table holds more than ``max_entries`` hashes, the entries with the
    smallest upper bound are dropped until half remain, and ``floor`` (the largest upper
    bound ever dropped) becomes the possible miss of any entry created later.
    """

    def __init__(self, max_entries: int = 4_000_000) -> None:
        self.max_entries = max(16, max_entries)
        self.counts: dict[int, int] = {}
        self.docs = 0
        self.floor = 0
        self.prunes = 0

    def add(self, counts: Mapping[int, int], docs: int) -> None:
        """Merge the document frequencies of ``docs`` more documents."""
        table = self.counts
        new = self.floor << _COUNT_BITS
        for h, c in counts.items():
            old = table.get(h)
            table[h] = (new + c) if old is None else old + c
        self.docs += docs
        if len(table) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        bounds = Counter((v & _COUNT_MASK) + (v >> _COUNT_BITS) for v in self.counts.values())
        keep, level = len(self.counts), 0
        for bound in sorted(bounds):
            if keep <= self.max_entries // 2:
                break
            keep -= bounds[bound]
            level = bound
        self.counts = {h: v for h, v in self.counts.items() if (v & _COUNT_MASK) + (v >> _COUNT_BITS) > level}
        self.floor = max(self.floor, level)
        self.prunes += 1

    def table(self, params: RepeatParams) -> RepeatTable:
        """The lines whose count (a lower bound) reaches the threshold."""
        need = params.threshold(self.docs)
        lines: dict[int, tuple[int, bool]] = {}
        for h, v in self.counts.items():
            count = v & _COUNT_MASK
            if count >= need:
                lines[h] = (count, (v >> _COUNT_BITS) == 0)
        return RepeatTable(self.docs, need, lines)


def count_docs(docs: Iterable[Document], params: RepeatParams) -> DocFrequency:
    """Pass one over documents in memory (the batch code counts in its workers instead)."""
    freq = DocFrequency(params.max_entries)
    for doc in docs:
        freq.add(dict.fromkeys(doc_hashes(doc, params), 1), 1)
    return freq


@dataclass(frozen=True)
class RepeatTable:
    """The outcome of pass one: ``lines`` maps a hash to (documents, exact count?)."""

    docs: int
    threshold: int
    lines: dict[int, tuple[int, bool]]

    def detail(self, h: int) -> str:
        count, exact = self.lines[h]
        return f"in {'' if exact else 'at least '}{count} of {self.docs} files"

    @property
    def digest(self) -> str:
        """Identifies which lines are repeated (not their counts): outputs made with the same
        digest and the same rules are the same."""
        sha = hashlib.sha256()
        for h in sorted(self.lines):
            sha.update(h.to_bytes(8, "little"))
        return sha.hexdigest()[:16]


def _between_sentences(doc: Document, repeated: list[bool], index: int) -> bool:
    """The line ends like a sentence and so do its nearest non-blank neighbours, which are
    not repeated themselves and are long enough to be prose: it is inside an article."""
    lines = doc.lines
    if not _SENTENCE_END_RE.search(lines[index].text):
        return False
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(lines) and lines[j].is_blank:
            j += step
        if not 0 <= j < len(lines) or repeated[j]:
            return False
        text = lines[j].text.strip()
        if len(text) < _PROSE_NEIGHBOUR_CHARS or not _SENTENCE_END_RE.search(text):
            return False
    return True


def verdicts(doc: Document, table: RepeatTable, rule: Rule, params: RepeatParams) -> dict[int, list[Verdict]]:
    """Pass two for one document: a verdict for each repeated line the guards let go."""
    hashes: list[int | None] = []
    for line in doc.lines:
        key = line_key(line.text, params)
        hashes.append(None if key is None else line_hash(key))
    repeated = [h is not None and h in table.lines for h in hashes]
    if not any(repeated):
        return {}
    size = sum(len(line.text.strip()) for line in doc.lines)
    out: dict[int, list[Verdict]] = {}
    for index, line in enumerate(doc.lines):
        if not repeated[index]:
            continue
        text = line.text.strip()
        if len(text) > params.max_doc_share * size or _between_sentences(doc, repeated, index):
            continue
        detail = table.detail(hashes[index])  # type: ignore[arg-type]
        out[index] = [Verdict(index, rule.id, rule.category, rule.strength, Evidence(text, None, detail))]
    return out


# ---------------------------------------------------------------------------- learn
@dataclass(frozen=True)
class LearnedLine:
    """A repeated line as first seen in the folder, with its document frequency."""

    text: str
    count: int
    exact: bool


@dataclass(frozen=True)
class Learned:
    """What ``learn`` found: the lines for the pack, examples of lines to keep, and the
    repeated lines left out because a rule already removes them."""

    table: RepeatTable
    lines: tuple[LearnedLine, ...]
    keep: tuple[str, ...]
    covered: int


def collect(
    docs: Iterable[Document], table: RepeatTable, covered_keys: frozenset[str], params: RepeatParams, keep_examples: int = 3
) -> Learned:
    """Pass two of ``learn``: the text of each repeated line (its first occurrence, in folder
    order) and a few ordinary lines of the corpus as ``keep`` examples. Stops reading as soon
    as it has both. ``covered_keys`` are normalised whole-line phrases of existing rules:
    repeating them in the pack would clash with those rules, and they are removed anyway."""
    found: dict[int, LearnedLine] = {}
    keep: list[str] = []
    fallback: list[str] = []
    covered: set[int] = set()
    for doc in docs:
        took_keep = False
        for line in doc.lines:
            text = line.text.strip()
            key = line_key(line.text, params)
            h = None if key is None else line_hash(key)
            if h is not None and h in table.lines:
                if h not in found and h not in covered:
                    if key in covered_keys:
                        covered.add(h)
                    else:
                        count, exact = table.lines[h]
                        found[h] = LearnedLine(text, count, exact)
            elif text and not took_keep and len(keep) < keep_examples:
                if 40 <= len(text) <= 240 and _SENTENCE_END_RE.search(text):
                    keep.append(text)
                    took_keep = True  # one per document: examples from several pages
                elif len(fallback) < keep_examples:
                    fallback.append(text)
        if len(found) + len(covered) == len(table.lines) and len(keep) >= keep_examples:
            break
    if not keep:
        keep = fallback[:keep_examples]
    return Learned(table, tuple(found.values()), tuple(keep), len(covered))


def toml_string(text: str) -> str:
    """A TOML basic string.

    >>> print(toml_string('say "hi"\\t'))
    "say \\"hi\\"\\u0009"
    """
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def render_pack(learned: Learned, category: str, source: str, params: RepeatParams, sites: tuple[str, ...] = ()) -> str:
    """The learned lines as a rule pack (the built-in packs' format), one phrase per line,
    each with its document frequency as a comment, for a person to review; with
    ``sites``, a per-site pack (it applies to those sites only)."""
    table = learned.table
    head = [
        f"# Learned by `cleaner learn` from {table.docs} files in {source}: lines that occur in at",
        f"# least {table.threshold} of them (min_docs {params.min_docs}, min_share {params.min_share:g}).",
        "# Review before use: delete every phrase that is article text, then",
        "#   cleaner clean --rules <this file> page.txt",
    ]
    if learned.covered:
        head.append(f"# {learned.covered} more repeated lines are left out: built-in rules already remove them.")
    head += [
        f"category = {toml_string(category)}",
        f"description = {toml_string(f'Lines repeated across the pages of {source} (learned by cleaner learn).')}",
    ]
    if sites:
        head.append("sites = [" + ", ".join(toml_string(site) for site in sites) + "]")
    if not learned.lines:
        head.append("# No line occurs in enough files: no rule.")
        return "\n".join(head) + "\n"
    examples_remove = [line.text for line in learned.lines[:3]]
    keep = list(learned.keep) or ["(no other line in the corpus)"]
    body = [
        "",
        "[[rule]]",
        'name = "repeated-lines"',
        'kind = "line"',
        'strength = "normal"',
        'description = "A whole line that occurs, worded the same, on many pages of this site."',
        "phrases.any = [",
        *(f"    {toml_string(line.text)},  # in {'' if line.exact else 'at least '}{line.count} of {table.docs} files" for line in learned.lines),
        "]",
        "examples.remove = [" + ", ".join(toml_string(t) for t in examples_remove) + "]",
        "examples.keep = [" + ", ".join(toml_string(t) for t in keep) + "]",
    ]
    return "\n".join(head + body) + "\n"


def covered_keys(rules: Iterable[Rule]) -> frozenset[str]:
    """Normalised whole-line phrases of existing rules: a learned line equal to one of them
    would clash with it (and is removed anyway)."""
    return frozenset(normalise(p) for rule in rules if rule.kind == "line" for ps in rule.phrases.values() for p in ps)

