"""Hostile input (issue 16): what an attacker or an unlucky user feeds the tool.

Each CLI case runs ``python -m cleaner`` from this tree in a subprocess with a generous
time limit (``HANG``): a hang fails the case instead of stalling the suite. No case
asserts a timing beyond that guard.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner import Config

ROOT = Path(__file__).resolve().parent.parent
HANG = 60  # seconds: a hang guard for a loaded machine, not a performance assertion


def run(args: list[str], data: bytes | None = b"", cwd: Path | None = None, timeout: float = HANG, **kw) -> subprocess.CompletedProcess[bytes]:
    """``python -m cleaner ARGS`` with this tree's code first on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.update(kw.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        input=data, capture_output=True, timeout=timeout, cwd=cwd, env=env, **kw,
    )


def one_error(stderr: bytes) -> str:
    """The single ``cleaner: error:`` line of stderr (fails on more, or a traceback)."""
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("cleaner: error: "), lines[0]
    return lines[0]


# --- item 8: the library checks its arguments ------------------------------------------


@pytest.mark.parametrize("function", [cleaner.clean, cleaner.clean_and_explain])
@pytest.mark.parametrize("value", [None, 3, ["a line"]])
def test_clean_refuses_a_non_str_naming_it(function, value) -> None:
    with pytest.raises(TypeError, match=rf"cleaner\.{function.__name__}\(\) takes the text as a str, not "):
        function(value)


@pytest.mark.parametrize("function", [cleaner.clean, cleaner.clean_and_explain])
def test_clean_refuses_bytes_pointing_to_decode(function) -> None:
    with pytest.raises(TypeError, match=r"not bytes .*use cleaner\.decode\(data\)"):
        function(b"Support us\n")


def test_clean_refuses_a_config_that_is_not_one() -> None:
    with pytest.raises(TypeError, match="config must be a cleaner.Config"):
        cleaner.clean("text\n", {"aggressive": True})  # type: ignore[arg-type]


def test_decode_and_segment_check_their_argument() -> None:
    with pytest.raises(TypeError, match=r"decode\(\) takes bytes, not str; .*segment"):
        cleaner.decode("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"segment\(\) takes a str, not bytes; .*decode"):
        cleaner.segment(b"text")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors must be 'strict' or 'replace'"):
        cleaner.decode(b"text", "ignore")  # type: ignore[arg-type]
    assert cleaner.decode(bytearray(b"a\n")).text == "a\n"  # bytes-like is fine


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"keep": None}, TypeError, "Config.keep must be a tuple of names"),
        ({"keep": "metadata"}, TypeError, r"not a string: write keep=\('metadata',\)"),
        ({"ignore": "social"}, TypeError, r"not a string: write ignore=\('social',\)"),
        ({"select": ("zt", 3)}, TypeError, "Config.select must hold names"),
        ({"select": ("",)}, ValueError, "empty name"),
        ({"budget": -1}, ValueError, "budget must be from 0 to 1"),
        ({"budget": 1.5}, ValueError, "budget must be from 0 to 1"),
        ({"budget": math.nan}, ValueError, "budget must be from 0 to 1"),
        ({"budget": "0.5"}, TypeError, "budget must be a number"),
        ({"budget": True}, TypeError, "budget must be a number"),
        ({"aggressive": "yes"}, TypeError, "aggressive must be True or False"),
        ({"aggressive": 1}, TypeError, "aggressive must be True or False"),
        ({"lang": 7}, TypeError, "Config.lang must be a language code"),
        ({"lang": "xx"}, cleaner.RuleError, "unknown language 'xx'"),
        ({"rule_files": "site.toml"}, TypeError, "not a single path"),
        ({"rule_files": Path("site.toml")}, TypeError, "not a single path"),
        ({"rule_files": (3,)}, TypeError, "must hold paths"),
        ({"ignore": ("socail",)}, cleaner.RuleError, "no rule or category matches 'socail'"),
        ({"select": ("appeal.no-such-rule",)}, cleaner.RuleError, "no rule or category matches"),
        ({"keep": ("metdata",)}, cleaner.RuleError, "no category 'metdata' to keep"),
    ],
)
def test_config_validates_every_field_at_construction(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        Config(**kwargs)


def test_config_replace_is_validated_too() -> None:
    with pytest.raises(ValueError, match="budget"):
        Config().replace(budget=2)


def test_config_takes_lists_and_path_strings_and_stays_hashable() -> None:
    config = Config(keep=["metadata"], ignore=["social"], budget=1)
    assert config.keep == ("metadata",) and config.ignore == ("social",)
    assert config == Config(keep=("metadata",), ignore=("social",), budget=1.0)
    hash(config)  # cleaner.pipeline() caches by config
    assert Config(rule_files=["a.toml"]).rule_files == (Path("a.toml"),)
    assert cleaner.clean("Support us\n\n" + "The minister resigned on Monday after a week of protests in the capital, officials said.\n", config)


def test_names_from_a_rule_file_are_left_to_the_pipeline(rule_files) -> None:
    zt, _ = rule_files
    Config(rule_files=(zt,), select=("zt",), keep=("zt",))  # not known to the built-in packs
    with pytest.raises(cleaner.RuleError, match="no rule or category matches 'zz'"):
        cleaner.Pipeline(Config(rule_files=(zt,), select=("zz",)))


def test_cli_keep_of_an_unknown_category_is_a_usage_error() -> None:
    proc = run(["clean", "--keep", "metdata"], b"text\n")
    assert proc.returncode == 2
    assert "no category 'metdata' to keep" in one_error(proc.stderr)
