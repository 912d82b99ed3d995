"""Helpers shared by the commands: one-line errors, the cleaning options, stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from ..document import Document, InputError, decode
from ..files import read_document
from ..pipeline import Config, Pipeline
from ..report import EXIT_USAGE
from ..rules import RuleError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def error(message: str) -> None:
    """One line on stderr: ``cleaner: error: ...``."""
    click.echo(f"cleaner: error: {message}", err=True)


def config_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that cleans (clean, batch, diff, eval)."""
    options = [
        click.option("--aggressive", is_flag=True, help="Also apply opt-in rules and weak verdicts (removes more)."),
        click.option("--select", multiple=True, metavar="ID", help="Only these rules (id, id prefix or category). Repeatable."),
        click.option("--ignore", multiple=True, metavar="ID", help="Not these rules (id, id prefix or category). Repeatable."),
        click.option("--keep", multiple=True, metavar="CATEGORY", help="Never remove lines of this category, e.g. metadata. Repeatable."),
        click.option("--lang", metavar="CODE", help="The text's language (default: detected per document)."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE", help="An extra rule file (TOML, same format as the built-in packs). Repeatable."),
        click.option("--encoding-errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True, help="Invalid UTF-8: fail, or replace bad bytes with U+FFFD."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_pipeline(aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...]) -> Pipeline:
    """The pipeline for the options; a bad rule file or selection exits 2 with one line."""
    try:
        config = Config(aggressive=aggressive, select=select, ignore=ignore, keep=keep, lang=lang, rule_files=rule_files)
        return Pipeline(config)
    except RuleError as exc:
        error(str(exc))
        sys.exit(EXIT_USAGE)


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout; a reader that went away (``| head``) is no error: the rest
    of the output is dropped and the command goes on to its report and exit code."""
    stream = sys.stdout.buffer
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # Point stdout at devnull so later writes and the interpreter's final flush do not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def input_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def read_input(path: Path, encoding_errors: str) -> Document:
    """A file, or stdin for '-', decoded; failures are InputErrors that name the input."""
    if str(path) != "-":
        return read_document(path, encoding_errors)  # type: ignore[arg-type]
    try:
        return decode(sys.stdin.buffer.read(), encoding_errors)  # type: ignore[arg-type]
    except InputError as exc:
        raise InputError(f"<stdin>: {exc}") from None
