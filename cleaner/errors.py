"""The library's errors: one base class, ``CleanerError``, and two kinds that say how a
command that meets one ends (its exit code), so the command line maps them in one place.

- ``UsageError`` (exit 2): the run cannot start as asked: a bad rule file, settings
  file, model file or report, a rule selection that matches nothing, bad folders.
- ``FailedError`` (exit 3): an input cannot be read, or an output cannot be written.

A message says what is wrong in the library's terms. Where the fix is an option, the
error is made with ``naming``: ``str()`` names the option as the library spells it, and
the command line names its flag instead (``describe``). A message that outlived its error
(a worker's line, a batch report's reason) is reworded the same way (``reword``).

    >>> exc = UsageError.naming("no rules to apply: give rule files ({rule_files})")
    >>> str(exc), exc.describe({"rule_files": "--rules"})
    ('no rules to apply: give rule files (Config.rule_files)', 'no rules to apply: give rule files (--rules)')
    >>> reword("a.txt: symbolic link, not followed (use WalkOptions.follow_symlinks)", {"follow_symlinks": "--follow-symlinks"})
    'a.txt: symbolic link, not followed (use --follow-symlinks)'
"""

from __future__ import annotations

from string import Formatter
from typing import Any, ClassVar, Mapping, TypeVar

import regex

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
    "follow_symlinks": "WalkOptions.follow_symlinks",
    "annotate_field": "JsonlOptions.annotate_field",
    "max_size": "the max_size argument",
    "errors": 'errors="replace"',  # decode's and read_document's
    "encoding_errors": 'encoding_errors="replace"',  # JsonlOptions'
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
        """The message with each option named by ``flags`` (the command line's view); an
        error made without ``naming`` (one that wraps another's message) is reworded."""
        return reword(str(self), flags) if self.template is None else _render(self.template, self.values, flags)


class UsageError(CleanerError):
    """The run cannot start as asked (exit 2)."""

    exit_code = EXIT_USAGE


class FailedError(CleanerError):
    """An input cannot be read or an output cannot be written (exit 3)."""

    exit_code = EXIT_FAILED


def option(name: str) -> str:
    """How a message names the option ``name``, for a message that is no error (a skipped
    file's reason): the command line rewords it like the others (``reword``)."""
    return LIBRARY_NAMES.get(name, name)


def reword(message: str, flags: Mapping[str, str]) -> str:
    """A library message, its options named by ``flags``: for one that outlived its error
    (made in a worker, read from a report), where ``describe`` cannot be used. An option's
    spelling counts only as a word of its own (not in a path such as ``max_size.txt``)."""
    for name, spelling in LIBRARY_NAMES.items():
        if name in flags:
            message = regex.sub(rf"(?<![^\s(]){regex.escape(spelling)}(?![^\s);,])", flags[name].replace("\\", r"\\"), message)
    return message


def _render(template: str, values: Mapping[str, Any], names: Mapping[str, str]) -> str:
    options = {name: names.get(name, name) for _, name, _, _ in Formatter().parse(template) if name and name not in values}
    return template.format(**values, **options)
