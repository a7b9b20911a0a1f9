"""pipeline/workers.py: worker processes capped by usable CPUs and by the number of files."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from srm_check.pipeline import workers
from srm_check.pipeline.workers import FILES_PER_WORKER, check_files, usable_cpus, worker_count
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

AGREEMENTS = Path(__file__).resolve().parents[2] / "agreements"


def test_usable_cpus_follow_the_affinity() -> None:
    if hasattr(os, "sched_getaffinity"):
        assert usable_cpus() == len(os.sched_getaffinity(0))
    assert usable_cpus() >= 1


@pytest.mark.parametrize(
    ("requested", "files", "cpus", "expected"),
    [
        (1000, 2, 64, 1),  # two files never need a pool
        (1000, 10_000, 4, 4),  # no more than the CPUs
        (1000, 120, 64, 2),  # no more than one per FILES_PER_WORKER files
        (3, 10_000, 64, 3),  # what was asked, when it fits
        (2, 49, 64, 1),
    ],
)
def test_worker_count_is_capped(
    requested: int, files: int, cpus: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "usable_cpus", lambda: cpus)
    assert FILES_PER_WORKER == 50
    assert worker_count(requested, files) == expected


def test_jobs_1000_on_two_files_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[Any] = []
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: pools.append(a))
    policy = load_policy([default_policy_dir()])
    files = sorted(AGREEMENTS.glob("*.yaml"))[:2]
    results = list(check_files(files, policy.catalogues, policy.rules, jobs=1000))
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [f.name for f in files]
    assert pools == []
