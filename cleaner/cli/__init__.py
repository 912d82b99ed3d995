"""The command line: a thin layer over the library (``cleaner.clean_and_explain``).

One module per command, imported only when that command runs (``cleaner clean`` in a
pipe should not pay for rich's progress bars or the HTML report). Cleaned text goes to
stdout as bytes, untouched by rich; every message goes to stderr. Exit codes: 0 ok, 1
``--check`` found something to remove, 2 usage or rule-file error, 3 some inputs failed
(the others were still processed).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import click

from .. import __version__
from ..errors import CleanerError
from ..interrupt import interrupted, started
from ..report import EXIT_FAILED
from .common import CONTEXT_SETTINGS, fail

# command name -> "module:attribute" under cleaner.cli
COMMANDS = {
    "clean": "clean:clean",
    "batch": "batch:batch",
    "learn": "learn:learn",
    "diff": "diff:diff",
    "rules": "rules:rules",
    "eval": "eval:eval_command",
    "config": "config:config",
}


class OneLineUsageError(click.UsageError):
    """A usage error shown as the README promises: ``cleaner: error: ...`` and where to
    find help, on one line, instead of click's usage block."""

    def __init__(self, exc: click.UsageError) -> None:
        super().__init__(exc.format_message(), exc.ctx)
        self.exit_code = exc.exit_code

    def show(self, file: Any = None) -> None:
        from ..display import visible

        message = " ".join(self.format_message().split()).rstrip(".")
        command = " ".join(["cleaner", *self.ctx.command_path.split()[1:]]) if self.ctx is not None else ""
        hint = f" (see '{command} --help')" if command else ""
        click.echo(f"cleaner: error: {visible(message)}{hint}", file=file, err=file is None)


def _one_line(exc: click.UsageError) -> click.UsageError:
    return exc if isinstance(exc, OneLineUsageError) else OneLineUsageError(exc)


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (the pattern from click's docs).
    Its usage errors, and its commands', are one line (``OneLineUsageError``)."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """The command, with the project's settings (``cleaner.settings``) as the defaults
        of its options when it takes ``--config``: the command line still wins."""
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None and command is not None and any(p.name == "config_file" for p in command.params) and not {"-h", "--help"} & set(rest):
            import os
            from pathlib import Path

            from ..settings import settings_for

            settings = settings_for(rest, Path(os.getcwd()))  # a SettingsError ends in ``invoke``
            ctx.default_map = {name: settings.defaults()}
            ctx.meta["cleaner.settings"] = settings
        started()  # the command is loaded: from here Ctrl-C is a KeyboardInterrupt (``interrupt``)
        return name, command, rest

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; its usage errors are one line, and a library error (a
        ``CleanerError``, from the command or the settings) ends it as its kind says."""
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except CleanerError as exc:
            fail(exc)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(import_module(f".{module}", __name__), attribute)
        assert isinstance(command, click.Command)
        return command

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        """Every command, imported (for help and documentation tests)."""
        ctx = click.Context(self)
        return {name: cmd for name in COMMANDS if (cmd := self.get_command(ctx, name)) is not None}

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        if value:
            raise TypeError("commands are registered in COMMANDS")


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="cleaner")
def cli() -> None:
    """Strip boilerplate from scraped article text.

    Donation appeals, ad notices, newsletter, cookie and paywall prompts, share bars,
    menus, "Read more" links and footers go; the article stays, line for line.
    """


def main() -> None:
    """Console-script entry point: safe standard streams (``setup_streams``), and exit 3
    when output was lost (stdout closed or failing)."""
    from .common import OUTPUT_LOST, setup_streams

    setup_streams()
    try:
        code = cli.main(prog_name="cleaner", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.ClickException as exc:  # a usage error: click's lines, made safe to print
        from io import StringIO

        from ..display import visible

        shown = StringIO()
        exc.show(file=shown)
        for line in shown.getvalue().splitlines():
            click.echo(visible(line), err=True)
        _flush()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C (and end of input at a prompt) into Abort. An interrupt
        # exits 128 + SIGINT as a shell would, whichever command it stopped; a batch that
        # had begun writing handles its own (and says how to resume).
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _flush()
            interrupted()
        click.echo("Aborted!", err=True)
        _flush()
        sys.exit(1)
    except SystemExit as exc:
        code = exc.code
        _flush()
        if OUTPUT_LOST and code in (0, 1, None):
            sys.exit(EXIT_FAILED)
        raise
    _flush()
    if OUTPUT_LOST:
        sys.exit(EXIT_FAILED)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
