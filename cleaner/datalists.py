"""Lists the article finder takes in with the article: schedules, price lists, results,
"Label: value" details, tables printed a cell to a line or in Markdown, lists of
ingredients, numbered sections; and the menus and contact blocks that look like them
but are not.
"""

from __future__ import annotations

from typing import Sequence

import regex

from .context import Context, checked_text, is_prose, nav_like, removing_hit
from .features import LABELLED_RE, LineInfo
from .formats import markdown_table_rows


_ENUMERATOR_RE = regex.compile(r"^\W*\d{1,3}\W")

_DIGIT_RE = regex.compile(r"\d")

_DIGIT_RUN_RE = regex.compile(r"\d+")

_ADDED_TIME_RE = regex.compile(r"^\s*\d+\+\d+")

# A quantity and the word after it: "250 g", "1 ½ cups", "1-cup", "½ cup", "2 EL".
_QUANTITY_RE = regex.compile(r"^\W{0,2}((?:\d+(?:[.,/]\d+)?(?:\s*[½¼¾⅓⅔⅛])?|[½¼¾⅓⅔⅛]))[\s-]+(\p{L}+)")
_ITEM_MAX_WORDS = 8  # an ingredient, not a sentence
_DISTINCT_LABELS = 0.8  # of a list's items have labels of their own
_END_COUNT_RE = regex.compile(r"\(\d[\d,.]*\)\s*$")

_NOT_LETTERS_RE = regex.compile(r"[^\p{L}]+")

# A number standing as a cell of its own among a row's words ("1 Inter 28 21 5 2 64 18 68").
_CELL_NUMBER_RE = regex.compile(r"(?<!\S)\d+(?!\S)")
_TABLE_ROW_MIN_NUMBERS = 3

# A table cell's value opens with its number or currency and has a unit, a currency or a
# word beside the number ("1.2 kg", "$89 - $249", "12 %"): not a number alone (a
# ranking's "1. 1", a pager's "2", a time "9:30"), nor a label ("Episode 10").
_VALUE_RE = regex.compile(r"^\W*?(?:\p{Sc}\s?\d|\d[\d.,]*\s?(?:\p{Sc}|%|\p{L}))")

# A line that is one number and nothing else ("20,000", "£ 1,500", "2007"): an option of
# a form's drop-down or a pager, not a row of data (a row has a label or several values).
_BARE_NUMBER_RE = regex.compile(r"^[^\p{L}\d\s]*\s?(?:\d{1,3}(?:[ ,.'’]\d{3})+|\d+)(?:[.,]\d+)?\s?[^\p{L}\d\s]*$")

# The address is tried from the start of a run of its characters only, and the run is
# not given back (the "@" is not one of them): tried from every position of a long run
# of letters, it was quadratic in the line (20,000 letters: 9 s). Same lines match: a
# match inside a run also matches from the run's start.
_CONTACT_RE = regex.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]{2,}|\b(?:fax|telefax|téléfax|факс)\b", regex.IGNORECASE)


def data_runs(ctx: Context, lines: list[LineInfo], min_items: int, labelled_min: int | None = None) -> set[int]:
    """Runs of at least ``min_items`` lines that carry numbers or are "Label: value" pairs
    (at least half of them with numbers) and open with the same punctuation: a schedule,
    a price list, results, an event's practical details. Lists, not menus: menu-like lines
    such as "World (3031)" never count, nor a ranking's "1. Headline" (its only number is
    its place), nor a run of kicker teasers ("Opinion: ...", "Analysis: ..."), nor a
    contact block with an e-mail address or a fax number, nor the same label with other
    numbers ("Version 5.9", "Version 5.8", ...: a menu of versions, pages or seasons). A
    run of "Label: value" lines only may be shorter, ``labelled_min`` (an obituary's
    "Funeral: ...", "Burial: ...")."""
    items: set[int] = set()
    run: list[int] = []
    numbered = 0
    labelled = 0
    contact = False  # an e-mail address or a fax number: the publisher's contact block
    labels: set[str] = set()  # the lines' letters alone
    previous = None
    place = 0  # the previous line's leading number
    for i in lines + [None]:  # type: ignore[list-item]
        text = checked_text(ctx, i.index) if i is not None else ""
        lead = _ENUMERATOR_RE.match(text)
        number = int(_DIGIT_RUN_RE.search(lead.group()).group()) if lead else 0
        # A leading number counts unless it is a place (1, or one more than the line
        # before): "17' Goal", "41' Yellow card" are data, "1. Headline", "2. ..." are not.
        counted = bool(lead) and number not in (1, place + 1) and not lead.group().endswith(" ")  # ("27 Oddest ..." is a title)
        place = number
        digits = (
            i is not None
            and not nav_like(i)
            and (counted or bool(_DIGIT_RE.search(_ENUMERATOR_RE.sub("", text, count=1))))
            and not _BARE_NUMBER_RE.match(text.strip())  # (only lines with a number get here)
        )
        data = (digits or bool(LABELLED_RE.match(text))) and not removing_hit(ctx.hits.get(i.index, ()))  # type: ignore[union-attr]
        sig = _signature(text) if data else None
        if sig and sig == previous:
            run.append(i.index)  # type: ignore[union-attr]
            numbered += bool(_DIGIT_RE.search(text))
            labelled += bool(LABELLED_RE.match(text))
            contact = contact or bool(_CONTACT_RE.search(text))
            labels.add(_label(text))
            continue
        enough = len(run) >= min_items or (labelled_min is not None and labelled == len(run) >= labelled_min)
        if enough and 2 * numbered >= len(run) and not contact and not _one_label(labels):
            items.update(run)
            if previous == "#":
                items.update(_header_row(ctx, lines, run[0]))
        run = [i.index] if sig else []  # type: ignore[union-attr]
        numbered = int(bool(sig) and bool(_DIGIT_RE.search(text)))
        labelled = int(bool(sig) and bool(LABELLED_RE.match(text)))
        contact = bool(sig) and bool(_CONTACT_RE.search(text))
        labels = {_label(text)} if sig else set()
        previous = sig
    return items


def _header_row(ctx: Context, lines: list[LineInfo], first: int) -> list[int]:
    """The line over a table's first row if it names the row's cells: as many words as
    the row has cells, no digit, no mark, no rule's ("Pos Team P W D L Pts")."""
    above = next((lines[n - 1] for n, i in enumerate(lines) if i.index == first and n > 0), None)
    if above is None or above.digits or removing_hit(ctx.hits.get(above.index, ())):
        return []
    text = checked_text(ctx, above.index)
    same = len(text.split()) == len(checked_text(ctx, first).split()) and _signature(text) == ""
    return [above.index] if same else []


def cell_tables(ctx: Context, lines: list[LineInfo], min_rows: int, value_max_words: int, prose_size: int) -> set[int]:
    """A table of two columns printed one cell to a line inside an article: each row's
    label (a line of its own, no rule's) over its value, a short line that opens with a
    number or a price ("Replace a breaker" / "$89 - $249", "Weight" / "1.2 kg"),
    ``min_rows`` rows or more in a row (a note and a subheading between rows
    allowed), with a paragraph of prose two lines or fewer before or after it. Not a
    pager or a drop-down (values with no label between them), nor a block whose labels
    repeat (addresses, each under "Phone | Map"; a shop's grid, each item under the
    product's name), nor a sidebar's menu with counts ("Audio" / "1673 news"; no prose
    next to it)."""
    items: set[int] = set()
    rows: list[list[int]] = []  # the current table's rows: label (and note) lines, then the value
    pending: list[int] = []  # positions since the last value

    def framed(first: int, last: int) -> bool:
        before = lines[max(0, first - 2) : first]
        return any(is_prose(ctx, i, prose_size) for i in before) or any(is_prose(ctx, i, prose_size) for i in lines[last + 1 : last + 3])

    def close() -> None:
        labels = [checked_text(ctx, lines[k].index) for row in rows for k in row[:-1]]
        if len(rows) >= min_rows and len(set(labels)) >= 0.8 * len(labels) and framed(rows[0][0], rows[-1][-1]):
            items.update(lines[k].index for row in rows for k in row)
        rows.clear()

    for n, i in enumerate(lines):
        matched = removing_hit(ctx.hits.get(i.index, ()))
        value = (
            not matched and i.digits and not i.counted and 0 < i.words <= value_max_words and not i.sentence_end
            and bool(_VALUE_RE.match(checked_text(ctx, i.index)))
        )
        if is_prose(ctx, i, prose_size):
            close()
            pending = []
        elif value and 1 <= len(pending) <= 3:
            rows.append([*pending, n])
            pending = []
        elif value or matched or len(pending) >= 3:
            close()
            pending = [] if value or matched else pending[1:] + [n]
        else:
            pending.append(n)
    close()
    return items


def list_items(ctx: Context, lines: list[LineInfo], min_items: int) -> set[int]:
    """Bulleted lines, data runs (``data_runs``; three "Label: value" lines will do),
    the rows of Markdown tables (``pipe_tables``) and of tables printed in columns
    (``aligned_tables``), and lists of quantities
    (``quantity_lists``)."""
    return {i.index for i in lines if i.bullet} | data_runs(ctx, lines, min_items, labelled_min=3) | pipe_tables(ctx, lines) | aligned_tables(ctx, lines) | quantity_lists(ctx, lines, min_items)


def quantity_lists(ctx: Context, lines: list[LineInfo], min_items: int) -> set[int]:
    """Lists of ingredients or materials: ``min_items`` or more short lines that open
    with a quantity and go on in lower case or with a unit ("250 g di ditalini", "1 ½
    cups rolled oats", "2 EL Olivenöl"), one other short line allowed between two of
    them ("Sea salt, to taste") and up to two after the last in lower case ("sale e
    pepe"). Not a ranking (its numbers count 1, 2, 3 ...), nor teasers ("8 Glass Water
    Bottles": a title's capitals), nor sentences, nor the same label with other numbers
    ("60 days", "120 days"; "1673 news, 299 reviews": a menu's or a filter's options, as
    is a line ending in a count, "100 to 199 (3)")."""
    items: set[int] = set()

    def item(i: LineInfo) -> bool:
        return 0 < i.words <= _ITEM_MAX_WORDS and not i.sentence_end and not removing_hit(ctx.hits.get(i.index, ()))

    def quantity(i: LineInfo) -> int | None:
        if not item(i):
            return None
        text = checked_text(ctx, i.index)
        found = None if _END_COUNT_RE.search(text) else _QUANTITY_RE.match(text)
        if found is None or not (found.group(2).islower() or (found.group(2).isupper() and len(found.group(2)) <= 3)):
            return None
        digits = _DIGIT_RUN_RE.match(found.group(1))
        return int(digits.group()) if digits else 0

    amounts = [quantity(i) for i in lines]  # each line's leading number, or None
    k = 0
    while k < len(lines):
        if amounts[k] is None:
            k += 1
            continue
        run, end = [k], k + 1  # (positions in ``lines``)
        while end < len(lines):
            if amounts[end] is not None:
                run.append(end)
                end += 1
            elif item(lines[end]) and end + 1 < len(lines) and amounts[end + 1] is not None:
                run += [end, end + 1]
                end += 2
            else:
                break
        counted = [j for j in run if amounts[j] is not None]
        numbers = [amounts[j] for j in counted]
        labels = [_label(checked_text(ctx, lines[j].index)) for j in counted]
        if len(numbers) >= min_items and numbers != list(range(1, len(numbers) + 1)) and len(set(labels)) >= _DISTINCT_LABELS * len(labels):
            for j in range(end, min(end + 2, len(lines))):
                if not item(lines[j]) or not checked_text(ctx, lines[j].index).lstrip()[:1].islower():
                    break
                run.append(j)
            items.update(lines[j].index for j in run)
        k = end
    return items


def template_sections(ctx: Context, lines: list[LineInfo], min_repeats: int, window: int, max_items: int, prose_size: int) -> set[int]:
    """A guide's repeated template: a short heading printed ``min_repeats`` or more times
    ("Pros", "Cons", "Verdict", "Zalety"), each time with a paragraph at most ``window``
    lines above it and two short lines under it, and up to ``max_items`` short lines under
    each (its unmarked phrases: "light and grippy", "runs narrow"). Printed once, such a
    heading and its phrases are a list (``_phrase_items``); printed at every section, they
    read as a menu between the sections, and a guide of one paragraph a section falls
    apart into runs too short to be the article. A menu's or a footer's repeated labels
    have no paragraph above each; a grid of product tiles ("Learn more", then the next
    tile's name over its paragraph) has one short line under each; a forum's post
    header (the poster's name, "Members", "3.2k") has the same lines under it every time."""
    by_key: dict[str, list[int]] = {}
    for k, i in enumerate(lines):
        if i.words <= 2 and not i.sentence_end and i.letters >= 0.8 and ctx.count(i.index) >= min_repeats and not ctx.hits.get(i.index):
            by_key.setdefault(ctx.keys[i.index], []).append(k)

    def item(k: int) -> bool:
        i = lines[k]
        return not (i.sentence_end or is_prose(ctx, i, prose_size) or ctx.hits.get(i.index))

    def section(k: int) -> bool:
        above = lines[max(0, k - window) : k]
        return k + 2 < len(lines) and item(k + 1) and item(k + 2) and any(is_prose(ctx, i, prose_size) for i in above)

    out: set[int] = set()
    for ks in by_key.values():
        varied = len({ctx.keys[lines[k + 1].index] for k in ks if k + 1 < len(lines)}) * 2 > len(ks)
        if len(ks) < min_repeats or not varied or not all(section(k) for k in ks):
            continue
        for k in ks:
            out.add(lines[k].index)
            for j in range(k + 1, min(len(lines), k + 1 + max_items)):
                if not item(j):
                    break
                out.add(lines[j].index)
    return out


# A time of day alone on its line ("18:30", "9.30 Uhr", "21h00", "7:15 pm"): a timetable's.
_CLOCK_RE = regex.compile(r"^\W*(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))?\W*$", regex.IGNORECASE)
_PM_RE = regex.compile(r"p\.?m", regex.IGNORECASE)


def timetable(ctx: Context, lines: list[LineInfo], min_rows: int, prose_size: int, rules: Sequence[str]) -> set[int]:
    """The lines of a programme printed a time to a line, each over what happens then
    ("18:30" / "Doors open and a drink in the cloister"): ``min_rows`` or more such
    pairs, each time later than the one before, with a day's heading between them
    allowed ("Saturday 14 June"; the times start again under it). A date rule (``rules``)
    names the times and the days, and priced so the programme cut the event's page in
    two. A news ticker's times run backward (the latest first); a live blog's stand over
    paragraphs (``linescore.live_entries``), not over one short line each."""

    # Each line's minute of the day if it is a time alone, read once (most lines have no digit).
    minutes = [_minute(checked_text(ctx, i.index)) if i.digits and i.words <= 3 else None for i in lines]
    if sum(m is not None for m in minutes) < min_rows:
        return set()

    def only(i: LineInfo) -> bool:  # (named by no rule, or by the date rules alone)
        hits = [h for h in ctx.hits.get(i.index, ()) if h.rule.strength != "weak"]
        return all(h.rule.id in rules for h in hits)

    def item(k: int) -> bool:
        return minutes[k] is None and not is_prose(ctx, lines[k], prose_size) and not removing_hit(ctx.hits.get(lines[k].index, ()))

    def pair(k: int) -> bool:  # (a time over what happens then)
        return k + 1 < len(lines) and minutes[k] is not None and only(lines[k]) and item(k + 1)

    def day(k: int) -> bool:  # (a date rule's line over the next pair)
        dated = any(h.rule.id in rules for h in ctx.hits.get(lines[k].index, ()))
        return dated and minutes[k] is None and only(lines[k]) and k + 2 < len(lines) and minutes[k + 1] is not None and item(k + 2)

    out: set[int] = set()
    run: list[int] = []
    times, last = 0, -1  # (the run's times, and the minute of its last one: a programme runs forward)
    k = 0
    while k <= len(lines):
        if pair(k) and (minutes[k] or 0) > last:
            run += [lines[k].index, lines[k + 1].index]
            times, last = times + 1, minutes[k] or 0
            k += 2
            continue
        if k < len(lines) and day(k):
            run.append(lines[k].index)
            last = -1  # (the next day starts again)
            k += 1
            continue
        if times >= min_rows:
            out.update(run)
        run, times, last = [], 0, -1
        if not pair(k):  # (a time earlier than the one before starts a run of its own)
            k += 1
    return out


def _minute(text: str) -> int | None:
    """The minute of the day of a line that is a time alone ("18:30" 1110, "7:15 pm"
    1155), or None."""
    if not _CLOCK_RE.match(text):
        return None
    hour, minute = (int(n) for n in _DIGIT_RUN_RE.findall(text)[:2])
    return (hour % 12 + 12 if _PM_RE.search(text) else hour) * 60 + minute


def aligned_tables(ctx: Context, lines: list[LineInfo]) -> set[int]:
    """The lines among ``lines`` that the input prints as a table's rows in columns
    (``formats.aligned_rows``: a film's cast, a spec sheet as w3m prints them)."""
    return {i.index for i in lines if i.index in ctx.aligned}


def pipe_tables(ctx: Context, lines: list[LineInfo]) -> set[int]:
    """The lines of Markdown tables of data among ``lines`` (``markdown_table_rows``)."""
    rows = markdown_table_rows([checked_text(ctx, i.index) for i in lines])
    return {lines[k].index for k in rows}


def _label(text: str) -> str:
    """A line's letters alone, casefolded: the label its numbers go with."""
    return _NOT_LETTERS_RE.sub("", text).casefold()


def _one_label(labels: set[str]) -> bool:
    """Every line of a run has the same label, and it has letters."""
    return len(labels) == 1 and "" not in labels


def _signature(text: str) -> str:
    """A line's first punctuation mark: the items of one list share it ("June 9 – City, ST
    @ Venue" -> "–", "1. Stage: ..." -> "."); or "#" for a row of three numbers or more
    between spaces and no mark ("3 Milan 28 17 5 6 51 32 56")."""
    text = _ADDED_TIME_RE.sub("0", text, count=1)  # a minute with added time ("90+3'") is one number
    mark = next((ch for ch in text if not ch.isalnum() and not ch.isspace()), "")
    if not mark and len(_CELL_NUMBER_RE.findall(text)) >= _TABLE_ROW_MIN_NUMBERS:
        return "#"  # (a table's row printed with spaces between its cells: a standings table)
    return mark


def continues_numbering(ctx: Context, end: int, heading: LineInfo) -> bool:
    """The heading is the article's next numbered section ("5. ..." after a "4. ...")."""
    number = leading_number(checked_text(ctx, heading.index))
    before = previous_numbered(ctx, end)
    return number is not None and before is not None and before[1] == number - 1


def leading_number(text: str) -> int | None:
    """The number a line opens with as an enumerator ("5. ...", "(5) ..."), or None."""
    match = _ENUMERATOR_RE.match(text)
    return None if match is None else int(_DIGIT_RUN_RE.search(match.group()).group())


def previous_numbered(ctx: Context, end: int) -> tuple[int, int] | None:
    """The last line up to ``end`` that opens with an enumerator, and its number."""
    for i in reversed(ctx.info[: end + 1]):
        number = None if i.blank else leading_number(checked_text(ctx, i.index))
        if number is not None:
            return i.index, number
    return None
