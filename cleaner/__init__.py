"""cleaner: strip boilerplate lines from scraped article text.

    >>> import cleaner
    >>> cleaner.clean("Support us\\n\\nThe minister resigned on Monday after a week of protests in the capital, officials said.\\n")
    'The minister resigned on Monday after a week of protests in the capital, officials said.\\n'

The names below are imported on first use (PEP 562), so that importing a submodule, as
the ``cleaner`` command's entry point does, loads nothing else: Ctrl-C while the
command starts lands where it is caught (``cleaner.entry``).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

TYPE_CHECKING = False  # typing's would import typing (and re, enum) before the entry point's guard is up

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "Document": "document", "InputError": "document", "Line": "document", "decode": "document", "segment": "document",
    "CleanerError": "errors",
    "builtin_rules": "packs", "load_rules": "packs",
    "Config": "config", "Removal": "result", "Result": "result",
    "Pipeline": "pipeline", "clean": "pipeline",
    "clean_and_explain": "pipeline", "pipeline": "pipeline",
    "Evidence": "rules", "Rule": "rules", "RuleError": "rules", "RuleSet": "rules", "Verdict": "rules",
}

__all__ = [
    "CleanerError", "Config", "Document", "Evidence", "InputError", "Line", "Pipeline", "Removal", "Result",
    "Rule", "RuleError", "RuleSet", "Verdict", "__version__", "builtin_rules", "clean",
    "clean_and_explain", "decode", "load_rules", "pipeline", "segment",
]

if TYPE_CHECKING:
    from typing import Any

    from .document import Document, InputError, Line, decode, segment
    from .errors import CleanerError
    from .packs import builtin_rules, load_rules
    from .config import Config
    from .pipeline import Pipeline, clean, clean_and_explain, pipeline
    from .result import Removal, Result
    from .rules import Evidence, Rule, RuleError, RuleSet, Verdict


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (then kept here)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


class _Package(ModuleType):
    """``cleaner.pipeline`` stays the function, as documented, when the submodule of the
    same name is imported (the import system would otherwise bind the module there)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "pipeline" and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
