"""Adapters to other tools, each behind an optional extra; ``import cleaner`` imports none."""
