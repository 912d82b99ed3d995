"""The article model's block features by name, each with a one-line meaning.

``FEATURES`` maps every name to its meaning, in the order of a block's feature vector
(``NAMES``): a block's own features (``OWN_NAMES``), then those of its neighbours
(``OFFSETS`` × ``NEIGHBOUR``), then the windows around it (``WINDOWS``). ``blocks.py``
computes the vectors; the model, its training and ``cleaner eval`` read the names.
"""

from __future__ import annotations

CATEGORIES = (
    "ads",
    "appeal",
    "consent",
    "legal",
    "media",
    "metadata",
    "navigation",
    "repeated",
    "social",
    "subscription",
)
STRENGTHS = ("weak", "normal", "strong")
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (3, 10, 25)
NEIGHBOUR = (
    "prose",
    "title_like",
    "nav_like",
    "hit_any",
    "size_log",
    "sentence_end",
    "time_like",
    "date_like",
    "name_like",
    "number",
    "post_header",
)


def _own_features() -> dict[str, str]:
    own = {
        "bias": "always 1: the state's prior",
        "size_log": "log of the block's size in effective characters (CJK counts three)",
        "size_lt20": "shorter than 20 characters: a label, a button, a number",
        "size_lt50": "20 to 49 characters: a menu item, a short title",
        "size_lt100": "50 to 99 characters: a title, a caption, a short sentence",
        "size_lt200": "100 to 199 characters: a sentence or two",
        "size_ge400": "400 characters or more: a paragraph",
        "words_log": "log of the number of words",
        "letters": "share of letters among non-space characters",
        "density": "function-word density relative to the page's prose (capped at 2)",
        "no_density": "the page's function-word density is not known (language or script)",
        "sentence_end": "ends like a sentence (full stop, question mark, emoji)",
        "continues": "ends with a comma: a sentence goes on",
        "sentences_log": "log of the sentence boundaries inside the block",
        "quoted": "opens with a quotation mark or a dash (reported speech)",
        "bullet": "opens like a list item",
        "digits": "has a digit",
        "digit_share": "share of digits among non-space characters",
        "counted": "a label with a count ('World (31)', 'Comments 12')",
        "url": "mostly a web address",
        "title_like": "short and not ending like a sentence (heading, menu item, teaser)",
        "nav_like": "a few words, no digits, no sentence punctuation (menu item, button)",
        "colon_end": "ends with a colon: announces what follows",
        "upper_share": "share of capitals among letters",
        "lower_start": "opens with a lower-case letter (a fragment or a line of code)",
        "separators": "how many ' | ', ' · ', ' • ', ' / ' separators (a bar of links), capped at 5",
        "prose": "reads like article prose: long, sentence punctuation, usual function-word density",
        "prose_long": "prose of 200 characters or more",
        "repeated": "the same text occurs elsewhere in the page",
        "repeat_log": "log of how often the text occurs in the page",
        "repeat_far": "the same text occurs 10 or more blocks away (a teaser shown twice, a menu)",
        "name_like": "two to four capitalised words and nothing else (a person's name)",
        "time_like": "has a clock time ('10:42', '9.30')",
        "date_like": "has a date ('2024', '12/03/2024', '12.03.')",
        "cut_short": "ends in '...' after a word: a teaser summary cut short",
        "number": "a number and nothing else (a comment's or a page's number, a score)",
        "post_header": "a short line right above prose whose shape (name, date, time, number) recurs 3+ times so: a comment's or a post's header",
        "headers_before_log": "log of the post headers before it (a thread in progress)",
        "labelled": "a short label and its value ('When: 12 May', 'Flour - 500 g')",
        "same_shape": "share of the two blocks either side that open with the same punctuation mark",
        "same_word": "share of the two blocks either side that open with the same word",
        "opening_overlap": "share of its content words found in the next prose blocks (a headline)",
        "hit_any": "a phrase rule that removes names it",
        "hit_end": "a rule that ends an article names it (comment heading, copyright footer)",
        "pos": "its place in the page, 0 (first block) to 1 (last)",
        "prose_before": "share of the page's prose mass that lies before it",
        "prose_after": "share of the page's prose mass that lies after it",
        "before_prose": "no prose before it",
        "after_prose": "no prose after it",
        "prev_prose_log": "log of the blocks back to the previous prose block",
        "next_prose_log": "log of the blocks on to the next prose block",
        "after_end": "an article-ending rule named an earlier block",
        "since_end_log": "log of the blocks since the last article-ending block (0 if none)",
        "blocks_log": "log of the number of blocks in the page",
    }
    for category in CATEGORIES:
        for strength in STRENGTHS:
            own[f"hit_{category}_{strength}"] = f"a {strength} rule of category {category} names it"
    return own


def _all_features() -> dict[str, str]:
    out = _own_features()
    for off in OFFSETS:
        where = f"{abs(off)} block{'s' if abs(off) > 1 else ''} {'before' if off < 0 else 'after'}"
        for name in NEIGHBOUR:
            out[f"n{off:+d}_{name}"] = f"the block {where}: {name.replace('_', ' ')} (0 past the page's edge)"
    for w in WINDOWS:
        out[f"w{w}_prose"] = f"share of prose blocks within {w} blocks either side"
        out[f"w{w}_nav"] = f"share of menu-like blocks within {w} blocks either side"
        out[f"w{w}_hit"] = f"share of blocks a removing rule names within {w} blocks either side"
        out[f"w{w}_mass"] = f"prose characters within {w} blocks either side, relative to the page's densest such window"
    return out


FEATURES: dict[str, str] = _all_features()
NAMES: tuple[str, ...] = tuple(FEATURES)
# Each name's place in a block's vector.
AT = {name: k for k, name in enumerate(NAMES)}
# A block's own features, in vector order (the first part of ``NAMES``).
OWN_NAMES = tuple(_own_features())
