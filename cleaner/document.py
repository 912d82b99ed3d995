"""Segmenting: bytes or str -> an immutable Document of lines with their own endings.

Output must be byte-identical to the input lines, so a line keeps its terminator
("\\n", "\\r\\n", "\\r" or "" for an unterminated last line) and a UTF-8 BOM is
remembered. Lines are split on those three terminators only, never on the other
characters ``str.splitlines`` treats as breaks (form feed, U+2028, U+0085, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from .errors import FailedError

BOM = "\ufeff"
LINE_BREAK_RE = regex.compile(r"(\r\n|\n|\r)")

EncodingErrors = Literal["strict", "replace"]


_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)


def is_blank(text: str) -> bool:
    """Only whitespace and invisible characters. Most lines open, spaces aside, with a
    visible character: told without translating the whole line (a tenth of the time)."""
    stripped = text.lstrip()
    if not stripped:
        return True
    if stripped[0] not in _INVISIBLE_CHARS:
        return False
    return not stripped.translate(_INVISIBLE).strip()


class InputError(FailedError, ValueError):
    """Input that cannot be cleaned (binary data, undecodable bytes); one line of text."""


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: its 0-based position, its text and its own terminator."""

    index: int
    text: str
    ending: str

    @property
    def is_blank(self) -> bool:
        """Nothing visible: whitespace, or invisible characters (zero-width space, BOM,
        soft hyphen) that scrapers leave on otherwise empty lines."""
        return is_blank(self.text)


@dataclass(frozen=True, slots=True)
class Document:
    """The input as lines; ``newline`` is the first terminator seen (used when one must be added)."""

    lines: tuple[Line, ...]
    bom: bool = False
    newline: str = "\n"

    @property
    def text(self) -> str:
        body = "".join(line.text + line.ending for line in self.lines)
        return (BOM if self.bom else "") + body


def segment(text: str) -> Document:
    """Split text into lines on ``\\r\\n``, ``\\n`` and ``\\r`` only, keeping each terminator."""
    if not isinstance(text, str):
        hint = "; for bytes use cleaner.decode(data)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"cleaner.segment() takes a str, not {type(text).__name__}{hint}")
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    parts = LINE_BREAK_RE.split(text)
    bodies, endings = parts[0::2], parts[1::2]
    if bodies[-1] == "":
        bodies.pop()  # the text ended with a terminator (or was empty)
    else:
        endings.append("")
    lines = tuple(Line(i, body, ending) for i, (body, ending) in enumerate(zip(bodies, endings)))
    return Document(lines, bom, endings[0] if endings and endings[0] else "\n")


def decode(data: bytes, errors: EncodingErrors = "strict") -> Document:
    """Decode UTF-8 bytes into a Document (``decode_text``, then ``segment``)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        hint = "; for a str use cleaner.segment(text)" if isinstance(data, str) else ""
        raise TypeError(f"cleaner.decode() takes bytes, not {type(data).__name__}{hint}")
    return segment(decode_text(data, errors))


def decode_text(data: bytes, errors: EncodingErrors = "strict") -> str:
    """Decode UTF-8 bytes into text, refusing what is not UTF-8 text.

    Binary data (a NUL byte) and UTF-16 or UTF-32 text (said by its byte order mark)
    are refused. Invalid UTF-8 is refused with the byte
    offset under ``errors="strict"``; ``"replace"`` substitutes U+FFFD and goes on.
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"cleaner.decode(): errors must be 'strict' or 'replace', not {errors!r}")
    data = bytes(data)
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise InputError(
                f"{name} text (it starts with the {name} byte order mark {bom.hex(' ').upper()}); cleaner reads UTF-8: "
                f"convert it first, e.g. iconv -f {name} -t UTF-8"
            )
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(f"binary data (NUL byte at offset {nul}); cleaner reads UTF-8 text")
    try:
        text = data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError.naming(
            "invalid UTF-8 at byte offset {offset} (byte 0x{byte:02x}); use {errors} to substitute U+FFFD",
            offset=exc.start, byte=data[exc.start],
        ) from None
    return text
