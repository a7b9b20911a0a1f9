"""pipeline/config_file.py: paths from the configuration stay inside its repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.core.problem import SrmError
from srm_check.pipeline.config_file import load_settings


def config(folder: Path, text: str, name: str = ".srm-check.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(SrmError) as error:
        load_settings(path)
    assert error.value.kind == "config"
    return [(p.span.line, p.message) for p in error.value.problems]


def test_paths_leading_out_of_the_repository_are_located(tmp_path: Path) -> None:
    path = config(
        tmp_path / "repo",
        "paths: [agreements, ../elsewhere]\n"
        "policy: ['@builtin', /etc]\n"
        "outputs:\n  sarif: ../outside/x.sarif\n  json: build/x.json\n"
        "waivers: ../../w.yaml\n",
    )
    root = (tmp_path / "repo").resolve().as_posix()
    tail = (
        f"leads outside the repository ({root}); paths in the configuration stay inside it "
        "(name such a path on the command line instead)"
    )
    assert problems(path) == [
        (1, f"paths[1]: '../elsewhere' {tail}"),
        (2, f"policy[1]: '/etc' {tail}"),
        (4, f"outputs.sarif: '../outside/x.sarif' {tail}"),
        (6, f"waivers: '../../w.yaml' {tail}"),
    ]


def test_the_git_root_above_the_configuration_is_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = config(tmp_path / "sub", "policy: [../shared-policy]\noutputs: {sarif: ../build/x.sarif}\n")
    assert load_settings(path).policy == ("../shared-policy",)


def test_a_symlink_out_of_the_repository_is_outside(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "build").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    path = config(tmp_path / "repo", "outputs: {sarif: build/x.sarif}\n")
    assert [line for line, _ in problems(path)] == [1]


def test_pyproject_paths_are_located_too(tmp_path: Path) -> None:
    path = config(
        tmp_path, '[tool.srm-check]\nfail-on = "error"\nwaivers = "/tmp/w.yaml"\n', "pyproject.toml"
    )
    assert [(line, message.split(":")[0]) for line, message in problems(path)] == [(3, "waivers")]
