"""``cleaner eval DIR``: score the rules on a folder of gold pages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..display import visible
from ..evaluate import Evaluation, evaluate, gold_pages
from ..featurenames import FEATURES
from ..model import CONTEXT_FEATURES
from ..pipeline import Pipeline
from ..rules import RuleError
from ..report import EXIT_FAILED, EXIT_USAGE
from .common import CONTEXT_SETTINGS, build_pipeline, config_options, error


@click.command("eval", context_settings=CONTEXT_SETTINGS)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", default=10, show_default=True, help="How many false removals to show.")
@click.option("--ablate", multiple=True, metavar="NAME", help="Also score without this rule, category or model feature, side by side. Repeatable.")
@config_options
def eval_command(folder: Path, fmt: str, top: int, ablate: tuple[str, ...], aggressive: bool, select: tuple[str, ...], ignore: tuple[str, ...], keep: tuple[str, ...], lang: str | None, rule_files: tuple[Path, ...], finder: str, input_format: str, encoding_errors: str, max_size: int) -> None:
    """Score the rules on FOLDER of <id>.txt + <id>.gold.txt pages.

    Prints token precision, recall and F1 (per-page means), the lines kept and removed
    rightly and wrongly, and for every rule how often it fired and how often it was
    right, with the top false removals in context.

    \b
    Example:
      cleaner eval my-gold-pages/ --top 20
      cleaner eval my-gold-pages/ --format json > eval.json
      cleaner eval my-gold-pages/ --ablate structure.sandwich --ablate social
      cleaner eval my-gold-pages/ --finder model --ablate post_header

    With --ablate, a rule or category is left out as --ignore would; a feature of the
    article model (--finder model) is silenced (weight 0) in the model as fitted:
    ``python -m cleaner.training --ablate NAME`` refits without it for the fair figure.
    """
    if not folder.is_dir():
        error(f"{folder}: no such folder")
        sys.exit(EXIT_USAGE)
    if not gold_pages(folder):
        error(f"{folder}: no <id>.txt + <id>.gold.txt pairs")
        sys.exit(EXIT_USAGE)
    pipe = build_pipeline(aggressive, select, ignore, keep, lang, rule_files, finder, input_format)
    ev = evaluate(folder, pipe, max_size)
    if ablate:
        rows = [(name, evaluate(folder, _ablated(pipe, name), max_size)) for name in ablate]
        if fmt == "json":
            click.echo(json.dumps({"with": _summary(ev), "without": {n: _summary(e) for n, e in rows}}, ensure_ascii=False, indent=1))
        else:
            render_ablation(ev, rows, Console(highlight=False, soft_wrap=False))
        sys.exit(EXIT_FAILED if ev.failed else 0)
    if fmt == "json":
        click.echo(json.dumps(ev.to_json(), ensure_ascii=False, indent=1))
    else:
        render(ev, top, Console(highlight=False, soft_wrap=False))
    for page, message in ev.failed:
        error(f"{page}: {message}")
    sys.exit(EXIT_FAILED if ev.failed else 0)


def _summary(ev: Evaluation) -> dict[str, object]:
    """The figures of an evaluation without its per-rule and per-line detail."""
    return {k: v for k, v in ev.to_json().items() if k not in ("rules", "false_removals", "failed")}


def _ablated(pipe: Pipeline, name: str) -> Pipeline:
    """The pipeline without ``name``: a model feature silenced, or a rule or category left out."""
    if name in FEATURES or name in CONTEXT_FEATURES:
        if pipe.config.finder != "model":
            error(f"--ablate {visible(name)}: a feature of the article model; add --finder model")
            sys.exit(EXIT_USAGE)
        return Pipeline(pipe.config, model=pipe.model.without(frozenset({name})))
    try:
        return Pipeline(pipe.config.replace(ignore=pipe.config.ignore + (name,)))
    except (RuleError, ValueError) as exc:
        error(f"--ablate {visible(name)}: not a rule, a category or a model feature ({exc})")
        sys.exit(EXIT_USAGE)


def render_ablation(ev: Evaluation, rows: list[tuple[str, Evaluation]], console: Console) -> None:
    """Figures with everything, then without each name, and the change in F1."""
    table = Table(title="ablation")
    for name in ("without", "F1", "ΔF1", "body kept", "cruft removed"):
        table.add_column(name, justify="left" if name == "without" else "right")

    def shares(e: Evaluation) -> tuple[float, float]:
        body, cruft = e.body_kept + e.body_removed, e.cruft_kept + e.cruft_removed
        return (e.body_kept / body if body else 1.0, e.cruft_removed / cruft if cruft else 1.0)

    kept, removed = shares(ev)
    table.add_row(Text("(nothing)"), f"{ev.f1:.3f}", "", f"{kept:.3f}", f"{removed:.3f}")
    for name, e in rows:
        kept, removed = shares(e)
        table.add_row(Text(visible(name)), f"{e.f1:.3f}", f"{e.f1 - ev.f1:+.3f}", f"{kept:.3f}", f"{removed:.3f}")
    console.print(table)


def render(ev: Evaluation, top: int, console: Console) -> None:
    """The evaluation as rich tables (scraped text always as literal Text, never markup)."""
    body = ev.body_kept + ev.body_removed
    cruft = ev.cruft_kept + ev.cruft_removed
    console.print(
        Text(
            f"pages {ev.pages}  F1 {ev.f1:.3f}  P {ev.precision:.3f}  R {ev.recall:.3f}  "
            f"body kept {ev.body_kept}/{body} lines ({ev.body_kept / body if body else 1:.3f}; "
            f"per page {ev.body_kept_mean:.3f})  "
            f"cruft removed {ev.cruft_removed}/{cruft} ({ev.cruft_removed / cruft if cruft else 1:.3f})  "
            f"formats {', '.join(f'{name} {n}' for name, n in sorted(ev.formats.items())) or '-'}"
        )
    )
    table = Table(title="rules")
    for name, justify in (("rule", "left"), ("fired", "right"), ("right", "right"), ("wrong", "right"), ("precision", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for rid, t in sorted(ev.rules.items(), key=lambda kv: (-kv[1].fired, kv[0])):
        table.add_row(Text(visible(rid)), str(t.fired), str(t.right), str(t.fired - t.right), f"{t.precision:.3f}")
    console.print(table)
    if ev.false_removals and top:
        shown = Table(title=f"false removals (first {min(top, len(ev.false_removals))} of {len(ev.false_removals)})", show_lines=True)
        for name in ("page:line", "rule", "line in context"):
            shown.add_column(name)
        for f in ev.false_removals[:top]:
            context = Text()
            context.append(f"  {visible(f.before[:100])}\n", style="dim")
            context.append(f"- {visible(f.text[:200])}\n", style="bold red")
            context.append(f"  {visible(f.after[:100])}", style="dim")
            shown.add_row(Text(f"{visible(f.page[:16])}:{f.line}"), Text(visible(f.rule)), context)
        console.print(shown)
