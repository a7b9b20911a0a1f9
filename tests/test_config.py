"""Project configuration: discovery, validation with locations, and precedence of flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from srm_check.core.problem import SrmError
from srm_check.core.severity import FailOn
from srm_check.pipeline.config_file import find_config, load_settings
from srm_check.schemas.models.config import Config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".srm-check.yaml", "fail-on: warning\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert find_config(Path.cwd()) == tmp_path / ".srm-check.yaml"
    settings = load_settings()
    assert settings.fail_on is FailOn.warning
    assert settings.origins["fail-on"].endswith(".srm-check.yaml:1")


def test_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.srm-check]\nfail-on = "note"\n')
    write(tmp_path / ".srm-check.yaml", "fail-on: warning\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings().fail_on is FailOn.warning


def test_pyproject_table_with_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.srm-check]\nfail-on = "note"\nselect = ["SRM101"]\n'
        '\n[tool.srm-check.severity]\nSRM202 = "error"\n',
    )
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.fail_on is FailOn.note
    assert settings.origins["fail-on"] == "pyproject.toml:5"
    assert settings.severity == {"SRM202": "error"}


def test_pyproject_without_table_is_not_a_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert find_config(tmp_path) is None
    assert load_settings().file is None


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
    with pytest.raises(SrmError) as caught:
        load_settings()
    assert caught.value.kind == "config"
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
    from srm_check.pipeline.settings import Settings, defaults

    model = Config()
    assert model.model_dump(by_alias=True) == defaults()
    # Every key of the model is a typed attribute of Settings, and nothing else is.
    assert [key for key, _ in Settings.from_values({}, {}).items()] == list(defaults())


def _project(tmp_path: Path, config: str) -> Path:
    """An agreements folder with one agreement that has a warning (a stale cost note)."""
    from conftest import AGREEMENTS

    text = (AGREEMENTS / "cascadia-climate-collective.yaml").read_text()
    text = text.replace("  manage-data: 2i2c", "  manage-data:\n    party: 2i2c\n    cost_note: old note")
    write(tmp_path / "agreements" / "a.yaml", text)
    write(tmp_path / ".srm-check.yaml", config)
    return tmp_path


def test_check_uses_the_file_then_the_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, "fail-on: warning\n"))
    assert run_cli(["check"]).exit_code == 1  # the file's fail-on: warning
    assert run_cli(["check", "--fail-on", "error"]).exit_code == 0  # the flag wins


def test_select_ignore_and_severity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, "severity:\n  cost-note-stale: error\n"))
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert "error [SRM202]" in run.stdout
    assert run_cli(["check", "--ignore", "SRM202"]).exit_code == 0
    only = run_cli(["check", "--select", "SRM101", "-f", "json"])
    assert json.loads(only.stdout)["findings"] == []
    unknown = run_cli(["check", "--select", "SRM999"])
    assert unknown.exit_code == 2 and "unknown rule 'SRM999'" in unknown.stderr


def test_unknown_rule_in_the_file_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, "paths: [agreements]\nignore:\n  - SRM202\n  - no-such-rule\n"))
    run = run_cli(["check"])
    assert run.exit_code == 2
    assert ".srm-check.yaml:4:5: ignore: unknown rule 'no-such-rule'" in run.stderr


def test_paths_include_exclude_and_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(
        tmp_path,
        "paths: [agreements]\nexclude: ['agreements/skip-*']\noutputs:\n  json: out/findings.json\n",
    )
    write(project / "agreements" / "skip-me.yaml", "not: an agreement\n")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")  # paths are relative to the configuration file
    run = run_cli(["check"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "1 file checked" in run.stdout
    data = json.loads((project / "out" / "findings.json").read_text())
    assert [f["rule_id"] for f in data["findings"]] == ["SRM202"]


def test_policy_commands_use_the_configured_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rules`, `validate-policy` and `test` read the configuration's policy when none is named."""
    import shutil

    from conftest import FIXTURES

    shutil.copytree(FIXTURES / "policy_authoring" / "custom-policy", tmp_path / "my-policy")
    write(tmp_path / ".srm-check.yaml", "policy: [my-policy]\nbuiltin-policy: false\n")
    monkeypatch.chdir(tmp_path)
    listed = run_cli(["rules"])
    assert listed.exit_code == 0
    assert "CAMPUS001" in listed.stdout and "SRM101" not in listed.stdout
    validated = run_cli(["validate-policy"])
    assert validated.exit_code == 0
    assert validated.stdout == "policy valid: 1 catalogue, 2 rules, 4 test cases in 1 test file\n"
    assert run_cli(["test"]).exit_code == 0
    # The folders of `policy` are added to the shipped policy, however they are written.
    for config in (
        "policy: [my-policy]\n",
        "policy: ['@builtin', my-policy]\n",
        "policy: [my-policy, '@builtin']\n",
    ):
        write(tmp_path / ".srm-check.yaml", config)
        both = run_cli(["rules"]).stdout
        assert both.index("SRM101") < both.index("CAMPUS001"), config  # the shipped policy first
        assert both.count("SRM101 ") == 1, config  # and once
    # validate-policy and test work on the folders named; naming '@builtin' includes the shipped
    # policy's own test cases and rules in what they check and count.
    write(tmp_path / ".srm-check.yaml", "policy: [my-policy]\n")
    assert run_cli(["validate-policy"]).stdout == (
        "policy valid: 1 catalogue, 2 rules, 4 test cases in 1 test file (beside the shipped policy)\n"
    )
    tested = run_cli(["test", "--require-coverage"])
    assert tested.exit_code == 0, tested.stdout
    assert "Coverage: each of the 2 rules has a failing and a passing case." in tested.stdout
    write(tmp_path / ".srm-check.yaml", "policy: [my-policy, '@builtin']\n")
    assert run_cli(["validate-policy"]).stdout.startswith("policy valid: 3 catalogues, 35 rules, ")
    tested = run_cli(["test", "--require-coverage"])
    assert "Coverage: each of the 35 rules has a failing and a passing case." in tested.stdout
    # The command line's flag wins over the file's key, both ways.
    write(tmp_path / ".srm-check.yaml", "policy: [my-policy]\nbuiltin-policy: false\n")
    assert "SRM101" in run_cli(["rules", "--builtin-policy"]).stdout
    write(tmp_path / ".srm-check.yaml", "policy: [my-policy]\n")
    assert "SRM101" not in run_cli(["rules", "--no-builtin-policy"]).stdout
