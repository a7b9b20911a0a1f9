"""A custom policy end to end: its own three-party catalogue, rules built from the vocabulary,
and test cases, through `test`, `validate-policy`, `check --policy` and `rules --policy`."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.schemas.records import RuleRecord

CUSTOM = FIXTURES / "policy_authoring" / "custom-policy"
AGREEMENTS = FIXTURES / "policy_authoring" / "custom-agreements"
BIOLOGY = "tests/fixtures/policy_authoring/custom-agreements/biology.yaml"


def shipped_rules() -> list[RuleRecord]:
    return load_policy([default_policy_dir()]).rules


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_its_tests_pass_with_full_coverage() -> None:
    run = run_cli(["test", str(CUSTOM), "--require-coverage"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "Coverage: each of the 2 rules has a failing and a passing case." in run.stdout
    assert run.stdout.splitlines()[-1] == "4 test cases: 4 passed (passed)"


def test_it_validates() -> None:
    run = run_cli(["validate-policy", str(CUSTOM)])
    assert run.exit_code == 0, run.stdout
    assert (
        run.stdout
        == "policy valid: 1 catalogue, 2 rules, 4 test cases in 1 test file (beside the shipped policy)\n"
    )
    alone = run_cli(["validate-policy", "--no-builtin-policy", str(CUSTOM)])
    assert alone.stdout == "policy valid: 1 catalogue, 2 rules, 4 test cases in 1 test file\n"


def test_it_combines_with_the_shipped_policy() -> None:
    """Neither policy's rules disturb the other's strict test cases."""
    run = run_cli(["test", "policies", str(CUSTOM), "--require-coverage"])
    assert run.exit_code == 0, run.stdout
    assert "Coverage: each of the 35 rules has a failing and a passing case." in run.stdout
    assert run_cli(["validate-policy", "policies", str(CUSTOM)]).exit_code == 0


def test_check_with_the_custom_policy_alone() -> None:
    run = run_cli(
        ["check", str(AGREEMENTS), "--no-builtin-policy", "--policy", str(CUSTOM), "--format", "json"]
    )
    assert run.exit_code == 1
    result = json.loads(run.stdout)
    found = [(f["path"], f["line"], f["column"], f["rule_id"]) for f in result["findings"]]
    assert found == [
        (BIOLOGY, 10, 12, "CAMPUS001"),
        (BIOLOGY, 14, 16, "CAMPUS002"),
    ]
    messages = [f["message"] for f in result["findings"]]
    assert messages[0] == (
        "'run-cluster' is held by cloudco; the university's data rules require campus-it to run the cluster"
    )


def test_check_with_both_policies_applies_the_shipped_rules_too() -> None:
    run = run_cli(["check", str(AGREEMENTS), "--policy", "policies", "--policy", str(CUSTOM)])
    assert run.exit_code == 1
    # `--policy DIR` adds DIR to the shipped policy: naming the shipped one too changes nothing.
    for same in (
        ["--policy", str(CUSTOM)],
        ["--policy", "@builtin", "--policy", str(CUSTOM), "--policy", "@builtin"],
    ):
        assert run_cli(["check", str(AGREEMENTS), *same]).stdout == run.stdout
    lines = run.stdout.splitlines()
    assert (
        f"{BIOLOGY}:10:12: error [CAMPUS001] 'run-cluster' is held by cloudco; the university's "
        "data rules require campus-it to run the cluster"
    ) in lines
    # The physics agreement moves work across the boundary with a cost note: no error there.
    physics = "tests/fixtures/policy_authoring/custom-agreements/physics.yaml"
    assert not any(line.startswith(physics) and " error " in line for line in lines)
    # A shipped rule on the custom catalogue: CloudCo (3rd party) runs #4, Campus IT (2nd) #5:
    # two moves, one note on each.
    assert (
        f"{BIOLOGY}:10:12: note [SRM401] 'run-cluster' (#4) moves to cloudco, although the "
        "more technical 'operate-cloud' (#5) is held by campus-it"
    ) in lines
    assert (
        f"{BIOLOGY}:13:12: note [SRM401] 'operate-cloud' (#5) moves to campus-it, although the "
        "less technical 'run-cluster' (#4) is held by cloudco"
    ) in lines


def test_rules_of_the_custom_policy() -> None:
    run = run_cli(["rules", "--no-builtin-policy", "--policy", str(CUSTOM)])
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    # Columns are as wide as the longest name of all rules listed, built-in ones included.
    assert lines[0] == "Policy rules (custom-policy):"
    assert [line.split(maxsplit=3) for line in lines[1:3]] == [
        ["CAMPUS001", "error", "cluster-on-campus", "Campus IT runs the cluster"],
        ["CAMPUS002", "warning", "cloud-cost-amount", "Moving work away from CloudCo states an amount"],
    ]
    both = run_cli(["rules", "--policy", str(CUSTOM)]).stdout.splitlines()
    assert both[0] == "Policy rules (policies, custom-policy):"
    count = len(shipped_rules()) + 2
    assert [line.split()[0] for line in both[1 : 1 + count]] == [
        *(r["id"] for r in shipped_rules()),
        "CAMPUS001",
        "CAMPUS002",
    ]
    table = run_cli(["rules", "--policy", str(CUSTOM), "--format", "markdown-table"]).stdout
    assert (
        "| [CAMPUS001](docs/rules.md#campus001) | `cluster-on-campus` | error | Campus IT runs the cluster |"
    ) in table


def test_reference_of_the_custom_policy() -> None:
    run = run_cli(["rules", "--policy", str(CUSTOM), "--format", "markdown"])
    assert run.exit_code == 0, run.stderr
    text = run.stdout
    section = text[text.index("### CAMPUS002\n") : text.index("## Built-in rules")]
    assert "`cloud-work-moved-without-amount.yaml`:" in section
    assert "cloud-work-moved-without-amount.yaml:6:48: warning [CAMPUS002]" in section
    assert (
        "+  operate-cloud: {party: campus-it, cost_note: Campus IT absorbs the peak load; CloudCo"
    ) in section
