"""Check many files: one at a time in a stable order, or spread over worker processes.

Files are dropped once checked, so memory stays flat however many agreements there are.
Rules that compare agreements with each other are resolved here, in file order, so the
result is the same whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from srm_check.core.paths import display_from
from srm_check.pipeline.crossfile import in_file_order
from srm_check.pipeline.document import check_source
from srm_check.pipeline.pool import OrderedWorkers
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.waivers.model import InlineWaivers
from srm_check.rules.agreement import ASSIGNMENTS_POINTER
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.engine import CrossFileRules, Engine, Pending
from srm_check.rules.scope import Composition
from srm_check.schemas.records import RuleRecord
from srm_check.source.reader import MAX_FILE_BYTES, load_file

# Below this many files a worker pool costs more than it saves.
PARALLEL_MIN_FILES = 200
# Each worker must have at least this many files: starting one costs more than checking fewer.
FILES_PER_WORKER = 50
# Without --jobs, a large run uses at most this many workers.
DEFAULT_MAX_WORKERS = 8


class _Job(NamedTuple):
    engine: Engine
    keep_agreements: bool
    max_bytes: int
    cwd: str
    inline: InlineWaivers | None = None


def _check_one(job: _Job, file: Path) -> tuple[FileResult, list[Pending]]:
    path = display_from(job.cwd, file)
    source = load_file(file, path, max_bytes=job.max_bytes, judged_elsewhere=(ASSIGNMENTS_POINTER,))
    return check_source(source, job.engine, keep_agreements=job.keep_agreements, inline=job.inline)


_WORKER_JOB: _Job | None = None


def _worker(file: Path) -> tuple[FileResult, list[Pending]]:
    assert _WORKER_JOB is not None
    return _check_one(_WORKER_JOB, file)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, as a container or `taskset` sets it)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_jobs(file_count: int) -> int:
    """Worker processes for a run: one per core for large runs where fork is available."""
    if file_count < PARALLEL_MIN_FILES:
        return 1
    return worker_count(DEFAULT_MAX_WORKERS, file_count)


def worker_count(requested: int, file_count: int) -> int:
    """The workers a run starts: what was asked, but never more than the usable CPUs, nor more
    than one per FILES_PER_WORKER files; 1 (no pool) where fork is not available."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(requested, usable_cpus(), file_count // FILES_PER_WORKER))


def check_files(
    files: Sequence[Path],
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
    """Check each file, yielding results in the order of `files`; `run` is what the rules
    across the run are judged with (the day, git history; default: today, no history)."""
    job = _Job(
        Engine(catalogues, rules, composition), keep_agreements, max_bytes, str(Path.cwd().resolve()), inline
    )
    cross = CrossFileRules(rules, run)
    workers = default_jobs(len(files)) if jobs is None or jobs < 1 else worker_count(jobs, len(files))
    results: Iterator[tuple[FileResult, list[Pending]]]
    pool: OrderedWorkers[Path, tuple[FileResult, list[Pending]]] | None = None
    if workers > 1 and len(files) > 1:
        global _WORKER_JOB
        _WORKER_JOB = job
        chunk = max(1, min(64, len(files) // (workers * 4)))
        pool = OrderedWorkers(_worker, files, workers, chunk)
        results = iter(pool)
    else:
        results = (_check_one(job, file) for file in files)
    try:
        yield from in_file_order(results, cross)
    finally:
        if pool is not None:
            pool.stop()
