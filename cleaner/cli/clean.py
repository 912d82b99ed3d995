"""``cleaner clean``: files or stdin to stdout, a file, or in place."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..display import visible
from ..document import InputError, segment
from ..files import atomic_write
from ..pipeline import Pipeline
from ..report import EXIT_FAILED, RunReport, timeout_warning
from ..schema import FileReport
from ..windows import Outcome
from .common import CONTEXT_SETTINGS, build_pipeline, config_options, error, input_name, jsonl_options, read_inputs, write_stdout

if TYPE_CHECKING:
    from ..jsonl import JsonlOptions
    from ..schema import JsonlStats


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the cleaned text here (atomically) instead of stdout.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file with its cleaned text (atomically). A symbolic link is replaced by a file; the file it pointed to is left as it was.")
@click.option("--check", is_flag=True, help="Write no text; name each file that would change on stderr ('would clean a.txt'), exit 1 if any would.")
@click.option("-q", "--quiet", is_flag=True, help="No note on stderr (a text that is one huge line, a page with no article found); errors still show.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Write every removed line with its reason as JSON (with --jsonl: the run's counts); '-' is stdout, when -o, --in-place or --check leaves it free.")
@jsonl_options
@config_options
def clean(files: tuple[Path, ...], output: Path | None, in_place: bool, check: bool, quiet: bool, report_path: Path | None, jsonl: JsonlOptions | None, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str, input_format: str, encoding_errors: str, max_size: int) -> None:
    """Clean FILES (or stdin, or '-') and print the article text.

    \b
    Examples:
      scraper https://... | cleaner clean > article.txt
      cleaner clean a.txt b.txt                   # cleaned texts to stdout, in order
      cleaner clean -o out.txt in.txt
      cleaner clean --in-place *.txt              # rewrites atomically (a symbolic
                                                  # link becomes a file; its target stays)
      cleaner clean --check *.txt                 # "would clean a.txt"; exit 1 if any would
      cleaner clean --report removed.json in.txt  # every removed line with its reason
      cleaner clean --keep metadata --aggressive in.txt
      cleaner clean --jsonl < pages.jsonl > clean.jsonl      # the "text" of each record
      cleaner clean --jsonl --annotate --field body -o out.jsonl.zst in.jsonl.gz

    Exit codes: 0 ok, 1 --check found something, 2 usage or rule-file error,
    3 some inputs failed (the others were still processed); with --jsonl, also a
    bad line under --on-error fail (the records before it are written).
    """
    if in_place and (output or not files or Path("-") in files):
        raise click.UsageError("--in-place needs file arguments and no -o")
    if check and (output or in_place):
        raise click.UsageError("--check prints nothing; it does not go with -o or --in-place")
    if jsonl is not None and (in_place or check):
        raise click.UsageError("--jsonl writes a new stream: it does not go with --in-place or --check (see cleaner batch --jsonl)")
    if report_path == REPORT_STDOUT and not (output or in_place or check):
        raise click.UsageError("--report - writes the report to stdout, which carries the cleaned text here: add -o FILE, --in-place or --check")
    pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files, finder, input_format)
    if jsonl is not None:
        sys.exit(clean_jsonl(files, output, report_path, pipe, jsonl))
    run = RunReport(check=check)
    chunks: list[bytes] = []
    timed_out: Counter[str] = Counter()  # said once per run, not once per file
    for path, name, text in read_inputs(files, encoding_errors, max_size):
        if isinstance(text, InputError):
            run.add(FileReport.of(name, error=str(text)))
            continue
        if report_path is None:  # (a long text a window at a time, holding one window's lines)
            result = pipe.outcome(text)
            run.add(FileReport(name, "cleaned" if result.changed else "unchanged"))
        else:
            full = pipe.run(segment(text))
            run.add(FileReport.of(name, full))  # (200,000 removals: 1 s of JSON)
            result = Outcome.of(full)
        del text  # (its memory back before the output is copied)
        if result.note and not quiet:
            click.echo(f"cleaner: note: {visible(name)}: {result.note}", err=True)
        timed_out.update(result.timed_out)
        data = result.text.encode("utf-8")
        if in_place:
            if result.changed:
                try:
                    link = path.is_symlink()
                    atomic_write(path, data)
                except OSError as exc:
                    error(f"{path}: cannot write: {exc.strerror or exc}")
                    run.entries[-1] = FileReport.of(name, error=f"cannot write: {exc}")
                else:
                    if link:
                        click.echo(f"cleaner: {visible(str(path))}: was a symbolic link; it is now a file with the cleaned text, and the file it pointed to is unchanged", err=True)
        elif not check:
            chunks.append(data)
        elif result.changed:  # as black --check says "would reformat": which inputs to look at
            click.echo(f"would clean {visible(name)} ({_lines(result.removed)})", err=True)
    for rule_id, n in timed_out.items():
        click.echo(timeout_warning(rule_id, n), err=True)
    if check:
        unchanged = len(run.entries) - run.changed - run.failed
        click.echo(f"cleaner clean --check: {_files(run.changed)} would be cleaned, {_files(unchanged)} left unchanged" + (f", {_files(run.failed)} failed" if run.failed else ""), err=True)
    if output is not None:
        try:
            atomic_write(output, b"".join(chunks))
        except OSError as exc:
            error(f"{output}: cannot write: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
    elif chunks:
        write_stdout(b"".join(chunks))
    if report_path is not None and not write_report(report_path, run.to_json()):
        sys.exit(EXIT_FAILED)
    sys.exit(run.exit_code)


REPORT_STDOUT = Path("-")


def _lines(n: int) -> str:
    return f"{n} line{'s' if n != 1 else ''}"


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def write_report(path: Path, report: dict[str, Any]) -> bool:
    """The JSON report to ``path`` (atomically) or to stdout for ``-``; False, said on
    stderr, when it could not be written."""
    import json

    data = json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    if path == REPORT_STDOUT:
        write_stdout(data)
        return True
    try:
        atomic_write(path, data)
    except OSError as exc:
        error(f"{path}: cannot write report: {exc.strerror or exc}")
        return False
    return True


class _Stdout:
    """Output lines gathered into blocks of about 64 KiB for ``write_stdout``: few system
    calls, and memory that does not grow with the stream."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def write(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) >= 1 << 16:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            write_stdout(bytes(self.buffer))
            self.buffer.clear()


def clean_jsonl(files: tuple[Path, ...], output: Path | None, report_path: Path | None, pipe: Pipeline, options: JsonlOptions) -> int:
    """``clean --jsonl``: every input's records, in order, to one stream (stdout, or
    ``output`` written atomically); a summary line or three on stderr. Returns the exit code."""
    from contextlib import ExitStack

    from ..files import AtomicOutput, open_file
    from ..jsonl import JsonlStats, RecordError, check_compression, clean_stream, compressed, decompressed

    paths = files or (Path("-"),)
    check_compression(*(str(p) for p in paths), str(output or ""))
    stats, failed, stopped = JsonlStats(), 0, False
    try:
        with ExitStack() as stack:
            if output is None:
                sink = _Stdout()
                stack.callback(sink.flush)  # what was done is written, whatever stops the run
                write = sink.write
            else:
                write = stack.enter_context(compressed(stack.enter_context(AtomicOutput(output)), str(output))).write
            for path in paths:
                name = input_name(path)
                try:
                    if name == "<stdin>":
                        if sys.stdin is None:
                            raise InputError("<stdin>: cannot read: standard input is closed")
                        src = sys.stdin.buffer
                    else:
                        src = decompressed(stack.enter_context(open_file(path)), name)
                    clean_stream(src, write, pipe, options, stats, name, on_skip=lambda exc: error(f"{exc}; skipped"))
                except RecordError as exc:  # --on-error fail: stop, keeping what was done
                    error(str(exc))
                    stopped = True
                    break
                except InputError as exc:  # this input cannot be read: the others still are
                    error(str(exc))
                    failed += 1
    except OSError as exc:
        error(f"{output or '<stdout>'}: cannot write: {exc.strerror or exc}")
        return EXIT_FAILED
    for line in summary(stats, len(paths)):
        click.echo(line, err=True)
    for rule_id, n in stats.timed_out.items():
        click.echo(timeout_warning(rule_id, n), err=True)
    if report_path is not None and not write_report(report_path, stats.to_json()):
        return EXIT_FAILED
    return EXIT_FAILED if stopped or failed else 0


def summary(stats: JsonlStats, inputs: int) -> list[str]:
    """The stderr summary of a JSONL run: records, removed lines by category, hosts."""
    head = f"cleaner: {stats.records} record{'s' * (stats.records != 1)}"
    if inputs > 1:
        head += f" from {inputs} inputs"
    head += f": {stats.cleaned} cleaned, {stats.records - stats.cleaned} unchanged, {stats.dropped} dropped as empty, {stats.skipped} bad line{'s' * (stats.skipped != 1)} skipped"
    lines = [head]
    if stats.removed:
        cats = sorted(stats.removed.items(), key=lambda kv: -kv[1][0])
        total = sum(n for n, _ in stats.removed.values())
        lines.append(f"cleaner: {total} lines removed: " + ", ".join(f"{visible(cat)} {n}" for cat, (n, _) in cats))
    if stats.hosts:
        top = ", ".join(f"{visible(host)} {n}" for host, n in stats.hosts.most_common(5))
        lines.append(f"cleaner: {len(stats.hosts)} host{'s' * (len(stats.hosts) != 1)} ({top}{', ...' if len(stats.hosts) > 5 else ''}); {stats.no_host} records without a URL")
    return lines
