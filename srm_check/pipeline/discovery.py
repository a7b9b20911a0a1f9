"""Which files a run checks: files as named, folders searched for *.yaml and *.yml."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from srm_check.core.paths import display_from
from srm_check.core.problem import SrmError

SUFFIXES = (".yaml", ".yml")


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
