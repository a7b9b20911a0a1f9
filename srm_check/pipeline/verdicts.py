"""A memo of the verdicts of the rules across the run, kept with the result cache, so that an
unchanged run does not judge them again.

The findings those rules give a file depend only on the run's key (policy, rules, settings),
the day judged (`--on`), whether the run checks only named files, and the facts of that file
and every file before it in file order: each position's chain digest (`link`) is the digest
of the one before, the file's path and its content hash. While a run's chain is the one
recorded, each file's findings of these rules are replayed and nothing is judged; at the
first file that differs (changed, added, removed, moved), the engine is given the facts of
every file before it, read again from the cache (`catch_up`), as if it had judged them, and
judges from there on. A file whose facts wait for later files (a `supersedes` not seen yet)
or read git history ends the memo: it and every file after it are judged on each run. The
memo holds at most MAX_FILES positions and MAX_FINDINGS_BYTES of findings; it is written
whole through a temporary file, and a memo that is damaged, foreign or of another run is
ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from srm_check.core.digest import blake2b
from srm_check.core.finding import Finding
from srm_check.core.output import replace_bytes
from srm_check.pipeline.cache import ResultCache
from srm_check.pipeline.cache_entry import finding_of, finding_value
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.results import FileResult
from srm_check.rules.engine import CrossFileRules, Pending

MEMO_FORMAT = "srm-check-verdicts"
MEMO_VERSION = 1
MEMO_NAME = "verdicts"
# Positions remembered (16 bytes each: 2 MiB at most); files after them are judged every run.
MAX_FILES = 131_072
# Findings remembered, as JSON text; the memo ends at the file that would pass this.
MAX_FINDINGS_BYTES = 4 << 20
_SIZE = 16  # bytes of a chain digest


def link(previous: bytes, path: str, content: str) -> bytes:
    """The chain digest of a position: the one before, the file's path and content hash."""
    data = previous + path.encode("utf-8", "surrogatepass") + b"\0" + content.encode("ascii")
    return blake2b(data, digest_size=_SIZE).digest()


class VerdictMemo:
    """The memo read from the cache's folder (`hit`) and the one this run makes (`keep`), which
    `save` writes when it differs."""

    def __init__(self, folder: str, seed: bytes) -> None:
        self.path = os.path.join(folder, MEMO_NAME)  # noqa: PTH118
        self.seed = seed
        self._chain, self._found = self._load()
        self._kept = 0  # positions of the memo read that this run keeps as they are
        self._new = bytearray()  # ... and the positions after them, made by this run
        self._new_found: dict[str, str] = {}
        self._bytes = 0
        self._ended = False

    def _load(self) -> tuple[bytes, dict[str, str]]:
        try:
            with open(self.path, "rb") as handle:  # noqa: PTH123
                head, body = handle.read().split(b"\n", 1)
            header = json.loads(head)
            chain, found = body.split(b"\n", 1)
            if header != self._header(body) or len(chain) % (2 * _SIZE):
                return b"", {}
            values = json.loads(found)
            if type(values) is not dict:
                return b"", {}
            return bytes.fromhex(chain.decode("ascii")), {k: _dumps(v) for k, v in values.items()}
        except (OSError, ValueError, RecursionError):  # absent, damaged or foreign: not used
            return b"", {}

    def _header(self, body: bytes) -> dict[str, Any]:
        check = blake2b(body, digest_size=16).hexdigest()
        return {"format": MEMO_FORMAT, "version": MEMO_VERSION, "seed": self.seed.hex(), "check": check}

    def hit(self, index: int, chain: bytes) -> list[Finding] | None:
        """The findings recorded for position `index` with chain digest `chain` (None: not
        recorded), kept for the memo this run writes."""
        at = index * _SIZE
        if self._kept != index or self._chain[at : at + _SIZE] != chain:
            return None
        text = self._found.get(str(index))
        found = [] if text is None else [finding_of(f) for f in json.loads(text)]
        self._kept += 1
        if text is not None:
            self._bytes += len(text)
        return found

    def keep(self, index: int, chain: bytes, findings: list[Finding], *, ends: bool) -> None:
        """Record the findings judged at position `index` (`ends`: its verdicts cannot be replayed,
        and the memo ends before it)."""
        if self._ended or ends or index >= MAX_FILES or index != self._kept + len(self._new) // _SIZE:
            self._ended = True
            return
        if findings:
            text = _dumps([finding_value(f) for f in findings])
            self._bytes += len(text)
            if self._bytes > MAX_FINDINGS_BYTES:
                self._ended = True
                return
            self._new_found[str(index)] = text
        self._new += chain

    def save(self) -> None:
        """Write the memo this run made, when it differs from the one read (errors ignored)."""
        if not self._new and self._kept * _SIZE == len(self._chain):
            return
        found = {k: v for k, v in self._found.items() if int(k) < self._kept}
        found.update(self._new_found)
        chain = self._chain[: self._kept * _SIZE] + bytes(self._new)
        texts = ",".join(f"{_dumps(k)}:{v}" for k, v in found.items())
        body = chain.hex().encode("ascii") + b"\n{" + texts.encode("ascii") + b"}"
        head = json.dumps(self._header(body), separators=(",", ":")).encode("ascii")
        with contextlib.suppress(OSError, ValueError):  # a run never fails on its cache
            replace_bytes(self.path, head + b"\n" + body)


_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


def seed_of(key: str, cross: CrossFileRules) -> bytes:
    """The digest before the first file: the run's key and what the run judges with."""
    run = cross.run
    text = f"{MEMO_VERSION}\0{key}\0{run.on.isoformat()}\0{int(run.partial)}"
    return blake2b(text.encode("utf-8"), digest_size=_SIZE).digest()


def replayed(
    checked: Iterable[tuple[FileResult, list[Pending], str]],
    cross: CrossFileRules,
    cache: ResultCache,
    catch_up: Callable[[int], Iterator[tuple[FileResult, list[Pending], str]]],
) -> Iterator[FileResult]:
    """`crossfile.in_file_order` of a run with a result cache: the verdicts of the rules across
    the run replayed from the memo while it serves (see `replay`), the memo written after."""
    if not cross.active:
        yield from in_file_order(((result, pending) for result, pending, _ in checked), cross)
        return
    memo = VerdictMemo(cache.entries, seed_of(cache.key, cross))
    yield from in_file_order(replay(checked, cross, memo, catch_up), cross)
    memo.save()


def replay(
    checked: Iterable[tuple[FileResult, list[Pending], str]],
    cross: CrossFileRules,
    memo: VerdictMemo,
    catch_up: Callable[[int], Iterator[tuple[FileResult, list[Pending], str]]],
) -> Iterator[tuple[FileResult, list[Pending]]]:
    """Each file's result (its content hash: "" when unknown) with the findings of the rules
    across the run added, replayed from the memo or judged; for `crossfile.in_file_order`,
    which then has nothing left to resolve. `catch_up(n)` gives the facts of the first n files
    again, for the engine to remember before it judges the first file the memo does not serve."""
    chain: bytes | None = memo.seed
    index = 0
    live = False
    for result, pending, content in checked:
        before = chain
        chain = link(chain, result.path, content) if chain is not None and content else None
        if not live:
            found = memo.hit(index, chain) if chain is not None else None
            if found is not None:
                result.findings.extend(found)
                index += 1
                yield result, []
                continue
            live = True
            if _caught_up(cross, catch_up(index), memo.seed) != before:
                chain = None  # a file read again is not the one replayed (changed meanwhile)
        found = cross.resolve(pending) if pending else []
        result.findings.extend(found)
        ends = chain is None or cross.waiting or not cross.replayable(pending)
        memo.keep(index, chain or b"", found, ends=ends)
        index += 1
        yield result, []


def _caught_up(
    cross: CrossFileRules, files: Iterator[tuple[FileResult, list[Pending], str]], seed: bytes
) -> bytes | None:
    """Give the engine the facts of files the memo served (only what the rules comparing
    agreements remember: the others' verdicts do not depend on other files); their chain."""
    compares = cross.compares
    chain: bytes | None = seed
    for result, facts, content in files:
        chain = link(chain, result.path, content) if chain is not None and content else None
        cross.resolve([item for item in facts if compares(item.rule_id)])
    return chain
