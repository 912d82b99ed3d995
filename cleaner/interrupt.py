"""What Ctrl-C does to any command: one line on stderr and exit 130. A leaf (it imports
nothing of the package), so the entry point can use it before the package loads and the
command line and report can use it without importing the entry point above them."""

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
