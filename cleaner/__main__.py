"""``python -m cleaner`` is the ``cleaner`` command."""

from .entry import main

main()
