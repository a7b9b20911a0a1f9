"""Find the YAML files of a folder, without leaving it and without skipping anything silently.

The walk is iterative (a folder 1,000 levels deep is walked like any other) and lists each
folder once. A symbolic link that leads out of the folder is not followed unless asked
(a link committed to a repository must not make srm-check read, and quote, a file elsewhere);
a dangling link and a folder that cannot be listed are reported, since either may hide an
agreement. Hidden files and folders (`.git`, `.venv`, ...) are not searched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from srm_check.core.codes import FOLDER_UNREADABLE, SYMLINK_DANGLING, SYMLINK_OUTSIDE
from srm_check.core.tuples import NamedTuple

SUFFIXES = (".yaml", ".yml")
# Names of a folder of plain files turned into paths this many at a time.
_BLOCK = 1024


class Skipped(NamedTuple):
    """A path the walk did not read, with its finding code and why."""

    path: Path
    code: str
    message: str


class Walk(NamedTuple):
    """The YAML files found (as reached: a link keeps its own name), and what was not read.

    Files are path strings (the folder's path joined with names): a run may find 100,000 of
    them, and a string is a tenth of a Path's size and cost."""

    files: list[str]
    skipped: list[Skipped]


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walker:
    """One walk: its root, what it found, and the real folders already listed (link loops)."""

    __slots__ = ("files", "follow", "root", "seen", "skip_folder", "skipped", "stack")

    def __init__(self, root: Path, follow: bool, skip_folder: Callable[[str], bool]) -> None:
        self.root = os.path.realpath(root)
        self.follow = follow
        self.skip_folder = skip_folder
        self.files: list[str] = []
        self.skipped: list[Skipped] = []
        self.seen = {self.root}
        self.stack: list[tuple[str, str]] = [(os.fspath(root), self.root)]

    def run(self) -> Walk:
        while self.stack:
            self.list_folder(*self.stack.pop())
        return Walk(self.files, self.skipped)

    def list_folder(self, folder: str, real: str) -> None:
        try:
            with os.scandir(folder) as entries:
                names, others = _listed(entries)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = f"cannot read folder: {reason}; the agreements in it (if any) were not checked"
            self.skipped.append(Skipped(Path(folder), FOLDER_UNREADABLE, message))
            return
        names.sort()
        # What `visit` would add for a plain agreement file, as DirEntry.path is (os.path.join).
        prefix = os.path.join(folder, "")  # noqa: PTH118
        files = self.files
        while names and not others:  # only plain files: added a block at a time, by built-ins
            block = names[-_BLOCK:]
            del names[-_BLOCK:]  # each name dropped once added (a run's peak memory)
            block.reverse()
            files.extend(map(prefix.__add__, block))
        while names:  # in reverse name order (the stack pops folders in name order), each name dropped
            name = names.pop()
            entry = others.get(name)
            if entry is None:
                files.append(prefix + name)
            else:
                self.visit(entry, real)

    def visit(self, entry: os.DirEntry[str], parent: str) -> None:
        """An entry that may be a link, a folder or anything else (see `_listed`)."""
        path = entry.path
        try:
            if entry.is_symlink():
                self.link(Path(path), entry.name)
            elif entry.is_dir(follow_symlinks=False):
                self.folder(path, entry.name, f"{parent.rstrip(os.sep)}{os.sep}{entry.name}")
            elif entry.name.endswith(SUFFIXES):  # (not a dot name: `_listed` left those out)
                self.files.append(path)  # not a regular file (a FIFO...): reading it says so
        except OSError as exc:
            self.skipped.append(Skipped(Path(path), FOLDER_UNREADABLE, f"cannot read: {exc.strerror or exc}"))

    def folder(self, path: str, name: str, real: str) -> None:
        """A folder to list (`real`: its path with links resolved), unless it was listed already."""
        if self.skip_folder(name):
            return
        if real not in self.seen:  # a loop of links, or a folder linked twice: listed once
            self.seen.add(real)
            self.stack.append((path, real))

    def link(self, path: Path, name: str) -> None:
        """A symbolic link: followed when it stays inside the root (or when asked), else reported."""
        real = os.path.realpath(path)
        is_yaml = path.suffix in SUFFIXES
        if not Path(real).exists():
            if is_yaml:
                message = (
                    f"symbolic link to a file that does not exist ({path.readlink()}); nothing was checked"
                )
                self.skipped.append(Skipped(path, SYMLINK_DANGLING, message))
            return
        is_dir = Path(real).is_dir()
        if not is_dir and not is_yaml:
            return
        if not self.follow and not _inside(real, self.root):
            what = "folder" if is_dir else "file"
            message = (
                f"symbolic link to a {what} outside the checked folder ({path.readlink()}); "
                "not followed (--follow-symlinks follows it)"
            )
            self.skipped.append(Skipped(path, SYMLINK_OUTSIDE, message))
        elif is_dir:
            self.folder(os.fspath(path), name, real)
        else:
            self.files.append(os.fspath(path))


def _listed(entries: Iterator[os.DirEntry[str]]) -> tuple[list[str], dict[str, os.DirEntry[str]]]:
    """The names of a folder's entries to visit (no dot names, no plain file that is not YAML),
    and, by name, the entries that are not plain files (folders, links, what could not be told)
    for `visit`: a folder of 100,000 agreements is held as names, not as DirEntry objects."""
    names: list[str] = []
    others: dict[str, os.DirEntry[str]] = {}
    for entry in entries:
        name = entry.name
        if name[0] == ".":
            continue
        try:
            plain = entry.is_file(follow_symlinks=False)  # neither a link nor a folder: as they tell
        except OSError:
            plain = False  # `visit` says it could not be read
        if plain:
            # The extension as os.path.splitext finds it, for a name that does not begin with a dot.
            if name.endswith(SUFFIXES):
                names.append(name)
            continue
        names.append(name)
        others[name] = entry
    return names, others


def yaml_files(
    folder: Path, *, follow_symlinks: bool = False, skip_folder: Callable[[str], bool] | None = None
) -> Walk:
    """Every *.yaml/*.yml file under `folder`, in no set order; `skip_folder` leaves folders out by name."""
    return _Walker(folder, follow_symlinks, skip_folder or (lambda _name: False)).run()
