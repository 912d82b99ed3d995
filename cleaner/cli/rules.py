"""``cleaner rules``: every rule with its id, category, strength, languages and description;
``--show ID`` for one rule's phrases, patterns, parameters and examples.

The listing is read from the same rule data the pipeline runs and the pack tests check,
so it cannot drift from what the rules do.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from ..render import category_colour, console_text, make_console
from ..display import visible
from ..packs import builtin_rules, check_rule_file, load_rules
from ..lang import languages
from ..config import unknown_language
from ..policy import LAYOUT_RULE
from ..report import EXIT_CHANGED, EXIT_OK, EXIT_USAGE
from ..rules import Rule, RuleError, RuleSet
from .common import CONTEXT_SETTINGS, error, lower_case, settings_args, write_stdout

# Not in a pack: the pipeline's own tidy-up, which a diff names like any other rule.
LAYOUT = Rule(
    id=LAYOUT_RULE,
    category="layout",
    kind="context",
    strength="strong",
    description="Blank lines left at the edges, or doubled, by a removal (built into the pipeline; not selectable).",
    examples_remove=("Support us\n\nThe article ...",),
    examples_keep=("The article ...\n\nIts second paragraph ...",),
    source="cleaner/pipeline.py",
)


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def _languages(rule: Rule) -> str:
    return ",".join(rule.languages) if rule.languages else "any"


def _applies(rule: Rule, lang: str) -> bool:
    """A rule applies to ``lang`` if it has entries for it or for any language, or if it
    has no language-specific entries at all (a structural rule)."""
    return not rule.languages or lang in rule.languages or "any" in rule.languages


def _check(paths: tuple[Path, ...]) -> int:
    """``--check``: every rule of each file, PASS or FAIL with its one-line reason, each
    file checked against the built-in rules and the files before it. Exit 1 if a rule
    failed; a file that cannot be read as a pack at all is a RuleError (exit 2)."""
    known = builtin_rules()
    failed = total = 0
    out = []
    for path in paths:
        items = check_rule_file(path, known)
        for item in items:
            total += 1
            if isinstance(item, RuleError):
                failed += 1
                out.append(f"FAIL {visible(str(item))}")
            else:
                out.append(f"PASS {visible(f'{item.source}:{item.line}: {item.id}')}")
        known = RuleSet(known.rules + tuple(item for item in items if isinstance(item, Rule)))
    write_stdout(("\n".join(out) + "\n" if out else "").encode("utf-8"))
    click.echo(f"cleaner rules --check: {total - failed} of {total} rule{'s' if total != 1 else ''} passed", err=True)
    return EXIT_CHANGED if failed else EXIT_OK


def _show(rule: Rule) -> str:
    """One rule in full, as plain text (the rule data made visible, never markup)."""
    out = [rule.id, ""]
    fields = [
        ("category", rule.category),
        ("kind", rule.kind),
        ("strength", rule.strength + (" (only with --aggressive)" if rule.aggressive else "")),
        ("languages", _languages(rule)),
        ("max chars", str(rule.max_chars) if rule.max_chars else "-"),
        ("source", rule.source),
        *([("sites", ", ".join(rule.sites))] if rule.sites else []),
        *([("allow", "yes: protects the lines it matches")] if rule.allow else []),
    ]
    out.extend(f"  {name + ':':<11} {visible(value)}" for name, value in fields)
    out.append(f"  {'about:':<11} {_one_line(rule.description)}")
    for title, table in (("phrases", rule.phrases), ("patterns", rule.patterns)):
        if table:
            out.append("")
            out.append(f"{title}:")
            for lang, items in table.items():
                for item in items:
                    out.append(f"  {lang:<4} {visible(item)}")
    if rule.params:
        out.append("")
        out.append("params:")
        out.extend(f"  {key} = {visible(json.dumps(value, ensure_ascii=False))}" for key, value in rule.params.items())
    for title, examples in (("removes", rule.examples_remove), ("keeps", rule.examples_keep)):
        if examples:
            out.append("")
            out.append(f"examples, {title}:")
            for example in examples:
                lines = example.split("\n")
                out.append(f"  - {visible(lines[0])}")
                out.extend(f"    {visible(line)}" for line in lines[1:])
    return "\n".join(out) + "\n"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--show", "show_id", metavar="ID", help="Print one rule in full: phrases, patterns, parameters, examples.")
@click.option("--category", "categories", multiple=True, metavar="CATEGORY", help="Only rules of this category. Repeatable.")
@click.option("--lang", "langs", multiple=True, metavar="CODE", callback=lower_case, help="Only rules that apply to this language. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), help="Default: table on a terminal, tsv otherwise.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE", help="Include an extra rule file (TOML). Repeatable.")
@click.option("--check", "check_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE", help="Check a rule file: schema, ids, patterns (empty matches, catastrophic backtracking) and each rule's examples; PASS or FAIL per rule. Repeatable.")
@click.option("--width", type=click.IntRange(40, 1000), help="Columns for the table (default: the terminal's).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour: auto = on a terminal unless NO_COLOR is set.")
@settings_args
def rules(show_id: str | None, categories: tuple[str, ...], langs: tuple[str, ...], fmt: str | None, rule_files: tuple[Path, ...], check_files: tuple[Path, ...], width: int | None, color: str, config_file: Path | None, no_config: bool) -> None:
    """List every rule: id, category, strength, languages and description; the rule
    files of the project settings (cleaner.toml) are included.

    \b
    Examples:
      cleaner rules                          # a table on a terminal
      cleaner rules --category appeal --lang de
      cleaner rules --format json | jq '.[].id'
      cleaner rules --show appeal.support-button
      cleaner rules --rules my-site.toml --category my-site
      cleaner rules --check my-site.toml         # PASS or FAIL for each rule

    Exit codes: 0 ok, 1 a rule of --check FILE failed, 2 unknown rule or
    category, or a bad rule file.
    """
    if check_files:
        sys.exit(_check(rule_files + check_files))
    ruleset = load_rules(rule_files)
    everything = list(ruleset) + [LAYOUT]
    is_tty = sys.stdout.isatty()
    colour = color == "always" or (color == "auto" and is_tty and not os.environ.get("NO_COLOR"))

    if show_id is not None:
        rule = next((r for r in everything if r.id == show_id), None)
        if rule is None:
            close = [r.id for r in everything if show_id in r.id][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else " (see 'cleaner rules')"
            error(f"no such rule: {show_id!r}{hint}")
            sys.exit(EXIT_USAGE)
        if fmt == "json":
            write_stdout((json.dumps(rule.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        else:
            write_stdout(_show(rule).encode("utf-8"))
        return

    for lang in langs:
        if lang not in languages():
            error(unknown_language(lang, "leave --lang out to list the rules of every language"))
            sys.exit(EXIT_USAGE)
    known = {r.category for r in everything}
    for category in categories:
        if category not in known:
            error(f"no such category: {category!r} (known: {', '.join(sorted(known))})")
            sys.exit(EXIT_USAGE)
    chosen = [
        r for r in everything
        if (not categories or r.category in categories) and (not langs or any(_applies(r, lang) for lang in langs))
    ]
    fmt = fmt or ("table" if is_tty else "tsv")
    if fmt == "json":
        write_stdout((json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    elif fmt == "tsv":
        lines = ["id\tcategory\tstrength\tlanguages\tdescription"]
        lines.extend(
            "\t".join((visible(r.id), visible(r.category), r.strength + ("+aggressive" if r.aggressive else ""), _languages(r), _one_line(r.description)))
            for r in chosen
        )
        write_stdout(("\n".join(lines) + "\n").encode("utf-8"))
    else:
        console = make_console(width or shutil.get_terminal_size((100, 24)).columns, colour)
        table = Table(box=None, header_style="bold" if colour else "", padding=(0, 2, 0, 0), pad_edge=False)
        table.add_column("id", no_wrap=True)
        table.add_column("category", no_wrap=True)
        table.add_column("strength", no_wrap=True)
        table.add_column("languages", overflow="fold", max_width=24)
        table.add_column("description", ratio=1, overflow="fold")
        for r in chosen:
            table.add_row(
                Text(visible(r.id), style="bold" if colour else ""),
                Text(visible(r.category), style=category_colour(r.category) if colour else ""),
                Text(r.strength + (" (opt-in)" if r.aggressive else "")),
                Text(_languages(r).replace(",", ", ")),
                Text(_one_line(r.description)),
            )
        console.print(table)
        text = console_text(console)
        if not colour:
            text = "".join(line.rstrip() + "\n" for line in text.splitlines())
        write_stdout(text.encode("utf-8"))
