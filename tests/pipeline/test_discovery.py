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


@pytest.mark.parametrize(
    "named",
    ["work", "./work/", "work/sub/..", "../top/work", "TMP/top/work", "TMP/top/work/", ".", "..", "sub2"],
)
def test_walked_files_are_shown_as_each_on_its_own_would_be(
    named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walked file's display path is its folder's (worked out once a folder) and its name:
    the same as `display_of` gives it alone, however the folder was named; a path that goes up
    (`..`) is kept as the path to open."""
    from srm_check.core.paths import display_of

    top = tmp_path / "top"
    for folder in ("work", "work/sub", "work/sub/deeper", "elsewhere"):
        (top / folder).mkdir(parents=True)
        (top / folder / "a.yaml").write_text("a: 1\n", encoding="utf-8")
        (top / folder / "b.yml").write_text("a: 1\n", encoding="utf-8")
    (top / "work" / "sub2").symlink_to(top / "work" / "sub", target_is_directory=True)
    # From `top` for the names that start there, else from its folder `work`.
    monkeypatch.chdir(top if named.startswith(("work", "./work", "../")) else top / "work")
    path = Path(named.replace("TMP", str(tmp_path)))
    cwd = str(Path.cwd().resolve())
    found = find_files([path])
    from srm_check.source.walk import yaml_files

    expected = {display_of(cwd, file): file for file in yaml_files(path).files}
    assert found.files == sorted(expected)
    assert found.sources == {
        shown: file for shown, file in expected.items() if shown != file and ".." in Path(file).parts
    }
