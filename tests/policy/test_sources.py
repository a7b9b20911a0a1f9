"""policy/sources.py: the shipped policy first, then the folders named, each once."""

from __future__ import annotations

from pathlib import Path

from srm_check.policy.model import default_policy_dir
from srm_check.policy.sources import is_builtin_name, resolve_sources

SHIPPED = default_policy_dir()


def test_folders_are_added_to_the_shipped_policy_which_comes_first(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    sources = resolve_sources([mine, theirs], builtin=True)
    assert sources.folders == [SHIPPED, mine, theirs]
    assert sources.named == [mine, theirs]
    assert sources.shipped == SHIPPED and sources.is_shipped(SHIPPED) and not sources.is_shipped(mine)


def test_builtin_is_named_once_and_loads_first_wherever_it_is_written(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    for values in (
        [mine, Path("@builtin")],
        [Path("@builtin"), mine, Path("@builtin"), mine],
        [SHIPPED, mine],
    ):
        sources = resolve_sources(values, builtin=False)
        assert sources.folders == [SHIPPED, mine], values
        assert sources.named == ([mine, SHIPPED] if values[0] == mine else [SHIPPED, mine]), values


def test_without_the_builtin_policy_the_folders_stand_alone(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    assert resolve_sources([mine], builtin=False) == ([mine], [mine], None)
    # Nothing named: the shipped policy, or nothing at all (the loader says so).
    assert resolve_sources([], builtin=True) == ([SHIPPED], [SHIPPED], SHIPPED)
    assert resolve_sources([], builtin=False) == ([], [], None)


def test_a_folder_is_the_same_however_it_is_written(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (tmp_path / "link").symlink_to(mine)
    sources = resolve_sources([mine, mine / ".." / "mine", tmp_path / "link"], builtin=False)
    assert sources.folders == [mine]


def test_builtin_names() -> None:
    assert is_builtin_name("@builtin") and is_builtin_name(Path("@builtin"))
    assert not is_builtin_name("builtin") and not is_builtin_name(Path("x/@builtin"))
