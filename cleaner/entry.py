"""The ``cleaner`` command's entry point, kept free of imports: Ctrl-C while the package
and click are still loading exits 130 with the one line every command gives on Ctrl-C,
not a traceback."""

from __future__ import annotations

import sys
from typing import NoReturn

EXIT_INTERRUPTED = 130  # stopped by SIGINT (128 + 2, as a shell reports it)


def interrupted() -> NoReturn:
    """Say so in one line on stderr and exit 130."""
    try:
        sys.stderr.write("cleaner: interrupted (SIGINT)\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_INTERRUPTED)


def main() -> None:
    """Import the command line and run it, both under one KeyboardInterrupt guard."""
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        interrupted()
