"""Loading and validating rule packs (TOML) into a RuleSet.

Built-in packs live in ``cleaner/packs/``, one file per category; a user's own rule
files use the same schema. Errors name the file, the rule and the key, so a typo in a
rule file is a one-line message, not a traceback.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from . import cache
from .document import InputError
from .files import DEFAULT_MAX_SIZE, read_limited, size_text
from .rules import KINDS, STRENGTHS, Rule, RuleError, RuleSet

_RULE_KEYS = {
    "name", "kind", "strength", "description", "phrases", "patterns", "max_chars",
    "aggressive", "params", "examples",
}
_NAME_RE = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG_RE = regex.compile(r"any|[a-z]{2,3}")


def _fail(source: str, where: str, message: str) -> RuleError:
    return RuleError(f"{source}: {where}: {message}")


def _string_lists(source: str, where: str, value: Any) -> dict[str, tuple[str, ...]]:
    """Validate a ``{lang: [str, ...]}`` table."""
    if not isinstance(value, dict):
        raise _fail(source, where, "must be a table of language = [strings]")
    out: dict[str, tuple[str, ...]] = {}
    for lang, items in value.items():
        if not _LANG_RE.fullmatch(lang):
            raise _fail(source, f"{where}.{lang}", "language must be 'any' or an ISO 639 code")
        if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
            raise _fail(source, f"{where}.{lang}", "must be a list of non-empty strings")
        out[lang] = tuple(items)
    return out


def _parse_rule(source: str, category: str, entry: Any, check_patterns: bool) -> Rule:
    if not isinstance(entry, dict):
        raise _fail(source, "rule", "each [[rule]] must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise _fail(source, f"rule {name!r}", "name must be kebab-case, e.g. 'support-us'")
    rule_id = f"{category}.{name}"
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise _fail(source, rule_id, f"unknown key(s): {', '.join(sorted(unknown))}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise _fail(source, rule_id, f"kind must be one of {', '.join(KINDS)}")
    strength = entry.get("strength", "normal")
    if strength not in STRENGTHS:
        raise _fail(source, rule_id, f"strength must be one of {', '.join(STRENGTHS)}")
    description = entry.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(source, rule_id, "description is required")
    phrases = _string_lists(source, f"{rule_id}.phrases", entry.get("phrases", {}))
    patterns = _string_lists(source, f"{rule_id}.patterns", entry.get("patterns", {}))
    if kind in ("line", "prefix", "contains") and not phrases:
        raise _fail(source, rule_id, f"a {kind} rule needs phrases")
    if kind == "pattern" and not patterns:
        raise _fail(source, rule_id, "a pattern rule needs patterns")
    params_in = entry.get("params", {})
    if kind == "split" and not (isinstance(params_in, dict) and params_in.get("separators") and params_in.get("categories")):
        raise _fail(source, rule_id, "a split rule needs params.separators and params.categories")
    for lang, items in patterns.items() if check_patterns else ():
        for pattern in items:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise _fail(source, f"{rule_id}.patterns.{lang}", f"bad pattern {pattern!r}: {exc}") from None
    max_chars = entry.get("max_chars", 0)
    if not isinstance(max_chars, int) or max_chars < 0:
        raise _fail(source, rule_id, "max_chars must be a whole number >= 0")
    aggressive = entry.get("aggressive", False)
    if not isinstance(aggressive, bool):
        raise _fail(source, rule_id, "aggressive must be true or false")
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise _fail(source, rule_id, "params must be a table")
    examples = entry.get("examples")
    if not isinstance(examples, dict) or set(examples) - {"remove", "keep"}:
        raise _fail(source, rule_id, "examples must be a table with 'remove' and 'keep' lists")
    remove = examples.get("remove", [])
    keep = examples.get("keep", [])
    for key, items in (("remove", remove), ("keep", keep)):
        if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise _fail(source, f"{rule_id}.examples.{key}", "must be a list of strings")
    if not remove or not keep:
        raise _fail(source, rule_id, "examples.remove and examples.keep are both required")
    return Rule(
        id=rule_id,
        category=category,
        kind=kind,
        strength=strength,
        description=description.strip(),
        phrases=phrases,
        patterns=patterns,
        max_chars=max_chars,
        aggressive=aggressive,
        params=params,
        examples_remove=tuple(remove),
        examples_keep=tuple(keep),
        source=source,
    )


def parse_pack(text: str, source: str, check_patterns: bool = True) -> tuple[Rule, ...]:
    """Parse one pack's TOML text; ``source`` names it in error messages. Compiling every
    pattern to check it is the slow part of loading: the built-in packs skip it (their
    tests compile every pattern), a user's rule file never does."""
    try:
        data = cache.parsed("packs", text.encode("utf-8"), lambda _: tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    category = data.get("category")
    if not isinstance(category, str) or not _NAME_RE.fullmatch(category):
        raise RuleError(f"{source}: 'category' must be a kebab-case name")
    unknown = set(data) - {"category", "description", "rule"}
    if unknown:
        raise RuleError(f"{source}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RuleError(f"{source}: rules are written as [[rule]] tables")
    return tuple(_parse_rule(source, category, entry, check_patterns) for entry in entries)


@lru_cache(maxsize=1)
def builtin_rules() -> RuleSet:
    """All built-in packs, parsed once per process."""
    folder = resources.files("cleaner") / "packs"
    rules: list[Rule] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            rules.extend(parse_pack(item.read_text(encoding="utf-8"), f"packs/{item.name}", check_patterns=False))
    return RuleSet(tuple(rules))


def load_rule_file(path: Path) -> tuple[Rule, ...]:
    """A user's rule file, same schema as the built-in packs."""
    try:
        with open(path, "rb") as fh:  # a bounded read: "--rules /dev/zero" must not fill the memory
            text = read_limited(fh, DEFAULT_MAX_SIZE, os.fstat(fh.fileno()).st_size).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    except InputError:
        raise RuleError(f"{path}: cannot read rule file: larger than {size_text(DEFAULT_MAX_SIZE)}, not a rule file") from None
    return parse_pack(text, str(path))


def load_rules(rule_files: tuple[Path, ...] = ()) -> RuleSet:
    """Built-in rules plus the given rule files (their ids must not clash)."""
    extra: list[Rule] = []
    for path in rule_files:
        extra.extend(load_rule_file(Path(path)))
    return RuleSet(builtin_rules().rules + tuple(extra))
