"""Showing scraped text safely: literally, never as markup or terminal control.

Scraped text can hold anything: ``[bold]`` (rich markup), ANSI escapes that would recolour
or clear the user's terminal, bidi overrides that reorder what a reviewer reads (the
"Trojan Source" trick), stray form feeds. Everything the diff, rules and HTML views show
passes through ``visible`` first:

- C0/C1 control characters and DEL become their Unicode "control picture" (ESC is ``␛``,
  form feed ``␌``) or ``<U+0085>``-style text, so they are seen and never executed;
- bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the line and
  paragraph separators (U+2028/2029) become ``<U+202E>``-style text;
- a tab stays a tab, and ordinary right-to-left text (Arabic, Hebrew) is left alone.

``visible_text`` builds a ``rich.text.Text`` (never parsed as markup) and maps character
spans of the original line onto the escaped one, so evidence can be highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # rich is imported where a Text is built: ``visible`` alone (errors,
    # summaries) must not cost a one-file ``cleaner clean`` rich's import (about 15 ms)
    from rich.style import Style
    from rich.text import Text

_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x2028, 0x2029}


def stand_in(ch: str) -> str | None:
    """The visible stand-in for one character, or None if it is shown as it is.

    >>> stand_in("\\x1b"), stand_in("\\x7f"), stand_in("\\u202e"), stand_in("a")
    ('␛', '␡', '<U+202E>', None)
    """
    code = ord(ch)
    if ch == "\t":
        return None
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0 or code in _BIDI:
        return f"<U+{code:04X}>"
    return None


_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()


def stand_in_name(ch: str) -> str | None:
    """An ASCII name for a character ``stand_in`` replaces (for pages whose fonts may lack
    the control pictures), or None.

    >>> stand_in_name("\\x1b"), stand_in_name("\\x7f"), stand_in_name("\\u202e"), stand_in_name("a")
    ('ESC', 'DEL', 'U+202E', None)
    """
    if stand_in(ch) is None:
        return None
    code = ord(ch)
    if code < 0x20:
        return _C0_NAMES[code]
    return "DEL" if code == 0x7F else f"U+{code:04X}"


def visible_map(text: str) -> tuple[str, list[int]]:
    """``text`` made safe to show, and where each original offset lands in it
    (``len(text) + 1`` entries, so span ends map too).

    >>> visible_map("a\\x1b[0mb")
    ('a␛[0mb', [0, 1, 2, 3, 4, 5, 6])
    >>> visible_map("x\\u202ey")[0]
    'x<U+202E>y'
    """
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for ch in text:
        offsets.append(pos)
        rep = stand_in(ch)
        piece = ch if rep is None else rep
        out.append(piece)
        pos += len(piece)
    offsets.append(pos)
    return "".join(out), offsets


def visible(text: str) -> str:
    """``text`` with control, bidi-override and separator characters made visible.

    >>> visible("[bold]Hi\\x1b[31m")
    '[bold]Hi␛[31m'
    """
    return visible_map(text)[0]


def escaped_positions(text: str) -> list[tuple[int, int]]:
    """Spans (in the visible string) of the stand-ins, so a view can style them apart."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for ch in text:
        rep = stand_in(ch)
        width = 1 if rep is None else len(rep)
        if rep is not None:
            spans.append((pos, pos + width))
        pos += width
    return spans


def visible_text(
    text: str,
    style: str | Style = "",
    highlights: Iterable[tuple[int, int]] = (),
    highlight_style: str | Style = "reverse",
    escape_style: str | Style = "bold magenta",
) -> Text:
    """A rich Text of ``text`` made visible; ``highlights`` are spans of the *original*
    text. The result is plain data: square brackets in it are never markup."""
    shown, offsets = visible_map(text)
    from rich.text import Text

    out = Text(shown, style=style, no_wrap=False, end="")
    for start, end in highlights:
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        if end > start:
            out.stylize(highlight_style, offsets[start], offsets[end])
    for start, end in escaped_positions(text):
        out.stylize(escape_style, start, end)
    return out
