"""pipeline/workers.py: a pool only where it pays, the same results with one."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
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


def _compiled(cwd: Path, args: list[str]) -> tuple[str, tuple[bool, bool]]:
    """Run srm-check ARGS in a fresh interpreter: its output, and whether it loaded the engine and
    the rules across the run (`rules.judge`)."""
    code = (
        f"import sys; from srm_check.cli import main; sys.argv = ['srm-check', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('srm_check.rules.engine' in sys.modules, 'srm_check.rules.judge' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd)
    *output, loaded = out.stdout.strip().splitlines()
    engine, judge = loaded.split()
    return "\n".join(output), (engine == "True", judge == "True")


def test_a_run_the_cache_serves_whole_never_loads_the_engine(tmp_path: Path) -> None:
    """Neither the engine nor the rules across the run are compiled, or even imported, when every
    file's entry and every verdict across the run are replayed; a changed file brings both back,
    with the same output as a run without the cache."""
    folder = tmp_path / "agreements"
    folder.mkdir()
    for source in sorted(AGREEMENTS.glob("*.yaml"))[:4]:
        shutil.copy(source, folder / source.name)
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "agreements"]
    first, cold = _compiled(tmp_path, args)
    second, warm = _compiled(tmp_path, args)
    assert (cold, warm) == ((True, True), (False, False))
    assert second == first
    changed = sorted(folder.iterdir())[1]
    changed.write_text(changed.read_text() + "\n# changed\n")
    third, again = _compiled(tmp_path, args)
    fresh, _ = _compiled(tmp_path, [*args, "--no-cache"])
    assert again == (True, True)
    assert third == fresh
