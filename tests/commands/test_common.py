"""commands/common.py: every problem that stops a run (exit code 2) is printed with its stable id."""

from __future__ import annotations

import re

import pytest

from srm_check.commands.common import print_problems
from srm_check.core.problem import COMMAND_LINE, Problem
from srm_check.core.span import Span
from tests.conftest import FIXTURES, Run, run_cli

EXIT2 = FIXTURES / "exit2"
AGREEMENTS = str(FIXTURES / "waivers" / "project" / "agreements")
# `path:line:column: message [SRMxxx]`, the form of docs/configuration.md#exit-codes.
LOCATED = re.compile(r"^.+:\d+:\d+: .+ \[SRM0\d\d\]$")


def _located_lines(run: Run, stream: str) -> list[str]:
    """The problem lines of a run that ended with exit code 2 (not the closing `srm-check:` line)."""
    assert run.exit_code == 2, run.stdout + run.stderr
    lines = [line for line in stream.splitlines() if line and not line.startswith("srm-check")]
    assert lines, run.stderr
    return lines


CONFIGS = sorted(p.name for p in (EXIT2 / "config").iterdir())


@pytest.mark.parametrize("name", CONFIGS)
def test_a_bad_configuration_says_each_problem_with_its_id(name: str) -> None:
    (config,) = (EXIT2 / "config" / name).iterdir()
    run = run_cli(["check", "--no-cache", "-c", str(config), AGREEMENTS])
    for line in _located_lines(run, run.stderr):
        assert LOCATED.match(line), line


WAIVERS = sorted(p.name for p in (EXIT2 / "waivers").iterdir())


@pytest.mark.parametrize("name", WAIVERS)
def test_a_bad_waivers_file_says_each_problem_with_its_id(name: str) -> None:
    run = run_cli(["check", "--no-cache", "--waivers", str(EXIT2 / "waivers" / name), AGREEMENTS])
    for line in _located_lines(run, run.stderr):
        assert LOCATED.match(line), line


POLICIES = sorted(p.name for p in (EXIT2 / "policy").iterdir())


@pytest.mark.parametrize("name", POLICIES)
def test_a_bad_policy_says_each_problem_with_its_id(name: str) -> None:
    folder = str(EXIT2 / "policy" / name)
    run = run_cli(["check", "--no-cache", "-p", folder, AGREEMENTS])
    for line in _located_lines(run, run.stderr):
        assert LOCATED.match(line), line
    validated = run_cli(["validate-policy", folder])
    for line in _located_lines(validated, validated.stdout):
        assert LOCATED.match(line), line


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-builtin-policy", AGREEMENTS],
        ["check", "-p", str(EXIT2 / "no-such-folder"), AGREEMENTS],
        ["check", "--select", "no-such-rule", AGREEMENTS],
        ["check", "--baseline", str(EXIT2 / "no-such-baseline.json"), AGREEMENTS],
    ],
)
def test_the_command_line_and_a_missing_input_say_their_id_too(args: list[str]) -> None:
    run = run_cli([args[0], "--no-cache", *args[1:]])
    for line in _located_lines(run, run.stderr):
        assert LOCATED.match(line), line


def test_each_problem_has_the_id_of_its_kind() -> None:
    """The ids of docs/configuration.md's examples: a wrong value, an unknown key, a bad date."""
    config = EXIT2 / "config" / "unknown-key" / ".srm-check.yaml"
    run = run_cli(["check", "--no-cache", "-c", str(config), AGREEMENTS])
    lines = run.stderr.splitlines()
    assert ".srm-check.yaml:2:10: 'fail-on' should be one of" in lines[0] and lines[0].endswith(" [SRM011]")
    assert ".srm-check.yaml:3:1: unknown key 'colour'" in lines[1] and lines[1].endswith(" [SRM010]")
    waivers = EXIT2 / "waivers" / "bad-date.yaml"
    run = run_cli(["check", "--no-cache", "--waivers", str(waivers), AGREEMENTS])
    assert run.stderr.splitlines()[0].endswith(":6:14: 'expires' '2026-02-30' is not a real date [SRM011]")


def test_print_problems_adds_the_id_only_when_there_is_one(capsys: pytest.CaptureFixture[str]) -> None:
    print_problems(
        [
            Problem("unknown key 'x'", Span(3, 1, 3, 2), path="a.yaml", code="SRM010"),
            Problem("something without an id", path=COMMAND_LINE),
        ]
    )
    assert capsys.readouterr().err == (
        "a.yaml:3:1: unknown key 'x' [SRM010]\ncommand line:1:1: something without an id\n"
    )
