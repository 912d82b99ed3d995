"""The typed schema of the structural parameters: what a user may change of the context
rules' ``params`` (``cleaner/packs/structure.toml``), checked before a run.

The schema is the built-in values themselves: a parameter exists if a built-in context
rule has it, and its type is the type of its built-in value (a whole number, a number,
a list of names). Numbers are never negative; shares, ratios and probabilities lie
from 0 to 1. A typo or a wrong type is then an error naming the rule and the key,
never a KeyError mid-run or a silently ignored setting.
"""

from __future__ import annotations

from typing import Any

from .rules import RuleError, RuleSet

# A parameter whose name ends so is a share of something: 0 to 1.
_SHARES = ("_share", "_ratio", "sure_below", "_factor")

Overrides = tuple[tuple[str, str, Any], ...]  # (rule id, key, value): hashable, for Config


def param_problem(builtin: Any, key: str, value: Any) -> str | None:
    """Why ``value`` cannot replace the built-in value of ``key``, or None."""
    if isinstance(builtin, bool):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(builtin, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
    elif isinstance(builtin, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "must be a number"
    elif isinstance(builtin, (list, tuple)):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            return "must be a list of strings"
        return None
    if not value >= 0:  # (NaN fails this too)
        return f"must be >= 0, not {value!r}"
    if key.endswith(_SHARES) and value > 1:
        return f"must be from 0 to 1 (a share), not {value!r}"
    return None


def check_overrides(overrides: Overrides, rules: RuleSet) -> None:
    """Every override names a context rule of ``rules`` and one of its parameters, with a
    value of the built-in type and range; RuleError naming the rule and key otherwise."""
    context = {rule.id: rule for rule in rules if rule.kind == "context"}
    for rule_id, key, value in overrides:
        rule = context.get(rule_id)
        if rule is None:
            raise RuleError(f"{rule_id}: no structural rule of that name (known: {', '.join(sorted(context))})")
        if key not in rule.params:
            raise RuleError(f"{rule_id}.{key}: no such parameter (known: {', '.join(sorted(rule.params))})")
        problem = param_problem(rule.params[key], key, value)
        if problem:
            raise RuleError(f"{rule_id}.{key}: {problem}")


def with_overrides(rules: RuleSet, overrides: Overrides) -> RuleSet:
    """``rules`` with the parameters replaced (checked first)."""
    if not overrides:
        return rules
    check_overrides(overrides, rules)
    from dataclasses import replace

    changed: dict[str, dict[str, Any]] = {}
    for rule_id, key, value in overrides:
        changed.setdefault(rule_id, {})[key] = list(value) if isinstance(value, tuple) else value
    return RuleSet(tuple(replace(r, params={**r.params, **changed[r.id]}) if r.id in changed else r for r in rules))
