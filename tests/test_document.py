"""Segmenting and decoding: byte fidelity is the contract every other stage relies on."""

from __future__ import annotations

import pytest

from cleaner.document import BOM, Document, InputError, Line, decode, is_blank, segment


def lines_of(doc: Document) -> list[tuple[str, str]]:
    return [(line.text, line.ending) for line in doc.lines]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\nb\n", [("a", "\n"), ("b", "\n")]),
        ("a\r\nb\r\n", [("a", "\r\n"), ("b", "\r\n")]),
        ("a\rb\r", [("a", "\r"), ("b", "\r")]),
        ("a\nb\r\nc\rd", [("a", "\n"), ("b", "\r\n"), ("c", "\r"), ("d", "")]),
        ("a", [("a", "")]),
        ("", []),
        ("\n", [("", "\n")]),
        ("\n\n", [("", "\n"), ("", "\n")]),
        ("\r\n\r\n", [("", "\r\n"), ("", "\r\n")]),
        ("\r\r\n", [("", "\r"), ("", "\r\n")]),  # a lone \r, then a CRLF
        ("\n\r", [("", "\n"), ("", "\r")]),  # LF then CR is two line breaks, not one
        ("a\n\nb", [("a", "\n"), ("", "\n"), ("b", "")]),
    ],
)
def test_splits_on_crlf_lf_cr_and_keeps_each_ending(text: str, expected: list[tuple[str, str]]) -> None:
    doc = segment(text)
    assert lines_of(doc) == expected
    assert [line.index for line in doc.lines] == list(range(len(expected)))


@pytest.mark.parametrize("char", ["\f", "\v", "\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e"])
def test_other_unicode_line_breaks_stay_inside_the_line(char: str) -> None:
    text = f"one{char}two\nthree{char}\n"
    assert len(text.splitlines()) > 2  # str.splitlines would split here; segment must not
    doc = segment(text)
    assert lines_of(doc) == [(f"one{char}two", "\n"), (f"three{char}", "\n")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "a\n",
        "a\r\nb\rc\nd",
        "\n\n\r\n\r",
        "line with \f form feed\u2028and separators\u0085\n",
        "\ufeffwith a BOM\r\n",
        "\ufeff",
        "  indented  \t\n\t\n",
    ],
)
def test_text_round_trips_exactly(text: str) -> None:
    doc = segment(text)
    assert doc.text == text
    assert "".join(line.text + line.ending for line in doc.lines) == text.removeprefix(BOM)


def test_bom_is_remembered_not_part_of_the_first_line() -> None:
    doc = segment("\ufeffTitle\nBody\n")
    assert doc.bom is True
    assert doc.lines[0].text == "Title"
    assert doc.text == "\ufeffTitle\nBody\n"
    assert segment("Title\n").bom is False


def test_only_a_leading_bom_is_a_bom() -> None:
    doc = segment("a\ufeffb\n")
    assert doc.bom is False
    assert doc.lines[0].text == "a\ufeffb"


@pytest.mark.parametrize(
    "text, newline",
    [("a\r\nb\n", "\r\n"), ("a\rb\n", "\r"), ("a\nb\r\n", "\n"), ("a", "\n"), ("", "\n")],
)
def test_document_newline_is_the_first_terminator(text: str, newline: str) -> None:
    assert segment(text).newline == newline


def test_line_is_blank() -> None:
    assert Line(0, "", "\n").is_blank
    assert Line(0, " \t ", "\n").is_blank
    assert not Line(0, " x ", "\n").is_blank


@pytest.mark.parametrize("text", [" \u200b ", "\u00ad\ufeff", " \u200bx", "\u200d\u3000\u2060", "\u200b.", "\xa0x\u200b"])
def test_invisible_characters_are_blank_wherever_they_stand(text: str) -> None:
    """(Told from the first visible character when there is one: the same answer.)"""
    assert is_blank(text) is (not text.translate(str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\u00ad")).strip())


def test_lines_and_documents_are_immutable() -> None:
    doc = segment("a\n")
    with pytest.raises(AttributeError):
        doc.lines[0].text = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        doc.bom = True  # type: ignore[misc]


# --- decode -----------------------------------------------------------------------------


def test_decode_utf8_with_bom_and_crlf() -> None:
    data = "\ufeffÜber\r\nstraße\r\n".encode("utf-8")
    doc = decode(data)
    assert doc.bom
    assert lines_of(doc) == [("Über", "\r\n"), ("straße", "\r\n")]
    assert doc.text.encode("utf-8") == data


@pytest.mark.parametrize("offset", [0, 5, 12])
def test_decode_refuses_nul_bytes_naming_the_offset(offset: int) -> None:
    data = bytearray(b"hello world, this is text\n")
    data[offset] = 0
    with pytest.raises(InputError) as info:
        decode(bytes(data))
    message = str(info.value)
    assert "binary" in message
    assert f"offset {offset}" in message
    assert "\n" not in message


def test_decode_refuses_nul_even_with_replace() -> None:
    with pytest.raises(InputError, match="offset 1"):
        decode(b"a\x00b", errors="replace")


@pytest.mark.parametrize(
    "data, offset, byte",
    [
        (b"\xffabc", 0, "0xff"),
        (b"caf\xe9 au lait\n", 3, "0xe9"),  # Latin-1 e-acute
        ("ünïcödé\n".encode("utf-8") + b"\x80rest", 12, "0x80"),  # offset in bytes, not characters
        (b"truncated \xe2\x82", 10, "0xe2"),  # a sequence cut short at the end
    ],
)
def test_decode_refuses_invalid_utf8_naming_the_byte_offset(data: bytes, offset: int, byte: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data)
    message = str(info.value)
    assert f"offset {offset}" in message
    assert byte in message
    assert 'use errors="replace" to substitute U+FFFD' in message  # says how to go on, in the library's terms
    assert "--" not in message
    assert "\n" not in message


def test_decode_replace_goes_on_with_u_fffd() -> None:
    doc = decode(b"caf\xe9\nnext\n", errors="replace")
    assert lines_of(doc) == [("caf\ufffd", "\n"), ("next", "\n")]


def test_decode_empty() -> None:
    doc = decode(b"")
    assert doc.lines == ()
    assert doc.text == ""


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)
