"""``cleaner clean``: files or stdin to stdout, a file, or in place."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..display import visible
from ..document import InputError
from ..files import atomic_write
from ..report import EXIT_FAILED, RunReport, file_entry, timeout_warning
from .common import CONTEXT_SETTINGS, build_pipeline, config_options, error, input_name, read_input, write_stdout


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the cleaned text here (atomically) instead of stdout.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file with its cleaned text (atomically). A symbolic link is replaced by a file; the file it pointed to is left as it was.")
@click.option("--check", is_flag=True, help="Print nothing; exit 1 if anything would be removed.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Write every removed line with its reason as JSON.")
@config_options
def clean(files: tuple[Path, ...], output: Path | None, in_place: bool, check: bool, report_path: Path | None, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str, encoding_errors: str, max_size: int) -> None:
    """Clean FILES (or stdin, or '-') and print the article text.

    \b
    Examples:
      scraper https://... | cleaner clean > article.txt
      cleaner clean a.txt b.txt                   # cleaned texts to stdout, in order
      cleaner clean -o out.txt in.txt
      cleaner clean --in-place *.txt              # rewrites atomically (a symbolic
                                                  # link becomes a file; its target stays)
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
    pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files, finder)
    run = RunReport(check=check)
    chunks: list[bytes] = []
    timed_out: dict[str, int] = {}  # said once per run, not once per file
    for path in files or (Path("-"),):
        name = input_name(path)
        try:
            doc = read_input(path, encoding_errors, max_size)
        except InputError as exc:
            error(str(exc))
            run.add(file_entry(name, error=str(exc)))
            continue
        result = pipe.run(doc)
        for rule_id, n in result.timed_out.items():
            timed_out[rule_id] = timed_out.get(rule_id, 0) + n
        run.add(file_entry(name, result, details=report_path is not None))  # (200,000 removals: 1 s of JSON)
        data = result.text.encode("utf-8")
        if in_place:
            if result.changed:
                try:
                    link = path.is_symlink()
                    atomic_write(path, data)
                except OSError as exc:
                    error(f"{path}: cannot write: {exc.strerror or exc}")
                    run.entries[-1] = file_entry(name, error=f"cannot write: {exc}")
                else:
                    if link:
                        click.echo(f"cleaner: {visible(str(path))}: was a symbolic link; it is now a file with the cleaned text, and the file it pointed to is unchanged", err=True)
        elif not check:
            chunks.append(data)
    for rule_id, n in timed_out.items():
        click.echo(timeout_warning(rule_id, n), err=True)
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
