"""pipeline/discovery.py: what a run checks, and the paths it found but could not read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.core.problem import SrmError
from srm_check.pipeline.discovery import find_files


def test_skipped_paths_come_back_as_located_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "agreements" / "gone.yaml").symlink_to("nowhere.yaml")
    found = find_files([Path("agreements")])
    assert found.files == ["agreements/a.yaml"]  # display paths, as strings
    assert [(p.path, p.code, p.span.line) for p in found.problems] == [("agreements/gone.yaml", "SRM015", 1)]


def test_a_folder_holding_only_a_skipped_path_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "only.yaml").symlink_to("/nonexistent/x.yaml")
    found = find_files([tmp_path])
    assert found.files == [] and [p.code for p in found.problems] == ["SRM015"]


def test_a_named_special_file_is_a_usage_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(SrmError) as error:
        find_files([tmp_path / "pipe.yaml"])
    assert (error.value.kind, error.value.summary) == (
        "paths",
        f"{(tmp_path / 'pipe.yaml').as_posix()}: not a regular file or a folder",
    )
