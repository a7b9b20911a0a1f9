"""pipeline/workers.py: a pool only where it pays, the same results with one."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from srm_check.pipeline.workers import check_files
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

AGREEMENTS = Path(__file__).resolve().parents[2] / "agreements"


def test_jobs_1000_on_two_files_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[Any] = []
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: pools.append(a))
    policy = load_policy([default_policy_dir()])
    files = sorted(AGREEMENTS.glob("*.yaml"))[:2]
    results = list(check_files(files, policy.catalogues, policy.rules, jobs=1000))
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [f.name for f in files]
    assert pools == []
