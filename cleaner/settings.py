"""Project settings: ``cleaner.toml``, or ``[tool.cleaner]`` in ``pyproject.toml``, found
from the current folder upward (as ruff and black find theirs), so a project's rule
files and options are kept with it instead of retyped on every call.

The settings become the commands' option defaults (click's ``default_map``): an option
given on the command line always wins. Every key is checked when the file is read: an
unknown key or a wrong type is one line naming the file, the line and the key (exit 2),
never a surprise mid-run.

A ``cleaner.toml`` in a folder of a batch's SRC is read apart (``folder_sites``): it
says which site the files under it come from, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import regex

from .errors import UsageError

CONFIG_NAME = "cleaner.toml"
PYPROJECT = "pyproject.toml"


class SettingsError(UsageError, ValueError):
    """A settings file is wrong; the message names the file, the line and the key."""


def _names(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of names (strings)"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _jobs(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else "must be a whole number >= 1"


def _lang(value: Any) -> str | None:
    from .lang import languages

    if not isinstance(value, str):
        return "must be a language code (a string)"
    known = languages()
    return None if value.lower() in known else f"unknown language {value!r} (known: {', '.join(sorted(known))})"


def _finder(value: Any) -> str | None:
    from .config import FINDERS

    return None if value in FINDERS else f"must be one of {', '.join(FINDERS)}"


def _input_format(value: Any) -> str | None:
    from .formats import INPUT_FORMATS

    return None if value in INPUT_FORMATS else f"must be one of {', '.join(INPUT_FORMATS)}"


def _path(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a file name (a string)"


def _site(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a host name such as \"example.com\""


# key -> (its check, the command-line option's parameter name)
KEYS: dict[str, tuple[Callable[[Any], str | None], str]] = {
    "rules": (_names, "rule_files"),
    "select": (_names, "select"),
    "ignore": (_names, "ignore"),
    "keep": (_names, "keep"),
    "aggressive": (_bool, "aggressive"),
    "jobs": (_jobs, "jobs"),
    "lang": (_lang, "lang"),
    "finder": (_finder, "finder"),
    "input_format": (_input_format, "input_format"),
    "site": (_site, "site"),
    "builtin": (_bool, "builtin"),
    "model": (_path, "model_file"),
}


# Settings with no command-line option: they go to ``cleaner.Config`` directly.
PIPELINE_KEYS = ("budget", "params")


@dataclass(frozen=True)
class Settings:
    """The settings of one file (``path`` None: none), checked; ``rules`` are resolved
    against the file's folder, so they work from any folder below it. ``budget`` and
    ``params`` (structural parameters, as ``Config.params`` triples) have no option."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        """The values as click's ``default_map`` of a command (by parameter name)."""
        return {KEYS[key][1]: value for key, value in self.values.items() if key in KEYS}

    def pipeline(self) -> dict[str, Any]:
        """The ``cleaner.Config`` fields the settings set that no option does."""
        return {key: self.values[key] for key in PIPELINE_KEYS if key in self.values}


def _budget(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else "must be a number from 0 to 1 (a share of the prose)"


def _params(where: str, text: str, value: Any) -> tuple[tuple[str, str, Any], ...]:
    """``[params.<category>.<rule>]`` tables of structural parameters, checked against
    the built-in ones (``cleaner.params``)."""
    from .packs import builtin_rules
    from .params import check_overrides
    from .rules import RuleError

    shape = SettingsError(f"{where}{_line(text, 'params')}: params: must be tables [params.<category>.<rule>] of key = value")
    if not isinstance(value, dict):
        raise shape
    out = []
    for category, rules in value.items():
        for name, table in rules.items() if isinstance(rules, dict) else [(None, None)]:
            if not isinstance(table, dict):
                raise shape
            for key, item in table.items():
                out.append((f"{category}.{name}", key, tuple(item) if isinstance(item, list) else item))
                try:
                    check_overrides((out[-1],), builtin_rules())
                except RuleError as exc:
                    raise SettingsError(f"{where}{_line(text, key)}: params.{exc}") from None
    return tuple(out)


def find_config(start: Path) -> Path | None:
    """The nearest ``cleaner.toml``, or ``pyproject.toml`` with a ``[tool.cleaner]``
    table, in ``start`` or a folder above it; in one folder ``cleaner.toml`` wins."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            import tomllib  # (most runs find no settings file)

            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # someone else's broken file is not ours to report
            if isinstance(data.get("tool"), dict) and "cleaner" in data["tool"]:
                return pyproject
    return None


def _line(text: str, key: str) -> str:
    """``:N`` for the first line that sets ``key`` or opens its table (tomllib gives no
    lines), or ""."""
    for number, line in enumerate(text.splitlines(), 1):
        if regex.match(rf"\s*(?:\[\s*)?{regex.escape(key)}\s*[=.\]]", line):
            return f":{number}"
    return ""


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """A settings file's text (for ``_line``) and its table; one-line SettingsErrors."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None


def load_settings(path: Path) -> Settings:
    """Read and check one settings file: ``[tool.cleaner]`` of a ``pyproject.toml``, the
    whole of any other file."""
    text, data = _read_toml(path)
    prefix = ""
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("cleaner", {})
        prefix = "tool.cleaner."
        if not isinstance(data, dict):
            raise SettingsError(f"{path}: tool.cleaner must be a table")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "params":
            values[key] = _params(str(path), text, value)
            continue
        if key == "budget":
            if (problem := _budget(value)) is not None:
                raise SettingsError(f"{path}{_line(text, key)}: {prefix}{key}: {problem}")
            values[key] = value
            continue
        if key not in KEYS:
            raise SettingsError(f"{path}{_line(text, key)}: {prefix}{key}: unknown key (known: {', '.join((*KEYS, *PIPELINE_KEYS))})")
        problem = KEYS[key][0](value)
        if problem:
            raise SettingsError(f"{path}{_line(text, key)}: {prefix}{key}: {problem}")
        if key == "rules":
            value = [str(path.parent / item) for item in value]
        elif key == "model":
            value = str(path.parent / value)
        elif key == "lang":
            value = value.lower()
        values[key] = value
    return Settings(path, values)


def peek_config_args(args: list[str]) -> tuple[Path | None, bool]:
    """``--config FILE`` and ``--no-config`` from a command's arguments, before click
    parses them: the settings must be the options' defaults by then."""
    path: Path | None = None
    off = False
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--no-config":
            off = True
        elif arg == "--config" and k + 1 < len(args):
            path = Path(args[k + 1])
        elif arg.startswith("--config="):
            path = Path(arg.split("=", 1)[1])
    return path, off


def settings_for(args: list[str], cwd: Path) -> Settings:
    """The settings a command runs with: ``--config FILE``, none with ``--no-config``,
    else the file found from ``cwd`` upward (none found: no settings)."""
    path, off = peek_config_args(args)
    if off:
        if path is not None:
            raise SettingsError("--config and --no-config do not go together")
        return Settings()
    if path is None:
        path = find_config(cwd)
        if path is None:
            return Settings()
    return load_settings(path)


# ----------------------------------------------------------------- a batch folder's site
@dataclass(frozen=True)
class FolderSites:
    """The sites that ``cleaner.toml`` files in the folders of a batch's SRC name, by
    folder ('/'-separated, relative to SRC; "" is SRC itself). Pages are often saved one
    site to a folder: the folder says a file's site better than one ``--site`` for the
    whole run, so the nearest folder's wins over it (a JSONL record's URL wins over both)."""

    folders: dict[str, str] = field(default_factory=dict)

    def site(self, rel: str) -> str | None:
        """The site of the file ``rel`` (relative to SRC): its nearest folder's, or None."""
        folder = rel
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in self.folders:
                return self.folders[folder]
        return None


def folder_sites(src: Path, rels: Iterable[str], in_use: Path | None = None) -> FolderSites:
    """The sites named by the ``cleaner.toml`` files of SRC's folders that hold ``rels``
    (files relative to SRC), or folders between those and SRC.

    Such a file may set only ``site``: another key there is refused (SettingsError), for
    a user who puts ``rules`` or ``lang`` in it would otherwise believe them applied. The
    settings file the command runs with (``in_use``, when it lies in SRC) is the
    exception: its other keys already apply to the whole run."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for rel in rels:
        folder = rel
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in seen:
                break  # and so were the folders above it
            seen.add(folder)
            path = src / folder / CONFIG_NAME
            if path.is_file():
                site = _folder_site(path, in_use)
                if site is not None:
                    found[folder] = site
    return FolderSites(found)


def _folder_site(path: Path, in_use: Path | None) -> str | None:
    """The ``site`` of a batch folder's ``cleaner.toml`` (None: it sets none)."""
    if in_use is not None and in_use.is_file() and path.samefile(in_use):
        return load_settings(path).values.get("site")
    text, data = _read_toml(path)
    for key in data:
        if key != "site":
            raise SettingsError(f"{path}{_line(text, key)}: {key}: not read from a folder of SRC; a batch folder's {CONFIG_NAME} may set only site")
    if "site" not in data:
        return None
    if (problem := _site(data["site"])) is not None:
        raise SettingsError(f"{path}{_line(text, 'site')}: site: {problem}")
    return str(data["site"])
