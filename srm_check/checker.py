"""The check pipeline: find files, load each, validate, evaluate rules, yield findings.

Files are processed one at a time in a stable order and dropped once checked, so
memory stays flat however many agreements there are. Large runs spread files over
worker processes; rules that compare agreements with each other are still resolved
here, in file order, so the result is the same whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from srm_check.agreement import AgreementData, read_agreement
from srm_check.diagnostics import SEVERITY, UNREADABLE_FILE, builtin_rules
from srm_check.engine import CrossFileRules, Engine, Pending
from srm_check.findings import Finding
from srm_check.paths import display_from
from srm_check.policy import Policy
from srm_check.records import RuleInfo, RuleRecord
from srm_check.yamlsource import MAX_FILE_BYTES, load_file

if TYPE_CHECKING:
    from srm_check.waivers import Waiver

SUFFIXES = (".yaml", ".yml")
# Below this many files a worker pool costs more than it saves.
PARALLEL_MIN_FILES = 200


class PathError(Exception):
    """A path named on the command line does not exist or holds no agreement file."""


@dataclass(slots=True)
class FileResult:
    """What checking one file found; `agreements` only when the caller asked to keep them."""

    path: str
    findings: list[Finding]
    agreements: list[AgreementData] = field(default_factory=list)
    readable: bool = True
    documents: int = 0
    # The agreement id of each document (None where it has none), to name documents in output.
    agreement_ids: list[str | None] = field(default_factory=list)
    # "agreement", or "waivers" for the findings about the waivers file itself.
    kind: str = "agreement"
    # Waivers written as comments in this file (only when the run reads them).
    inline_waivers: list[Waiver] = field(default_factory=list)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Agreement files under `paths`: files as given, folders searched for *.yaml/*.yml.

    The result is sorted by display path and free of repeats, so that output order
    does not depend on the file system or on the order of the arguments.
    """
    cwd = str(Path.cwd().resolve())
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            matches = [
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
            ]
            if not matches:
                raise PathError(f"{path.as_posix()}: no agreement files (*.yaml, *.yml) found")
            for p in matches:
                found.setdefault(display_from(cwd, p), p)
        elif path.is_file():
            found.setdefault(display_from(cwd, path), path)
        else:
            raise PathError(f"{path.as_posix()}: no such file or folder")
    return [found[k] for k in sorted(found)]


def evaluated_rules(policy: Policy, rules: Sequence[RuleRecord] | None = None) -> list[RuleInfo]:
    """Every rule a run evaluates: the built-in ones, then the policy's, each once."""
    return [*builtin_rules(), *(policy.rules if rules is None else rules)]


class InlineWaivers(NamedTuple):
    """Read inline waivers: rule ids and names -> id, and the rule ids (or "*") they may not waive."""

    rules: dict[str, str]
    forbidden: frozenset[str]


class _Job(NamedTuple):
    engine: Engine
    keep_agreements: bool
    max_bytes: int
    cwd: str
    inline: InlineWaivers | None = None


def _check_one(job: _Job, file: Path) -> tuple[FileResult, list[Pending]]:
    path = display_from(job.cwd, file)
    source = load_file(file, path, max_bytes=job.max_bytes)
    agreements = [read_agreement(doc) for doc in source.documents]
    ids = {data.document.index: data.id for data in agreements}
    findings = [
        Finding(
            p.code,
            SEVERITY[p.code],  # type: ignore[arg-type]
            p.message,
            path,
            p.span,
            p.pointer,
            ids.get(p.document),
            p.document,
        )
        for p in source.problems
    ]
    pending: list[Pending] = []
    kept: list[AgreementData] = []
    for data in agreements:
        doc = data.document
        findings.extend(
            Finding(p.code, "error", p.message, path, p.span, p.pointer, data.id, doc.index)
            for p in data.problems
        )
        rule_findings, rule_pending = job.engine.evaluate(data, path)
        findings.extend(rule_findings)
        pending.extend(rule_pending)
        if job.keep_agreements:
            kept.append(data)
    waivers: list[Waiver] = []
    if job.inline is not None and source.text:
        from srm_check.inline_waivers import parse_inline

        waivers, problems = parse_inline(source.text, path, job.inline.rules, job.inline.forbidden)
        findings.extend(problems)
    readable = not any(f.rule_id in UNREADABLE_FILE for f in findings)
    documents = len(source.documents)
    ids_in_order = [a.id for a in agreements]
    result = FileResult(path, findings, kept, readable, documents, ids_in_order, inline_waivers=waivers)
    return result, pending


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
    policy: Policy,
    *,
    rules: Sequence[RuleRecord] | None = None,
    keep_agreements: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    jobs: int | None = None,
    inline: InlineWaivers | None = None,
) -> Iterator[FileResult]:
    """Check each file, yielding results in the order of `files`."""
    job = _Job(Engine(policy, rules), keep_agreements, max_bytes, str(Path.cwd().resolve()), inline)
    cross = CrossFileRules(policy, rules)
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
