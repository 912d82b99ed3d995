"""Helpers shared by the commands: one-line errors, the cleaning options, stdout."""

from __future__ import annotations

import functools
import io
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, NoReturn, Sequence

import click

from ..display import visible
from ..document import InputError, decode_text
from ..errors import CleanerError, reword
from ..files import DEFAULT_MAX_SIZE, read_limited, read_text, size_text
from ..formats import INPUT_FORMATS
from ..config import FINDERS, Config
from ..pipeline import Pipeline

if TYPE_CHECKING:
    from ..pool import Stop

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def error(message: str) -> None:
    """One line on stderr: ``cleaner: error: ...``, the options it names as flags
    (``flagged``), control characters made visible (a file name or a rule's evidence may
    hold a terminal escape)."""
    click.echo(f"cleaner: error: {visible(flagged(message))}", err=True)


# The flag of each option that a library message may name (``CleanerError.naming``).
FLAGS = {
    "rule_files": "--rules", "select": "--select", "ignore": "--ignore", "in_place": "--in-place",
    "repeats": "--repeats", "jsonl": "--jsonl", "excludes": "--exclude", "follow_symlinks": "--follow-symlinks",
    "annotate_field": "--annotate-field", "max_size": "--max-size",
    "errors": "--encoding-errors replace", "encoding_errors": "--encoding-errors replace",
}


def flagged(message: str) -> str:
    """A library message as the command line says it: the options it names are flags."""
    return reword(message, FLAGS)


def fail(exc: CleanerError) -> NoReturn:
    """The one way a library error ends a command (``LazyGroup.invoke``): its message on
    one line, naming flags where it names options, and the exit code of its kind."""
    error(exc.describe(FLAGS))
    sys.exit(exc.exit_code)


# ----------------------------------------------------------------------- standard streams
class _Out(io.RawIOBase):
    """The raw stream under ``sys.stdout``/``sys.stderr`` (``setup_streams``): a reader that
    went away (EPIPE) is no error, the rest is dropped and the command goes on to its end
    and exit code; a stream that was closed when the command started reports that once
    and makes the command fail (``OUTPUT_LOST``)."""

    def __init__(self, fd: int, name: str, closed_at_start: bool) -> None:
        super().__init__()
        self._fd, self._name, self._closed_at_start = fd, name, closed_at_start
        self._dropping = closed_at_start

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return not self._dropping and os.isatty(self._fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self._dropping:
            if self._closed_at_start and size and self._name == "stdout" and not OUTPUT_LOST:
                OUTPUT_LOST.append(self._name)
                error("cannot write the output: standard output is closed")
            return size
        try:
            while True:
                try:
                    return os.write(self._fd, data)
                except BlockingIOError:  # a non-blocking pipe that is full: wait, not fail
                    import select

                    select.select([], [self._fd], [])
        except BrokenPipeError:
            self._dropping = True  # the reader is gone: drop the rest, quietly
            return size
        except OSError as exc:
            self._dropping = True
            if self._name == "stdout" and not OUTPUT_LOST:
                OUTPUT_LOST.append(self._name)
                error(f"cannot write the output: {exc.strerror or exc}")
            return size


# A stream that lost output (closed at start, or a write error other than a closed pipe):
# the command then ends with exit 3 (``main``).
OUTPUT_LOST: list[str] = []


def setup_streams() -> None:
    """Make the standard streams safe for a command line run (called by ``main`` only).

    A standard stream closed by the caller (``<&-``, ``>&-``) is reopened on /dev/null, so
    a file opened later never gets its number and receives output meant for the terminal;
    reading a closed stdin then fails with one line, and output to a closed stdout is an
    error (exit 3). stdout and stderr are rewrapped over ``_Out``, so a closed pipe
    (``| head``) ends the output quietly in every command, however the text is written
    (click, rich, bytes), and the run goes on."""
    closed = {}
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            closed[fd] = False
        except OSError:
            closed[fd] = True
            new = os.open(os.devnull, os.O_RDWR)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)
    if closed[0]:
        sys.stdin = None  # type: ignore[assignment]
    for fd, name in ((1, "stdout"), (2, "stderr")):
        old = getattr(sys, name)
        encoding = getattr(old, "encoding", None) or "utf-8"
        errors = "backslashreplace" if name == "stderr" else (getattr(old, "errors", None) or "strict")
        stream = io.TextIOWrapper(
            io.BufferedWriter(_Out(fd, name, closed[fd])), encoding=encoding, errors=errors,
            line_buffering=name == "stderr" or bool(old is not None and old.line_buffering),
        )
        if old is not None:
            old.flush()
        setattr(sys, name, stream)


class Size(click.ParamType):
    """A size in bytes: ``64M``, ``1G``, ``500k``, ``100MiB`` or a number of bytes
    (K, M, G, T are powers of 1024)."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        import regex

        m = regex.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*", str(value), regex.IGNORECASE)
        if m is None:
            self.fail(f"{value!r} is not a size such as 64M, 1G or 1000000", param, ctx)
        size = int(float(m.group(1)) * 1024 ** (" kmgt".index(m.group(2).lower()) if m.group(2) else 0))
        if size < 1:
            self.fail("the size must be at least 1 byte", param, ctx)
        return size


max_size_option = click.option(
    "--max-size", type=Size(), default=DEFAULT_MAX_SIZE, metavar="SIZE",
    help=f"The largest document read, e.g. 200M or 2G (default {size_text(DEFAULT_MAX_SIZE).replace(' ', '')}): a larger input fails (exit 3), the others are still cleaned. With --jsonl: the largest record (line).",
)


def jsonl_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The JSON Lines options of ``clean`` and ``batch``, handed to the command as one
    ``jsonl`` argument: a ``cleaner.jsonl.JsonlOptions``, or None without ``--jsonl``.
    Goes above ``config_options`` (it reads ``--max-size`` and ``--encoding-errors``)."""

    @functools.wraps(fn)
    def command(*args: Any, jsonl: bool, field: str | None, annotate: bool, annotate_field: str | None, drop_empty: bool, on_error: str | None, url_field: str | None, **kwargs: Any) -> Any:
        given = {"field": field, "annotate_field": annotate_field, "on_error": on_error, "url_field": url_field}
        given = {name: value for name, value in given.items() if value is not None}
        if not jsonl:
            flags = [f"--{name.replace('_', '-')}" for name in given] + ["--annotate"] * annotate + ["--drop-empty"] * drop_empty
            if flags:
                raise click.UsageError(f"{', '.join(flags)} go{'es' if len(flags) == 1 else ''} with --jsonl")
            return fn(*args, jsonl=None, **kwargs)
        from ..jsonl import JsonlOptions

        try:
            options = JsonlOptions(annotate=annotate, drop_empty=drop_empty, max_size=kwargs["max_size"], encoding_errors=kwargs["encoding_errors"], **given)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return fn(*args, jsonl=options, **kwargs)

    options = [
        click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines: clean one field of each record, keep the other fields, write JSON Lines. .gz and .zst names are (de)compressed."),
        click.option("--field", metavar="NAME", help="With --jsonl: the field to clean (default: text)."),
        click.option("--annotate", is_flag=True, help="With --jsonl: keep the text and add a field listing the removed lines (line, rule, category)."),
        click.option("--annotate-field", metavar="NAME", help="With --annotate: the field added (default: cleaner)."),
        click.option("--drop-empty", is_flag=True, help="With --jsonl: leave out records whose cleaned text is empty (counted in the summary)."),
        click.option("--on-error", type=click.Choice(["fail", "skip"]), help="With --jsonl, a bad line (not JSON, not an object, no such field, not a string, too big): stop with exit 3 after writing the records before it (fail, the default), or report it, count it and go on (skip)."),
        click.option("--url-field", metavar="NAME", help="With --jsonl: the field holding the page's URL, whose host is counted and annotated (default: url)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def lower_case(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Language codes are lower case (``--lang EN`` is ``en``); one value or several."""
    if isinstance(value, tuple):
        return tuple(v.lower() for v in value)
    return value.lower() if isinstance(value, str) else value


def _pipeline_only(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options the command itself does not take: ``--config`` and ``--no-config`` were
    read before parsing (``LazyGroup``), ``--site``, ``--no-builtin`` and ``--model``
    are read by ``build_pipeline`` (from the context's parameters)."""

    @functools.wraps(fn)
    def command(*args: Any, config_file: Path | None, no_config: bool, site: str | None, builtin: bool, model_file: Path | None, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return command


# The project settings options: read by the group before the command's own options
# are parsed (they set their defaults); a command that takes them gets settings.
settings_options = [
    click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE", help="Settings from this file (cleaner.toml, or a pyproject.toml's [tool.cleaner]) instead of the one found from the current folder upward."),
    click.option("--no-config", is_flag=True, help="No settings file: only the command line and the defaults."),
]


def settings_args(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command ``--config`` and ``--no-config`` (``settings_options``)."""
    for option in reversed(settings_options):
        fn = option(fn)
    return fn


def from_command_line(name: str) -> bool:
    """The option ``name`` was given on the command line (not a default or a setting)."""
    return click.get_current_context().get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE


def config_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that cleans (clean, batch, diff, eval); their
    defaults come from the project settings, if any (``cleaner.settings``)."""
    fn = _pipeline_only(fn)
    options = [
        click.option("--aggressive/--no-aggressive", default=False, help="Also apply opt-in rules and weak verdicts (removes more); --no-aggressive overrides a setting."),
        click.option("--select", multiple=True, metavar="ID", help="Only these rules (id, id prefix or category). Repeatable."),
        click.option("--ignore", multiple=True, metavar="ID", help="Not these rules (id, id prefix or category). Repeatable."),
        click.option("--keep", multiple=True, metavar="CATEGORY", help="Never remove lines of this category, e.g. metadata. Repeatable."),
        click.option("--lang", metavar="CODE", callback=lower_case, help="The text's language (default: detected per document)."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE", help="An extra rule file (TOML, same format as the built-in packs). Repeatable."),
        click.option("--builtin/--no-builtin", default=True, help="--no-builtin: only the rules of --rules files (the built-in packs and structural rules off)."),
        click.option("--site", metavar="HOST", help="The documents' site, e.g. example.com: rule files with 'sites' apply to theirs only (with --jsonl a record's URL says it)."),
        click.option("--finder", type=click.Choice(list(FINDERS)), default="rules", show_default=True, help="How the article is found: hand-set rules, or the fitted article model (experimental, see README)."),
        click.option("--input-format", type=click.Choice(list(INPUT_FORMATS)), default="auto", show_default=True, help="How the text was printed: one block a line (lines), hard-wrapped like lynx or w3m (wrapped), Markdown like html2text (markdown), a new line at every tag like get_text('\\n') (tagsplit), or with strip=True (tagsplit-stripped), or detected per document (auto)."),
        click.option("--model", "model_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE", help="The article model for --finder model (a file written by python -m cleaner.training --out; default: the built-in one)."),
        click.option("--encoding-errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True, help="Invalid UTF-8: fail, or replace bad bytes with U+FFFD."),
        max_size_option,
        *settings_options,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_pipeline(aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str = "rules", input_format: str = "auto") -> Pipeline:
    """The pipeline for the options (and the project settings' ``budget`` and structural
    ``params``); a bad rule file or selection is a ``RuleError`` (exit 2, ``fail``)."""
    ctx = click.get_current_context(silent=True)
    settings = ctx.find_root().meta.get("cleaner.settings") if ctx is not None else None
    site = ctx.params.get("site") if ctx is not None else None
    builtin = ctx.params.get("builtin", True) if ctx is not None else True
    model = ctx.params.get("model_file") if ctx is not None else None
    config = Config(aggressive=aggressive, select=select, ignore=ignore, keep=keep, lang=lang, rule_files=rule_files, finder=finder, input_format=input_format, site=site, builtin=builtin, model=model, **(settings.pipeline() if settings else {}))
    return Pipeline(config)


def folder_settings() -> tuple[bool, Path | None]:
    """For ``batch`` and ``diff`` of folders: whether a folder's ``cleaner.toml`` may name
    its site (not with --no-config, which reads no settings file), and the project
    settings file in use (read already: its other keys are no error in a folder of SRC)."""
    ctx = click.get_current_context()
    settings = ctx.find_root().meta.get("cleaner.settings")
    return not ctx.params.get("no_config", False), settings.path if settings is not None else None


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout; a reader that went away (``| head``) is no error: the rest
    of the output is dropped and the command goes on to its report and exit code."""
    if sys.stdout is None:  # only outside ``main`` (which reopens a closed stdout)
        if data and not OUTPUT_LOST:
            OUTPUT_LOST.append("stdout")
            error("cannot write the output: standard output is closed")
        return
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


def read_input(path: Path, encoding_errors: str, max_size: int = DEFAULT_MAX_SIZE) -> str:
    """A file, or stdin for '-', decoded; failures are InputErrors that name the input."""
    if str(path) != "-":
        return read_text(path, encoding_errors, max_size)  # type: ignore[arg-type]
    if sys.stdin is None:
        raise InputError("<stdin>: cannot read: standard input is closed")
    try:
        try:  # stdin redirected from a file: its size says at once if it is too big
            st = os.fstat(sys.stdin.fileno())
            hint = st.st_size if stat.S_ISREG(st.st_mode) else 0
        except (OSError, ValueError, io.UnsupportedOperation):
            hint = 0
        return decode_text(read_limited(sys.stdin.buffer, max_size, hint), encoding_errors)  # type: ignore[arg-type]
    except InputError as exc:
        raise InputError(f"<stdin>: {exc}") from None


def read_inputs(paths: Sequence[Path], encoding_errors: str, max_size: int) -> Iterator[tuple[Path, str, str | InputError]]:
    """The inputs of ``clean`` and ``diff`` (stdin, ``-``, when none is given), one at a
    time: each path and name with its text, or with the InputError that refused it,
    which is said on stderr as it comes (the command records it and goes on)."""
    for path in paths or (Path("-"),):
        name = input_name(path)
        try:
            text = read_input(path, encoding_errors, max_size)
        except InputError as exc:
            error(str(exc))
            yield path, name, exc
            continue
        yield path, name, text


@contextmanager
def stop_on_signals() -> Iterator[Stop]:
    """The signal handling of ``batch`` and ``learn``, which the library leaves to its
    caller: while the block runs, the first SIGINT or SIGTERM requests the run's stop
    (it ends at its next safe point and says so: exit 130 or 143), a second one stops at
    once: the temporary files this process is writing are deleted and the signal is
    raised again with its default action (the workers get SIGTERM as the process dies
    and delete theirs). The handlers found are put back after the block."""
    import signal
    import threading

    from ..pool import Stop
    from ..worker import drop_partial_files

    stop = Stop()
    if threading.current_thread() is not threading.main_thread():  # only there can a handler be set
        yield stop
        return

    def on_signal(signum: int, frame: Any) -> None:
        if not stop.requested:
            stop.request(signum)
            return
        drop_partial_files()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    old = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in old.items():  # None was set from C: Python cannot put it back
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
