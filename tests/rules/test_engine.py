"""The engine: messages rendered from a fact's values, `where` filtering the facts a rule
judges, and cross-file rules (`unique`) decided in file order."""

from __future__ import annotations

from typing import Any

import pytest

from srm_check.core.severity import Severity
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.engine import CrossFileRules, Engine, Pending, render
from srm_check.rules.scope import Composition, Scope
from srm_check.schemas.records import RuleRecord
from srm_check.source.reader import parse_source

AGREEMENT = """\
agreement: {id}
community: Engine Test
catalogue: 2i2c-srm@2022
effective: 2026-01-01
end: {end}
assignments:
  use-hub: community
  advocate-and-onboard: 2i2c
  general-user-support: [community, 2i2c]
  manage-data: community
  use-hub: 2i2c
"""


@pytest.fixture(scope="module")
def catalogues() -> Catalogues:
    return load_policy([default_policy_dir()]).catalogues


def agreement(agreement_id: str = "engine-test", end: str = "2027-01-01") -> AgreementData:
    source = parse_source(
        AGREEMENT.format(id=agreement_id, end=end), "a.yaml", judged_elsewhere={"/assignments"}
    )
    (doc,) = source.documents
    return read_agreement(doc)


def rule(
    rule_id: str, given: str, then: dict[str, Any], message: str, where: list[Any] | None = None
) -> RuleRecord:
    return {
        "id": rule_id,
        "name": rule_id.lower(),
        "severity": Severity.error,
        "title": "t",
        "message": message,
        "description": "d",
        "help_uri": "",
        "tags": [],
        "given": given,
        "where": where or [],
        "then": {"options": {}, **then},  # type: ignore[typeddict-item]
        "catalogues": None,
    }


def messages(rules: list[RuleRecord], catalogues: Catalogues, data: AgreementData | None = None) -> list[str]:
    findings, pending = Engine(catalogues, rules).evaluate(data or agreement(), "a.yaml")
    assert pending == []
    return [f.message for f in findings]


# --- rendering ---------------------------------------------------------------------------------


def test_render_fills_placeholders_and_prints_null_as_none() -> None:
    values = {"party": "2i2c", "count": 2, "known": False, "team": None}
    assert render("{party} x{count} {known} {team} {missing}", values) == "2i2c x2 False none none"


def test_render_leaves_what_is_not_a_placeholder_and_does_not_render_twice() -> None:
    assert render("{ party } {1x} {}", {"party": "p"}) == "{ party } {1x} {}"
    assert render("{a}", {"a": "{b}", "b": "no"}) == "{b}"


def test_a_message_uses_fact_values_the_value_and_the_functions_extras(catalogues: Catalogues) -> None:
    rules = [
        rule(
            "R1",
            "assignment",
            {"field": "party_count", "function": "maximum", "options": {"value": 1}},
            "{responsibility}: {value} parties ({parties}), at most {limit}",
        )
    ]
    assert messages(rules, catalogues) == ["general-user-support: 2 parties (community, 2i2c), at most 1"]


def test_a_finding_is_located_at_the_field_and_carries_the_facts_related_places(
    catalogues: Catalogues,
) -> None:
    rules = [rule("R1", "assignment", {"field": "duplicate", "function": "falsy"}, "again")]
    (finding,) = Engine(catalogues, rules).evaluate(agreement(), "a.yaml")[0]
    assert (finding.rule_id, finding.severity, finding.path, finding.pointer) == (
        "R1",
        Severity.error,
        "a.yaml",
        "/assignments/use-hub",
    )
    assert (finding.span.line, finding.agreement, finding.document) == (11, "engine-test", 0)
    assert [(r.path, r.span.line, r.message) for r in finding.related] == [
        ("a.yaml", 7, "first assigned here")
    ]


def test_a_function_that_needs_the_fact_gets_it(catalogues: Catalogues) -> None:
    rules = [
        rule(
            "R1",
            "agreement",
            {"field": "end", "function": "after", "options": {"field": "effective"}},
            "{other}",
        )
    ]
    assert messages(rules, catalogues) == []
    assert messages(rules, catalogues, agreement(end="2025-12-31")) == ["2026-01-01"]


def test_without_a_known_catalogue_only_agreement_rules_run(catalogues: Catalogues) -> None:
    rules = [
        rule("R1", "agreement", {"field": "catalogue_known", "function": "truthy"}, "unknown {catalogue}"),
        rule("R2", "responsibility", {"field": "id", "function": "falsy"}, "{id}"),
    ]
    data = agreement()
    data.catalogue = "other@1"
    assert messages(rules, catalogues, data) == ["unknown other@1"]


# --- where -------------------------------------------------------------------------------------


def test_where_selects_the_facts_a_rule_judges(catalogues: Catalogues) -> None:
    always = rule("R1", "responsibility", {"field": "id", "function": "falsy"}, "{id}")
    assert len(messages([always], catalogues)) == 20
    where = [{"field": "assigned", "equals": True}, {"field": "party", "not_in": ["community"]}]
    selected = rule("R2", "responsibility", {"field": "id", "function": "falsy"}, "{id}", where)
    # use-hub's first entry gives it to the community; general-user-support is shared (party null).
    assert messages([selected], catalogues) == ["advocate-and-onboard", "general-user-support"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "id", "equals": "manage-data"}, ["manage-data"]),
        ({"field": "id", "in": ["use-hub", "manage-data", "nope"]}, ["use-hub", "manage-data"]),
        ({"field": "party", "not_equals": "community"}, ["advocate-and-onboard", "general-user-support"]),
        ({"field": "team", "defined": True}, []),
    ],
)
def test_each_operator_filters(
    condition: dict[str, Any], expected: list[str], catalogues: Catalogues
) -> None:
    where = [{"field": "assigned", "equals": True}, condition]
    selected = rule("R1", "responsibility", {"field": "id", "function": "falsy"}, "{id}", where)
    assert messages([selected], catalogues) == expected


# --- cross-file --------------------------------------------------------------------------------

UNIQUE = rule(
    "U1",
    "agreement",
    {"field": "id", "function": "unique", "options": {"scope": "run", "ignore_case": False}},
    "'{value}' already used in {first_path}:{first_line}",
)


def pending_of(
    names: list[tuple[str, str]], catalogues: Catalogues, rules: list[RuleRecord]
) -> list[Pending]:
    engine = Engine(catalogues, rules)
    out: list[Pending] = []
    for path, agreement_id in names:
        findings, pending = engine.evaluate(agreement(agreement_id), path)
        assert findings == []  # cross-file rules are never judged one file at a time
        out += pending
    return out


def test_unique_is_decided_in_file_order(catalogues: Catalogues) -> None:
    files = [("a.yaml", "same"), ("b.yaml", "other"), ("c.yaml", "same"), ("d.yaml", "same")]
    pending = pending_of(files, catalogues, [UNIQUE])
    assert [(p.path, p.value, p.pointer) for p in pending] == [
        ("a.yaml", "same", "/agreement"),
        ("b.yaml", "other", "/agreement"),
        ("c.yaml", "same", "/agreement"),
        ("d.yaml", "same", "/agreement"),
    ]
    findings = CrossFileRules([UNIQUE]).resolve(pending)
    assert [(f.path, f.message) for f in findings] == [
        ("c.yaml", "'same' already used in a.yaml:1"),
        ("d.yaml", "'same' already used in a.yaml:1"),
    ]
    assert [(r.path, r.span.line, r.message) for r in findings[0].related] == [
        ("a.yaml", 1, "first used here")
    ]
    # The other order: the first file seen is the one others are compared with.
    reordered = CrossFileRules([UNIQUE]).resolve(list(reversed(pending)))
    assert [f.path for f in reordered] == ["c.yaml", "a.yaml"]
    assert all(f.message.endswith("d.yaml:1") for f in reordered)


def test_cross_file_rules_keep_their_state_per_rule_and_respect_where(catalogues: Catalogues) -> None:
    ignoring_case = rule(
        "U2",
        "agreement",
        {"field": "id", "function": "unique", "options": {"ignore_case": True}},
        "{value} repeats {first_path}",
        [{"field": "id", "not_equals": "skip"}],
    )
    files = [("a.yaml", "x"), ("b.yaml", "skip"), ("c.yaml", "skip"), ("d.yaml", "X")]
    pending = pending_of(files, catalogues, [UNIQUE, ignoring_case])
    assert [(p.rule_id, p.path) for p in pending] == [
        ("U1", "a.yaml"),
        ("U2", "a.yaml"),
        ("U1", "b.yaml"),
        ("U1", "c.yaml"),
        ("U1", "d.yaml"),
        ("U2", "d.yaml"),
    ]
    findings = CrossFileRules([UNIQUE, ignoring_case]).resolve(pending)
    # U1 sees "skip" twice; U2 never sees it, and takes "X" for "x". Each rule has its own memory.
    assert [(f.rule_id, f.path, f.message) for f in findings] == [
        ("U1", "c.yaml", "'skip' already used in b.yaml:1"),
        ("U2", "d.yaml", "X repeats a.yaml"),
    ]


# --- rules over two responsibilities -------------------------------------------------------------


def test_a_condition_with_of_tests_another_responsibility(catalogues: Catalogues) -> None:
    then = {"field": "party", "function": "enumeration", "options": {"values": ["2i2c"]}}

    def on(other: str, party: str) -> list[str]:
        where = [{"field": "id", "equals": "manage-data"}, {"of": other, "field": "party", "equals": party}]
        return messages([rule("R1", "responsibility", then, "{id}: {party}", where)], catalogues)

    # advocate-and-onboard is held by 2i2c, so manage-data must be too: it is held by the community.
    assert on("advocate-and-onboard", "2i2c") == ["manage-data: community"]
    assert on("advocate-and-onboard", "community") == []
    # A responsibility the catalogue lacks: the condition does not hold, the rule does not apply.
    assert on("no-such-responsibility", "2i2c") == []


def test_same_as_and_different_from_compare_with_another_responsibility(catalogues: Catalogues) -> None:
    def compare(function: str, other: str) -> list[str]:
        then = {"field": "party", "function": function, "options": {"responsibility": other, "field": None}}
        where = [{"field": "id", "equals": "manage-data"}]
        return messages(
            [rule("R1", "responsibility", then, "{id} {party}; {other} {other_value}", where)], catalogues
        )

    assert compare("same_as", "advocate-and-onboard") == ["manage-data community; advocate-and-onboard 2i2c"]
    assert compare("same_as", "use-hub") == []  # the first entry of use-hub gives it to the community
    assert compare("different_from", "use-hub") == ["manage-data community; use-hub community"]
    assert compare("different_from", "advocate-and-onboard") == []
    assert compare("same_as", "general-user-support") == []  # held by two parties: party is null


# --- scopes, overrides and unchecked catalogues --------------------------------------------------

ALWAYS = rule(
    "R1",
    "responsibility",
    {"field": "id", "function": "falsy"},
    "{id}",
    [{"field": "id", "equals": "use-hub"}],
)
SHIPPED = "2i2c-srm@2022"


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(), [Severity.error]),
        (Scope(frozenset({SHIPPED})), [Severity.error]),
        (Scope(frozenset({"other@1"})), []),
        (Scope(None, {SHIPPED: Severity.note}), [Severity.note]),
        (Scope(frozenset({SHIPPED}), {SHIPPED: None}), []),
        (Scope(None, {"other@1": None}), [Severity.error]),
    ],
)
def test_a_rule_runs_where_its_scope_says_at_the_severity_there(
    scope: Scope, expected: list[Severity], catalogues: Catalogues
) -> None:
    engine = Engine(catalogues, [ALWAYS], Composition({"R1": scope}))
    findings, _ = engine.evaluate(agreement(), "a.yaml")
    assert [f.severity for f in findings] == expected


def test_a_cross_file_rule_carries_its_severity_on_the_agreements_catalogue(catalogues: Catalogues) -> None:
    engine = Engine(catalogues, [UNIQUE], Composition({"U1": Scope(None, {SHIPPED: Severity.warning})}))
    pending = [p for name in ("a.yaml", "b.yaml") for p in engine.evaluate(agreement("same"), name)[1]]
    assert [p.severity for p in pending] == [Severity.warning, Severity.warning]
    (finding,) = CrossFileRules([UNIQUE]).resolve(pending)
    assert (finding.path, finding.severity) == ("b.yaml", Severity.warning)
    off = Engine(catalogues, [UNIQUE], Composition({"U1": Scope(None, {SHIPPED: None})}))
    assert off.evaluate(agreement("same"), "a.yaml") == ([], [])


def test_an_agreement_on_a_catalogue_no_rule_checks_gets_srm030(catalogues: Catalogues) -> None:
    engine = Engine(catalogues, [], Composition(unchecked=frozenset({SHIPPED})))
    (finding,), _ = engine.evaluate(agreement(), "a.yaml")
    assert (finding.rule_id, finding.severity, finding.pointer) == ("SRM030", Severity.error, "/catalogue")
    assert (finding.span.line, finding.span.column, finding.agreement) == (3, 12, "engine-test")
    assert Engine(catalogues, []).evaluate(agreement(), "a.yaml") == ([], [])


def test_cross_file_facts_carry_only_the_fields_their_rules_name(catalogues: Catalogues) -> None:
    """`no_overlap`, `known` and `acyclic` read the fields their options name, not the whole
    fact: a pending fact (sent back by workers, kept in the cache) carries only those."""
    policy = load_policy([default_policy_dir()])
    over_time = [r for r in policy.rules if r["id"] in {"SRM501", "SRM503", "SRM504"}]
    assert len(over_time) == 3
    _, pending = Engine(catalogues, over_time).evaluate(agreement(), "a.yaml")
    carried = {p.rule_id: sorted(p.values) for p in pending}
    assert carried == {
        "SRM501": ["community", "effective", "end", "hubs", "id"],
        "SRM503": ["id", "supersedes"],
        "SRM504": ["id", "supersedes"],
    }


def test_a_rule_across_the_run_hands_on_only_facts_its_where_selects(catalogues: Catalogues) -> None:
    """Without conditions a fact is always handed on; with them, only when they hold (and an
    unconditional rule beside a conditional one does not make the latter skip its test)."""
    then = {"field": "id", "function": "unique", "options": {"scope": "run", "ignore_case": False}}
    late = rule("R2", "agreement", then, "again", [{"field": "end", "equals": "2028-01-01"}])
    engine = Engine(catalogues, [UNIQUE, late])
    early, later = agreement("x", end="2027-01-01"), agreement("y", end="2028-01-01")
    assert [p.rule_id for p in engine.evaluate(early, "a.yaml")[1]] == ["U1"]
    assert [p.rule_id for p in engine.evaluate(later, "b.yaml")[1]] == ["U1", "R2"]


def test_a_memo_of_verdicts_that_never_hits_stops_remembering(
    catalogues: Catalogues, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each agreement's own facts (its id, its dates) are unique: once the memo of their verdicts
    fills without a hit it is dropped, and the findings are those of a fresh engine."""
    from srm_check.rules import plan as plans

    monkeypatch.setattr(plans, "MEMO_LIMIT", 8)
    policy = load_policy([default_policy_dir()])
    engine = Engine(catalogues, policy.rules)
    for number in range(40):
        data = agreement(f"memo-{number}", f"2027-01-{number % 28 + 1:02d}")
        fresh = Engine(catalogues, policy.rules).evaluate(data, "a.yaml")[0]
        assert engine.evaluate(data, "a.yaml")[0] == fresh
    (kinds,) = [p.by_kind for p in engine._plans.values()]
    assert not kinds["agreement"].remembering and kinds["agreement"].memo == {}
    assert kinds["assignment"].remembering  # the same entries again and again: it hits
