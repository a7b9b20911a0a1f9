"""Project configuration: discovery, validation with locations, and precedence of flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from srm_check.config import ConfigError, find_config, load_config
from srm_check.configmodels import Config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".srm-check.yaml", "fail-on: warning\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert find_config(Path.cwd()) == tmp_path / ".srm-check.yaml"
    effective = load_config()
    assert effective.values["fail-on"] == "warning"
    assert effective.origins["fail-on"].endswith(".srm-check.yaml:1")


def test_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.srm-check]\nfail-on = "note"\n')
    write(tmp_path / ".srm-check.yaml", "fail-on: warning\n")
    monkeypatch.chdir(tmp_path)
    assert load_config().values["fail-on"] == "warning"


def test_pyproject_table_with_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.srm-check]\nfail-on = "note"\nselect = ["SRM101"]\n'
        '\n[tool.srm-check.severity]\nSRM202 = "error"\n',
    )
    monkeypatch.chdir(tmp_path)
    effective = load_config()
    assert effective.values["fail-on"] == "note"
    assert effective.origins["fail-on"] == "pyproject.toml:5"
    assert effective.values["severity"] == {"SRM202": "error"}


def test_pyproject_without_table_is_not_a_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert find_config(tmp_path) is None
    assert load_config().file is None


@pytest.mark.parametrize(
    ("name", "text", "line", "needle"),
    [
        (".srm-check.yaml", "paths: [a]\nfial-on: error\n", 2, "unknown key 'fial-on'"),
        (".srm-check.yaml", "fail-on: sometimes\n", 1, "'fail-on' should be one of"),
        (".srm-check.yaml", "paths: agreements\n", 1, "'paths' should be a list"),
        (".srm-check.yaml", "waiver-max-days: many\n", 1, "'waiver-max-days' should be an integer"),
        ("pyproject.toml", '[tool.srm-check]\npaths = ["a"]\nbogus = true\n', 3, "unknown key 'bogus'"),
        ("pyproject.toml", "[tool.srm-check]\nfail-on = 3\n", 2, "'fail-on' should be"),
        ("pyproject.toml", "[tool.srm-check]\nfail-on = \n", 2, "invalid TOML"),
    ],
)
def test_bad_configuration_is_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, line: int, needle: str
) -> None:
    write(tmp_path / name, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_config()
    problem = caught.value.problems[0]
    assert problem.path == name
    assert problem.span.line == line
    assert needle in problem.message
    result = run_cli(["config"])
    assert result.exit_code == 2
    assert f"{name}:{line}:" in result.stderr


def test_flags_override_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".srm-check.yaml", "fail-on: warning\nselect: [SRM101]\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["config", "--json", "--fail-on", "note"])
    assert result.exit_code == 0
    values = json.loads(result.stdout)["values"]
    assert values["fail-on"] == {"value": "note", "origin": "command line (--fail-on)"}
    assert values["select"] == {"value": ["SRM101"], "origin": ".srm-check.yaml:2"}
    assert values["jobs"]["origin"] == "default"


def test_defaults_match_the_model() -> None:
    from srm_check.config import DEFAULTS

    model = Config()
    assert model.model_dump(by_alias=True) == DEFAULTS
