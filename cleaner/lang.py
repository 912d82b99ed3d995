"""Languages: cheap per-document detection and function-word density per line.

Function-word lists are package data (``cleaner/langs/<code>.txt``), the way jusText
ships stoplists: adding a language means adding a file. Article prose is dense in
function words ("the", "of", "und", "que", "の"); menus, tag lists and headlines of
other stories are not. That density, not any phrase, is what lets the structural rules
work on sites nobody wrote a rule for.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

import regex

from . import cache

_WORD_RE = cache.constant(r"[\p{L}\p{M}\p{N}]+")
# Pieces of a long line are cut at whitespace as ``str.split`` knows it (the standard
# library's ``\s`` on str is ``str.isspace``), which no word token holds.
PIECE_CHARS = 1 << 16
_ISSPACE_RE = re.compile(r"\s")


def pieces(text: str, cut: re.Pattern[str] | regex.Pattern[str] = _ISSPACE_RE) -> Iterator[str]:
    """``text`` in pieces of about 65,000 characters, cut just before whitespace (or a
    character ``cut`` matches): split or tokenised piece by piece, it gives the words of
    the whole, but a 50 MB line never becomes one list of millions of words (about 500 MB)."""
    start = 0
    while len(text) - start > PIECE_CHARS:
        m = cut.search(text, start + PIECE_CHARS)
        if m is None:
            break
        yield text[start : m.start()]
        start = m.start()
    yield text[start:] if start else text
# Runs of a script's letters: counted by their lengths (a list per letter took twice the time).
_SCRIPT_RES = {
    "kana": cache.constant(r"[\p{Hiragana}\p{Katakana}]+"),
    "han": cache.constant(r"\p{Han}+"),
    "hangul": cache.constant(r"\p{Hangul}+"),
    "arabic": cache.constant(r"\p{Arabic}+"),
    "cyrillic": cache.constant(r"\p{Cyrillic}+"),
    "greek": cache.constant(r"\p{Greek}+"),
    "hebrew": cache.constant(r"\p{Hebrew}+"),
    "devanagari": cache.constant(r"\p{Devanagari}+"),
    "latin": cache.constant(r"\p{Latin}+"),
}
# Languages written in Arabic letters: a text mostly in them is one of these (Arabic
# unless the function words say otherwise); no other text is.
ARABIC_SCRIPT = frozenset({"ar", "fa"})
# Scripts written without spaces between words: word counts mean nothing there.
UNSPACED = frozenset({"ja", "zh"})
# Languages whose grammatical words are mostly endings and particles written onto the word
# (Korean: 관계자는, 광고를): a line's count of separate function words says little there,
# so the structural rules do not ask prose for a share of them.
GLUED = UNSPACED | {"ko"}
_SAMPLE_CHARS = 20000
MIN_HITS = 3


@dataclass(frozen=True)
class Language:
    """A language's function words; for unspaced scripts, ``pattern`` finds them as substrings."""

    code: str
    words: frozenset[str]
    pattern: regex.Pattern[str] | None = None

    @property
    def spaced(self) -> bool:
        return self.code not in UNSPACED


def _read_list(text: str) -> list[str]:
    out = []
    for raw in text.splitlines():
        word = raw.strip().casefold()
        if word and not word.startswith("#"):
            out.append(word)
    return out


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    """Every language with a function-word list, loaded once per process, and kept on
    disk (``cache.built``) under the hash of the lists and of this module's code."""
    folder = resources.files("cleaner") / "langs"
    lists = [(item.name[:-4], item.read_bytes()) for item in sorted(folder.iterdir(), key=lambda p: p.name) if item.name.endswith(".txt")]
    key = cache.text_digest(*(code.encode("utf-8") + b"\n" + data for code, data in lists))
    return cache.built("langs", key, lambda: _languages(lists), {("cleaner.lang", "Language"): Language}, sources=(sys.modules[__name__],))


def _languages(lists: list[tuple[str, bytes]]) -> dict[str, Language]:
    out: dict[str, Language] = {}
    for code, data in lists:
        entries = _read_list(cache.read_text(data))
        if code in UNSPACED:
            # Longest first (then in code point order: the same string every run, so the
            # cache knows it; words of one length never both match at one place).
            alternation = "|".join(regex.escape(w) for w in sorted(set(entries), key=lambda w: (-len(w), w)))
            out[code] = Language(code, frozenset(entries), cache.compile(alternation, store="modules"))
        else:
            # Split entries the way text is tokenised ("l'" -> "l", "qu'il" -> "qu", "il").
            words = {w for entry in entries for w in _WORD_RE.findall(entry)}
            out[code] = Language(code, frozenset(words))
    return out


def words(text: str) -> list[str]:
    """Word tokens: runs of letters, marks and digits, case-folded."""
    return _WORD_RE.findall(text.casefold())


def _script_counts(sample: str) -> Counter[str]:
    return Counter({name: sum(map(len, rx.findall(sample))) for name, rx in _SCRIPT_RES.items()})


def detect(text: str) -> str | None:
    """The document's language from its script and its function-word hits; None if unsure."""
    sample = text[:_SAMPLE_CHARS]
    scripts = _script_counts(sample)
    letters = sum(scripts.values())
    if not letters:
        return None
    known = languages()
    if scripts["kana"] > 0.05 * letters:
        return "ja" if "ja" in known else None
    if scripts["han"] > 0.3 * letters:
        return "zh" if "zh" in known else None
    if scripts["hangul"] > 0.3 * letters:
        return "ko" if "ko" in known else None
    # Text mostly in Arabic letters is Arabic unless its function words say Persian;
    # otherwise the lists of every other script compete (a Russian page whose links
    # print their addresses has more Latin letters than Cyrillic ones, not more hits).
    arabic = scripts["arabic"] > 0.3 * letters
    tokens = words(sample)
    counts = Counter(tokens)
    best, best_hits = None, 0
    for code, lang in known.items():
        if code in GLUED or (code in ARABIC_SCRIPT) != arabic:
            continue
        hits = sum(counts[w] for w in counts.keys() & lang.words)  # (the smaller side is walked)
        if hits > best_hits:
            best, best_hits = code, hits
    if arabic and best_hits < MIN_HITS:
        return "ar" if "ar" in known else None
    # Even a page of menus has a few function words; below that, say nothing.
    return best if best_hits >= MIN_HITS else None


def density(text: str, lang: Language | None) -> float:
    """Share of the line made of function words: of its tokens for spaced scripts, of
    its characters for unspaced ones. 0.0 when the language is unknown."""
    if lang is None:
        return 0.0
    if lang.pattern is not None:
        letters = sum(1 for ch in text if ch.isalpha())
        if not letters:
            return 0.0
        covered = sum(m.end() - m.start() for m in lang.pattern.finditer(text))  # (no list of every match of a long line)
        return min(1.0, covered / letters)
    hits = total = 0
    for piece in pieces(text):
        tokens = words(piece)
        total += len(tokens)
        hits += sum(1 for t in tokens if t in lang.words)
    return hits / total if total else 0.0
