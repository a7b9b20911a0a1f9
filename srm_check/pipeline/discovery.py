"""Which files a run checks: files as named, folders searched for *.yaml and *.yml, then the
configuration's `include` and `exclude`; or one agreement read from standard input (`-`)."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from srm_check.core.paths import display_from, display_path
from srm_check.core.problem import SrmError

if TYPE_CHECKING:
    from srm_check.pipeline.settings import Settings

SUFFIXES = (".yaml", ".yml")
STDIN = "-"
STDIN_DISPLAY = "<stdin>"


class StdinInput(NamedTuple):
    """One agreement read from standard input, and the path it is shown and matched as."""

    data: bytes
    display: str


class Inputs(NamedTuple):
    """The files of a run, and the files named on the command line that the configuration excluded."""

    files: list[Path]
    excluded: list[str]
    stdin: StdinInput | None = None


def path_error(message: str) -> SrmError:
    """A path named on the command line (or configured) does not exist or holds no agreement file."""
    return SrmError("paths", message)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Agreement files under `paths`: files as given, folders searched for *.yaml/*.yml.

    The result is sorted by display path and free of repeats, so that output order
    does not depend on the file system or on the order of the arguments.
    """
    cwd = str(Path.cwd().resolve())
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            matches = [
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
            ]
            if not matches:
                raise path_error(f"{path.as_posix()}: no agreement files (*.yaml, *.yml) found")
            for p in matches:
                found.setdefault(display_from(cwd, p), p)
        elif path.is_file():
            found.setdefault(display_from(cwd, path), path)
        else:
            raise path_error(f"{path.as_posix()}: no such file or folder")
    return [found[k] for k in sorted(found)]


def selected(file: Path, settings: Settings) -> bool:
    """Whether the configuration's `include` and `exclude` globs (relative to the configuration
    file's folder) let `file` be checked."""
    include, exclude = settings.include, settings.exclude
    if not include and not exclude:
        return True
    name = display_from(str(settings.base.resolve()), file.resolve())
    if include and not any(fnmatch.fnmatchcase(name, g) for g in include):
        return False
    return not any(fnmatch.fnmatchcase(name, g) for g in exclude)


def select_files(paths: Sequence[Path], settings: Settings) -> Inputs:
    """The agreement files under `paths`, filtered by the configuration. A file named itself
    (not found in a folder) that the configuration excludes is listed in `excluded`, so that
    the run can say why it was not checked."""
    named = {display_path(p) for p in paths if p.is_file()}
    files, excluded = [], []
    for file in discover(paths):
        if selected(file, settings):
            files.append(file)
        elif display_path(file) in named:
            excluded.append(display_path(file))
    return Inputs(files, excluded)


def select_stdin(data: bytes, filename: str | None, settings: Settings) -> Inputs:
    """One agreement from standard input, shown as `filename` (`--stdin-filename`) and matched
    against `include` and `exclude` as that file would be; `<stdin>` without a name."""
    if filename is None:
        return Inputs([], [], StdinInput(data, STDIN_DISPLAY))
    shown = display_path(Path(filename))
    if not selected(Path(filename), settings):
        return Inputs([], [shown])
    return Inputs([], [], StdinInput(data, shown))
