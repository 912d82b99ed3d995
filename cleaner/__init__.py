"""cleaner: strip boilerplate lines from scraped article text.

    >>> import cleaner
    >>> cleaner.clean("Support us\\n\\nThe minister resigned on Monday after a week of protests in the capital, officials said.\\n")
    'The minister resigned on Monday after a week of protests in the capital, officials said.\\n'
"""

__version__ = "0.1.0"

from .document import Document, InputError, Line, decode, segment
from .packs import builtin_rules, load_rules
from .pipeline import Config, Pipeline, Removal, Result, clean, clean_and_explain, pipeline
from .rules import Evidence, Rule, RuleError, RuleSet, Verdict

__all__ = [
    "Config", "Document", "Evidence", "InputError", "Line", "Pipeline", "Removal", "Result",
    "Rule", "RuleError", "RuleSet", "Verdict", "__version__", "builtin_rules", "clean",
    "clean_and_explain", "decode", "load_rules", "pipeline", "segment",
]
