"""A memo of the verdicts of the rules across the run, kept with the result cache, so that an
unchanged run does not judge them again.

The findings those rules give a file depend only on the run's key (policy, rules, settings),
the day judged (`--on`), whether the run checks only named files, and the facts of that file
and every file before it in file order: each position's chain digest (`link`) is the digest
of the one before, the file's path and its content hash. While a run's chain is the one
recorded, each file's findings of these rules are replayed and nothing is judged; at the
first file that differs (changed, added, removed, moved), the engine is given the facts of
every file before it (from their entries, held as read up to MAX_HELD_BYTES, else read again
from the cache: `catch_up`), as if it had judged them, and judges from there on. A file
whose facts wait for later files (a `supersedes` not seen yet) or read git history ends the
memo: it and every file after it are judged on each run. The memo holds at most MAX_FILES
positions and MAX_FINDINGS_BYTES of findings; it is written whole through a temporary file,
and a memo that is damaged, foreign or of another run is ignored. Each day judged and first
file of the list has its own memo, at most MAX_MEMOS of them.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import chain as _then
from typing import Any

from srm_check.core.digest import blake2b
from srm_check.core.finding import Finding
from srm_check.core.output import replace_bytes
from srm_check.pipeline.cache import ResultCache
from srm_check.pipeline.cache_entry import facts_of, finding_of, finding_value, json_or_none
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.results import FileResult
from srm_check.rules.crossfile import CrossFileRules
from srm_check.rules.pending import Pending

MEMO_FORMAT = "srm-check-verdicts"
MEMO_VERSION = 1
MEMO_NAME = "verdicts"
# Memos kept per run key, one per day judged and first file of the list (a run of one folder and
# a run of one of its files keep their own): beyond, the one written longest ago is dropped.
MAX_MEMOS = 8
# Positions remembered (16 bytes each: 2 MiB at most); files after them are judged every run.
MAX_FILES = 131_072
# Findings remembered, as JSON text; the memo ends at the file that would pass this.
MAX_FINDINGS_BYTES = 4 << 20
# The cache entries of the files replayed, kept (as read) up to this many bytes, for the engine
# to be given their facts at the first file not replayed; beyond, they are read again from the
# cache then.
MAX_HELD_BYTES = 4 << 20
_SIZE = 16  # bytes of a chain digest
_BATCH = 64  # entries held decoded in one call
# The files at some places of the run's list read again from the cache: result, facts, content hash.
CatchUp = Callable[[range], Iterator[tuple[FileResult, list[Pending], str]]]


def link(previous: bytes, path: str, content: str) -> bytes:
    """The chain digest of a position: the one before, the file's path and content hash."""
    data = previous + path.encode("utf-8", "surrogatepass") + b"\0" + content.encode("ascii")
    return blake2b(data, digest_size=_SIZE).digest()


class VerdictMemo:
    """The memo read from the cache's folder and the one this run makes, which `save` writes
    when it differs. `serves` confirms, file by file in order as the cache finds their entries,
    the positions whose verdicts are replayed (their facts need not even be decoded)."""

    def __init__(self, path: str, seed: bytes, cross: CrossFileRules) -> None:
        self.cross = cross  # the run's rules across the run
        self.path = path
        self.seed = seed
        self._chain, self._found = self._load()  # the memo read: digests, findings (JSON) by place
        self._served = 0  # positions confirmed, from the first: replayed as the memo read holds them
        self._last = seed  # ... the chain digest of the last of them
        self.ready: dict[int, list[Finding]] = {}  # ... their findings, until replayed
        self._stopped = False  # a position was not confirmed: none after it is
        self.held: list[tuple[str, str, str]] | None = []  # their path, content hash and entry
        self._held_bytes = 0
        self._new = bytearray()  # the positions after them, as this run judged them
        self._new_found: dict[int, str] = {}
        self._bytes = 0  # findings kept, as JSON text
        self._ended = False

    def _load(self) -> tuple[bytes, dict[int, str]]:
        """The memo read: a header line (JSON: its format, seed, number of positions and checksum),
        each position's digest (binary), then a line per position with findings (place, a tab,
        the findings as JSON)."""
        try:
            with open(self.path, "rb") as handle:  # noqa: PTH123
                data = handle.read()
            head, _, body = data.partition(b"\n")
            header = json.loads(head)
            size = (
                header["files"] * _SIZE if type(header) is dict and type(header.get("files")) is int else -1
            )
            if size < 0 or header != self._header([body[:size], body[size:]], size // _SIZE):
                return b"", {}
            *lines, last = body[size:].decode("ascii").split("\n")
            if last:
                return b"", {}
            found = {int(place): text for place, _, text in (line.partition("\t") for line in lines)}
            return body[:size], found
        except (OSError, ValueError, RecursionError):  # absent, damaged or foreign: not used
            return b"", {}

    def _header(self, parts: list[bytes | bytearray], files: int) -> dict[str, Any]:
        check = blake2b(digest_size=16)
        for part in parts:
            check.update(part)
        seed = self.seed.hex()
        return {
            "format": MEMO_FORMAT,
            "version": MEMO_VERSION,
            "seed": seed,
            "files": files,
            "check": check.hexdigest(),
        }

    def serves(self, index: int, path: str, content: str, entry: str) -> bool:
        """Whether the file at `index` (shown as `path`, its content hash `content`, its cache
        entry `entry`) continues the chain recorded: asked once per file, in order; once one
        does not, none after does."""
        if self._stopped or index != self._served:
            self._stopped = True
            return False
        at = index * _SIZE
        chain = link(self._last, path, content)
        if self._chain[at : at + _SIZE] != chain:
            self._stopped = True
            return False
        text = self._found.get(index)
        found: list[Finding] = []
        if text is not None:
            try:
                found = [finding_of(f) for f in json.loads(text)]
            except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
                self._stopped = True  # not findings this module wrote
                return False
            self._bytes += len(text)
        self._served += 1
        self._last = chain
        self.ready[index] = found
        held = self.held
        if held is not None:
            self._held_bytes += len(entry)
            if self._held_bytes > MAX_HELD_BYTES:
                self.held = None
            else:
                held.append((path, content, entry))
        return True

    def hit(self, index: int) -> list[Finding] | None:
        """The findings recorded for a position `serves` confirmed (None for any other)."""
        return self.ready.pop(index, None)

    def resume(self) -> bytes:
        """The chain digest of the last position replayed (the seed: none), from which this run
        judges."""
        self._stopped = True
        return self._last

    def keep(self, index: int, chain: bytes | None, findings: list[Finding], *, ends: bool) -> None:
        """Record the findings judged at position `index` (`ends`: its verdicts cannot be replayed,
        and the memo ends before it); at most MAX_FILES positions and MAX_FINDINGS_BYTES of them."""
        if self._ended or ends or chain is None or index >= MAX_FILES:
            self._ended = True
            return
        assert index == self._served + len(self._new) // _SIZE, "positions are kept in order"
        if findings:
            text = _dumps([finding_value(f) for f in findings])
            self._bytes += len(text)
            if self._bytes > MAX_FINDINGS_BYTES:
                self._ended = True
                return
            self._new_found[index] = text
        self._new += chain

    def save(self) -> None:
        """Write the memo this run made, when it differs from the one read (errors ignored)."""
        if not self._new and self._served * _SIZE == len(self._chain):
            return
        found = {k: v for k, v in self._found.items() if k < self._served}
        found.update(self._new_found)
        chain = self._chain[: self._served * _SIZE] + self._new if self._served else self._new
        lines = "".join(f"{place}\t{found[place]}\n" for place in sorted(found)).encode("ascii")
        head = json.dumps(self._header([chain, lines], len(chain) // _SIZE), separators=(",", ":"))
        with contextlib.suppress(OSError, ValueError):  # a run never fails on its cache
            replace_bytes(self.path, b"".join([head.encode("ascii"), b"\n", chain, lines]))
            _drop_old(os.path.dirname(self.path))  # noqa: PTH120


def _drop_old(folder: str) -> None:
    """Keep the MAX_MEMOS memos of the folder written last (others' errors ignored)."""
    memos = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(MEMO_NAME + "-") and not entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    memos.append((entry.stat().st_mtime_ns, entry.name))
    for _, name in sorted(memos, reverse=True)[MAX_MEMOS:]:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(folder, name))  # noqa: PTH107, PTH118


_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
_sort_key = Finding.sort_key


def open_memo(cache: ResultCache, cross: CrossFileRules, first: str) -> VerdictMemo:
    """The memo of the run's key, for the day judged and partiality of `cross`'s run, kept apart
    for each first file of the list (`first`), so that runs of different files do not take
    turns writing one memo that the other cannot use."""
    run = cross.run
    text = f"{MEMO_VERSION}\0{cache.key}\0{run.on.isoformat()}\0{int(run.partial)}"
    seed = blake2b(text.encode("utf-8"), digest_size=_SIZE).digest()
    slot = blake2b(seed + first.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return VerdictMemo(os.path.join(cache.entries, f"{MEMO_NAME}-{slot}"), seed, cross)  # noqa: PTH118


def replayed(
    checked: Iterable[tuple[FileResult, list[Pending], str]],
    memo: VerdictMemo,
    catch_up: CatchUp,
) -> Iterator[FileResult]:
    """`crossfile.in_file_order` of a run with a result cache whose entries were looked up with
    `memo.serves`: each file's result with the findings of the rules across the run, replayed
    from the memo while it serves (nothing judged, nothing waits: each result goes out as it
    comes, its findings sorted), judged from the first file it does not serve (see `replay`);
    the memo written after."""
    cross, ready = memo.cross, memo.ready
    items = iter(checked)
    for index, (result, pending, content) in enumerate(items):
        found = ready.pop(index, None)
        if found is None:  # from here on, judged: `replay` takes this file and the rest
            rest = replay(_then([(result, pending, content)], items), cross, memo, catch_up, index)
            yield from in_file_order(rest, cross)
            break
        findings = result.findings
        if found:
            findings.extend(found)
        if len(findings) > 1:
            findings.sort(key=_sort_key)
        yield result
    else:
        yield from in_file_order((), cross)  # what waits when every file is seen: none here
    memo.save()


def replay(
    checked: Iterable[tuple[FileResult, list[Pending], str]],
    cross: CrossFileRules,
    memo: VerdictMemo,
    catch_up: CatchUp,
    start: int = 0,
) -> Iterator[tuple[FileResult, list[Pending]]]:
    """Each file's result (its content hash: "" when unknown), from place `start` of the list,
    with the findings of the rules across the run added, replayed from the memo or judged; for
    `crossfile.in_file_order`, which then has nothing left to resolve. `catch_up(places)` gives
    the facts of files again, for the engine to remember before it judges the first file the
    memo does not serve."""
    chain: bytes | None = None
    live = False
    for index, (result, pending, content) in enumerate(checked, start):
        if not live:
            found = memo.hit(index)
            if found is not None:
                result.findings.extend(found)
                yield result, []
                continue
            live = True
            chain = memo.resume()
            if not _caught_up(cross, memo, catch_up, index):
                chain = None  # a file read again is not the one replayed (changed meanwhile)
        chain = link(chain, result.path, content) if chain is not None and content else None
        found = cross.resolve(pending) if pending else []
        result.findings.extend(found)
        memo.keep(index, chain, found, ends=cross.waiting or not cross.replayable(pending))
        yield result, []


def _caught_up(cross: CrossFileRules, memo: VerdictMemo, catch_up: CatchUp, count: int) -> bool:
    """Give the engine the facts of the `count` files the memo served, as the context of a run
    is given (`remember`: what the rules comparing agreements keep, without verdicts, which
    were replayed), from their entries held or read again; whether those are the files
    replayed (none changed)."""
    same = True
    for facts, alike in _facts_served(memo, catch_up, count):
        same = same and alike
        cross.remember(facts)
    return same


def _facts_served(memo: VerdictMemo, catch_up: CatchUp, count: int) -> Iterator[tuple[list[Pending], bool]]:
    """Each served file's facts, and whether it is the file served (the last: the chain of all)."""
    held = memo.held
    if held is None:
        chain: bytes | None = memo.seed
        for result, facts, content in catch_up(range(count)):
            chain = link(chain, result.path, content) if chain is not None and content else None
            yield facts, True
        yield [], chain == memo.resume()
        return
    comparing = memo.cross.comparing  # only their facts: what `remember` reads
    for start in range(0, len(held), _BATCH):
        batch = held[start : start + _BATCH]
        values = _values([entry.partition("\t")[2] for _, _, entry in batch])
        for index, (path, content, _), value in zip(
            range(start, start + _BATCH), batch, values, strict=False
        ):
            found = facts_of(value, path, comparing)
            if found is not None:
                yield found, True
                continue
            for _, again, now in catch_up(range(index, index + 1)):  # not ours after all: read again
                yield again, now == content


def _values(texts: list[str]) -> list[Any]:
    """Each text's JSON value (None when it is not one), decoded in one call where they all are."""
    try:
        values = json.loads(f"[{','.join(texts)}]")
    except (ValueError, RecursionError):
        values = []
    return values if len(values) == len(texts) else [json_or_none(text) for text in texts]
