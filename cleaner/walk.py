"""Which files of a folder a batch takes: the glob dialect, the walk, and the checks on
SRC and DEST made before anything is written.

``batch`` cleans what the walk yields; ``learn`` (``repeats``) counts it and ``diff`` pairs
folders with it.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .errors import UsageError, option
from .files import TMP_SUFFIX, is_stale_temp, sweep_folder
from .schema import FileReport

if TYPE_CHECKING:
    import pathspec

JOURNAL = ".cleaner-batch.jsonl"  # the journal's file name (journal.py): the walk leaves it out
DEFAULT_GLOBS = ("**/*.txt",)


class BatchError(UsageError, ValueError):
    """A problem with the run as a whole (bad folders, DEST locked); one line of text."""


def glob_spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """Glob patterns read as .gitignore reads them (``pathspec``): ``*`` and ``?`` stay
    inside one name, ``**`` spans folders, a pattern with no '/' but a trailing one matches
    at any depth, a leading '/' anchors it at the top, a trailing '/' matches folders only,
    a folder that matches covers everything in it, and ``!PATTERN`` takes back what an
    earlier pattern matched. Paths are relative and '/'-separated; a folder's ends with '/'.

    >>> spec = glob_spec(["**/*.txt", "!*.gold.txt"])
    >>> spec.match_file("a.txt"), spec.match_file("x/y/a.txt"), spec.match_file("x/a.gold.txt")
    (True, True, False)
    >>> spec = glob_spec(["news/*.txt", "drafts/"])
    >>> spec.match_file("news/a.txt"), spec.match_file("news/x/a.txt"), spec.match_file("x/drafts/"), spec.match_file("drafts/a/b.md")
    (True, False, True, True)
    """
    import pathspec  # here, not at the top: one-file `cleaner clean` never walks a folder

    return pathspec.GitIgnoreSpec.from_lines(patterns)


@dataclass(frozen=True)
class WalkOptions:
    """Which files of SRC are cleaned. Hidden names (a leading '.') are skipped, files and
    folders, unless ``hidden``; symbolic links are not followed unless ``follow_symlinks``."""

    globs: tuple[str, ...] = DEFAULT_GLOBS
    excludes: tuple[str, ...] = ()
    hidden: bool = False
    follow_symlinks: bool = False
    skip_suffix: str | None = None  # --in-place --backup SUFFIX: never clean the backups


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to clean: its path relative to SRC ('/'-separated), size and mtime."""

    rel: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Problem:
    """A path the walk did not turn into an Entry: ``skipped`` (by design) or ``failed``."""

    rel: str
    status: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Its report entry (``schema.FileReport``): why it failed, or why it was skipped."""
        failed = self.status == "failed"
        return FileReport(self.rel, self.status, error=self.reason if failed else None, reason=None if failed else self.reason).to_json()


def walk(src: Path, options: WalkOptions = WalkOptions(), sweep: float | None = None) -> Iterator[Entry | Problem]:
    """The files of SRC to clean, in a stable (sorted) order, and the problems met on the
    way. With ``sweep`` (a time), temporary files left by a killed run before it are
    deleted as they are seen."""
    includes, excludes = glob_spec(options.globs), glob_spec(options.excludes)

    def wanted(rel: str) -> bool:
        return includes.match_file(rel) and not excludes.match_file(rel)

    root = os.fspath(src)
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        yield Problem(".", "failed", f"cannot read folder: {exc.strerror or exc}")
        return
    # (folder path, relative prefix, (dev, inode) of it and its ancestors: a followed link
    # to one of those is a loop)
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [(root, "", frozenset({(root_stat.st_dev, root_stat.st_ino)}))]
    while stack:
        folder, prefix, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Problem(prefix.rstrip("/") or ".", "failed", f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for item in items:
            rel = prefix + item.name
            if not prefix and item.name == JOURNAL:
                continue
            if item.name.startswith("."):
                if sweep is not None and is_stale_temp(folder, item.name, sweep):
                    unlink_quietly(item.path)
                    continue
                if not options.hidden:
                    continue
            try:
                is_link = item.is_symlink()
                if is_link and not options.follow_symlinks:
                    if item.is_dir(follow_symlinks=True):
                        if not excludes.match_file(rel + "/"):
                            yield Problem(rel, "skipped", f"symbolic link to a folder, not followed (use {option('follow_symlinks')})")
                    elif wanted(rel):
                        yield Problem(rel, "skipped", f"symbolic link, not followed (use {option('follow_symlinks')})")
                    continue
                st = item.stat(follow_symlinks=True)
            except OSError as exc:
                if not wanted(rel) and not item.is_dir(follow_symlinks=False):
                    continue
                if exc.errno == errno.ELOOP:
                    yield Problem(rel, "failed", "symbolic link loop")
                elif exc.errno == errno.ENOENT:
                    yield Problem(rel, "failed", "broken symbolic link (its target does not exist)")
                else:
                    yield Problem(rel, "failed", f"cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(st.st_mode):
                if excludes.match_file(rel + "/"):
                    continue
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Problem(rel, "failed", "symbolic link loop: it points to a folder that contains it")
                    continue
                subfolders.append((item.path, rel + "/", ancestors | {key}))
            elif wanted(rel):
                if options.skip_suffix and item.name.endswith(options.skip_suffix):
                    continue
                if stat.S_ISREG(st.st_mode):
                    yield Entry(rel, st.st_size, st.st_mtime_ns)
                else:
                    yield Problem(rel, "skipped", "not a regular file")
        stack.extend(reversed(subfolders))


def unlink_quietly(path: str) -> None:
    """Remove a temporary file that may already be gone (a sweep, a partial output)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def sweep(folder: Path, before: float) -> int:
    """Delete the temporary files a killed run left in ``folder`` and below, those of this
    tool's name pattern last written before ``before`` (``files.is_stale_temp``)."""
    removed = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        if any(name.endswith(TMP_SUFFIX) for name in filenames):
            removed += sweep_folder(dirpath, before)
    return removed


def check_folders(src: Path, dest: Path | None) -> None:
    """Refuse a DEST that is SRC, inside SRC, or contains SRC (outputs would land in SRC or
    be cleaned again)."""
    if not src.is_dir():
        raise BatchError(f"{src}: not a folder")
    if dest is None:
        return
    real_src, real_dest = Path(os.path.realpath(src)), Path(os.path.realpath(dest))
    if real_dest == real_src:
        raise BatchError.naming("{dest}: DEST is the same folder as SRC; use {in_place} to rewrite SRC", dest=dest)
    if real_src in real_dest.parents:
        raise BatchError.naming("{dest}: DEST is inside SRC ({src}); choose a folder outside it, or use {in_place}", dest=dest, src=src)
    if real_dest in real_src.parents:
        raise BatchError(f"{dest}: DEST contains SRC ({src}); outputs could land in SRC; choose another folder")
    if dest.exists() and not dest.is_dir():
        raise BatchError(f"{dest}: DEST exists and is not a folder")


def check_outputs(src: Path, dest: Path | None, entries: list[Entry], report: Path | None = None) -> None:
    """Refuse, before anything is written, an output (or the report) that resolves to an
    input file: through a followed link in SRC (``src/dirlink -> ../out``) or a link in
    DEST, writing it would destroy an input. An output path that is itself a symbolic
    link is no danger: the rename replaces the link, never what it points to."""
    folders: dict[str, str] = {}

    def resolved(path: str, follow_last: bool) -> str:
        folder, name = os.path.split(path)
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        full = os.path.join(real, name)
        return os.path.realpath(full) if follow_last and os.path.islink(full) else full

    inputs = {resolved(os.path.join(src, e.rel), True): e.rel for e in entries}
    outputs = [] if dest is None else [(os.path.join(dest, e.rel), e.rel) for e in entries]
    if report is not None:
        outputs.append((os.fspath(report), None))
    for out, _ in outputs:
        rel = inputs.get(resolved(out, False))
        if rel is not None:
            via = " (through a symbolic link)" if os.path.normpath(out) != os.path.normpath(os.path.join(src, rel)) else ""
            raise BatchError.naming(
                "{out}: would overwrite the input {input}{via}; no output was written "
                "(leave it out with {excludes}, or choose another DEST)", out=out, input=os.path.join(src, rel), via=via,
            )
