"""The command line: a thin layer over the library (``cleaner.clean_and_explain``).

One module per command. Cleaned text goes to stdout as bytes, untouched by rich; every
message goes to stderr. Exit codes: 0 ok, 1 ``--check`` found something to remove,
2 usage or rule-file error, 3 some inputs failed (the others were still processed).
"""

from __future__ import annotations

import click

from .. import __version__
from .batch import batch
from .clean import clean
from .learn import learn
from .eval import eval_command
from .common import CONTEXT_SETTINGS
from .diff import diff
from .rules import rules


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="cleaner")
def cli() -> None:
    """Strip boilerplate from scraped article text.

    Donation appeals, ad notices, newsletter, cookie and paywall prompts, share bars,
    menus, "Read more" links and footers go; the article stays, line for line.
    """


cli.add_command(clean)
cli.add_command(batch)
cli.add_command(learn)
cli.add_command(diff)
cli.add_command(rules)
cli.add_command(eval_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cleaner")
