"""Coverage of a policy by its tests: which rules some case shows failing, and passing."""

from __future__ import annotations

from collections.abc import Iterable

from srm_check.authoring.policy_tests.model import Coverage, PolicyCase


def coverage(cases: Iterable[PolicyCase], rule_ids: Iterable[str]) -> list[Coverage]:
    """For each rule, how many cases show it failing and how many show it passing."""
    cases = list(cases)
    return [
        Coverage(
            rule_id,
            sum(rule_id in c.failing_rules for c in cases),
            sum(rule_id in c.passing_rules for c in cases),
        )
        for rule_id in rule_ids
    ]
