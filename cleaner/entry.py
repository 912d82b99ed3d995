"""The ``cleaner`` command's entry point, kept free of imports but the leaf
``interrupt``: Ctrl-C while the package and click are still loading exits 130 with the
one line every command gives on Ctrl-C, not a traceback."""

from __future__ import annotations

from .interrupt import interrupted, starting


def main() -> None:
    """Import the command line and run it, both under one KeyboardInterrupt guard; until
    the command runs, Ctrl-C exits at once (``interrupt.starting``)."""
    starting()
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        interrupted()
