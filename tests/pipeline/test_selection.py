"""pipeline/selection.py: select, ignore and severity, by rule id or name, for rules and findings."""

from __future__ import annotations

import pytest

from srm_check.core.codes import builtin_rules
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.selection import evaluated_rules, rule_index, select
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy([default_policy_dir()])


def _finding(rule_id: str, severity: Severity = Severity.error) -> Finding:
    return Finding(rule_id, severity, "m", "a.yaml", Span(1, 1, 1, 2))


def test_evaluated_rules_are_the_built_in_ones_then_the_policy_s(policy: Policy) -> None:
    ids = [r["id"] for r in evaluated_rules(policy.rules)]
    builtin = [r["id"] for r in builtin_rules()]
    assert ids == builtin + [r["id"] for r in policy.rules]
    assert len(ids) == len(set(ids))


def test_rule_index_maps_ids_and_names_to_ids(policy: Policy) -> None:
    index = rule_index(evaluated_rules(policy.rules))
    assert index["SRM201"] == index["deviation-cost-note"] == "SRM201"
    assert index["SRM002"] == index["yaml-duplicate-key"] == "SRM002"


def test_nothing_configured_enables_every_rule_at_its_own_severity(policy: Policy) -> None:
    infos = evaluated_rules(policy.rules)
    selection = select(infos, [], [], {})
    assert selection.enabled == {i["id"] for i in infos}
    assert selection.severity == {}
    assert selection.rules(policy.rules) == policy.rules
    assert selection.infos(infos) == infos


def test_select_and_ignore_take_ids_and_names(policy: Policy) -> None:
    infos = evaluated_rules(policy.rules)
    selection = select(infos, ["deviation-cost-note", "SRM101", "yaml-duplicate-key"], ["SRM101"], {})
    assert selection.enabled == {"SRM201", "SRM002"}
    assert [r["id"] for r in selection.rules(policy.rules)] == ["SRM201"]
    assert [i["id"] for i in selection.infos(infos)] == ["SRM002", "SRM201"]
    ignored = select(infos, [], ["technical-order", "SRM009"], {})
    assert ignored.enabled == {i["id"] for i in infos} - {"SRM401", "SRM009"}


def test_severity_overrides_by_name_or_id_and_off_turns_a_rule_off(policy: Policy) -> None:
    infos = evaluated_rules(policy.rules)
    selection = select(infos, [], [], {"deviation-cost-note": "warning", "SRM401": "off", "SRM009": "error"})
    assert "SRM401" not in selection.enabled
    assert selection.severity == {"SRM201": Severity.warning, "SRM009": Severity.error}
    assert all(isinstance(s, Severity) for s in selection.severity.values())
    rules = {r["id"]: r for r in selection.rules(policy.rules)}
    assert rules["SRM201"]["severity"] == Severity.warning
    assert "SRM401" not in rules
    # The policy's own records are left as they were.
    assert next(r for r in policy.rules if r["id"] == "SRM201")["severity"] == Severity.error
    shown = {i["id"]: i["severity"] for i in selection.infos(infos)}
    assert shown["SRM201"] == Severity.warning and shown["SRM009"] == Severity.error
    assert shown["SRM101"] == Severity.error


def test_built_in_findings_follow_the_settings_like_rule_findings(policy: Policy) -> None:
    infos = evaluated_rules(policy.rules)
    found = [
        _finding("SRM002"),
        _finding("SRM009", Severity.warning),
        _finding("SRM201"),
        _finding("SRM401", Severity.note),
    ]
    selection = select(infos, [], ["yaml-duplicate-key"], {"SRM009": "error", "technical-order": "off"})
    kept = selection.findings(found)
    assert [(f.rule_id, f.severity) for f in kept] == [
        ("SRM009", Severity.error),
        ("SRM201", Severity.error),
    ]
    only = select(infos, ["SRM002"], [], {}).findings(found)
    assert [f.rule_id for f in only] == ["SRM002"]
