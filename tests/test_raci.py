"""Real-world responsibility matrices: RACI charts with no default split and unordered parties,
and a FedRAMP-style matrix with "shared" cells.

The invariant that matters is one accountable party per responsibility: an agreement where
each responsibility has one gives no finding at all, and each responsibility held by two
parties gives exactly one finding, however "both hold it" is written.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import FIXTURES, ROOT, run_cli

RACI = FIXTURES / "catalogues" / "raci"
POLICY = ["--policy", "policies", "--policy", str(RACI / "policy")]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def findings(name: str) -> list[dict[str, object]]:
    run = run_cli(["check", *POLICY, str(RACI / "agreements" / f"{name}.yaml"), "--format", "json"])
    assert run.exit_code in (0, 1), run.stdout + run.stderr
    result: list[dict[str, object]] = json.loads(run.stdout)["findings"]
    return result


def per_responsibility(found: list[dict[str, object]]) -> Counter[tuple[str, str]]:
    """(responsibility, rule) of each finding, counted; every message names the responsibility first."""
    return Counter((str(f["message"]).split("'")[1], str(f["rule_id"])) for f in found)


def test_the_matrices_validate_as_a_policy() -> None:
    run = run_cli(["validate-policy", "policies", str(RACI / "policy")])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.startswith("policy valid: 4 catalogues,")


@pytest.mark.parametrize("name", ["cloud-adoption-one-accountable", "fedramp-one-accountable"])
def test_one_accountable_party_each_gives_no_finding(name: str) -> None:
    # No default split: no deviation, no cost note, no technical order to follow.
    assert findings(name) == []


def test_two_accountable_parties_give_one_finding_each_way_of_writing_it() -> None:
    found = per_responsibility(findings("cloud-adoption-two-accountable"))
    assert found == Counter(
        {
            ("business-alignment", "SRM102"): 1,  # a list of parties
            ("change-management", "SRM102"): 1,  # the long form with a list under `party`
            ("solution-operations", "SRM102"): 1,  # RACI with two accountable parties
            ("governance", "SRM102"): 1,  # `party` and `accountable` naming two parties
            ("security-operations", "SRM102"): 1,  # teams of two parties
            ("solution-delivery", "SRM106"): 1,  # a repeated key
        }
    )


def test_the_list_form_gives_one_finding_each() -> None:
    found = per_responsibility(findings("cloud-adoption-list-form"))
    assert found == Counter(
        {
            ("change-management", "SRM102"): 1,
            ("solution-operations", "SRM102"): 1,
            ("business-alignment", "SRM106"): 1,  # the repeated entry
        }
    )


def test_shared_cells_written_as_two_holders_and_a_shared_control_held_alone() -> None:
    found = findings("fedramp-shared-cells")
    assert per_responsibility(found) == Counter(
        {("ac-2", "SRM102"): 1, ("au-2", "SRM102"): 1, ("sc-28", "SRM112"): 1}
    )
    (missing,) = [f for f in found if f["rule_id"] == "SRM112"]
    assert missing["message"] == (
        "responsibility 'sc-28' is shared by design (responsible: csp, customer), "
        "but the agreement does not name customer as responsible"
    )
