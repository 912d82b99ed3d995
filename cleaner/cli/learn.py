"""``cleaner learn``: the lines a folder repeats, written as a rule pack to review."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from .. import repeats
from ..display import visible
from ..files import atomic_write
from ..packs import SITE_RE, load_rules, parse_pack
from ..pool import Interrupted, default_jobs, learn as learn_folder
from ..report import EXIT_FAILED, EXIT_OK
from ..walk import DEFAULT_GLOBS, WalkOptions
from .batch import Display, walk_options
from .common import CONTEXT_SETTINGS, error, max_size_option, stop_on_signals, write_stdout


def _category(output: Path | None) -> str:
    """A kebab-case category from the output's name: ``harbour-ledger.toml`` -> that.

    >>> _category(Path("My Site.toml")), _category(None), _category(Path("2024.toml"))
    ('my-site', 'site', 'site-2024')
    """
    if output is None or str(output) == "-":
        return "site"
    import regex

    name = regex.sub(r"[^a-z0-9]+", "-", output.stem.lower()).strip("-")
    if not name:
        return "site"
    return name if name[0].isalpha() else f"site-{name}"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the pack here (atomically); default: stdout.")
@click.option("--category", metavar="NAME", help="The pack's category (kebab-case); default: from the output's file name, else 'site'.")
@click.option("--min-docs", type=click.IntRange(min=1), default=None, metavar="N", help="A line must occur in at least N files (default 3).")
@click.option("--min-share", type=click.FloatRange(0, 1), default=None, metavar="P", help="... and in at least this share of the files (default 0.1).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE", help="Rule files in use: their whole-line phrases are not learned again. Repeatable.")
@click.option("--encoding-errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True, help="Invalid UTF-8: skip the file, or replace bad bytes with U+FFFD.")
@click.option("--site", "sites", multiple=True, metavar="HOST", help="Write a per-site pack: it applies to this site only (example.com, *.example.com). Repeatable.")
@max_size_option
@walk_options
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line.")
def learn(
    folder: Path, output: Path | None, category: str | None, min_docs: int | None, min_share: float | None,
    rule_files: tuple[Path, ...], encoding_errors: str, sites: tuple[str, ...], max_size: int, globs: tuple[str, ...], excludes: tuple[str, ...],
    hidden: bool, follow_symlinks: bool, jobs: int | None, quiet: bool,
) -> None:
    """Find the lines FOLDER's files repeat and write them as a rule pack.

    A site's footer, newsletter pitch or "more from this section" list is on every
    page, worded the same. Lines in at least --min-docs files and --min-share of the
    files become the phrases of one whole-line rule, each with its document frequency
    as a comment. Review the pack (delete anything that is article text), then use it
    on new pages of that site.

    \b
    Examples:
      cleaner learn scrape/ledger/ -o ledger.toml
      cleaner rules --rules ledger.toml --show ledger.repeated-lines
      cleaner clean --rules ledger.toml new-page.txt
      cleaner learn scrape/ledger/ --site ledger.example -o ledger.toml   # for that site only

    Files are chosen as for 'cleaner batch' (--glob, --exclude, --hidden, --follow-symlinks).
    Exit codes: 0 ok, 2 usage or rule-file error, 3 some files could not be read.
    """
    for site in sites:
        if not SITE_RE.fullmatch(site):
            raise click.UsageError(f"--site {site!r} is not a host name such as example.com or *.example.com")
    if category is not None and not repeats_category_ok(category):
        raise click.UsageError("--category must be kebab-case, e.g. 'harbour-ledger'")
    rules = load_rules(rule_files)
    params = repeats.RepeatParams.from_rule(rules.get(repeats.RULE_ID), min_docs=min_docs, min_share=min_share)
    options = WalkOptions(globs or DEFAULT_GLOBS, excludes, hidden, follow_symlinks)
    console = Console(stderr=True, highlight=False)
    mode = "quiet" if quiet else ("rich" if console.is_terminal else "plain")
    try:
        with Display(mode) as display, stop_on_signals() as stop:
            learned, problems = learn_folder(folder, params, rules, options, jobs or default_jobs(), encoding_errors, display.update, max_size, stop)
    except Interrupted as exc:
        error(f"interrupted by {exc}")
        sys.exit(128 + exc.signum)
    name = category or _category(output)
    text = repeats.render_pack(learned, name, str(folder), params, sites)
    parse_pack(text, "<learned pack>")  # what we write must load; a failure here is a bug
    failed = [p for p in problems if p.status == "failed"]
    for p in failed:
        error(f"{p.rel}: {p.reason}")
    if output is None or str(output) == "-":
        write_stdout(text.encode("utf-8"))
    else:
        try:
            atomic_write(output, text.encode("utf-8"))
        except OSError as exc:
            error(f"{output}: cannot write: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
    if not quiet:
        table = learned.table
        click.echo(
            f"cleaner learn: {len(learned.lines)} lines occur in at least {table.threshold} of {table.docs} files"
            + (f" ({learned.covered} left out: existing rules remove them)" if learned.covered else "")
            + ("" if output is None else f"; wrote {visible(str(output))}"),
            err=True,
        )
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def repeats_category_ok(name: str) -> bool:
    import regex

    return bool(regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name))
