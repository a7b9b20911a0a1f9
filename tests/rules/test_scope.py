"""rules/scope.py: where a rule applies and at which severity, and which catalogues no rule checks."""

from __future__ import annotations

from srm_check.core.severity import Severity
from srm_check.rules.scope import EVERYWHERE, Composition, Scope, unchecked_catalogues
from srm_check.schemas.records import RuleRecord


def rule(rule_id: str, given: str, severity: Severity = Severity.error) -> RuleRecord:
    return {
        "id": rule_id,
        "name": rule_id.lower(),
        "severity": severity,
        "title": "t",
        "message": "m",
        "description": "d",
        "help_uri": "",
        "tags": [],
        "given": given,
        "where": [],
        "then": {"field": "id", "function": "truthy", "options": {}},
        "catalogues": None,
        "fix": "",
    }


def test_a_scope_gives_the_severity_on_a_catalogue_or_none_where_the_rule_does_not_run() -> None:
    scope = Scope(frozenset({"a@1", "b@1"}), {"b@1": Severity.note, "a@1": None})
    assert scope.severity("a@1", Severity.error) is None  # turned off there
    assert scope.severity("b@1", Severity.error) is Severity.note
    assert scope.severity("c@1", Severity.error) is None  # outside its catalogues
    assert scope.severity(None, Severity.error) is None  # an unknown catalogue: only unscoped rules
    assert EVERYWHERE.severity(None, Severity.warning) is Severity.warning
    assert EVERYWHERE.severity("c@1", Severity.warning) is Severity.warning


def test_rules_for_a_catalogue_keep_their_order_and_carry_the_severity_there() -> None:
    rules = [rule("R1", "assignment"), rule("R2", "agreement"), rule("R3", "responsibility")]
    composition = Composition({"R1": Scope(None, {"a@1": Severity.warning}), "R3": Scope(frozenset({"b@1"}))})
    on_a = composition.rules_for(rules, "a@1")
    assert [(r["id"], r["severity"]) for r in on_a] == [("R1", Severity.warning), ("R2", Severity.error)]
    assert rules[0]["severity"] is Severity.error  # the policy's own record is left as it is
    assert [r["id"] for r in composition.rules_for(rules, "b@1")] == ["R1", "R2", "R3"]
    assert composition.rules_for(rules, "b@1")[0] is rules[0]  # unchanged rules are not copied


def test_unchecked_catalogues_are_those_no_rule_on_assignments_reaches() -> None:
    rules = [rule("M1", "agreement"), rule("A1", "assignment"), rule("P1", "party_ref")]
    scopes = {"A1": Scope(frozenset({"a@1"})), "P1": Scope(None, {"b@1": None, "c@1": None})}
    # a@1: A1 applies; b@1: P1 is off and A1 scoped away; c@1 likewise; d@1: P1 applies.
    assert unchecked_catalogues(["a@1", "b@1", "c@1", "d@1"], rules, scopes) == {"b@1", "c@1"}
    # Rules on metadata only never make a catalogue checked.
    assert unchecked_catalogues(["a@1"], [rule("M1", "agreement")], {}) == {"a@1"}
