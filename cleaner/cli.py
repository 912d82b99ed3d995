"""The command line: a thin layer over the library (``cleaner.clean_and_explain``).

Cleaned text goes to stdout as bytes, untouched by rich; every message goes to stderr.
Exit codes: 0 ok, 1 ``--check`` found something to remove, 2 usage or rule-file error,
3 some inputs failed (the others were still processed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .document import InputError, decode
from .files import atomic_write, read_document
from .pipeline import Config, Pipeline
from .report import EXIT_FAILED, EXIT_USAGE, RunReport, file_entry
from .rules import RuleError

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
    config = Config(aggressive=aggressive, select=select, ignore=ignore, keep=keep, lang=lang, rule_files=rule_files)
    try:
        return Pipeline(config)
    except RuleError as exc:
        error(str(exc))
        sys.exit(EXIT_USAGE)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="cleaner")
def cli() -> None:
    """Strip boilerplate from scraped article text.

    Donation appeals, ad notices, newsletter, cookie and paywall prompts, share bars,
    menus, "Read more" links and footers go; the article stays, line for line.
    """


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the cleaned text here (atomically) instead of stdout.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file with its cleaned text (atomically).")
@click.option("--check", is_flag=True, help="Print nothing; exit 1 if anything would be removed.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Write every removed line with its reason as JSON.")
@config_options
def clean(files: tuple[Path, ...], output: Path | None, in_place: bool, check: bool, report_path: Path | None, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], encoding_errors: str) -> None:
    """Clean FILES (or stdin, or '-') and print the article text.

    \b
    Examples:
      scraper https://... | cleaner clean > article.txt
      cleaner clean a.txt b.txt                   # cleaned texts to stdout, in order
      cleaner clean -o out.txt in.txt
      cleaner clean --in-place *.txt              # rewrites atomically
      cleaner clean --check *.txt                 # exit 1 if anything would be removed
      cleaner clean --report removed.json in.txt  # every removed line with its reason
      cleaner clean --keep metadata --aggressive in.txt

    Exit codes: 0 ok, 1 --check found something, 2 usage or rule-file error,
    3 some inputs failed (the others were still processed).
    """
    if in_place and (output or not files or Path("-") in files):
        raise click.UsageError("--in-place needs file arguments and no -o")
    if check and (output or in_place):
        raise click.UsageError("--check prints nothing; it does not go with -o or --in-place")
    pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files)
    run = RunReport(check=check)
    chunks: list[bytes] = []
    for path in files or (Path("-"),):
        name = "<stdin>" if str(path) == "-" else str(path)
        try:
            if str(path) == "-":
                doc = decode(click.get_binary_stream("stdin").read(), encoding_errors)  # type: ignore[arg-type]
            else:
                doc = read_document(path, encoding_errors)  # type: ignore[arg-type]
        except InputError as exc:
            error(str(exc) if name != "<stdin>" else f"<stdin>: {exc}")
            run.add(file_entry(name, error=str(exc)))
            continue
        result = pipe.run(doc)
        run.add(file_entry(name, result))
        data = result.text.encode("utf-8")
        if in_place:
            if result.changed:
                try:
                    atomic_write(path, data)
                except OSError as exc:
                    error(f"{path}: cannot write: {exc.strerror or exc}")
                    run.entries[-1] = file_entry(name, error=f"cannot write: {exc}")
        elif not check:
            chunks.append(data)
    if output is not None:
        try:
            atomic_write(output, b"".join(chunks))
        except OSError as exc:
            error(f"{output}: cannot write: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
    elif chunks:
        write_stdout(b"".join(chunks))
    if report_path is not None:
        try:
            atomic_write(report_path, json.dumps(run.to_json(), ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
        except OSError as exc:
            error(f"{report_path}: cannot write report: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
    sys.exit(run.exit_code)


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout; a reader that went away (``| head``) ends the run quietly."""
    stream = click.get_binary_stream("stdout")
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cleaner")
