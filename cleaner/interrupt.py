"""What Ctrl-C does to any command: one line on stderr and exit 130. A leaf (it imports
nothing of the package), so the entry point can use it before the package loads and the
command line and report can use it without importing the entry point above them.

While the command starts (``starting`` to ``started``: the imports, click's parsing, the
settings) Ctrl-C exits at once from its handler: nothing is written yet, and a
KeyboardInterrupt raised there could be lost in a finalizer (``regex`` compiling a
pattern) or turn the exit into a death by SIGINT (raised in code Python generates, a
dataclass's). Once the command runs, Ctrl-C is a KeyboardInterrupt again, so what the
command writes is cleaned up before it exits 130 (``interrupted``).
"""

from __future__ import annotations

import _signal  # the built-in module under ``signal``, which would import enum at start-up
import os
import sys

TYPE_CHECKING = False  # typing's would import typing (and re, enum) before the guard is up
if TYPE_CHECKING:
    from typing import NoReturn

EXIT_INTERRUPTED = 130  # stopped by SIGINT (128 + 2, as a shell reports it)
MESSAGE = "cleaner: interrupted (SIGINT)\n"


def _exit_at_once(signum: int, frame: object) -> None:
    try:
        os.write(2, MESSAGE.encode())
    except OSError:
        pass
    os._exit(EXIT_INTERRUPTED)


def starting() -> None:
    """Ctrl-C exits at once until ``started``; a SIGINT that is ignored (a job started in
    the background) or handled by the caller stays so."""
    if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
        _signal.signal(_signal.SIGINT, _exit_at_once)


def started() -> None:
    """The command runs: Ctrl-C is a KeyboardInterrupt again."""
    if _signal.getsignal(_signal.SIGINT) is _exit_at_once:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


def interrupted() -> NoReturn:
    """Say so in one line on stderr and exit 130."""
    try:
        sys.stderr.write(MESSAGE)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_INTERRUPTED)
