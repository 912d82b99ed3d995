"""``cleaner config``: the settings a command would run with, and where each came from
(the command line, the settings file, or the default)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..display import visible
from ..config import Config
from ..settings import KEYS, Settings
from .common import CONTEXT_SETTINGS, config_options, write_stdout


def _shown(value: Any) -> str:
    """A value as TOML writes it (None, which TOML lacks: 'unset')."""
    if value is None:
        return "unset"
    if isinstance(value, tuple):
        value = [str(v) for v in value]
    if isinstance(value, Path):
        value = str(value)
    return json.dumps(value, ensure_ascii=False)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for batch (default: the number of cores).")
@config_options
def config(jobs: int | None, aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str, input_format: str, encoding_errors: str, max_size: int) -> None:
    """Print the effective settings and where each came from.

    Settings are read from cleaner.toml, or [tool.cleaner] in pyproject.toml, in the
    current folder or the nearest folder above it that has one (--config FILE: that
    file; --no-config: none). Options given on the command line win.

    \b
    Examples:
      cleaner config                      # what 'cleaner clean' here would use
      cleaner config --select appeal      # ... with this option given

    Exit codes: 0 ok, 2 a bad settings file (unknown key, wrong type).
    """
    ctx = click.get_current_context()
    settings: Settings = ctx.find_root().meta.get("cleaner.settings", Settings())
    values = {"rules": rule_files, "select": select, "ignore": ignore, "keep": keep, "aggressive": aggressive, "jobs": jobs, "lang": lang, "finder": finder, "input_format": input_format, "site": ctx.params.get("site"), "builtin": ctx.params.get("builtin"), "model": ctx.params.get("model_file")}
    source = click.core.ParameterSource
    where = {
        source.COMMANDLINE: "command line",
        source.DEFAULT_MAP: str(settings.path),
    }
    head = f"# settings file: {settings.path}" if settings.path else "# settings file: none"
    lines = [visible(head)]
    width = max(len(key) for key in KEYS)
    for key in KEYS:
        origin = where.get(ctx.get_parameter_source(KEYS[key][1]), "default")  # type: ignore[arg-type]
        lines.append(visible(f"{key:<{width}} = {_shown(values[key])}  # {origin}"))
    lines.append(visible(f"{'budget':<{width}} = {_shown(settings.values.get('budget', Config().budget))}  # {settings.path if 'budget' in settings.values else 'default'}"))
    for rule_id, key, value in settings.values.get("params", ()):
        lines.append(visible(f"params.{rule_id}.{key} = {_shown(value)}  # {settings.path}"))
    write_stdout(("\n".join(lines) + "\n").encode("utf-8"))
