"""Shared test helpers: a CliRunner wrapper that explains its failures, test rule files,
and article-like prose.

The test rules use made-up marker phrases ("zqx ...") so they can never collide with a
built-in phrase, and ids under categories of their own, so they survive any renaming
of the built-in packs. Only the stable ``structure.*`` rules are named by id.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Sequence

import pytest
from click.testing import CliRunner, Result

from cleaner import cache
from cleaner.cli import cli

# The test run's cache folder and the CLEANER_CACHE_DIR it replaced.
_CACHE_DIR = pytest.StashKey[tuple[str, "str | None"]]()


def pytest_configure(config: pytest.Config) -> None:
    """Point cleaner's disk cache (``cleaner/cache.py``) at a fresh temporary folder, so no
    test writes the user's ``~/.cache/cleaner``. Set here, not in a session fixture:
    test modules build pipelines while they are collected, before any fixture runs; and
    in the environment, so the commands the tests start and the xdist workers (which
    keep the controller's folder) inherit it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    folder = tempfile.mkdtemp(prefix="cleaner-test-cache-")
    config.stash[_CACHE_DIR] = (folder, os.environ.get("CLEANER_CACHE_DIR"))
    os.environ["CLEANER_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Write what this process cached now (into the test folder, not at exit into the
    user's), then remove the folder and give the variable back."""
    folder, before = config.stash.get(_CACHE_DIR, (None, None))
    if folder is None:
        return
    cache.save()
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("CLEANER_CACHE_DIR", None)
    else:
        os.environ["CLEANER_CACHE_DIR"] = before

# One file per category (a rule file has one category). Strengths and kinds cover the
# policy: strong/normal/weak whole-line rules, strong/normal "contains" rules (which can
# hit a long prose line), an opt-in (aggressive-only) rule.
ZT_RULES = '''
category = "zt"
description = "Test rules with made-up marker phrases."

[[rule]]
name = "strong-line"
kind = "line"
strength = "strong"
description = "A strong whole-line marker."
phrases.any = ["zqx strong marker"]
examples.remove = ["Zqx strong marker", "ZQX STRONG MARKER!"]
examples.keep = ["A zqx strong marker inside a sentence is not the whole line."]

[[rule]]
name = "normal-line"
kind = "line"
strength = "normal"
description = "A normal whole-line marker."
phrases.any = ["zqx normal marker"]
examples.remove = ["zqx normal marker"]
examples.keep = ["no marker here"]

[[rule]]
name = "weak-line"
kind = "line"
strength = "weak"
description = "A weak whole-line marker."
phrases.any = ["zqx weak marker"]
examples.remove = ["zqx weak marker"]
examples.keep = ["no marker here"]

[[rule]]
name = "strong-contains"
kind = "contains"
strength = "strong"
description = "A strong marker anywhere in a line."
phrases.any = ["zqxstrongword"]
examples.remove = ["a zqxstrongword b"]
examples.keep = ["no marker here"]

[[rule]]
name = "normal-contains"
kind = "contains"
strength = "normal"
description = "A normal marker anywhere in a line."
phrases.any = ["zqxnormalword"]
examples.remove = ["a zqxnormalword b"]
examples.keep = ["no marker here"]

[[rule]]
name = "opt-in"
kind = "line"
strength = "strong"
aggressive = true
description = "Only active under --aggressive."
phrases.any = ["zqx optin marker"]
examples.remove = ["zqx optin marker"]
examples.keep = ["no marker here"]
'''

META_RULES = '''
category = "metadata"
description = "A test byline rule."

[[rule]]
name = "zqx-test-byline"
kind = "line"
strength = "strong"
description = "A made-up byline."
phrases.any = ["zqx byline"]
examples.remove = ["Zqx byline"]
examples.keep = ["no marker here"]
'''

# Long prose: >= 200 characters, sentence punctuation, English function words. Such a
# line is an article paragraph (and protected by the long-prose guard).
PROSE = [
    "The council of the town said on Monday that the new bridge over the river would open "
    "in the spring, after two years of work by the engineers of the region and a long "
    "dispute with the owners of the land on the far bank.",
    "Most of the money for the work came from the national government, which had promised "
    "in its last budget to repair the roads and the bridges of the north before the end of "
    "the decade, and the rest from the town itself.",
    "Residents of the old quarter, who had crossed the river by ferry for as long as they "
    "could remember, told reporters that they were glad of the bridge but would miss the "
    "boat and the man who had run it for thirty years.",
    "The mayor said at a meeting in the town hall that the ferry would keep running through "
    "the summer for the visitors who come to the region each year, and that its future would "
    "be decided by a vote of the council in the autumn.",
    "Engineers from the university who had studied the plans said that the bridge was built "
    "to last for more than a century, and that the cost of keeping it in good repair would be "
    "small compared with the cost of the ferry over the same time.",
]
HEADLINE = "Town opens its new bridge over the river"
# A site menu above the article.
MENU = ["Home", "News", "Sport", "Business", "Contact"]


def article(*middle: str, paragraphs: int = 5) -> str:
    """A headline and ``paragraphs`` prose paragraphs separated by blank lines, with the
    ``middle`` lines (each its own paragraph) inserted after the second paragraph."""
    parts = [HEADLINE, *PROSE[:2], *middle, *PROSE[2:paragraphs]]
    return "\n\n".join(parts) + "\n"


def cpu_limit(seconds: int) -> Callable[[], None]:
    """A ``preexec_fn`` that caps a child's CPU time (SIGXCPU past it): a bound on the work
    done that a busy machine cannot trip, unlike a wall-clock timeout."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    return limit


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_of(text: str) -> list[str]:
    """``text`` cut after each ``\\r\\n``, ``\\r`` or ``\\n``, endings kept: the README's
    definition of a line, written here apart from cleaner's own splitter."""
    return _LINE.findall(text)


def without_lines(text: str, gone: set[int]) -> str:
    """What cleaning must output when it removes lines ``gone`` (0-based) from ``text``,
    by the README's rules: every other line byte for byte with its own ending; a
    non-empty output ends with a line ending (the document's first one); a leading BOM
    stays unless nothing does."""
    body = text.removeprefix("\ufeff")
    lines = lines_of(body)
    out = "".join(line for i, line in enumerate(lines) if i not in gone)
    if out and not out.endswith(("\r", "\n")):
        first = re.search(r"\r\n|\r|\n", body)
        out += first.group() if first else "\n"
    return ("\ufeff" if out and body != text else "") + out


def _describe(result: Result, args: Sequence[str]) -> str:
    exc = result.exception
    tb = ""
    if exc is not None and not isinstance(exc, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return (
        f"cleaner {' '.join(map(str, args))}\n"
        f"exit code: {result.exit_code}\n"
        f"stdout: {result.stdout_bytes[:2000]!r}\n"
        f"stderr: {result.stderr[:2000]!r}\n"
        f"exception: {exc!r}\n{tb}"
    )


@pytest.fixture
def invoke():
    """Run the CLI in-process, like black's ``invokeBlack``: asserts the exit code and puts
    stdout, stderr and any exception in the failure message."""

    def run(args: Sequence[str], input: str | bytes | None = None, exit_code: int | None = 0) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError("unexpected exception\n" + _describe(result, args))
        if exit_code is not None:
            assert result.exit_code == exit_code, _describe(result, args)
        run.last = _describe(result, args)  # type: ignore[attr-defined]
        return result

    return run


def one_error_line(result: Result) -> str:
    """The single ``cleaner: error:`` line on stderr (fails if there is more or a traceback)."""
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
    assert lines[0].startswith("cleaner: error: "), lines[0]
    return lines[0]


@pytest.fixture(scope="session")
def rule_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two test rule files (``zt.*`` and ``metadata.zqx-test-byline``)."""
    folder = tmp_path_factory.mktemp("rules")
    zt = folder / "zt.toml"
    zt.write_text(ZT_RULES, encoding="utf-8")
    meta = folder / "meta.toml"
    meta.write_text(META_RULES, encoding="utf-8")
    return zt, meta


# A user's allow rule: the paper's own column header reads like an ad label.
COLUMN_HEADER_ALLOW = '''category = "daily-post"

[[rule]]
name = "column-header"
kind = "line"
allow = true
description = "The paper's own column header, worded like an ad label."
phrases.en = ["advertisement"]
examples.keep = ["Advertisement"]
examples.remove = ["Sponsored content"]
'''


def tide_box_rules(*sites: str) -> str:
    """A per-site rule file: one site's tide box between the paragraphs of its stories."""
    listed = ", ".join(f'"{s}"' for s in sites)
    return f'''category = "quay-times"
sites = [{listed}]

[[rule]]
name = "tide-box"
kind = "line"
description = "The tide box between paragraphs of every Quay Times story."
phrases.en = ["zqx tides today"]
examples.remove = ["Zqx tides today"]
examples.keep = ["The zqx tides today were the highest of the year."]
'''
