"""Which files a run checks: files as named, folders searched for *.yaml and *.yml, then the
configuration's `include` and `exclude`; or one agreement read from standard input (`-`).

What a folder search could not read (a link out of the folder, a dangling link, a folder
that cannot be listed) comes back as a problem with its finding code, so that it fails
the run instead of vanishing.
"""

import fnmatch
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from srm_check.core.paths import display_from, display_of, display_path
from srm_check.core.problem import Problem, SrmError
from srm_check.core.tuples import NamedTuple
from srm_check.source.walk import SUFFIXES, yaml_files

if TYPE_CHECKING:
    from srm_check.pipeline.settings import Settings

__all__ = [
    "STDIN",
    "STDIN_DISPLAY",
    "SUFFIXES",
    "Discovered",
    "Inputs",
    "StdinInput",
    "discover",
    "find_files",
    "opened",
    "path_error",
    "select_files",
    "select_stdin",
    "selected",
]

STDIN = "-"
STDIN_DISPLAY = "<stdin>"


class StdinInput(NamedTuple):
    """One agreement read from standard input, and the path it is shown and matched as."""

    data: bytes
    display: str


class Inputs(NamedTuple):
    """The files of a run (display paths, in order), and the files named on the command line that
    the configuration excluded."""

    files: list[str]
    excluded: list[str]
    stdin: StdinInput | None = None
    # Paths found but not read (path = display path), each with its finding code.
    skipped: tuple[Problem, ...] = ()
    # Display path -> the path to open, for the few files not opened by their display path.
    sources: dict[str, str] = {}  # noqa: RUF012 - never mutated


class Discovered(NamedTuple):
    """The files to check (display paths, sorted), problems about paths that could not be read
    (path = display path), and the path to open of each file that is not its display path."""

    files: list[str]
    problems: list[Problem]
    sources: dict[str, str]


def opened(display: str, sources: dict[str, str]) -> str:
    """The path to open for a file shown as `display`."""
    return sources.get(display, display)


def _source(display: str, file: str) -> str | None:
    """The path to open for `file` shown as `display`, when opening `display` itself could
    reach another file (`link/..` is not the folder holding `link`); None when `display` will
    do: it differs from `file` only by `.`, repeated separators or the working folder."""
    if file == display or ".." not in file.split(os.sep):  # noqa: PTH206
        return None
    return file


def path_error(message: str) -> SrmError:
    """A path named on the command line (or configured) does not exist or holds no agreement file."""
    return SrmError("paths", message)


def _named(path: Path) -> str | None:
    """Why a named path cannot be checked, or None when it is a folder or a file we may read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"{path.as_posix()}: no such file or folder"
    except OSError as exc:
        return f"{path.as_posix()}: {exc.strerror or exc}"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return f"{path.as_posix()}: not a regular file or a folder"


def find_files(paths: Sequence[Path], *, follow_symlinks: bool = False) -> Discovered:
    """Agreement files under `paths`: files as given, folders searched for *.yaml/*.yml.

    The result is sorted by display path and free of repeats, so that output order
    does not depend on the file system or on the order of the arguments. Each file's
    display path is worked out here, once, as a string.
    """
    cwd = str(Path.cwd().resolve())
    # Display path -> the path to open when not the display path (`_source`), else None: the
    # first file found for it wins.
    found: dict[str, str | None] = {}
    problems: dict[str, Problem] = {}
    for path in paths:
        error = _named(path)
        if error is not None:
            raise path_error(error)
        if not path.is_dir():
            _found(found, display_from(cwd, path), os.fspath(path))
            continue
        walk = yaml_files(path, follow_symlinks=follow_symlinks)
        if not walk.files and not walk.skipped:
            raise path_error(f"{path.as_posix()}: no agreement files (*.yaml, *.yml) found")
        _walked(found, walk.files, cwd)
        for skipped in walk.skipped:
            shown = display_from(cwd, skipped.path)
            problems.setdefault(shown, Problem(skipped.message, path=shown, code=skipped.code))
    # (Most runs open every file by its display path: no Python code a file to find none.)
    sources = {d: source for d, source in found.items() if source is not None} if any(found.values()) else {}
    files = sorted(found)
    return Discovered(files, [problems[k] for k in sorted(problems)], sources)


def _walked(found: dict[str, str | None], walked: list[str], cwd: str) -> None:
    """The files of a walk (`folder/name` each) added to `found` in the walk's order, each path
    dropped once shown (a run's peak memory). A file's display path is its folder's and its
    name (a plain name: normalizing adds nothing), its folder's worked out once."""
    last: str | None = None
    prefix: str | None = None  # the folder's display path and a separator (None: each file's own)
    walked.reverse()
    while walked:
        file = walked.pop()
        folder, _, name = file.rpartition(os.sep)
        if folder != last:
            last, prefix = folder, _prefix(cwd, folder)
        _found(found, display_of(cwd, file) if prefix is None else prefix + name, file)


def _prefix(cwd: str, folder: str) -> str | None:
    """What a file's name follows in the display path of a file of `folder` (None: work out
    each file's own, on Windows or at the root of the file system)."""
    if os.sep != "/" or os.altsep or not folder:
        return None
    shown = display_of(cwd, folder)
    if shown == ".":
        return ""
    return None if shown.endswith("/") else shown + "/"


def _found(found: dict[str, str | None], display: str, file: str) -> None:
    if display not in found:
        found[display] = _source(display, file)


def discover(paths: Sequence[Path]) -> list[Path]:
    """The files `find_files` finds, as paths to open (for callers that need only them)."""
    found = find_files(paths)
    return [Path(opened(display, found.sources)) for display in found.files]


def selected(file: Path | str, settings: "Settings") -> bool:
    """Whether the configuration's `include` and `exclude` globs (relative to the configuration
    file's folder) let `file` be checked."""
    include, exclude = settings.include, settings.exclude
    if not include and not exclude:
        return True
    name = display_from(str(settings.base.resolve()), Path(file).resolve())
    if include and not any(fnmatch.fnmatchcase(name, g) for g in include):
        return False
    return not any(fnmatch.fnmatchcase(name, g) for g in exclude)


def select_files(paths: Sequence[Path], settings: "Settings", *, follow_symlinks: bool = False) -> Inputs:
    """The agreement files under `paths`, filtered by the configuration. A file named itself
    (not found in a folder) that the configuration excludes is listed in `excluded`, so that
    the run can say why it was not checked. Paths not read are filtered the same way."""
    found = find_files(paths, follow_symlinks=follow_symlinks)
    if not settings.include and not settings.exclude:  # every file is selected (see `selected`)
        return Inputs(found.files, [], None, tuple(found.problems), found.sources)
    named = {display_path(p) for p in paths if p.is_file()}
    files, excluded = [], []
    for display in found.files:
        if selected(opened(display, found.sources), settings):
            files.append(display)
        elif display in named:
            excluded.append(display)
    skipped = tuple(p for p in found.problems if selected(Path(p.path), settings))
    sources = {display: found.sources[display] for display in files if display in found.sources}
    return Inputs(files, excluded, None, skipped, sources)


def select_stdin(data: bytes, filename: str | None, settings: "Settings") -> Inputs:
    """One agreement from standard input, shown as `filename` (`--stdin-filename`) and matched
    against `include` and `exclude` as that file would be; `<stdin>` without a name."""
    if filename is None:
        return Inputs([], [], StdinInput(data, STDIN_DISPLAY))
    shown = display_path(Path(filename))
    if not selected(Path(filename), settings):
        return Inputs([], [shown])
    return Inputs([], [], StdinInput(data, shown))
