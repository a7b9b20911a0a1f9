"""Writing what srm-check produces: one place, so that every file is written the same way.

A file is written whole or not at all: the text goes to a temporary file in the same
folder, is flushed to disk, and is renamed over the target, so that a full disk or a
crash leaves the old file as it was. An output is never one of the run's own inputs
(`refuse_inputs`), checked before anything is written.
"""

import contextlib
import errno
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TextIO

from srm_check.core.problem import SrmError
from srm_check.core.tuples import NamedTuple

# A new file's mode, less the umask, as for any file the user creates; a replaced file keeps its own.
_NEW_FILE_MODE = 0o666


class Guarded(NamedTuple):
    """An input of a run that no output may replace: a file, or a folder whose YAML files are read.

    `role` names it in the refusal ("the baseline", "an agreement this run checks").
    """

    path: Path
    role: str
    folder: bool = False


def _usage(message: str) -> SrmError:
    return SrmError("usage", message)


def _identity(path: Path, *, regular: bool = False) -> tuple[int, int] | None:
    """The file's device and inode (None: absent, or with `regular`, not a regular file)."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    if regular and not stat.S_ISREG(info.st_mode):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compared as written
        return path.absolute()


def _read_as_yaml(target: Path, folder: Path) -> bool:
    """Whether discovery in `folder` would read `target` (a *.yaml/*.yml file, not hidden)."""
    try:
        parts = target.relative_to(folder).parts
    except ValueError:
        return False
    return bool(parts) and target.suffix in (".yaml", ".yml") and not any(p.startswith(".") for p in parts)


def conflict(target: Path, guarded: Iterable[Guarded]) -> str | None:
    """The role of the input that writing `target` would replace, or None.

    Paths are compared resolved (symlinks followed) and, for existing files, by identity
    (device and inode), so that a hard link or another spelling of an input is caught too.
    """
    where = _resolved(target)
    identity = _identity(target)
    for item in guarded:
        if item.folder:
            if _read_as_yaml(where, _resolved(item.path)):
                return item.role
        elif where == _resolved(item.path) or (identity is not None and identity == _identity(item.path)):
            return item.role
    return None


def refuse_inputs(targets: Sequence[tuple[str, Path]], guarded: Sequence[Guarded]) -> None:
    """Raise a usage error when an output (`(label, path)`) would replace an input of the run."""
    for label, path in targets:
        role = conflict(path, guarded)
        if role is not None:
            raise _usage(
                f"{label} {path}: that file is {role}; srm-check never writes over its own "
                "inputs (choose another file)"
            )


def refuse_read_files(targets: Sequence[tuple[str, Path]], files: Iterable[Path]) -> None:
    """Raise a usage error when an existing output is one of `files` under another name (a hard
    link, or a link followed with --follow-symlinks); checked once the files are known. `files`
    is iterated once, and only when an output exists as a regular file."""
    # Only a regular file can be read as an input (`/dev/null` or a pipe never is one).
    existing = [(label, path, _identity(path, regular=True)) for label, path in targets]
    existing = [item for item in existing if item[2] is not None]
    if not existing:
        return  # `files` is never listed (a run may read 100,000)
    # The outputs' identities are looked for among the files as they come: a set of the few
    # outputs, not of every file read.
    wanted = {identity for _, _, identity in existing}
    read = {found for file in files if (found := _identity(file)) in wanted}
    for label, path, identity in existing:
        if identity in read:
            raise _usage(
                f"{label} {path}: that file is read by this run; srm-check never writes over its "
                "own inputs (choose another file)"
            )


def _token() -> str:
    """A random part for a temporary file's name (`secrets` costs ~10 ms of start-up to import)."""
    return os.urandom(6).hex()


def write_text(text: str | Iterable[str], path: Path | None, *, exclusive: bool = False) -> None:
    """Write `text` to `path` atomically (or to stdout); a failure is a usage error (exit 2).

    `text` may come in pieces (a report rendered as it is written: it is never whole in
    memory). `exclusive` never replaces an existing file, even one created while we write
    (for `init`). A path that is not a regular file (`/dev/null`, a pipe) is written directly.
    """
    if path is None:
        _write_stdout(text)
        return
    _write_file(text, path, exclusive)


def write_bytes(data: bytes, path: Path, *, exclusive: bool = False) -> None:
    """Write binary `data` (a spreadsheet) to `path` as `write_text` writes text: atomically."""
    _write_file(data, path, exclusive)


def _write_file(text: str | bytes | Iterable[str], path: Path, exclusive: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        info = _stat(path)
        if exclusive and info is not None:
            raise _usage(f"{path.as_posix()} already exists; not overwriting it")
        if info is not None and not stat.S_ISREG(info.st_mode):
            with path.open("wb") as handle:  # a device or pipe: nothing to replace
                _put(handle, text)
            return
        _write_atomic(text, path, info, exclusive)
    except _Taken as exc:
        raise _usage(f"{path.as_posix()} already exists; not overwriting it") from exc
    except OSError as exc:
        raise _usage(f"cannot write {path}: {exc.strerror or exc}") from exc


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


class _Taken(Exception):
    """The name an exclusive write wanted was taken meanwhile."""


def _put(handle: IO[bytes], text: str | bytes | Iterable[str]) -> None:
    """Write the text (UTF-8, newlines untranslated), the bytes, or each piece in turn."""
    if isinstance(text, bytes):
        handle.write(text)
    elif isinstance(text, str):
        handle.write(text.encode("utf-8"))
    else:
        for piece in text:
            handle.write(piece.encode("utf-8"))


def _write_atomic(
    text: str | bytes | Iterable[str], path: Path, info: os.stat_result | None, exclusive: bool
) -> None:
    """Temporary file beside `path`, synced, then renamed (or linked, when exclusive) into place."""
    temporary = path.with_name(f".{path.name}.{_token()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            _put(handle, text)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            temporary.chmod(stat.S_IMODE(info.st_mode))
        if exclusive:
            _link_new(temporary, path)
        else:
            temporary.replace(path)
        _sync_folder(path.parent)
    finally:
        if temporary.exists():
            temporary.unlink()


def _link_new(temporary: Path, path: Path) -> None:
    """Give the temporary file its name only if that name is free (a hard link is atomic)."""
    try:
        os.link(temporary, path)
    except FileExistsError as exc:
        raise _Taken from exc
    except OSError:  # no hard links on this file system: create exclusively, copying the text
        try:
            with path.open("xb") as handle, temporary.open("rb") as written:
                shutil.copyfileobj(written, handle)
        except FileExistsError as exc:
            raise _Taken from exc


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; not every system can open a folder, which is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Streamed:
    """An output written piece by piece as a run goes (`write`), then put in place whole
    (`commit`) or not at all (`discard`): a file goes to a temporary file beside it, renamed
    over it at the end, as `write_text` does; standard output (path None) is written as it
    comes. Every failure is a usage error (exit 2), as for `write_text`."""

    __slots__ = ("_handle", "_info", "_temporary", "path")

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._handle: TextIO | None = None
        self._temporary: Path | None = None
        self._info: os.stat_result | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            info = self._info = _stat(path)
            if info is not None and not stat.S_ISREG(info.st_mode):  # a device or pipe: nothing to replace
                self._handle = path.open("w", encoding="utf-8")
                return
            self._temporary = path.with_name(f".{path.name}.{_token()}.tmp")
            fd = os.open(self._temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
            self._handle = os.fdopen(fd, "w", encoding="utf-8")
        except OSError as exc:
            self.discard()
            raise _usage(f"cannot write {path}: {exc.strerror or exc}") from exc

    def write(self, text: str) -> None:
        if self._handle is None:
            if self.path is not None:  # discarded after a failure: never standard output instead
                raise _usage(f"cannot write {self.path}: the output was abandoned")
            _write_stdout(text, flush=False)
            return
        try:
            self._handle.write(text)
        except OSError as exc:
            self.discard()
            raise _usage(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        """Put the file in place (synced), or flush standard output."""
        handle, temporary, path = self._handle, self._temporary, self.path
        if path is None:
            _write_stdout("")
            return
        if handle is None:
            raise _usage(f"cannot write {path}: the output was abandoned")
        try:
            handle.flush()
            if temporary is not None:
                os.fsync(handle.fileno())
            handle.close()
            self._handle = None
            if temporary is not None:
                if self._info is not None:
                    temporary.chmod(stat.S_IMODE(self._info.st_mode))
                temporary.replace(path)
                self._temporary = None
                _sync_folder(path.parent)
        except OSError as exc:
            self.discard()
            raise _usage(f"cannot write {path}: {exc.strerror or exc}") from exc

    def discard(self) -> None:
        """Leave the target as it was: close and remove the temporary file (never raises)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
        temporary, self._temporary = self._temporary, None
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def replace_bytes(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed over it, so that a reader sees the
    old content or the new, never a mix; not synced to disk (for caches, whose entries are
    checked when read). Raises OSError."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{_token()}.tmp")  # noqa: PTH118
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        raise


def _write_stdout(text: str | Iterable[str], *, flush: bool = True) -> None:
    """Standard output, full or closed, is a usage error; later writes then go nowhere."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        for piece in (text,) if isinstance(text, str) else text:
            stream.write(piece)
        if flush:
            stream.flush()
    except (OSError, ValueError) as exc:
        silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise _usage(f"cannot write to standard output: {reason}") from exc


def silence_stdout() -> None:
    """Send what is left for stdout to the null device, so that exit does not fail again on it."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives until exit
