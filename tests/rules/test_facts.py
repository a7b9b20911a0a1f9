"""The facts of an agreement, kind by kind: their values, where findings about them point,
and that every fact has exactly the fields its kind documents."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.facts import (
    FIELDS,
    KINDS,
    RUN_FIELDS,
    RUN_VALUES,
    WORDS,
    Fact,
    agreement_fact,
    approval_facts,
    assignment_facts,
    date_facts,
    not_a_field,
    own_party_facts,
)
from srm_check.rules.facts.party_ref import Parties
from srm_check.source.reader import parse_source

AGREEMENT = """\
agreement: facts-test
community: Facts Test
catalogue: 2i2c-srm@2022
effective: 2026-01-01
parties:
  - id: campus-it
    name: Campus IT
    teams:
      - id: campus-hpc
        name: HPC
assignments:
  use-hub: 2i2c
  advocate-and-onboard: community
  general-user-support:
    party: community-leadership
    team: community-leadership
  provide-user-access: [community, 2i2c]
  develop-domain-software: campus-hpc
  manage-data:
    party: comunity
    cost_note: We pay for the disk.
  guide-2i2c:
  run-coffee-machine: 2i2c
  use-hub: community
"""

# Lifecycle keys, appended to AGREEMENT (the keys of one mapping, in any order).
LIFECYCLE = """\
expires: 2026-12-31
review_by: 2026-09-01
approvals:
  - {party: community, name: Ada Lovelace, date: 2026-01-01}
"""


@pytest.fixture(scope="module")
def catalogues() -> Catalogues:
    return load_policy([default_policy_dir()]).catalogues


@pytest.fixture(scope="module")
def catalogue(catalogues: Catalogues) -> CatalogueIndex:
    found = catalogues.find("2i2c-srm@2022")
    assert found is not None
    return found


def read(text: str) -> AgreementData:
    source = parse_source(text, "facts.yaml", judged_elsewhere={"/assignments"})
    (doc,) = source.documents
    return read_agreement(doc)


@pytest.fixture(scope="module")
def facts(catalogue: CatalogueIndex) -> tuple[list[Fact], list[Fact], list[Fact]]:
    return assignment_facts(read(AGREEMENT), catalogue)


def by(facts: list[Fact], field: str) -> dict[Any, Fact]:
    return {f.values[field]: f for f in facts}


# --- the kinds and their fields ----------------------------------------------------------------


def test_kinds_in_order_with_their_words() -> None:
    assert KINDS == (
        "agreement",
        "responsibility",
        "assignment",
        "party_ref",
        "own_party",
        "date",
        "approval",
    )
    assert list(FIELDS) == list(KINDS) == list(WORDS)
    assert WORDS["agreement"] == "each agreement"
    assert WORDS["assignment"] == "each entry under `assignments`"


def test_every_fact_has_exactly_its_documented_fields(
    catalogues: Catalogues, facts: tuple[list[Fact], list[Fact], list[Fact]]
) -> None:
    data = read(AGREEMENT + LIFECYCLE)
    catalogue = catalogues.find(data.catalogue or "")
    assert catalogue is not None
    own = own_party_facts(data, catalogue)
    approvals = approval_facts(data, Parties(data, catalogue))
    built = [agreement_fact(data, catalogues), *facts[0], *facts[1], *facts[2], *own, *date_facts(data)]
    built += approvals
    assert {f.kind for f in built} == set(KINDS)
    run = RunContext(date(2026, 6, 30))
    for fact in built:
        stored = [name for name in fact.values if not name.startswith("_")]  # "_": for the run's fields
        assert stored == [f for f in FIELDS[fact.kind] if f not in RUN_FIELDS[fact.kind]], fact.kind
        if fact.kind in RUN_VALUES:
            assert list(RUN_VALUES[fact.kind](fact.values, run, "facts.yaml", None)) == list(
                RUN_FIELDS[fact.kind]
            )
    for kind, fields in FIELDS.items():
        assert all(meaning and not meaning.endswith(".") for meaning in fields.values()), kind


def test_not_a_field() -> None:
    assert not_a_field("party", "assignment") is None
    assert not_a_field("party", "agreement") == (
        "'party' is not a field of agreement facts (fields: approvals_recorded, catalogue, "
        "catalogue_known, catalogues, community, days_expired, effective, end, expired, expires, hub, "
        "hubs, id, in_force, on, review_by, review_overdue, supersedes, unapproved)"
    )


# --- agreement ---------------------------------------------------------------------------------


def test_agreement_fact(catalogues: Catalogues) -> None:
    fact = agreement_fact(read(AGREEMENT), catalogues)
    assert fact.values == {
        "id": "facts-test",
        "community": "Facts Test",
        "catalogue": "2i2c-srm@2022",
        "catalogue_known": True,
        "catalogues": "2i2c-srm-areas@late-2022, 2i2c-srm@2022",
        "effective": "2026-01-01",
        "end": None,
        "expires": None,
        "supersedes": None,
        "hubs": [],
        "hub": "every hub",
        "review_by": None,
        "approvals_recorded": False,
        "_holders": None,
        "_approved": [],
    }
    pointer, span = fact.location("id")
    assert (pointer, span.line, span.column) == ("/agreement", 1, 12)
    assert fact.location("catalogue_known")[0] == "/catalogue"
    assert fact.location("catalogues") == ("", fact.span)  # no place of its own: the document


def test_agreement_fact_with_an_unknown_catalogue_and_none_loaded() -> None:
    data = read(AGREEMENT.replace("2i2c-srm@2022", "other@1"))
    fact = agreement_fact(data, Catalogues())
    assert fact.values["catalogue_known"] is False
    assert fact.values["catalogues"] == "none"


# --- assignment --------------------------------------------------------------------------------


def test_assignment_of_a_known_responsibility(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    entry = facts[1][0]
    assert entry.values == {
        "responsibility": "use-hub",
        "known": True,
        "did_you_mean": "",
        "title": "Use",
        "number": 1,
        "duplicate": False,
        "first_line": None,
        "party": "2i2c",
        "parties": "2i2c",
        "party_count": 1,
        "responsible": "",
        "consulted": "",
        "informed": "",
        "team": None,
        "team_problem": None,
        "default_party": "community",
        "deviates": True,
        "move": "provider-more",
        "cost_note": None,
        "has_cost_note": False,
        "amount": None,
        "expected_change": "an increase (a positive amount)",
        "sign_conflict": None,
    }
    assert entry.related == []


def test_assignment_of_an_unknown_responsibility(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    entry = by(facts[1], "responsibility")["run-coffee-machine"]
    assert entry.values["known"] is False
    assert entry.values["title"] == "" and entry.values["number"] is None
    assert entry.values["default_party"] is None and entry.values["deviates"] is None
    # Findings about the key point at the key.
    pointer, span = entry.location("known")
    assert (pointer, span.line, span.column) == ("/assignments/run-coffee-machine", 23, 3)


def test_unknown_responsibility_suggests_a_close_one(catalogue: CatalogueIndex) -> None:
    data = read(AGREEMENT.replace("run-coffee-machine", "manage-dta"))
    entry = by(assignment_facts(data, catalogue)[1], "responsibility")["manage-dta"]
    assert entry.values["did_you_mean"] == " (did you mean 'manage-data'?)"


def test_holders_shared_nobody_and_unknown(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    entries = by(facts[1], "responsibility")
    shared = entries["provide-user-access"].values
    assert (shared["party"], shared["parties"], shared["party_count"]) == (None, "community, 2i2c", 2)
    assert shared["deviates"] is None
    nobody = entries["guide-2i2c"].values
    assert (nobody["party"], nobody["parties"], nobody["party_count"]) == (None, "nobody", 0)
    unknown = entries["manage-data"].values
    assert (unknown["party"], unknown["party_count"], unknown["deviates"]) == (None, 1, None)


def test_a_team_counts_as_its_party(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    entries = by(facts[1], "responsibility")
    team = entries["general-user-support"].values
    # `parties` names the distinct parties: the team as its party.
    assert (team["party"], team["parties"], team["deviates"]) == ("community", "community", False)
    own = entries["develop-domain-software"].values
    assert (own["party"], own["default_party"], own["deviates"]) == ("campus-it", "community", True)


def test_cost_note_is_located_at_the_note(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    entries = by(facts[1], "responsibility")
    noted = entries["manage-data"]
    assert (noted.values["cost_note"], noted.values["has_cost_note"]) == ("We pay for the disk.", True)
    pointer, span = noted.location("cost_note")
    assert (pointer, span.line) == ("/assignments/manage-data/cost_note", 21)
    # Without a note, at the entry's value.
    bare = entries["use-hub"]
    assert bare.location("has_cost_note") == (bare.pointer, bare.span)


def test_a_repeated_entry_points_back_at_the_first(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    repeated = facts[1][-1]
    assert repeated.values["responsibility"] == "use-hub"
    assert (repeated.values["duplicate"], repeated.values["first_line"]) == (True, 12)
    assert [(span.line, message) for span, message in repeated.related] == [(12, "first assigned here")]


# --- party_ref ---------------------------------------------------------------------------------


def test_party_refs(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    refs = [(f.values["party"], f.values["responsibility"], f.values["resolved"]) for f in facts[2]]
    assert refs == [
        ("2i2c", "use-hub", "2i2c"),
        ("community", "advocate-and-onboard", "community"),
        ("community-leadership", "general-user-support", "community"),
        ("community", "provide-user-access", "community"),
        ("2i2c", "provide-user-access", "2i2c"),
        ("campus-hpc", "develop-domain-software", "campus-it"),
        ("comunity", "manage-data", None),
        ("2i2c", "run-coffee-machine", "2i2c"),
        ("community", "use-hub", "community"),
    ]
    unknown = facts[2][6]
    assert (unknown.values["known"], unknown.values["did_you_mean"]) == (
        False,
        " (did you mean 'community'?)",
    )
    assert (unknown.pointer, unknown.span.line, unknown.span.column) == (
        "/assignments/manage-data/party",
        20,
        12,
    )
    assert all(f.values["known"] and f.values["did_you_mean"] == "" for f in facts[2] if f is not unknown)


def test_list_holders_are_located_one_by_one(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    shared = [f for f in facts[2] if f.values["responsibility"] == "provide-user-access"]
    assert [f.pointer for f in shared] == [
        "/assignments/provide-user-access/0",
        "/assignments/provide-user-access/1",
    ]


# --- responsibility ----------------------------------------------------------------------------


def test_one_responsibility_fact_per_catalogue_entry_in_order(
    facts: tuple[list[Fact], list[Fact], list[Fact]], catalogue: CatalogueIndex
) -> None:
    assert [f.values["id"] for f in facts[0]] == catalogue.order
    assert [f.values["number"] for f in facts[0]] == list(range(1, len(catalogue.order) + 1))


def test_the_first_entry_assigns_a_responsibility(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    use_hub = by(facts[0], "id")["use-hub"]
    assert (use_hub.values["party"], use_hub.values["deviates"]) == (
        "2i2c",
        True,
    )  # not the repeat's community
    assert (use_hub.pointer, use_hub.span.line) == ("/assignments/use-hub", 12)


def test_responsibility_values(facts: tuple[list[Fact], list[Fact], list[Fact]]) -> None:
    support = by(facts[0], "id")["general-user-support"].values
    assert support["team"] == "community-leadership"
    assert (support["assigned"], support["party_count"], support["deviates"]) == (True, 1, False)
    data = by(facts[0], "id")["manage-data"].values
    # An unknown holder: whether it deviates is unclear (null), as in the assignment fact.
    assert (data["cost_note"], data["party"], data["deviates"]) == ("We pay for the disk.", None, None)


def test_an_unassigned_responsibility_points_at_the_assignments(
    facts: tuple[list[Fact], list[Fact], list[Fact]],
) -> None:
    missing = by(facts[0], "id")["respond-to-incidents"]
    assert missing.values["assigned"] is False
    assert (missing.values["party"], missing.values["parties"], missing.values["party_count"]) == (
        None,
        "nobody",
        0,
    )
    assert missing.values["team"] is None and missing.values["cost_note"] is None
    assert missing.pointer == "/assignments/respond-to-incidents"
    assert missing.span.line == 12  # the assignments mapping


def test_an_inversion_is_reported_once_on_the_moved_responsibility(
    facts: tuple[list[Fact], list[Fact], list[Fact]],
) -> None:
    # use-hub (#1) moves to 2i2c while the community keeps #2 and #3: one inversion, on #1,
    # naming the nearest responsibility on the other side and how many more there are.
    inverted = {
        f.values["id"]: (
            f.values["inversion"],
            f.values["inversion_number"],
            f.values["inversion_party"],
            f.values["inversion_relation"],
            f.values["inversion_more"],
        )
        for f in facts[0]
        if f.values["inversion"]
    }
    assert inverted == {
        "use-hub": ("advocate-and-onboard", 2, "community", "more technical", " (and 1 more)")
    }
    assert by(facts[0], "id")["advocate-and-onboard"].values["inversion_number"] is None


@pytest.mark.parametrize(
    "written",
    [
        {"effective": "2026-01-01", "expires": "2026-03-01", "review_by": "2027-01-01"},
        {"effective": "2026-01-01", "end": "2026-02-01", "expires": "2026-12-01", "review_by": "2026-05-01"},
        {
            "effective": "not a day",
            "expires": 7,
            "_holders": {"campus-it": 2},
            "_approved": [("x", "2026-01-02")],
        },
    ],
)
def test_an_agreement_s_run_fields_asked_for_are_those_of_the_whole_set(written: dict[str, Any]) -> None:
    """A rule names a few fields of the run; only those are computed, each as in the whole set."""
    run = RunContext(date(2026, 6, 30))
    every = RUN_VALUES["agreement"](written, run, "a.yaml", None)
    for names in ({"expired", "days_expired"}, {"unapproved"}, {"on", "review_overdue", "in_force"}, set()):
        some = RUN_VALUES["agreement"](written, run, "a.yaml", frozenset(names))
        assert some == {name: every[name] for name in RUN_FIELDS["agreement"] if name in names}
