"""A file's bytes, safely: no wait on a FIFO, no device read, at most the size limit read.

Apart from the YAML reader (source/reader.py, which re-exports `read_bytes`), so that what only
needs bytes (the policy store's key, the search for a configuration file) does not load the
parser.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from srm_check.core.codes import TOO_LARGE, UNREADABLE
from srm_check.core.limits import MAX_FILE_BYTES
from srm_check.core.problem import Problem

# Open without waiting for a writer (a FIFO); regular files are unaffected.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_bytes(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the problem that stopped us: too large, not a regular file, not readable.

    The file is opened without blocking and checked before anything is read, so that a
    FIFO, a device such as /dev/zero or a file growing while we read cannot hang the run
    or exhaust memory: at most `max_bytes` + 1 bytes are ever read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as exc:
        return None, Problem(f"cannot read file: {exc.strerror or exc}", code=UNREADABLE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
            message = f"cannot read file: it is {kind}, not a regular file; it was not read"
            return None, Problem(message, code=UNREADABLE)
        if info.st_size > max_bytes:
            return None, _too_large(info.st_size, max_bytes)
        data = _read_up_to(fd, max_bytes + 1, info.st_size + 1)
        if len(data) > max_bytes:  # it grew since we looked
            return None, _too_large(None, max_bytes)
        return data, None
    except OSError as exc:
        return None, Problem(f"cannot read file: {exc.strerror or exc}", code=UNREADABLE)
    finally:
        os.close(fd)


def _read_up_to(fd: int, limit: int, expected: int) -> bytes:
    """At most `limit` bytes from `fd`, to its end: usually one read of the size `fstat` gave
    (plus one byte, to see the end), without a file object."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        wanted = min(limit - total, max(expected - total, 65536))
        chunk = os.read(fd, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if len(chunk) < wanted:  # a regular file reads short only at its end: no read to see it
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(size: int | None, max_bytes: int) -> Problem:
    what = "file" if size is None else f"file is {size} bytes,"
    message = f"{what} over the {max_bytes}-byte limit; it was not read"
    return Problem(message, code=TOO_LARGE)
