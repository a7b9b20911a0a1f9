"""Composing policies: `--policy DIR` adds to the shipped policy, rules scoped to catalogues,
overrides that change a shipped rule on one catalogue only, `@builtin` in every command, and
an agreement no rule checks never passing in silence (SRM030)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

COMPOSITION = FIXTURES / "composition"
LAB = COMPOSITION / "lab-policy"
CATALOGUE_ONLY = COMPOSITION / "catalogue-only"
AGREEMENTS = COMPOSITION / "agreements"
SHOWN = "tests/fixtures/composition/agreements"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def findings(*args: str) -> tuple[int, list[tuple[str, int, str, str]]]:
    """Exit code, and (file, line, rule, severity) of each finding of a JSON check run."""
    run = run_cli(["check", "--format", "json", *args])
    assert run.exit_code in (0, 1), run.stderr
    data = json.loads(run.stdout)
    return run.exit_code, [
        (Path(f["path"]).name, f["line"], f["rule_id"], f["severity"]) for f in data["findings"]
    ]


# --- a catalogue-only policy ---------------------------------------------------------------------


def test_a_catalogue_only_policy_gets_the_shipped_rules() -> None:
    """Regression: `check --policy my-policy/` with only a catalogue printed "no findings (passed)"
    and exited 0 on an agreement giving a responsibility to two parties."""
    run = run_cli(["check", "--policy", str(CATALOGUE_ONLY), f"{SHOWN}/two-parties.yaml"])
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        f"{SHOWN}/two-parties.yaml:7:16: error [SRM102] responsibility 'manage-data' is held by 2 parties "
        "(lab, campus-it); exactly one party must hold it",
        "",
        "1 file checked: 1 error in 1 file (FAILED, fail-on error)",
    ]


def test_a_catalogue_no_rule_checks_is_a_finding_never_a_silent_pass() -> None:
    args = ["--no-builtin-policy", "--policy", str(CATALOGUE_ONLY), f"{SHOWN}/two-parties.yaml"]
    run = run_cli(["check", *args])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == (
        f"{SHOWN}/two-parties.yaml:3:12: error [SRM030] no rule of the policy checks the assignments of "
        "catalogue research-lab@1 (none applies to it, or each is turned off for it), so nothing in this "
        "agreement's assignments was checked"
    )
    # A built-in id like the others: documented, and selectable.
    assert run_cli(["explain", "SRM030"]).stdout.startswith(
        "SRM030  Some rule checks the assignments of the agreement's catalogue\n"
    )
    assert run_cli(["check", "--ignore", "catalogue-unchecked", *args]).exit_code == 0


def test_a_catalogue_whose_rules_are_all_turned_off_is_unchecked_too(tmp_path: Path) -> None:
    policy = tmp_path / "policy"
    shutil.copytree(CATALOGUE_ONLY, policy)
    looking = [
        r["id"]
        for r in load_policy([default_policy_dir()]).rules
        if r["given"] in ("responsibility", "assignment", "party_ref")
    ]
    entries = "".join(
        f"  - {{rule: {rule_id}, catalogues: [research-lab], severity: 'off'}}\n" for rule_id in looking
    )
    (policy / "rules").mkdir()
    (policy / "rules" / "off.yaml").write_text(f"overrides:\n{entries}", encoding="utf-8")
    _, found = findings("--policy", str(policy), str(AGREEMENTS))
    assert ("two-parties.yaml", 3, "SRM030", "error") in found
    assert ("lab-moves.yaml", 3, "SRM030", "error") in found
    assert not any(name == "hub-moves.yaml" and rule == "SRM030" for name, _, rule, _ in found)
    validated = run_cli(["validate-policy", str(policy)])
    assert validated.exit_code == 0
    assert (
        "warning: no rule of the policy checks the assignments of catalogue research-lab@1"
        in validated.stdout
    )


# --- overrides and scopes -------------------------------------------------------------------------


def test_overrides_change_a_shipped_rule_on_their_catalogue_only() -> None:
    code, found = findings("--policy", str(LAB), str(AGREEMENTS))
    assert code == 1
    # SRM201 is a warning on the lab's catalogue, and still an error on the 2i2c one.
    assert ("lab-moves.yaml", 8, "SRM201", "warning") in found
    assert ("hub-moves.yaml", 14, "SRM201", "error") in found
    # SRM401 is off on the lab's catalogue (its parties are not in technical order), a note elsewhere.
    assert not any(name == "lab-moves.yaml" and rule == "SRM401" for name, _, rule, _ in found)
    assert ("hub-moves.yaml", 14, "SRM401", "note") in found
    # The lab's own rules apply to its catalogue only, and the shipped ones to both.
    assert ("lab-moves.yaml", 10, "LAB002", "error") in found  # run-compute and data-custody: cloudco
    assert ("two-parties.yaml", 7, "SRM102", "error") in found
    assert not any(name == "hub-moves.yaml" and rule.startswith("LAB") for name, _, rule, _ in found)


def test_ignore_and_select_still_mean_everywhere() -> None:
    _, ignored = findings("--policy", str(LAB), "--ignore", "SRM201", str(AGREEMENTS))
    assert not any(rule == "SRM201" for _, _, rule, _ in ignored)
    _, selected = findings("--policy", str(LAB), "--select", "deviation-cost-note", str(AGREEMENTS))
    assert {rule for _, _, rule, _ in selected} == {"SRM201"}
    assert {(name, severity) for name, _, _, severity in selected} == {
        ("lab-moves.yaml", "warning"),
        ("hub-moves.yaml", "error"),
    }


def test_the_configurations_severity_is_over_the_policys(tmp_path: Path) -> None:
    config = tmp_path / "srm.yaml"
    config.write_text("severity: {SRM201: note, technical-order: warning}\n", encoding="utf-8")
    _, found = findings("--config", str(config), "--policy", str(LAB), str(AGREEMENTS))
    assert {sev for name, _, rule, sev in found if rule == "SRM201"} == {"note"}
    # A rule the policy turns off on a catalogue stays off there: the configuration sets severities.
    assert {name for name, _, rule, _ in found if rule == "SRM401"} == {"hub-moves.yaml"}
    assert {sev for _, _, rule, sev in found if rule == "SRM401"} == {"warning"}


def test_the_policy_tests_of_an_extending_policy_refer_to_shipped_rules() -> None:
    run = run_cli(["test", str(LAB), "--require-coverage"])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "7 test cases: 7 passed (passed)"
    assert "Coverage: each of the 3 rules has a failing and a passing case." in run.stdout
    validated = run_cli(["validate-policy", str(LAB)])
    assert validated.stdout == (
        "policy valid: 1 catalogue, 3 rules, 2 overrides, 7 test cases in 1 test file "
        "(beside the shipped policy)\n"
    )


def test_the_policy_tests_see_the_overrides(tmp_path: Path) -> None:
    """Without its overrides, the lab policy's own tests fail where they pin them down."""
    policy = tmp_path / "lab-policy"
    shutil.copytree(LAB, policy)
    rules = policy / "rules" / "lab.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("\noverrides:")] + "\n", encoding="utf-8")
    run = run_cli(["test", str(policy)])
    assert run.exit_code == 1
    failed = [line.split()[-1] for line in run.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == ["custody-moved-to-the-lab", "shipped-rules-apply-to-the-lab-catalogue"]
    assert "- expected SRM201 at /assignments/data-custody as warning" in run.stdout


def test_explain_shows_where_a_rule_applies_and_its_overrides() -> None:
    shipped = run_cli(["explain", "SRM201", "--policy", str(LAB)]).stdout
    assert (
        "  Overridden: research-lab@1: warning (lab-policy/rules/lab.yaml:51): The lab's moves are costed "
        "in its yearly budget, not in the agreement.\n"
    ) in shipped
    own = run_cli(["explain", "custody-with-access", "--policy", str(LAB)]).stdout
    assert "  Applies to: catalogues research-lab@1\n" in own
    assert "Applies to" not in run_cli(["explain", "SRM201"]).stdout
    markdown = run_cli(["rules", "--format", "markdown", "--policy", str(LAB)]).stdout
    assert "| Applies to | `research-lab@1` |" in markdown
    assert "| Overridden | research-lab@1: off (lab-policy/rules/lab.yaml:55) |" in markdown


def test_a_scoped_rule_does_not_run_on_other_catalogues() -> None:
    _, found = findings("--policy", str(LAB), f"{SHOWN}/hub-moves.yaml")
    assert {rule for _, _, rule, _ in found} == {"SRM201", "SRM401"}


# --- @builtin in every command -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--policy", "@builtin", "agreements"],
        ["report", "--policy", "@builtin", "agreements", "-o", "{tmp}/r.md"],
        ["config", "--policy", "@builtin"],
        ["rules", "--policy", "@builtin"],
        ["explain", "SRM201", "--policy", "@builtin"],
        ["test", "@builtin"],
        ["validate-policy", "@builtin"],
        ["init", "-c", "X Lab", "--catalogue", "2i2c-srm", "-o", "-", "--policy", "@builtin"],
        ["check", "--no-builtin-policy", "--policy", "@builtin", "agreements"],
        ["validate-policy", "--no-builtin-policy", "@builtin"],
        ["test", "--no-builtin-policy", "@builtin"],
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_builtin_names_the_shipped_policy_in_every_command(args: list[str], tmp_path: Path) -> None:
    run = run_cli([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "not found" not in run.stderr


@pytest.mark.parametrize(
    ("default", "named"),
    [
        (["rules"], ["rules", "--policy", "@builtin"]),
        (["check", "agreements"], ["check", "agreements", "--policy", "@builtin", "--policy", "policies"]),
        (["validate-policy"], ["validate-policy", "@builtin", "@builtin"]),
        (["test"], ["test", "@builtin"]),
    ],
)
def test_builtin_gives_what_the_default_gives(default: list[str], named: list[str]) -> None:
    assert run_cli(default).stdout == run_cli(named).stdout


def test_redefining_a_shipped_rule_points_at_overrides(tmp_path: Path) -> None:
    policy = tmp_path / "mine"
    shutil.copytree(CATALOGUE_ONLY, policy)
    (policy / "rules").mkdir()
    shipped = (ROOT / "policies" / "rules" / "costs.yaml").read_text(encoding="utf-8")
    (policy / "rules" / "costs.yaml").write_text(shipped, encoding="utf-8")
    run = run_cli(["check", "--policy", str(policy), str(AGREEMENTS)])
    assert run.exit_code == 2
    first = run.stderr.splitlines()[0]
    line = shipped.splitlines().index("  - id: SRM201") + 1
    assert first.startswith(
        f"{(policy / 'rules' / 'costs.yaml').as_posix()}:{line}:9: rule id 'SRM201' is already used"
    )
    assert "list it under `overrides:`" in first and "--no-builtin-policy" in first
    # Replacing the shipped policy instead: the same files load.
    assert run_cli(["check", "--no-builtin-policy", "--policy", str(policy), str(AGREEMENTS)]).exit_code == 1


# --- the documentation's examples are real runs -------------------------------------------------


def _console_runs(markdown: str, first: str, last: str) -> list[tuple[str, str]]:
    """Each `$ srm-check ...` command between two headings, with the output shown under it."""
    section = markdown[markdown.index(first) : markdown.index(last)]
    runs: list[tuple[str, str]] = []
    for block in section.split("```console\n")[1:]:
        for chunk in block.split("```\n", 1)[0].split("$ ")[1:]:
            command, _, output = chunk.partition("\n")
            runs.append((command, output))
    return runs


def test_the_composition_examples_of_writing_policies_are_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    shutil.copytree(LAB, tmp_path / "my-policy")
    shutil.copytree(CATALOGUE_ONLY, tmp_path / "cat-only")
    (tmp_path / "agreements").mkdir()
    for name in ("lab-moves.yaml", "hub-moves.yaml", "two-parties.yaml"):
        shutil.copy2(AGREEMENTS / name, tmp_path / "agreements" / name)
    text = (ROOT / "docs" / "writing-policies.md").read_text(encoding="utf-8")
    runs = _console_runs(text, "## Changing a rule for some catalogues", "## Test cases")
    assert len(runs) == 7
    monkeypatch.chdir(tmp_path)
    for command, shown in runs:
        words = shlex.split(command)
        assert words[0] == "srm-check"
        run = run_cli(words[1:])
        if words[1] == "explain":  # the page is shown up to its description
            assert run.stdout.startswith(shown), command
        else:
            assert run.stdout == shown, command
