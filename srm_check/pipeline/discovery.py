"""Which files a run checks: files as named, folders searched for *.yaml and *.yml.

What a folder search could not read (a link out of the folder, a dangling link, a folder
that cannot be listed) comes back as a problem with its finding code, so that it fails
the run instead of vanishing.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from srm_check.core.paths import display_from
from srm_check.core.problem import Problem, SrmError
from srm_check.source.walk import SUFFIXES, yaml_files

__all__ = ["SUFFIXES", "Discovered", "discover", "find_files", "path_error"]


class Discovered(NamedTuple):
    """The files to check, and problems about paths that could not be read (path = display path)."""

    files: list[Path]
    problems: list[Problem]


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
    does not depend on the file system or on the order of the arguments.
    """
    cwd = str(Path.cwd().resolve())
    found: dict[str, Path] = {}
    problems: dict[str, Problem] = {}
    for path in paths:
        error = _named(path)
        if error is not None:
            raise path_error(error)
        if not path.is_dir():
            found.setdefault(display_from(cwd, path), path)
            continue
        walk = yaml_files(path, follow_symlinks=follow_symlinks)
        if not walk.files and not walk.skipped:
            raise path_error(f"{path.as_posix()}: no agreement files (*.yaml, *.yml) found")
        for file in walk.files:
            found.setdefault(display_from(cwd, file), file)
        for skipped in walk.skipped:
            shown = display_from(cwd, skipped.path)
            problems.setdefault(shown, Problem(skipped.message, path=shown, code=skipped.code))
    return Discovered([found[k] for k in sorted(found)], [problems[k] for k in sorted(problems)])


def discover(paths: Sequence[Path]) -> list[Path]:
    """The files `find_files` finds (for callers that need only them)."""
    return find_files(paths).files
