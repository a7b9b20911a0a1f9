"""Check many files: one at a time in a stable order, or spread over worker processes.

Files are dropped once checked, so memory stays flat however many agreements there are.
Rules that compare agreements with each other are resolved here, in file order, so the
result is the same whatever the number of workers. With the result cache, a file whose
stat is the one recorded is not read; any other is read once, and its content hash finds
its entry; only a file without one is parsed, and its entry goes back with its result to
this process, which writes the cache's chunks in file order. Files that are only context
of a run (the repository's other agreements, for a run on a few named files) give only the
facts that cross-file rules need, and no findings.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from srm_check.core.limits import MAX_FILE_BYTES
from srm_check.core.paths import display_of
from srm_check.core.tuples import NamedTuple
from srm_check.pipeline.cache import ResultCache, chunks_of, digest
from srm_check.pipeline.cache_entry import Kept, decode, encode, facts_of
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.sizing import default_jobs, worker_count
from srm_check.pipeline.waivers.model import InlineWaivers
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.crossfile import CrossFileRules
from srm_check.rules.pending import Pending
from srm_check.rules.scope import Composition
from srm_check.source.files import read_bytes

if TYPE_CHECKING:  # the engine's modules: a run whose every file the cache serves never loads them
    from srm_check.rules.engine import Engine
    from srm_check.schemas.records import RuleRecord
    from srm_check.source.document import SourceFile

# With a result cache, files are checked in this process until this many were not in it.
SERIAL_MISSES = 32
# While checking, the cyclic garbage collector runs this rarely: a file's objects are freed
# by reference counting, and each collection would walk every object the run keeps alive.
_GC_THRESHOLD = (50_000, 20, 100)

Checked = tuple[FileResult, list[Pending]]


class _Rules:
    """The run's rules, compiled into the engine at the first file checked (`_Job.engine`)."""

    def __init__(
        self, catalogues: Catalogues, rules: Sequence[RuleRecord], composition: Composition | None
    ) -> None:
        self.catalogues, self.rules, self.composition = catalogues, rules, composition
        self.engine: Engine | None = None

    def compiled(self) -> Engine:
        engine = self.engine
        if engine is None:
            from srm_check.rules.engine import Engine

            engine = self.engine = Engine(self.catalogues, self.rules, self.composition)
        return engine


class _Job(NamedTuple):
    rules: _Rules
    keep_agreements: bool
    max_bytes: int
    cwd: str
    inline: InlineWaivers | None = None
    cache: ResultCache | None = None
    sources: dict[str, str] = {}  # noqa: RUF012 - never mutated
    context: bool = False  # context files: only the facts for cross-file rules
    files: Sequence[str] = ()  # the files of the list being checked, in order
    chunks: Sequence[str] = ()  # with a cache, each file's chunk (see `cache.chunks_of`)
    # Whether a file's verdicts across the run are replayed, facts not decoded (`VerdictMemo.serves`).
    serves: Callable[[int, str, str, str], bool] | None = None
    # For context files: the rules whose facts are decoded from an entry (None: every rule's).
    facts: frozenset[str] | None = None

    @property
    def engine(self) -> Engine:
        """The engine, compiled at the first file that needs it (worker processes inherit it)."""
        return self.rules.compiled()


# A NamedTuple made from its fields without its __new__ (a Python function): once a file.
_new = tuple.__new__


def _check(job: _Job, index: int, display: str | None = None) -> tuple[Checked, Kept | None]:
    """A file of the job's list, by its place (and its path, when known): its cache entry when
    its content has one, else checked (with the entry to keep: made before rules across the run
    add their findings)."""
    if display is None:
        display = job.files[index]
    path = job.sources.get(display, display)
    cache = job.cache if not job.keep_agreements else None
    stamp = ""
    if cache is not None:
        try:
            stamp = cache.stamp(os.stat(path))  # noqa: PTH116
        except (OSError, ValueError):
            stamp = ""
        hit = _cached(job, cache, index, display, "", stamp) if stamp else None
        if hit is not None:
            return hit
    data, problem = read_bytes(path, job.max_bytes)
    if data is None:
        source = _parsing().source_file(display, [], [problem.at(display)] if problem else [])
        return _checked(job, source), None
    content = digest(data) if cache is not None else ""
    if cache is not None:
        hit = _cached(job, cache, index, display, content, stamp)
        if hit is not None:
            return hit
    source = load_data(data, display, max_bytes=job.max_bytes)
    result, pending = _checked(job, source)
    if cache is None:
        return (result, pending), None
    return (result, pending), Kept(content, encode(result, pending), not job.context, False, stamp)


def _cached(
    job: _Job, cache: ResultCache, index: int, display: str, content: str, stamp: str
) -> tuple[Checked, Kept] | None:
    """The entry of a file (at `index`, shown as `display`) found by its content hash or its
    stamp, decoded; None when there is none."""
    found = cache.find(display, job.chunks[index], content, stamp, not job.context)  # by place: once a file
    if found is None:
        return None
    recorded, complete, stamped, entry, _ = found
    result = FileResult(display, []) if job.context else decode(cache.value(found), display)
    pending: list[Pending] | None = []  # none needed when the file's verdicts are replayed
    if result is not None and (job.serves is None or not job.serves(index, display, recorded, entry)):
        pending = facts_of(cache.value(found, 1), display, job.facts)
    if result is None or pending is None:
        return None
    # As the chunk holds it, unless the file has a stamp now (settled since it was recorded).
    return (result, pending), _new(Kept, (recorded, entry, complete, stamped == stamp, stamp))


class _Parsing:
    """Parsing's functions, imported at the first file parsed (once: an import statement run per
    file costs more than the call): a run whose every file the cache serves never loads them."""

    def __init__(self) -> None:
        from srm_check.pipeline.document import check_source, cross_file_facts
        from srm_check.rules.agreement import ASSIGNMENTS_POINTER
        from srm_check.source.document import SourceFile
        from srm_check.source.reader import load_data

        self.check_source = check_source
        self.cross_file_facts = cross_file_facts
        self.judged_elsewhere = (ASSIGNMENTS_POINTER,)
        self.load_data = load_data
        self.source_file = SourceFile


@functools.cache
def _parsing() -> _Parsing:
    return _Parsing()


def load_data(data: bytes, display: str, *, max_bytes: int) -> SourceFile:
    """A file's documents (source.reader's), repeated assignments left for rules to judge."""
    parsing = _parsing()
    return parsing.load_data(data, display, max_bytes=max_bytes, judged_elsewhere=parsing.judged_elsewhere)


def _checked(job: _Job, source: SourceFile) -> Checked:
    if job.context:
        return _parsing().cross_file_facts(source, job.engine)
    return _parsing().check_source(source, job.engine, keep_agreements=job.keep_agreements, inline=job.inline)


_WORKER_JOB: _Job | None = None


def _worker(index: int) -> tuple[Checked, Kept | None]:
    assert _WORKER_JOB is not None
    return _check(_WORKER_JOB, index)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage rarely while files are checked, and never walk what was loaded
    before (modules, the policy): most of a run's time would otherwise go to collections."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


class Checker:
    """Checks files for one run: the engine, the cache and how files are opened, shared by the
    run's context files and its checked files, and the cross-file rules' state between them."""

    def __init__(
        self,
        catalogues: Catalogues,
        rules: Sequence[RuleRecord],
        *,
        keep_agreements: bool = False,
        max_bytes: int = MAX_FILE_BYTES,
        inline: InlineWaivers | None = None,
        composition: Composition | None = None,
        cache: ResultCache | None = None,
        sources: dict[str, str] | None = None,
        run: RunContext | None = None,
    ) -> None:
        cwd = str(Path.cwd().resolve())
        compiled = _Rules(catalogues, rules, composition)
        self.job = _Job(compiled, keep_agreements, max_bytes, cwd, inline, cache, sources or {})
        self.cross = CrossFileRules(rules, run)
        self.fresh = True  # the rules across the run have seen no file yet (a memo may serve)

    def context(self, files: Sequence[str], jobs: int | None = None) -> None:
        """Read the cross-file facts of `files`, in order, as if they were checked before this
        run's files (their own findings are not reported)."""
        if not files or not self.cross.active:
            return
        job = self.job._replace(context=True, keep_agreements=False, facts=self.cross.comparing)
        self.fresh = False
        remember = self.cross.remember
        for _, pending in _results(job, files, jobs):
            # Only rules that compare agreements, and no verdict: the context's findings are not reported.
            remember(pending)

    def check(
        self, files: Sequence[str], jobs: int | None = None, then: Iterator[Checked] | None = None
    ) -> Iterator[FileResult]:
        """Check each file (and then what `then` checked), yielding results in order, once the
        rules across the run have settled each (see `pipeline.crossfile`)."""
        cache, cross = self.job.cache, self.cross
        fresh, self.fresh = self.fresh, False  # from now on, the rules across the run have seen files
        if fresh and then is None and cache is not None and not self.job.keep_agreements:
            from srm_check.pipeline.verdicts import open_memo, replayed

            memo = open_memo(cache, cross, files[0] if files else "")
            again = functools.partial(_again, self.job._replace(files=files), cross)
            yield from replayed(_recorded(self.job._replace(serves=memo.serves), files, jobs), memo, again)
            return
        checked = _results(self.job, files, jobs)
        if then is not None:
            checked = _chain(checked, then)
        yield from in_file_order(checked, cross)


def _chain(first: Iterator[Checked], second: Iterator[Checked]) -> Iterator[Checked]:
    yield from first
    yield from second


def _results(job: _Job, files: Sequence[str], jobs: int | None) -> Iterator[Checked]:
    """Each file's result and pending facts, in order (see `_recorded`)."""
    if job.cache is None or job.keep_agreements:
        return (checked for checked, _ in _kept(job._replace(files=files), jobs))
    return ((result, pending) for result, pending, _ in _recorded(job, files, jobs))


def _recorded(
    job: _Job, files: Sequence[str], jobs: int | None
) -> Iterator[tuple[FileResult, list[Pending], str]]:
    """Each file's result, pending facts and content hash ("" when not known), in order (see
    `_kept`), each file's entry handed to the cache as it comes: its chunks are written as the
    run leaves them."""
    cache = job.cache
    assert cache is not None
    # A list of chunk names (most of them the same object), not a dict: flat memory.
    chunks = chunks_of(files)
    record = cache.record
    kept_all = _kept(job._replace(files=files, chunks=chunks), jobs)
    for ((result, pending), kept), file, chunk in zip(kept_all, files, chunks, strict=True):
        if kept is None:
            yield result, pending, ""
        else:
            record(file, chunk, kept)
            yield result, pending, kept.content
    cache.finish()


def _again(
    job: _Job, cross: CrossFileRules, indexes: range
) -> Iterator[tuple[FileResult, list[Pending], str]]:
    """The files of the job's list at `indexes` read again (from the cache, with a reader of
    its own: the run's chunk being written is left alone), for the rules across the run (only
    the facts of `cross`'s rules comparing agreements)."""
    assert job.cache is not None
    chunks = chunks_of(job.files)
    job = job._replace(cache=job.cache.reader(), context=True, chunks=chunks, facts=cross.comparing)
    for index in indexes:
        (result, pending), kept = _check(job, index)
        yield result, pending, kept.content if kept is not None else ""


def _kept(job: _Job, jobs: int | None) -> Iterator[tuple[Checked, Kept | None]]:
    """Each file's result and pending facts, and what the cache keeps of it, in order: in this
    process, or from a pool.

    With a result cache, files are read here first, until SERIAL_MISSES of them were not in it:
    a warm run reads its entries faster than a pool could send them back. The rest, if still
    enough for a pool, go to one."""
    count = len(job.files)
    files = iter(job.files)  # each file's path, as its place comes (cheaper than indexing the list)
    with fewer_collections():
        start = 0
        if job.cache is not None and _workers(jobs, count) > 1:
            misses = 0
            while start < count and misses < SERIAL_MISSES:
                item = _check(job, start, next(files))
                kept = item[1]
                misses += kept is None or not kept.read
                start += 1
                yield item
        workers = _workers(jobs, count - start)
        if workers > 1 and count - start > 1:
            yield from _pooled(job, range(start, count), workers)
            return
        for index, display in enumerate(files, start):  # in this process, no generator between
            yield _check(job, index, display)


def _workers(jobs: int | None, count: int) -> int:
    return default_jobs(count) if jobs is None or jobs < 1 else worker_count(jobs, count)


def _pooled(job: _Job, indexes: range, workers: int) -> Iterator[tuple[Checked, Kept | None]]:
    """The result of each file of the job's list at `indexes`, in order, from `workers` (two or
    more) processes."""
    from srm_check.pipeline.pool import OrderedWorkers

    global _WORKER_JOB
    job.rules.compiled()  # here, once: the workers inherit the engine
    _WORKER_JOB = job._replace(serves=None)  # each worker's files are judged (see `_Job.serves`)
    pool = OrderedWorkers(_worker, indexes, workers, max(1, min(64, len(indexes) // (workers * 4))))
    try:
        yield from pool
    finally:
        pool.stop()


def check_files(
    files: Sequence[Path | str],
    catalogues: Catalogues,
    rules: Sequence[RuleRecord],
    *,
    keep_agreements: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    jobs: int | None = None,
    inline: InlineWaivers | None = None,
    composition: Composition | None = None,
    run: RunContext | None = None,
) -> Iterator[FileResult]:
    """Check each file (paths as named), yielding results in the order of `files`; `run` is
    what the rules across the run are judged with (the day, git history; default: today, no
    history)."""
    checker = Checker(
        catalogues,
        rules,
        keep_agreements=keep_agreements,
        max_bytes=max_bytes,
        inline=inline,
        composition=composition,
        run=run,
    )
    cwd = checker.job.cwd
    named = [os.fspath(file) for file in files]
    shown = [display_of(cwd, file) for file in named]
    checker.job = checker.job._replace(sources={d: n for d, n in zip(shown, named, strict=True) if d != n})
    yield from checker.check(shown, jobs)
