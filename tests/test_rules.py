"""Every shipped rule, proven on real YAML fixtures: each passes one and fails another.

Fixtures live in tests/fixtures/rules/<RULE>/: `pass*.yaml` (or a `pass/` folder for the
cross-file rule) must draw no finding at all; each `fail*` fixture is listed in FAILING
below with every finding it must produce, exactly: rule, line, column and JSON pointer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import FIXTURES, Run

from srm_check.core.finding import Finding
from srm_check.pipeline.discovery import discover
from srm_check.pipeline.workers import check_files
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir
from srm_check.rules.context import AssignmentsChange, RunContext

RULES_DIR = FIXTURES / "rules"


class At(NamedTuple):
    """An expected finding: rule, 1-based line and column, JSON pointer (and file, for folders)."""

    rule: str
    line: int
    column: int
    pointer: str
    file: str = ""


# fixture (relative to tests/fixtures/rules) -> every finding it must produce, in output order.
FAILING: dict[str, list[At]] = {
    "SRM101/fail.yaml": [
        At("SRM101", 9, 3, "/assignments/manage-data"),
        At("SRM101", 9, 3, "/assignments/operate-kubernetes-cluster"),
    ],
    "SRM101/fail-list-form.yaml": [At("SRM101", 8, 3, "/assignments/guide-2i2c")],
    "SRM102/fail.yaml": [
        At("SRM102", 15, 16, "/assignments/manage-data"),
        At("SRM102", 26, 7, "/assignments/monitor-for-incidents"),
    ],
    "SRM103/fail.yaml": [
        At("SRM103", 15, 3, "/assignments/guide-2i2c"),  # a null value: the key's extent
        At("SRM103", 16, 21, "/assignments/escalate-to-2i2c"),
        At("SRM103", 17, 32, "/assignments/complex-environment-changes"),
        At("SRM103", 23, 26, "/assignments/monitor-for-incidents"),
        At("SRM103", 27, 12, "/assignments/respond-to-incidents"),
    ],
    "SRM104/fail.yaml": [
        At("SRM104", 8, 12, "/assignments/use-hub"),
        At("SRM104", 16, 21, "/assignments/escalate-to-2i2c"),
        At("SRM104", 24, 12, "/assignments/monitor-for-incidents/party"),
        At("SRM104", 27, 25, "/assignments/respond-to-incidents"),
    ],
    "SRM105/fail.yaml": [
        At("SRM101", 9, 3, "/assignments/complex-environment-changes"),
        At("SRM105", 28, 3, "/assignments/complex-environmnt-changes"),
        At("SRM105", 29, 3, "/assignments/run-the-coffee-machine"),
    ],
    "SRM106/fail-duplicate-key.yaml": [At("SRM106", 28, 3, "/assignments/manage-data")],
    "SRM106/fail-list-form.yaml": [At("SRM106", 48, 21, "/assignments/20")],
    # The unknown party is in the FIRST entry (line 16), not in the repeated one (line 32).
    "SRM106/fail-duplicate-long-form.yaml": [
        At("SRM104", 16, 12, "/assignments/manage-data/party"),
        At("SRM106", 31, 3, "/assignments/manage-data"),
    ],
    "SRM201/fail.yaml": [
        At("SRM201", 13, 28, "/assignments/develop-domain-software"),
        At("SRM201", 15, 12, "/assignments/define-basic-environment"),
    ],
    "SRM201/fail-placeholders.yaml": [
        At("SRM201", 16, 16, "/assignments/manage-data/cost_note"),
        At("SRM201", 19, 16, "/assignments/guide-2i2c/cost_note"),
        At("SRM201", 23, 7, "/assignments/escalate-to-2i2c/cost_note"),
    ],
    "SRM201/fail-empty-note.yaml": [
        At("SRM201", 16, 16, "/assignments/manage-data/cost_note"),
        At("SRM201", 20, 7, "/assignments/guide-2i2c/cost_note"),
        At("SRM201", 23, 5, "/assignments/escalate-to-2i2c/cost_note"),  # null: the key
    ],
    "SRM202/fail.yaml": [
        At("SRM202", 11, 7, "/assignments/use-hub/cost_note"),
        At("SRM202", 19, 16, "/assignments/manage-data/cost_note"),
    ],
    "SRM301/fail.yaml": [At("SRM301", 4, 12, "/catalogue")],
    "SRM302/fail.yaml": [At("SRM302", 5, 12, "/effective")],
    "SRM302/fail-format.yaml": [At("SRM302", 5, 12, "/effective")],
    "SRM303/fail.yaml": [At("SRM303", 6, 6, "/end")],
    "SRM304/fail.yaml": [At("SRM304", 6, 6, "/end")],
    "SRM304/fail-same-day.yaml": [At("SRM304", 6, 6, "/end")],
    "SRM305/fail": [At("SRM305", 2, 12, "/agreement", "beta.yaml")],
    "SRM305/fail-multi-document.yaml": [At("SRM305", 30, 12, "/agreement")],
    "SRM401/fail.yaml": [At("SRM401", 12, 12, "/assignments/general-user-support")],
    # The rules on agreements over time (judged on the day the test runs: the dates are far
    # enough in the past or future that any day from 2027 to 2998 gives the same findings).
    "SRM306/fail.yaml": [
        At("SRM306", 6, 10, "/expires"),
        At("SRM602", 8, 3, "/approvals"),  # 2i2c's approval has no real date: it counts as none
        At("SRM306", 8, 46, "/approvals/0/date"),
    ],
    "SRM307/fail.yaml": [At("SRM307", 6, 10, "/expires"), At("SRM502", 6, 10, "/expires")],
    "SRM501/fail": [At("SRM501", 3, 12, "/community", "b-2026.yaml")],
    "SRM502/fail.yaml": [At("SRM502", 6, 10, "/expires")],
    "SRM503/fail": [At("SRM503", 6, 13, "/supersedes", "current.yaml")],
    "SRM504/fail": [At("SRM504", 6, 13, "/supersedes", "b.yaml")],
    "SRM505/fail.yaml": [At("SRM505", 6, 12, "/review_by")],
    "SRM601/fail.yaml": [At("SRM602", 7, 3, "/approvals"), At("SRM601", 8, 13, "/approvals/1/party")],
    "SRM602/fail.yaml": [At("SRM602", 7, 3, "/approvals")],
    # With git history saying that the assignments last changed on 2026-04-15 (HISTORY below).
    "SRM603/fail.yaml": [At("SRM603", 7, 71, "/approvals/0/date"), At("SRM603", 8, 68, "/approvals/1/date")],
    "SRM107/fail.yaml": [
        At("SRM107", 8, 37, "/assignments/use-hub/team"),
        At("SRM107", 14, 36, "/assignments/manage-data/team"),
        At("SRM107", 15, 35, "/assignments/guide-2i2c/team"),
    ],
    "SRM108/fail.yaml": [
        At("SRM108", 9, 24, "/assignments/use-hub/1"),
        At("SRM108", 16, 19, "/assignments/manage-data/party/1"),
        At("SRM108", 20, 28, "/assignments/escalate-to-2i2c/1"),
    ],
    "SRM109/fail.yaml": [
        At("SRM109", 14, 23, "/assignments/manage-data/1"),
        At("SRM109", 15, 51, "/assignments/guide-2i2c/informed/1"),
    ],
    "SRM110/fail.yaml": [
        At("SRM110", 9, 10, "/parties/0/id"),
        At("SRM110", 10, 51, "/parties/1/teams/0/id"),
        At("SRM110", 11, 10, "/parties/2/id"),
    ],
    "SRM111/fail.yaml": [
        At("SRM111", 14, 47, "/assignments/manage-data/informed/0"),
        At("SRM111", 15, 73, "/assignments/guide-2i2c/consulted/0"),
    ],
    "SRM112/fail.yaml": [
        At("SRM112", 14, 25, "/assignments/create-documentation"),
        At("SRM112", 15, 38, "/assignments/support-community-leaders"),
        At("SRM112", 16, 46, "/assignments/assist-environment-creation"),
    ],
    "SRM203/fail.yaml": [At("SRM203", 13, 96, "/assignments/define-basic-environment/cost_note/amount")],
    "SRM203/fail-reduction.yaml": [At("SRM203", 14, 94, "/assignments/manage-data/cost_note/amount")],
    "SRM204/fail.yaml": [At("SRM204", 13, 54, "/assignments/define-basic-environment/cost_note")],
    "SRM204/fail-free.yaml": [At("SRM204", 14, 46, "/assignments/manage-data/cost_note")],
    # Each amount is located at its own node, the 5,000-digit integer too (line 19).
    "SRM205/fail.yaml": [
        At("SRM205", 16, 80, "/assignments/define-basic-environment/cost_note/amount"),
        At("SRM205", 17, 76, "/assignments/manage-data/cost_note/amount"),
        At("SRM205", 18, 72, "/assignments/guide-2i2c/cost_note/amount"),
        At("SRM205", 19, 89, "/assignments/escalate-to-2i2c/cost_note/amount"),
        At("SRM205", 30, 92, "/assignments/operate-kubernetes-cluster/cost_note/amount"),
    ],
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy([default_policy_dir()])


def _history(_path: str, _agreement: str | None) -> AssignmentsChange:
    return AssignmentsChange(date(2026, 4, 15), "1a2b3c4")


# Fixtures judged with git history (a stand-in): the others are checked outside git.
HISTORY = {"SRM603"}


def findings_of(target: Path, policy: Policy) -> list[Finding]:
    """Every finding of checking `target` (a file, or a folder checked as one run), today."""
    rule = target.relative_to(RULES_DIR).parts[0] if target.is_relative_to(RULES_DIR) else ""
    run = RunContext(date.today(), _history if rule in HISTORY else None)
    return [
        f
        for result in check_files(discover([target]), policy.catalogues, policy.rules, run=run)
        for f in result.findings
    ]


def shipped_rule_ids() -> list[str]:
    return [rule["id"] for rule in load_policy([default_policy_dir()]).rules]


def pass_fixtures() -> list[str]:
    found = [p for p in RULES_DIR.glob("*/pass*") if p.suffix == ".yaml" or p.is_dir()]
    return sorted(p.relative_to(RULES_DIR).as_posix() for p in found)


def fail_fixtures() -> list[str]:
    found = [p for p in RULES_DIR.glob("*/fail*") if p.suffix == ".yaml" or p.is_dir()]
    return sorted(p.relative_to(RULES_DIR).as_posix() for p in found)


def test_every_shipped_rule_has_a_passing_and_a_failing_fixture() -> None:
    rules = shipped_rule_ids()
    assert sorted(p.name for p in RULES_DIR.iterdir() if p.is_dir()) == sorted(rules)
    for rule in rules:
        assert any(name.startswith(f"{rule}/") for name in pass_fixtures()), f"{rule}: no pass fixture"
        failing = [name for name in FAILING if name.startswith(f"{rule}/")]
        assert failing, f"{rule}: no fail fixture"
        assert any(a.rule == rule for name in failing for a in FAILING[name]), rule


def test_every_fail_fixture_has_its_expectations_written_down() -> None:
    assert fail_fixtures() == sorted(FAILING)


@pytest.mark.parametrize("fixture", pass_fixtures())
def test_passing_fixture_draws_no_finding(fixture: str, policy: Policy) -> None:
    rule = fixture.split("/")[0]
    findings = findings_of(RULES_DIR / fixture, policy)
    assert [f for f in findings if f.rule_id == rule] == [], f"{rule} is not silent"
    assert [(f.rule_id, f.span.line, f.message) for f in findings] == []


@pytest.mark.parametrize("fixture", sorted(FAILING))
def test_failing_fixture_is_found_at_the_exact_place(fixture: str, policy: Policy) -> None:
    findings = findings_of(RULES_DIR / fixture, policy)
    got = [At(f.rule_id, f.span.line, f.span.column, f.pointer, Path(f.path).name) for f in findings]
    expected = [a._replace(file=a.file or Path(fixture).name) for a in FAILING[fixture]]
    assert got == expected


@pytest.mark.parametrize("fixture", sorted(FAILING))
def test_failing_fixture_severity_and_exit_code(
    fixture: str, policy: Policy, cli: Callable[[Sequence[str]], Run]
) -> None:
    severities = {rule["id"]: rule["severity"] for rule in policy.rules}
    findings = findings_of(RULES_DIR / fixture, policy)
    assert all(f.severity == severities[f.rule_id] for f in findings)
    run = cli(["check", str(RULES_DIR / fixture)])
    expected = 1 if any(f.severity == "error" for f in findings) else 0
    assert run.exit_code == expected, run.stdout
    assert run.stderr == ""


def messages(fixture: str, rule: str, policy: Policy) -> list[str]:
    return [f.message for f in findings_of(RULES_DIR / fixture, policy) if f.rule_id == rule]


def test_unknown_responsibility_suggests_the_closest_id(policy: Policy) -> None:
    assert messages("SRM105/fail.yaml", "SRM105", policy) == [
        "'complex-environmnt-changes' is not a responsibility of this agreement's catalogue "
        "(did you mean 'complex-environment-changes'?)",
        "'run-the-coffee-machine' is not a responsibility of this agreement's catalogue",
    ]


def test_unknown_party_suggests_the_closest_party_or_team(policy: Policy) -> None:
    tail = "is not a party or team of the catalogue or of this agreement"
    assert messages("SRM104/fail.yaml", "SRM104", policy) == [
        f"'comunity' {tail} (did you mean 'community'?)",
        f"'2i2cc' {tail} (did you mean '2i2c'?)",
        f"'cloud-engneering' {tail} (did you mean 'cloud-engineering'?)",
        f"'zz-outsourced' {tail}",
    ]


def test_unknown_party_suggestion_includes_the_agreements_own_parties(policy: Policy, tmp_path: Path) -> None:
    text = (RULES_DIR / "SRM104/pass-agreement-party.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "partner-typo.yaml"
    broken.write_text(text.replace("party: campus-cloud", "party: campus-clod"), encoding="utf-8")
    found = [f.message for f in findings_of(broken, policy) if f.rule_id == "SRM104"]
    assert found == [
        "'campus-clod' is not a party or team of the catalogue or of this agreement "
        "(did you mean 'campus-cloud'?)"
    ]


def test_cost_note_reasons_name_the_placeholder(policy: Policy) -> None:
    reasons = [m.rsplit("(", 1)[1] for m in messages("SRM201/fail-placeholders.yaml", "SRM201", policy)]
    assert reasons == ["'TODO' is a placeholder)", "'tbd' is a placeholder)", "'-' is a placeholder)"]
    empty = messages("SRM201/fail-empty-note.yaml", "SRM201", policy)
    assert empty == [
        f"responsibility '{rid}' moves from 2i2c to community without a cost note (missing or empty)"
        for rid in ("manage-data", "guide-2i2c", "escalate-to-2i2c")
    ]


def test_a_move_through_a_team_names_the_party(policy: Policy) -> None:
    assert messages("SRM201/fail.yaml", "SRM201", policy)[1] == (
        "responsibility 'define-basic-environment' moves from community to 2i2c without a cost "
        "note (missing or empty)"
    )


def test_shared_message_counts_parties(policy: Policy) -> None:
    assert messages("SRM102/fail.yaml", "SRM102", policy)[0] == (
        "responsibility 'manage-data' is held by 2 parties (community, 2i2c); exactly one party must hold it"
    )


@pytest.mark.parametrize(
    ("fixture", "first_line"),
    [("SRM106/fail-duplicate-key.yaml", 14), ("SRM106/fail-list-form.yaml", 8)],
)
def test_duplicate_points_back_at_the_first_entry(fixture: str, first_line: int, policy: Policy) -> None:
    (finding,) = [f for f in findings_of(RULES_DIR / fixture, policy) if f.rule_id == "SRM106"]
    assert f"(first at line {first_line})" in finding.message
    assert [(r.span.line, r.message) for r in finding.related] == [(first_line, "first assigned here")]


def test_duplicate_key_in_assignments_is_not_also_a_yaml_duplicate(policy: Policy) -> None:
    rules = {f.rule_id for f in findings_of(RULES_DIR / "SRM106/fail-duplicate-key.yaml", policy)}
    assert rules == {"SRM106"}


def test_cross_file_duplicate_points_at_the_first_file(policy: Policy) -> None:
    (finding,) = findings_of(RULES_DIR / "SRM305/fail", policy)
    first = (RULES_DIR / "SRM305/fail/alpha.yaml").resolve()
    assert finding.related[0].path.endswith("SRM305/fail/alpha.yaml")
    assert first.is_file()
    assert finding.message.startswith("agreement id 'srm305-shared-id' is already used in ")
    assert finding.message.endswith("SRM305/fail/alpha.yaml:2")


def test_unknown_catalogue_lists_the_known_ones(policy: Policy) -> None:
    assert messages("SRM301/fail.yaml", "SRM301", policy) == [
        "catalogue '2i2c-srm@2099' is not in the policy (known: 2i2c-srm-areas@late-2022, 2i2c-srm@2022); "
        "its responsibilities cannot be checked"
    ]


def test_technical_order_is_noted_once_on_the_moved_responsibility(policy: Policy) -> None:
    assert messages("SRM401/fail.yaml", "SRM401", policy) == [
        "'general-user-support' (#3) moves to 2i2c, although the more technical "
        "'provide-user-access' (#4) is held by community (and 2 more)"
    ]


def test_a_team_is_called_a_team(policy: Policy) -> None:
    assert messages("SRM107/fail.yaml", "SRM107", policy) == [
        "team 'community' of 'use-hub' is a party, not a team",
        "team 'community-leadership' of 'manage-data' is a team of community, not of 2i2c "
        "(did you mean 'community-support'?)",
        "team 'cloud-enginering' of 'guide-2i2c' is not a team of the catalogue or of this agreement "
        "(did you mean 'cloud-engineering'?)",
    ]
    assert messages("SRM108/fail.yaml", "SRM108", policy)[0] == (
        "team 'community-leadership' of community repeats 'community' among the accountable parties "
        "of 'use-hub'; name each party once"
    )


def test_a_repeat_and_a_role_conflict_point_at_the_earlier_name(policy: Policy) -> None:
    for fixture, rule, words in (
        ("SRM108/fail.yaml", "SRM108", "first named here"),
        ("SRM111/fail.yaml", "SRM111", "accountable here"),
        ("SRM110/fail.yaml", "SRM110", "first declared here"),
    ):
        found = [f for f in findings_of(RULES_DIR / fixture, policy) if f.rule_id == rule]
        assert words in [r.message for f in found for r in f.related], fixture


def test_unusable_amounts_say_what_is_wrong(policy: Policy) -> None:
    assert messages("SRM205/fail.yaml", "SRM205", policy) == [
        "the cost amount of 'define-basic-environment' is infinity (or too large to read as a number): inf",
        "the cost amount of 'manage-data' is not a number (NaN): nan",
        "the cost amount of 'guide-2i2c' is minus infinity (or too large to read as a number): -inf",
        "the cost amount of 'escalate-to-2i2c' is minus infinity (or too large to read as a number): -inf",
        "the cost amount of 'operate-kubernetes-cluster' is implausibly large: its size is more than "
        "1,000,000,000,000: 1000000000000000.0",
    ]


def test_a_sign_against_the_move_says_which_sign_was_expected(policy: Policy) -> None:
    assert messages("SRM203/fail-reduction.yaml", "SRM203", policy) == [
        "responsibility 'manage-data' moves from 2i2c to community, so its cost should show a reduction "
        "(a negative amount), but the amount is 150"
    ]
