"""Check many files: one at a time in a stable order, or spread over worker processes.

Files are dropped once checked, so memory stays flat however many agreements there are.
Rules that compare agreements with each other are resolved here, in file order, so the
result is the same whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from srm_check.core.finding import Finding
from srm_check.core.paths import display_from
from srm_check.pipeline.document import check_source
from srm_check.pipeline.results import FileResult
from srm_check.pipeline.waivers.model import InlineWaivers
from srm_check.rules.agreement import ASSIGNMENTS_POINTER
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.engine import CrossFileRules, Engine, Pending
from srm_check.rules.scope import Composition
from srm_check.schemas.records import RuleRecord
from srm_check.source.reader import MAX_FILE_BYTES, load_file

# Below this many files a worker pool costs more than it saves.
PARALLEL_MIN_FILES = 200


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


def default_jobs(file_count: int) -> int:
    """Worker processes for a run: one per core for large runs where fork is available."""
    if file_count < PARALLEL_MIN_FILES or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


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
) -> Iterator[FileResult]:
    """Check each file, yielding results in the order of `files`."""
    job = _Job(
        Engine(catalogues, rules, composition), keep_agreements, max_bytes, str(Path.cwd().resolve()), inline
    )
    cross = CrossFileRules(rules)
    workers = default_jobs(len(files)) if jobs is None or jobs < 1 else jobs
    results: Iterator[tuple[FileResult, list[Pending]]]
    pool: Any = None
    if workers > 1 and len(files) > 1:
        import multiprocessing

        global _WORKER_JOB
        _WORKER_JOB = job
        pool = multiprocessing.get_context("fork").Pool(workers)
        chunk = max(1, min(64, len(files) // (workers * 4)))
        results = pool.imap(_worker, files, chunksize=chunk)
    else:
        results = (_check_one(job, file) for file in files)
    try:
        for result, pending in results:
            if pending:
                result.findings.extend(cross.resolve(pending))
            result.findings.sort(key=Finding.sort_key)
            yield result
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
