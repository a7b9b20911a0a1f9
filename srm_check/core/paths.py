"""How paths are shown: POSIX separators, relative to a base folder when inside it.

One definition for findings, policy and configuration problems, and globs, so that a file
is named the same way wherever it appears.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_from(base: str, file: Path) -> str:
    """`file` relative to the folder `base` (relative paths are taken from `base`)."""
    # normpath folds "a/../a/x.yaml" into "a/x.yaml" (without following links), so that a
    # file named twice is still checked once.
    absolute = Path(os.path.normpath(file if file.is_absolute() else Path(base) / file))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.normpath(file)).as_posix()


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the working folder when inside it."""
    return display_from(str(Path.cwd().resolve()), path)


def display_of(base: str, file: str) -> str:
    """`display_from` for a path string: the same text, without making Path objects (a run may
    name 100,000 files). `base` is an absolute, normalized folder (the working folder, resolved)."""
    if os.sep != "/" or os.altsep:  # Windows: paths compare by their own rules
        return display_from(base, Path(file))
    absolute = os.path.normpath(os.path.join(base, file))  # noqa: PTH118
    if absolute == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    if absolute.startswith(prefix):
        return absolute[len(prefix) :]
    return os.path.normpath(file)
