"""pipeline/sizing.py: worker processes capped by usable CPUs and by the number of files."""

from __future__ import annotations

import os

import pytest

from srm_check.pipeline import sizing
from srm_check.pipeline.sizing import FILES_PER_WORKER, usable_cpus, worker_count


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
    monkeypatch.setattr(sizing, "usable_cpus", lambda: cpus)
    assert FILES_PER_WORKER == 50
    assert worker_count(requested, files) == expected
