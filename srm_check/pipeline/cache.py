"""The result cache: what checking each file found, kept between runs, so that an unchanged file
is not parsed again.

An entry (pipeline/cache_entry.py) holds one file's findings as the checker made them (before
the waivers file, the baseline and --fail-on, applied to every run afresh), its inline
waivers, and the facts rules across the run need (`Pending`: values of the file only; what
depends on the day or on git is computed by each run). Entries live in chunks of consecutive
files (about CHUNK_FILES; where one begins depends on a path only) in the folder of the run's
key (the tool, the policy's files, the rules selected and their severities, how inline
waivers are read). An entry is used only for the path and content hash it was made from, or
for a stat that stands for that content (`ResultCache.stamp`). Chunks are JSON lines (data,
never code), written whole through a temporary file renamed into place: runs at the same time
never see half of one. A chunk's header holds a checksum of its records, and each record one
of its own, read only when the chunk's does not match: a chunk or record that is damaged,
unreadable or not ours is ignored and written again; a failure to read or write the cache
never fails a run.
"""

from __future__ import annotations

import contextlib
import io
import json
import operator
import os
import shutil
import struct
import time
import zlib
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check.core.digest import blake2b
from srm_check.core.output import replace_bytes
from srm_check.pipeline.cache_entry import Kept
from srm_check.pipeline.cache_entry import json_or_none as _json_or_none
from srm_check.pipeline.cache_folder import MAX_KEYS, escapes, forget_old, make_top, package_stamp, tagged
from srm_check.pipeline.waivers.model import InlineWaivers

if TYPE_CHECKING:
    from srm_check.pipeline.prepared import Prepared
    from srm_check.schemas.records import RuleRecord

CACHE_FORMAT = "srm-check-cache"
CACHE_VERSION = 3
# Files per chunk, on average (a chunk is one file of the cache: one read for this many files).
CHUNK_FILES = 64
# A chunk ends after this many files, whatever their paths.
MAX_CHUNK_FILES = 256
# A file's stat stands for its content once its times are this much older than the run (`stamp`).
SETTLED_NS = 3_000_000_000
# A stamp's fields: size, modification and change times (ns), inode, device, mode.
_STAMP = struct.Struct("<QqqQQQ")
# Chunks kept per run key (about 260,000 files); the least recently written beyond are removed.
MAX_CHUNKS = 4096
_dumps = json.JSONEncoder(ensure_ascii=True).encode


def digest(data: bytes) -> str:
    """A file's content hash, as entries record it."""
    return blake2b(data, digest_size=16).hexdigest()


def run_key(
    files: Sequence[tuple[str, str, str]],
    rules: Sequence[RuleRecord],
    inline: InlineWaivers | None,
    max_bytes: int,
) -> str:
    """The key of everything that decides a file's findings, besides the file itself: the tool,
    the policy's files (path, kind, content hash), the rules that run with their severities,
    how inline waivers are read, and the file size limit."""
    settings = {
        "tool": package_stamp(),
        "policy": [list(f) for f in files],
        "rules": list(rules),
        "inline": None if inline is None else [sorted(inline.rules.items()), sorted(inline.forbidden)],
        "max_bytes": max_bytes,
    }
    text = json.dumps(settings, sort_keys=True, default=str, ensure_ascii=True)
    return blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


# --- chunks: the entries of consecutive files of a run, in one file ---------------------------


def chunks_of(files: Sequence[str]) -> list[str]:
    """The chunk of each file of a list (the name of its file in the cache), in order: a chunk
    runs from a file that begins one (or the first) to the next, at most MAX_CHUNK_FILES long.

    A file begins a chunk by its path alone (about one in CHUNK_FILES: the high half of its
    path's CRC-32, a tenth of a blake2b's cost, every file of every run), so that adding or
    removing a file moves no other chunk's bounds."""
    names: list[str] = []
    name, length = "", 0
    below = 65536 // CHUNK_FILES
    crc32 = zlib.crc32
    for file in files:
        data = file.encode("utf-8", "surrogatepass")
        if not name or length >= MAX_CHUNK_FILES or crc32(data) >> 16 < below:
            name = blake2b(data, digest_size=16).hexdigest()
            length = 0
        names.append(name)
        length += 1
    return names


# A record found in a chunk: content hash, complete, stamp, entry text, its place in the chunk.
_Record = tuple[str, bool, str, str, int]
# A record's fields in a chunk: content hash, complete, stamp, path (JSON), checksum, the entry's
# two parts (JSON each).
_FIELDS = 7
_PATH = operator.itemgetter(3)
_PARTS = (operator.itemgetter(5), operator.itemgetter(6))


class _Written:
    """The chunk the run is writing: its records so far, and whether it differs from the one read."""

    __slots__ = ("changed", "name", "records")

    def __init__(self, name: str) -> None:
        self.name = name
        self.records: list[tuple[str, Kept]] = []
        self.changed = False


class ResultCache:
    """One run's view of the cache: its folder, the run's key, and the chunk of each file.

    Any process may look entries up (`find`, given each file's chunk: `chunks_of` the run's list
    of files, or its context's); the one that receives the run's results in order
    records them (`record`), and writes each chunk whole, once, when it holds an entry that
    was not read from it."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self.entries = os.path.join(os.fspath(folder), f"v{CACHE_VERSION}", key[:20])  # noqa: PTH118
        self.broken: str | None = None  # why writing failed, once it has
        # The chunk read: its name, each path's place, and each record's fields (see `_records`).
        self._read: tuple[str, dict[str, int], list[list[str]]] = ("", {}, [])
        self._decoded: list[tuple[str, list[Any]]] = [("", []), ("", [])]  # ... parts as JSON values
        self._now = time.time_ns()
        self._windows = os.name == "nt"  # see `stamp`
        self._writing: _Written | None = None
        self._damaged = ""  # the chunk read, when its checksum did not match (see `record`)
        self._wrote = False

    def reader(self) -> ResultCache:
        """Another view of the same cache, to find entries without moving this one's chunk."""
        other = ResultCache(self.folder, self.key)
        other._now = self._now
        return other

    def _path(self, name: str) -> str:
        return os.path.join(self.entries, name + ".pack")  # noqa: PTH118

    def _records(self, name: str) -> tuple[dict[str, int], list[list[str]]]:
        """A chunk's records, read once per process: each path's place, and each record's fields
        (content hash, complete, stamp, path as JSON, checksum, and the entry's two parts; see
        `find`); empty when absent, or not ours. When the chunk's checksum (in its header)
        matches, its records are whole, and split by built-ins (no Python code a record); else
        each record's own is checked, and one that does not match its entry (damaged, or cut
        short) is left out: its file is checked again."""
        read = self._read
        if read[0] == name:
            return read[1], read[2]
        try:
            with open(self._path(name), "rb") as handle:  # noqa: PTH123
                data = handle.read()
            # Lines found by readlines (memchr: several times cheaper than split), each kept with
            # its newline (JSON ignores it; `_text` leaves it out).
            stream = io.BytesIO(data)
            head = stream.readline()
            whole = head[:-1] == self._header(name, memoryview(data)[len(head) :]).encode("ascii")
            lines = stream.readlines() if whole or self._ours(head, name) else []
            if lines and lines[-1][-1:] != b"\n":  # cut short: its last record is not whole
                lines.pop()
            fields = [line.split("\t", 6) for line in map(str, lines, repeat("ascii"))]
            if not whole:
                fields = [f for f in fields if len(f) == _FIELDS and f[4] == _check(*f[:4], f[5], f[6][:-1])]
            # The paths, written as JSON text, decoded in one call (a tab or a quote could be in one).
            paths = json.loads(f"[{','.join(map(_PATH, fields))}]")
            places = dict(zip(paths, range(len(fields)), strict=True))
        except (OSError, ValueError, IndexError, TypeError):  # absent, unreadable, not ASCII, not ours
            places, fields, whole = {}, [], False
        self._read = (name, places, fields)
        self._decoded = [("", []), ("", [])]
        self._damaged = "" if whole else name  # written again, with a checksum that matches
        return places, fields

    def _header(self, name: str, body: bytes | memoryview) -> str:
        """A chunk's first line: what it is, and the checksum of the records after it (CRC-32, as
        zip and PNG use against damage: a tenth of blake2b's cost on a warm run, which reads
        every record; each record's own checksum is blake2b)."""
        header = {**self._identity(name), "check": f"{zlib.crc32(body):08x}"}
        return json.dumps(header, sort_keys=True, separators=(",", ":"))

    def _identity(self, name: str) -> dict[str, Any]:
        """What a chunk's header says it is, besides its checksum."""
        return {"format": CACHE_FORMAT, "version": CACHE_VERSION, "key": self.key, "chunk": name}

    def _ours(self, head: bytes, name: str) -> bool:
        """Whether a chunk whose checksum does not match is still one of ours (damaged in part):
        its records are then each checked on their own."""
        try:
            header = json.loads(head)
        except (ValueError, RecursionError):
            return False
        ours = self._identity(name)
        return type(header) is dict and {k: v for k, v in header.items() if k != "check"} == ours

    def stamp(self, info: os.stat_result) -> str:
        """What stands for a file's content without reading it: its size, times, inode, device
        and mode, once settled; "" when they cannot stand for it.

        Settled: its change time (set by the kernel on every write, never by a program) and
        modification time are SETTLED_NS older than the run's start. A later write then gets a
        later change time, even on file systems whose clock ticks coarsely (2 s at worst) or
        runs a little behind this machine's; a file written just before the run is read and
        hashed instead. Not on Windows, whose st_ctime is the creation time."""
        mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
        if self._windows or (mtime if mtime > ctime else ctime) >= self._now - SETTLED_NS:
            return ""
        try:  # packed, in hex: writing six numbers in decimal costs twice as much, every file
            return _STAMP.pack(info.st_size, mtime, ctime, info.st_ino, info.st_dev, info.st_mode).hex()
        except struct.error:  # a field out of range: the file is read instead
            return ""

    def find(
        self, path: str, chunk: str, content: str = "", stamp: str = "", complete: bool = True
    ) -> _Record | None:
        """The record of `path` made from content `content`, or with the stamp `stamp`: (content
        hash, complete, stamp, entry text, place), or None; `complete=False` accepts an entry
        with only the facts (of a file that is only context of a run); `chunk` is the file's
        (see `chunks_of`)."""
        read = self._read  # the chunk read last, most often the one asked for
        places, fields = (read[1], read[2]) if read[0] == chunk else self._records(chunk)
        place = places.get(path)
        if place is None:
            return None
        found = fields[place]
        if len(found) != _FIELDS or not found[5] or (complete and found[1] != "1"):
            return None
        if (content and found[0] == content) or (stamp and found[2] == stamp):
            return (found[0], found[1] == "1", found[2], f"{found[5]}\t{found[6][:-1]}", place)
        return None

    def value(self, record: _Record, part: int = 0) -> Any:
        """A found record's entry as a JSON value (None when it is not JSON): its first part (what
        checking the file found) or, with `part=1`, its second (the facts for rules across the
        run, not needed when their verdicts are replayed). Each part of the entries of a chunk is
        decoded together, the first time one is asked for (one call, not one each)."""
        name, _, fields = self._read
        if self._decoded[part][0] != name:
            try:
                texts = list(map(_PARTS[part], fields))
            except IndexError:  # a record cut short: not ours
                texts = [f[5 + part] if len(f) == _FIELDS else "" for f in fields]
            try:
                values = json.loads(f"[{','.join(texts)}]") if texts else []
            except (ValueError, RecursionError):
                values = []
            if len(values) != len(texts):  # one is not a JSON value: each on its own
                values = [_json_or_none(text) for text in texts]
            self._decoded[part] = (name, values)
        values = self._decoded[part][1]
        return values[record[4]] if record[4] < len(values) else None

    def record(self, path: str, name: str, kept: Kept) -> None:
        """Keep a file's entry for its chunk (`read`: as the chunk already held it); a chunk is
        written when the run leaves it, if anything in it is new."""
        if self.broken is not None:
            return
        writing = self._writing
        if writing is None or writing.name != name:
            self.flush()
            writing = self._writing = _Written(name)
            writing.changed = name == self._damaged
        if kept.entry is None:  # not kept (values JSON would change): checked afresh every run
            writing.changed = True
            return
        writing.records.append((path, kept))
        writing.changed = writing.changed or not kept.read

    def flush(self) -> None:
        """Write the chunk being recorded, if it changed (whole, through a temporary file)."""
        writing, self._writing = self._writing, None
        if writing is None or not writing.changed or not writing.records or self.broken is not None:
            return
        lines: list[str] = []
        records = [
            (path, content, complete, stamp, entry)
            for path, (content, entry, complete, _, stamp) in writing.records
        ]
        for path, content, complete, stamp, entry in records + self._others(writing):
            assert entry is not None
            head = (content, "1" if complete else "0", stamp, _dumps(path))
            lines.append("\t".join((*head, _check(*head, entry), entry)) + "\n")
        try:
            body = "".join(lines).encode("ascii")
            top = self._header(writing.name, body).encode("ascii")
            replace_bytes(self._path(writing.name), b"".join([top, b"\n", body]))
            self._wrote = True
        except (OSError, ValueError) as exc:
            self.broken = getattr(exc, "strerror", None) or str(exc)

    def _others(self, writing: _Written) -> list[tuple[str, str, bool, str, str]]:
        """The records of the chunk as read that this run did not visit (files of another run's
        list, as a hook's): kept, up to MAX_CHUNK_FILES in all, since they may serve again."""
        name, places, fields = self._read
        room = MAX_CHUNK_FILES - len(writing.records)
        if name != writing.name or room <= 0:
            return []
        visited = {path for path, _ in writing.records}
        others = [
            (p, f[0], f[1] == "1", f[2], f"{f[5]}\t{f[6][:-1]}")
            for p, f in ((p, fields[place]) for p, place in places.items() if p not in visited)
            if len(f) == _FIELDS and f[5]
        ]
        return others[:room]

    def finish(self) -> None:
        """After the run: the last chunk written, and the oldest chunks beyond MAX_CHUNKS removed."""
        self.flush()
        if self._wrote:
            forget_old(self.entries, MAX_CHUNKS, lambda entry: entry.name.endswith(".pack"))
            self._wrote = False

    def prepare(self, folder: str) -> None:
        """Make the run key's folder, and the cache folder's tags the first time (the folder is
        the user's to delete at any time)."""
        top = make_top(self.folder)
        if not os.path.isdir(self.entries):  # noqa: PTH112
            os.makedirs(self.entries, exist_ok=True)  # noqa: PTH103
            versions = os.path.dirname(self.entries)  # noqa: PTH120
            forget_old(versions, MAX_KEYS, lambda entry: entry.is_dir(follow_symlinks=False))
            if tagged(top):  # a folder srm-check made: what earlier versions wrote here goes
                for old in range(1, CACHE_VERSION):
                    shutil.rmtree(os.path.join(top, f"v{old}"), ignore_errors=True)  # noqa: PTH118
        os.makedirs(folder, exist_ok=True)  # noqa: PTH103


def _check(*fields: str) -> str:
    """A record's checksum, of its other fields (content hash, complete, stamp, path, entry)."""
    return blake2b("\t".join(fields).encode("ascii"), digest_size=8).hexdigest()


def open_cache(
    prepared: Prepared, folder: Path, boundary: Path | None = None
) -> tuple[ResultCache | None, str | None]:
    """The run's cache in `folder`, made ready (its folders and tags), or None and why not;
    nothing is written when the folder leads out of `boundary`."""
    from srm_check.core.limits import MAX_FILE_BYTES
    from srm_check.pipeline.prepared import inline_settings

    files = [(f.path, f.kind, f.sha256) for f in prepared.policy.files]
    rules = prepared.selection.rules(prepared.policy.rules)
    cache = ResultCache(folder, run_key(files, rules, inline_settings(prepared), MAX_FILE_BYTES))
    if boundary is not None and escapes(cache.entries, boundary):
        return None, (
            f"{folder.as_posix()} leads outside {boundary.as_posix()} (a link?); "
            "name a folder with --cache-dir to use one there"
        )
    try:
        cache.prepare(cache.entries)
    except OSError as exc:
        return None, f"cannot write {folder.as_posix()}: {exc.strerror or exc}"
    with contextlib.suppress(OSError):  # the key used now: the least recently used are removed
        os.utime(cache.entries)
    return cache, None
