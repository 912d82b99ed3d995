"""Build the per-language patterns of seven rules from each language's parts.

    python scripts/build_language_patterns.py           # write them into the packs
    python scripts/build_language_patterns.py --check   # exit 1 if the packs differ

The dateline, relative-time, byline, reading-time and photo-credit patterns of the
languages in ``scripts/language_parts/<code>.json`` are long regexes with one shape and a
few words that change: labels, weekdays, months in all their forms, the words of "3 hours
ago" in the language's order. Those words are the parts; the shape is the template here,
the one the patterns of the first 16 languages were written in (from their own parts, the
dateline template rebuilt those of 13 of them byte for byte). To change a language,
edit its parts and run this; to add one, write its parts (copy one of the same script
and grammar) and examples (``tests/language_patterns.json``).

Parts: ``dateline.rel`` (alternatives: a relative time), ``dateline.ord`` (after a day
number: "(?:\\.)?"), ``dateline.words`` (every token a line that is only a date may hold:
labels, connectors, weekdays, months, "today"), ``dateline.months``, ``dateline.extra``
(optional: the language's own forms of a date or a time, "12. 3. 2024", "klo 14.05"),
``relative_labels``, ``byline`` (``labels``, ``colon``: an optional colon after any label,
``notnames``: words that after a label make a sentence, ``and``, ``roles``: lower-case words
of the role or outlet after the names) or, for a script without capitals, ``byline_raw``
(whole patterns), ``reading_time``, ``credit_labels``, and whole patterns for the two
social rules, whose shapes differ too much between languages for one template:
``follow_us`` ("follow us on ...": the imperative, a few words, the network; network
first where the verb comes last) and ``share_on`` ("share on ...", a button).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / "scripts" / "language_parts"
PACKS = ROOT / "cleaner" / "packs"
RULES = {
    "dateline": "metadata", "relative-time": "metadata", "byline": "metadata", "reading-time": "media", "credit-label": "media",
    "follow-us-on-network": "social", "share-on-network": "social",
}

# A capitalised name of up to three words (checked case-sensitively).
NAME = r"(?-i:\p{Lu})[\p{L}\p{M}.'’\-]*(?:\s+(?-i:\p{Lu})[\p{L}\p{M}.'’\-]*){0,2}"
ISO = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
DAY_FIRST = r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)"
YEAR_FIRST = r"\d{4}[./-]\d{1,2}[./-]\d{1,2}(?!\d)"
TIMES = r"\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}h\d{2}|\d{1,2}\s*h\s*\d{2}|\d{1,2}\.\d{2}\s*(?:uhr|h|u\.|uur|godz\.?)"
ZONES = "gmt|utc|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ct|ist|aest|aedt|jst|kst|msk|eet|eest|sast|hkt|sgt|wib|wita|wit|trt|mez|mesz|tsi|мск"
BY = "by|por|par|von|di|door|przez"
# A capitalised word of a name; the middle dot is a letter of Catalan names ("Gal·la").
CAP = r"(?-i:\p{Lu})[\p{L}\p{M}'’·\-]*\.?"
PARTICLES = r"(?-i:van|von|de|der|den|del|della|di|da|dos|das|du|le|la|al|el|bin|ibn|ter|ten|zu|af|y|e|d['’])"
CREDIT = r"^(?=.{0,120}$)[\W_]*(?:LABELS)\s*[:：|]\s*(?!.*\p{Ll}{2,}[.!?]\s*$)(?=(?:\S+\s+){0,8}\S+\s*$)\S"


# A span of clock times ("10:00–18:00", "9h30-19h00"): opening hours or a timetable's
# row, no time stamp (a zone offset, "09:22:00-07:00", is none: its first time runs on).
SPAN = r"(?!.*(?<![:\d])\d{1,2}[:.h]\d{2}(?![:\d])\s*[-–—]\s*\d{1,2}[:.h]\d{2})"


def dateline(rel: str, ord_: str, words: list[str], months: list[str], extra: str = "") -> str:
    """A line that is only a date and/or time: every token one of the language's words, a
    number, a date, a time or a zone (and a name after a dash or "by"), and a day-level
    date or a clock time among them; no percentage, no span of clock times (``SPAN``)."""
    m = "|".join(months)
    times = TIMES + ("|" + extra if extra else "")
    head = (rf"^(?!.*%){SPAN}(?=[\W_]*(?:{NAME}\s*[-–—,/|]\s*)?(?:(?>(?:(?:{rel})|{ISO}|{DAY_FIRST}|{YEAR_FIRST}|{times}"
            rf"|\d{{1,4}}{ord_}|{'|'.join(words)}|{ZONES})(?!\w))[\W_]*)+(?:(?:\s*[-–—/|]\s*|\s+(?:{BY})\s+){NAME}[\W_]*)?$)")
    tail = rf".*?(?<!\w)(?:{DAY_FIRST}|{YEAR_FIRST}|{ISO}|{times}|(?:{m})\.?\s*\d{{1,2}}(?!\d)|\d{{1,2}}{ord_}\s*(?:de\s+|of\s+)?(?:{m})(?!\w))"
    return head + tail


def byline(labels: str, notnames: str, and_: str, roles: str, colon: bool) -> str:
    """A label, then capitalised names joined by commas or "and", then a role, an outlet,
    a place, a handle or an address: nothing in lower case but ``roles``."""
    name = rf"{CAP}(?:\s+(?:{PARTICLES}\s+)*{CAP}){{0,3}}"
    item = rf"(?:{CAP}|@\w+|\d[\d.:/]*|[\w.+-]+@[\w.-]+|(?-i:(?:{roles})\b))"
    return (rf"^[\W_]*(?:{labels})" + (r"\s*[:：]?" if colon else "") + r"(?:(?<=[:：—–\-])\s*|\s+)"
            + (rf"(?!(?:{notnames})\b)" if notnames else "")
            + rf"{name}(?:\s*(?:,|&|(?:{and_})\b)\s*{name}){{0,3}}"
            + rf"(?:\s*(?:[,|/·•–—(-]|\bin\b)\s*{item}[,.;:]?(?:\s+{item}[,.;:]?){{0,7}})?[\W_]*$")


def patterns(parts: dict) -> dict[str, list[str]]:
    """The seven rules' patterns of one language."""
    d = parts["dateline"]
    b = parts.get("byline")
    return {
        "dateline": [dateline(d["rel"], d["ord"], d["words"], d["months"], d.get("extra", ""))],
        "relative-time": [r"^[\W_]*(?:(?:" + parts["relative_labels"] + r")\s*[:：]?\s*)?(?:" + d["rel"] + r")[\W_]*$"],
        "byline": parts["byline_raw"] if b is None else [byline(b["labels"], b["notnames"], b["and"], b["roles"], b["colon"])],
        "reading-time": [r"^[\W_]*(?:" + parts["reading_time"] + r")[\W_]*$"],
        "credit-label": [CREDIT.replace("LABELS", parts["credit_labels"])],
        "follow-us-on-network": parts["follow_us"],
        "share-on-network": parts["share_on"],
    }


def _line(lang: str, pats: list[str]) -> str:
    if any("'''" in p or "\n" in p for p in pats):
        raise SystemExit(f"{lang}: a pattern holds ''' or a line break")
    return f"patterns.{lang} = [" + ", ".join(f"'''{p}'''" for p in pats) + "]"


def build(write: bool) -> list[str]:
    """Put every language's patterns into the packs (a language's line is replaced, or
    added after the rule's last one); the rules whose packs changed, or would."""
    langs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(PARTS.glob("*.json"))}
    built = {lang: patterns(parts) for lang, parts in langs.items()}
    changed = []
    for pack in sorted(set(RULES.values())):
        path = PACKS / f"{pack}.toml"
        lines = path.read_text(encoding="utf-8").split("\n")
        for rule in (r for r, p in RULES.items() if p == pack):
            start = lines.index(f'name = "{rule}"')
            end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[[rule]]")), len(lines))
            for lang, pats in built.items():
                new = _line(lang, pats[rule])
                at = next((i for i in range(start, end) if lines[i].startswith(f"patterns.{lang} = ")), None)
                if at is None:
                    at = max(i for i in range(start, end) if lines[i].startswith("patterns.")) + 1
                    lines.insert(at, new)
                    end += 1
                elif lines[at] != new:
                    lines[at] = new
                else:
                    continue
                changed.append(f"{pack}.{rule} {lang}")
        if write:
            path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = build(write=not check)
    for c in changed:
        print(("differs: " if check else "written: ") + c)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
