"""The library's errors: one base class, ``CleanerError``, and two kinds that say how a
command that meets one ends (its exit code), so the command line maps them in one place.

- ``UsageError`` (exit 2): the run cannot start as asked: a bad rule file, settings
  file, model file or report, a rule selection that matches nothing, bad folders.
- ``FailedError`` (exit 3): an input cannot be read, or an output cannot be written.

A message says what is wrong in the library's terms. Where the fix is an option, the
error is made with ``naming``: ``str()`` names the option as the library spells it, and
the command line names its flag instead (``describe``).

    >>> exc = UsageError.naming("no rules to apply: give rule files ({rule_files})")
    >>> str(exc), exc.describe({"rule_files": "--rules"})
    ('no rules to apply: give rule files (Config.rule_files)', 'no rules to apply: give rule files (--rules)')
"""

from __future__ import annotations

from string import Formatter
from typing import Any, ClassVar, Mapping, TypeVar

EXIT_USAGE = 2  # bad options or a bad rule file
EXIT_FAILED = 3  # some inputs could not be cleaned (the others were)

# An option's name in the library, where it is not the option's own name.
LIBRARY_NAMES = {
    "rule_files": "Config.rule_files",
    "select": "Config.select",
    "ignore": "Config.ignore",
    "in_place": "dest=None",
    "repeats": "Settings.repeats",
    "jsonl": "Settings.jsonl",
    "excludes": "WalkOptions.excludes",
}

E = TypeVar("E", bound="CleanerError")


class CleanerError(Exception):
    """Anything the library refuses or cannot do; ``exit_code`` is how a command ends."""

    exit_code: ClassVar[int] = EXIT_FAILED
    template: str | None = None
    values: Mapping[str, Any] = {}

    @classmethod
    def naming(cls: type[E], template: str, **values: Any) -> E:
        """An error whose fix is an option: in ``template``, ``{name}`` is ``values[name]``
        when given, else the option ``name`` (``LIBRARY_NAMES`` spells it for ``str()``)."""
        exc = cls(_render(template, values, LIBRARY_NAMES))
        exc.template, exc.values = template, values
        return exc

    def describe(self, flags: Mapping[str, str]) -> str:
        """The message with each option named by ``flags`` (the command line's view)."""
        return str(self) if self.template is None else _render(self.template, self.values, flags)


class UsageError(CleanerError):
    """The run cannot start as asked (exit 2)."""

    exit_code = EXIT_USAGE


class FailedError(CleanerError):
    """An input cannot be read or an output cannot be written (exit 3)."""

    exit_code = EXIT_FAILED


def _render(template: str, values: Mapping[str, Any], names: Mapping[str, str]) -> str:
    options = {name: names.get(name, name) for _, name, _, _ in Formatter().parse(template) if name and name not in values}
    return template.format(**values, **options)
