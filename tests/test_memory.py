"""Long lines without copies of them (issue 12): a huge line's features, keys and cleaning
computed piece by piece give what the whole-line computation gives, and cleaning one
holds few copies of it."""

from __future__ import annotations

import sys
import tracemalloc
from typing import Callable, TypeVar

import pytest
import regex
from hypothesis import given, settings as hsettings, strategies as st

import cleaner
from cleaner import context, features, lang, phrases
from cleaner.document import segment

T = TypeVar("T")

# Letters of several scripts, a combining mark, dense and Hangul letters, spaces of
# several kinds (and a separator that is a space to str.strip only), digits,
# punctuation, sentence ends, quotes and the pieces of an address.
ALPHABET = "aZé\u0301日カ한、。⺀ \t\u00a0\u2003\u3000\x1c19.,!?:;'’\"«»-_/()ßİΣ"
PIECES = ["a", "Ab", " ", "  ", ". ", "http://x.y/z ", "www.", "ß", "Σ", "—", "--", "«", "日本", "12", "(3)"]
TEXTS = st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.lists(st.sampled_from(PIECES), max_size=15).map("".join))
OLD_NONLETTER = regex.compile(r"[\p{L}\p{M}\s]+")  # the letters share was 1 - len(OLD_NONLETTER.sub("", line)) / non-space


@hsettings(max_examples=2000, deadline=None)
@given(TEXTS)
def test_a_shape_counted_in_pieces_is_the_whole_lines_shape(text: str) -> None:
    """Pieces of three characters stand for a huge line's pieces of 65,536."""
    for language in (None, lang.languages()["en"], lang.languages()["ja"]):
        whole = features._shape(text, language)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(features, "PIECE_CHARS", 3)
            mp.setattr(lang, "PIECE_CHARS", 3)
            assert features._shape(text, language) == whole
    stripped = text.strip()
    nonspace = len(stripped) - len(features._SPACE_RE.findall(stripped))
    if nonspace and not whole[0]:
        assert whole[3] == (nonspace - len(OLD_NONLETTER.sub("", stripped))) / nonspace


def test_folding_maps_whitespace_to_whitespace_and_nothing_else_to_it() -> None:
    """What cutting a line into pieces before folding them rests on (``phrases._folded``)."""
    space = regex.compile(r"\s")
    for c in map(chr, range(sys.maxunicode + 1)):
        folded = c.casefold().translate(phrases._QUOTES)
        assert [bool(space.match(x)) for x in folded] == [bool(space.match(c))] * len(folded), repr(c)


def test_a_vocabulary_cut_folds_to_cuts_only() -> None:
    """What cutting a line before such a character rests on (``features.vocabulary``): it
    is in no token nor dense run, and neither is any character it folds to."""
    for c in map(chr, range(sys.maxunicode + 1)):
        if features._CUT_RE.match(c):
            assert all(features._CUT_RE.match(x) for x in c.casefold()), repr(c)


@hsettings(max_examples=2000, deadline=None)
@given(TEXTS)
def test_a_vocabulary_taken_in_pieces_is_the_whole_lines(text: str) -> None:
    whole = features.vocabulary(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lang, "PIECE_CHARS", 3)
        assert features.vocabulary(text) == whole


@hsettings(max_examples=2000, deadline=None)
@given(TEXTS)
def test_a_normal_form_folded_in_pieces_is_the_whole_lines(text: str) -> None:
    whole = phrases._EDGE_RE.sub("", phrases._WS_RE.sub(" ", text.replace("İ", "i").casefold().translate(phrases._QUOTES)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(phrases, "_PIECE_CHARS", 3)
        assert phrases._normal_form(text) == whole
        assert phrases.normal_length(text) == len(whole)


@hsettings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Home", " home ", "HOME!", "a", "-- a --", "", "  "]), TEXTS), max_size=8))
def test_long_lines_keys_are_equal_just_when_their_normal_forms_are(lines: list[str]) -> None:
    """Lines over 3 characters stand for those over ``MAX_RULE_CHARS``, whose key may be a stand-in."""
    doc = segment("\n".join(lines))
    normal = [phrases.normalise(line.text) for line in doc.lines]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(context, "MAX_RULE_CHARS", 3)
        keys = context.line_keys(doc)
    for i, key in enumerate(keys):
        assert bool(key) == bool(normal[i])
        assert [key == other for other in keys] == [normal[i] == other for other in normal]


# A 4 MB line of Japanese: no spaces, a dense script, six times its size when folded whole.
JAPANESE = "市議会は火曜日に予算について議論し、来月の公聴会の後に計画を見直すことで合意した。" * 100_000


def _peak(call: Callable[[], T]) -> tuple[T, int]:
    """What ``call`` returns, and the most memory it held at once (``tracemalloc``)."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_huge_line_is_cleaned_holding_few_copies_of_it() -> None:
    """A line of 4 MB ending in a space: its features, key and phrase checks copy none of
    it, but for its stripped form for a moment (and pieces of 65,536 characters). Before:
    3 copies at the peak of the run."""
    text = "The council met on Monday and agreed to repair the breakwater, its chair said. " * 50_000
    pipe = cleaner.pipeline(cleaner.Config())
    pipe.run(segment("Warm up. A sentence.\n"))
    doc = segment(text)
    result, run_peak = _peak(lambda: pipe.run(doc))
    assert result.text == text + "\n"
    assert run_peak < 2 * len(text)


def test_a_huge_line_of_japanese_is_measured_without_a_list_of_its_matches() -> None:
    """Its function words were found as one list of every match: ten times its size."""
    _, peak = _peak(lambda: features._shape(JAPANESE, lang.languages()["ja"]))
    assert peak < sys.getsizeof(JAPANESE)


def test_a_huge_line_without_spaces_is_keyed_piece_by_piece() -> None:
    """It was folded whole, its normal form as one piece: ``casefold`` takes a buffer of
    six times the size of a line of Japanese."""
    _, peak = _peak(lambda: phrases.normal_length(JAPANESE))
    assert peak < sys.getsizeof(JAPANESE) / 4


def test_a_huge_line_of_japanese_is_cleaned_without_folding_it_whole() -> None:
    """Its vocabulary (``features.vocabulary``, for the headline) folded it as one piece."""
    pipe = cleaner.pipeline(cleaner.Config())
    pipe.run(segment("会議は月曜日に開かれた。\n"))
    doc = segment(JAPANESE)
    _, peak = _peak(lambda: pipe.run(doc))
    assert peak < sys.getsizeof(JAPANESE)
