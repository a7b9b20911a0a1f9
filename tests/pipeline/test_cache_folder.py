"""pipeline.cache_folder: the policy cache keeps entries by key and tool, inside its bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.pipeline.cache_folder import POLICY_FOLDER, PolicyCache


def test_a_value_put_is_got_back_by_its_key_only(tmp_path: Path) -> None:
    store = PolicyCache(tmp_path / "cache")
    store.put("a" * 64, {"version": 1, "x": [1, "two"]})
    assert store.get("a" * 64) == {"version": 1, "x": [1, "two"]}
    assert store.get("b" * 64) is None
    assert (tmp_path / "cache" / "CACHEDIR.TAG").is_file()
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")] == [".gitignore"]


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_folder_that_leads_out_of_its_bounds_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    outside.mkdir()
    repo.mkdir()
    (repo / ".srm-check-cache").symlink_to(outside)
    store = PolicyCache(repo / ".srm-check-cache", repo)
    store.put("a" * 64, {"version": 1})
    assert list(outside.iterdir()) == []
    PolicyCache(outside).put("a" * 64, {"version": 1})  # as if planted there
    assert (outside / POLICY_FOLDER).is_dir()
    assert store.get("a" * 64) is None


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    store = PolicyCache(blocked)
    store.put("a" * 64, {"version": 1})
    assert store.get("a" * 64) is None


def test_the_tool_stamp_names_every_module_by_size_and_time() -> None:
    """An edited checkout is another tool: every module of the package, with its size and time."""
    import sys

    import srm_check
    from srm_check.pipeline.cache_folder import package_stamp

    root = Path(srm_check.__file__).parent
    version, python, *modules = package_stamp.__wrapped__().split("\n")
    assert (version, python) == (srm_check.__version__, sys.version.split()[0])
    expected = sorted(
        f"{path.relative_to(root).as_posix()}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for path in root.rglob("*.py")
    )
    assert modules == expected
