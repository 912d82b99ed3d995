"""Long lines without copies of them (issue 12): a huge line's features computed piece by
piece give what the whole-line computation gives."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings as hsettings, strategies as st

from cleaner import features, lang

# Letters of several scripts, a combining mark, dense and Hangul letters, spaces of
# several kinds (and a separator that is a space to str.strip only), digits,
# punctuation, sentence ends, quotes and the pieces of an address.
ALPHABET = "aZé\u0301日カ한 \t\u00a0\u2003\u3000\x1c19.,!?:;'’\"«»-_/()ßİΣ"
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
