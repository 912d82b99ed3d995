"""How to clean: ``Config``, immutable, every field checked when it is made, with a
message that names the field (a wrong value must not surface later from deep inside
the pipeline, or be ignored)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path, PurePath
from typing import Any

from .formats import INPUT_FORMATS
from .lang import languages
from .packs import builtin_rules
from .params import Overrides, check_overrides
from .rules import RuleError, RuleSet


FINDERS = ("rules", "model")


RULES_BUDGET = 0.7  # the hand-set finder's removal budget (a share of the prose)
MIN_WINDOW = 100  # lines: fewer, and a window is too short to hold an article

@dataclass(frozen=True)
class Config:
    """How to clean. Immutable: derive variants with ``dataclasses.replace``."""

    aggressive: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()  # categories never removed, e.g. ("metadata",)
    lang: str | None = None  # force the language instead of detecting it
    rule_files: tuple[Path, ...] = ()
    # The most of a document's prose the removals may take before only strong phrase rules
    # apply; None: the finder's own (RULES_BUDGET for the rules, the model file's for the model).
    budget: float | None = None
    finder: str = "rules"  # how the article is found: "rules" (hand-set) or "model" (fitted)
    input_format: str = "auto"  # "lines", "wrapped", "markdown", "tagsplit", "tagsplit-stripped", or "auto": detected per document
    # Structural parameters changed: (context rule id, key, value), e.g.
    # ("structure.far-from-article", "min_distance", 5); checked by ``cleaner.params``.
    params: Overrides = ()
    site: str | None = None  # the documents' site (host), for rule files with ``sites``; a JSONL record's URL overrides it
    builtin: bool = True  # False: only the rule files' rules (the built-in packs off, the structural stage too)
    model: Path | None = None  # the article model file for --finder model (default: the built-in one)
    # A document of more lines is cleaned in windows of about this many, each on its own
    # (``windows.py``): what cleaning costs in memory stays bounded by the window.
    window_lines: int = 20_000

    def __post_init__(self) -> None:
        """Check every field now, with a message that names it: a wrong value must not
        surface later as an error from deep inside the pipeline, or be ignored.

        A list is taken for a tuple (and stored as one); a bare string where a tuple is
        expected is refused (``ignore="social"`` would be the letters of "social"). Rule
        and category names are checked against the built-in rules when no rule file is
        given (a rule file may define others; ``Pipeline`` checks ``select`` and
        ``ignore`` then)."""
        if not isinstance(self.aggressive, bool):
            raise TypeError(f"Config.aggressive must be True or False, not {kind_of(self.aggressive)}")
        for name in ("select", "ignore", "keep"):
            object.__setattr__(self, name, _names(name, getattr(self, name)))
        object.__setattr__(self, "rule_files", _paths(self.rule_files))
        if self.lang is not None:
            if not isinstance(self.lang, str):
                raise TypeError(f"Config.lang must be a language code (str) or None, not {kind_of(self.lang)}")
            if self.lang not in languages():
                raise RuleError(unknown_language(self.lang))
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"Config.input_format must be one of {', '.join(INPUT_FORMATS)}, not {self.input_format!r}")
        if self.finder not in FINDERS:
            raise ValueError(f"Config.finder must be one of {', '.join(FINDERS)}, not {self.finder!r}")
        budget = self.budget
        if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float))):
            raise TypeError(f"Config.budget must be a number from 0 to 1 or None, not {kind_of(budget)}")
        if budget is not None and not 0 <= budget <= 1:  # NaN fails this too
            raise ValueError(f"Config.budget must be from 0 to 1 (a share of the prose), not {budget!r}")
        if self.model is not None:
            if not isinstance(self.model, (str, PathLike)) or isinstance(self.model, bytes):
                raise TypeError(f"Config.model must be a path (str or Path) or None, not {kind_of(self.model)}")
            object.__setattr__(self, "model", Path(self.model))
        if not isinstance(self.builtin, bool):
            raise TypeError(f"Config.builtin must be True or False, not {kind_of(self.builtin)}")
        if not self.builtin and not self.rule_files:
            raise RuleError.naming("no rules to apply: without the built-in rules, give rule files ({rule_files})")
        if isinstance(self.window_lines, bool) or not isinstance(self.window_lines, int):
            raise TypeError(f"Config.window_lines must be a whole number of lines, not {kind_of(self.window_lines)}")
        if self.window_lines < MIN_WINDOW:
            raise ValueError(f"Config.window_lines must be at least {MIN_WINDOW} (lines), not {self.window_lines}")
        if self.site is not None and (not isinstance(self.site, str) or not self.site.strip()):
            raise TypeError(f"Config.site must be a host name (str) or None, not {kind_of(self.site)}")
        object.__setattr__(self, "params", _overrides(self.params))
        check_overrides(self.params, builtin_rules())
        if not self.rule_files and (self.select or self.ignore or self.keep):
            rules = builtin_rules()
            for name in (*self.select, *self.ignore):
                if not any(rule.id == name or rule.category == name or rule.id.startswith(name + ".") for rule in rules):
                    raise RuleError(f"no rule or category matches {name!r} (see 'cleaner rules')")
            check_keep(self.keep, rules)

    def replace(self, **changes: Any) -> Config:
        return replace(self, **changes)


def check_keep(keep: tuple[str, ...], rules: RuleSet) -> None:
    """``keep`` names categories of ``rules``: a typo (``metdata``) must not keep nothing."""
    categories = {rule.category for rule in rules} | {"layout"}
    for name in keep:
        if name not in categories:
            raise RuleError(f"no category {name!r} to keep (known: {', '.join(sorted(categories))})")


def unknown_language(code: str, hint: str = "leave the language out to detect it") -> str:
    """The error for a language code with no language data (the CLI says it too)."""
    known = ", ".join(sorted(languages()))
    return f"unknown language {code!r} (known: {known}); {hint}"


def kind_of(value: Any) -> str:
    """A value as an error message shows it: its type and repr, cut to 80 characters."""
    return "None" if value is None else f"{type(value).__name__} {value!r}"[:80]


def _names(field_name: str, value: Any) -> tuple[str, ...]:
    """A tuple of non-empty strings (a list is accepted); a bare string is refused."""
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"Config.{field_name} must be a tuple of names, not a string: write {field_name}=({value!r},)"
        )
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"Config.{field_name} must be a tuple of names (str), not {kind_of(value)}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"Config.{field_name} must hold names (str), not {kind_of(item)}")
        if not item.strip():
            raise ValueError(f"Config.{field_name} holds an empty name")
    return tuple(value)


def _overrides(value: Any) -> Overrides:
    """Structural parameters: (rule id, key, value) triples; a list value is stored as a
    tuple, so a Config stays hashable."""
    if not isinstance(value, (tuple, list)) or not all(isinstance(t, (tuple, list)) and len(t) == 3 and isinstance(t[0], str) and isinstance(t[1], str) for t in value):
        raise TypeError(f"Config.params must be a tuple of (rule id, key, value), not {kind_of(value)}")
    return tuple((r, k, tuple(v) if isinstance(v, list) else v) for r, k, v in value)


def _paths(value: Any) -> tuple[Path, ...]:
    """Rule files: a tuple (or list) of paths (str or os.PathLike), stored as Paths."""
    if isinstance(value, (str, bytes, PurePath)):
        raise TypeError(f"Config.rule_files must be a tuple of paths, not a single path: write rule_files=({str(value)!r},)")
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"Config.rule_files must be a tuple of paths, not {kind_of(value)}")
    out = []
    for item in value:
        if not isinstance(item, (str, PathLike)) or isinstance(item, bytes):
            raise TypeError(f"Config.rule_files must hold paths (str or Path), not {kind_of(item)}")
        out.append(Path(item))
    return tuple(out)
