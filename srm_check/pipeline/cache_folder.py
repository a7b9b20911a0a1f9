"""The result cache's folder: where it is, the tags that mark it as ours, what bounds it, and the
policy cache kept in it.

The policy cache keeps each policy loaded without a problem as JSON data (policy/stored.py), by
a key of the tool (`package_stamp`), the policy's folders and each file's path and content hash
(policy/loader.py): an unchanged policy is not parsed, checked and composed again on every run.
An entry is two lines, a header (format, key, checksum of the rest) and the policy, written
whole through a temporary file renamed into place; one that is unreadable, damaged, not JSON
or not for its key is ignored and written again; at most MAX_POLICIES are kept, the
least recently used removed; a failure to read or write it never fails a run.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check import __version__
from srm_check.core.digest import blake2b
from srm_check.core.output import replace_bytes

if TYPE_CHECKING:
    from srm_check.pipeline.settings import Settings

DEFAULT_FOLDER = ".srm-check-cache"
# Run keys (settings) kept side by side; the least recently used beyond this are removed.
MAX_KEYS = 8
# Policies kept side by side in the policy cache; the least recently used beyond are removed.
MAX_POLICIES = 8
POLICY_FORMAT = "srm-check-policy"
POLICY_FOLDER = "policy-v1"

# What the cache folder holds besides entries: git leaves it alone, backup tools skip it.
_GITIGNORE = "# Created by srm-check: the result cache (safe to delete).\n*\n"

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by srm-check.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@functools.cache
def package_stamp() -> str:
    """What identifies the code that made an entry: the version, the Python, and every module of
    the package by size and modification time (an edited checkout is another tool). Once per
    process, with one `scandir` per folder (every run pays it)."""
    parts: list[str] = []
    folders = [("", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))]  # noqa: PTH100, PTH120
    while folders:
        relative, folder = folders.pop()
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name == "__pycache__":  # bytecode: made from the modules stat-ed here
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{relative}{entry.name}/", entry.path))
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{relative}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join([__version__, sys.version.split()[0], *sorted(parts)])


def default_folder(config: Path | None, repository: Path | None, cwd: Path) -> Path:
    """`.srm-check-cache` beside the configuration file, else at the repository root, else here."""
    if config is not None:
        return config.parent / DEFAULT_FOLDER
    return (repository or cwd) / DEFAULT_FOLDER


def make_top(folder: Path) -> str:
    """The cache folder, made with its tags the first time (git and backup tools leave it alone)."""
    top = os.fspath(folder)
    if not os.path.isdir(top):  # noqa: PTH112
        os.makedirs(top, exist_ok=True)  # noqa: PTH103
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            replace_bytes(os.path.join(top, name), text.encode("ascii"))  # noqa: PTH118
    return top


def tagged(top: str) -> bool:
    """Whether srm-check made the cache folder (its tag): a user's own `v1/` is never removed."""
    try:
        with open(os.path.join(top, "CACHEDIR.TAG"), encoding="ascii") as tag:  # noqa: PTH118, PTH123
            return tag.read(len(_CACHEDIR_TAG) + 1) == _CACHEDIR_TAG
    except (OSError, ValueError):
        return False


def forget_old(parent: str, keep: int, counts: Callable[[os.DirEntry[str]], bool]) -> None:
    """Remove the least recently written entries of `parent` that `counts`, beyond `keep`."""
    try:
        found = [entry for entry in os.scandir(parent) if counts(entry)]
        if len(found) <= keep:
            return
        found.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
    except OSError:
        return
    for entry in found[keep:]:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)  # noqa: PTH108


def cache_folder(settings: Settings, named: Path | None) -> tuple[Path, Path | None]:
    """The cache folder: named on the command line, else the configuration's `cache-dir`, else
    the default (`default_folder`); and the folder it must stay within, once links are followed
    (None: named on the command line, anywhere)."""
    if named is not None:
        return named, None
    from srm_check.pipeline.fingerprints import find_repository_root

    if settings.cache_dir is not None:
        base = settings.path(".").resolve()
        return settings.path(settings.cache_dir), find_repository_root(base) or base
    cwd = Path.cwd().resolve()
    folder = default_folder(settings.file, find_repository_root(cwd), cwd)
    return folder, folder.parent


def escapes(path: str, boundary: Path) -> bool:
    """Whether `path`, its links followed, leads out of `boundary` (a link planted in a checkout)."""
    real, root = os.path.realpath(path), os.path.realpath(boundary)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


class PolicyCache:
    """The policy cache in a cache folder (policy/loader.py's PolicyStore); nothing is read or
    written when the folder leads out of `boundary`."""

    def __init__(self, folder: Path, boundary: Path | None = None) -> None:
        self.folder = folder
        self.boundary = boundary
        self.entries = os.path.join(os.fspath(folder), POLICY_FOLDER)  # noqa: PTH118

    def _name(self, key: str) -> str:
        """The entry's name: `key` with the tool that loads the policy (another tool, another entry)."""
        text = f"{package_stamp()}\n{key}".encode("utf-8", "surrogatepass")
        return blake2b(text, digest_size=20).hexdigest()

    def _path(self, name: str) -> str:
        return os.path.join(self.entries, f"{name}.jsonl")  # noqa: PTH118

    def _usable(self) -> bool:
        return self.boundary is None or not escapes(self.entries, self.boundary)

    @staticmethod
    def _header(name: str, body: str) -> str:
        """An entry's first line: what it is, its key, and the checksum of the policy after it."""
        check = blake2b(body.encode("ascii"), digest_size=16).hexdigest()
        header = {"format": POLICY_FORMAT, "key": name, "check": check}
        return json.dumps(header, sort_keys=True, separators=(",", ":"))

    def get(self, key: str) -> Any:
        """The policy data stored for `key`, or None (absent, damaged, another key's)."""
        if not self._usable():
            return None
        name = self._name(key)
        try:
            with open(self._path(name), encoding="ascii", newline="\n") as handle:  # noqa: PTH123
                header, body = handle.read().split("\n", 1)
            if header != self._header(name, body):
                return None
            value = json.loads(body)
        except (OSError, ValueError, RecursionError):  # absent, unreadable, cut, not ours
            return None
        with contextlib.suppress(OSError):  # used now: the least recently used are removed
            os.utime(self._path(name))
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Keep `value` for `key` (whole, through a temporary file); the oldest beyond MAX_POLICIES go."""
        if not self._usable():
            return
        name = self._name(key)
        try:
            body = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
            make_top(self.folder)
            os.makedirs(self.entries, exist_ok=True)  # noqa: PTH103
            replace_bytes(self._path(name), f"{self._header(name, body)}\n{body}".encode("ascii"))
        except (OSError, ValueError):
            return
        forget_old(self.entries, MAX_POLICIES, lambda entry: entry.name.endswith(".jsonl"))
