"""The facts of RACI roles, teams, the agreement's own parties and cost amounts.

Roles are read strongest first; a name repeated in one role, or taken back by a weaker
role, is a fact on the later name, pointing back at the earlier one.
"""

from __future__ import annotations

from typing import Any

import pytest

from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.facts import Fact, assignment_facts, own_party_facts
from srm_check.source.reader import parse_source

HEAD = "agreement: a\ncommunity: A\ncatalogue: {ref}\neffective: 2026-01-01\n"


@pytest.fixture(scope="module")
def catalogues() -> Catalogues:
    return load_policy([default_policy_dir()]).catalogues


def read(body: str, ref: str = "2i2c-srm@2022") -> AgreementData:
    text = HEAD.format(ref=ref) + body
    (doc,) = parse_source(text, "a.yaml", judged_elsewhere={"/assignments"}).documents
    return read_agreement(doc)


def facts(
    catalogues: Catalogues, body: str, ref: str = "2i2c-srm@2022"
) -> tuple[list[Fact], list[Fact], list[Fact]]:
    catalogue = catalogues.find(ref)
    assert catalogue is not None
    return assignment_facts(read(body, ref), catalogue)


def values(found: list[Fact], *names: str) -> list[tuple[Any, ...]]:
    return [tuple(f.values[n] for n in names) for f in found]


def test_party_refs_in_every_role(catalogues: Catalogues) -> None:
    _, entries, refs = facts(
        catalogues,
        "assignments:\n"
        "  manage-data: {accountable: cloud-engineering, responsible: [community], consulted: [x]}\n",
    )
    assert values(refs, "party", "role", "kind", "named", "resolved") == [
        ("cloud-engineering", "accountable", "team", "team 'cloud-engineering' of 2i2c", "2i2c"),
        ("community", "responsible", "party", "party 'community'", "community"),
        ("x", "consulted", None, "'x'", None),
    ]
    (entry,) = entries
    assert values(entries, "party", "responsible", "consulted", "informed") == [
        ("2i2c", "community", "x", "")
    ]
    assert entry.values["deviates"] is False


def test_repeats_within_a_role_point_back_at_the_first(catalogues: Catalogues) -> None:
    _, entries, refs = facts(
        catalogues,
        "assignments:\n"
        "  manage-data: [2i2c, cloud-engineering, community-support, 2i2c]\n"
        "  guide-2i2c: {party: 2i2c, accountable: 2i2c, responsible: [2i2c]}\n",
    )
    assert values(refs, "party", "role", "repeats") == [
        ("2i2c", "accountable", None),
        ("cloud-engineering", "accountable", "2i2c"),  # a party and its team
        ("community-support", "accountable", "2i2c"),
        ("2i2c", "accountable", "2i2c"),
        ("2i2c", "accountable", None),
        ("2i2c", "accountable", "2i2c"),  # under `accountable`, after `party`
        ("2i2c", "responsible", None),  # another role: no repeat
    ]
    assert [(span.line, words) for span, words in refs[3].related] == [(6, "first named here")]
    # Repeats do not make two parties: the entry is held by one.
    assert values(entries, "party", "parties", "party_count") == [("2i2c", "2i2c", 1), ("2i2c", "2i2c", 1)]


def test_two_teams_of_one_party_are_no_repeat(catalogues: Catalogues) -> None:
    _, entries, refs = facts(
        catalogues, "assignments:\n  manage-data: [cloud-engineering, community-support]\n"
    )
    assert values(refs, "repeats") == [(None,), (None,)]
    assert values(entries, "party", "party_count") == [("2i2c", 1)]


def test_a_weak_role_that_takes_back_a_stronger_one(catalogues: Catalogues) -> None:
    _, _, refs = facts(
        catalogues,
        "assignments:\n"
        "  manage-data: {accountable: 2i2c, responsible: [community, 2i2c],"
        " consulted: [community, community-support],"
        " informed: [2i2c, community, community-leadership]}\n",
    )
    assert values(refs, "party", "role", "conflict") == [
        ("2i2c", "accountable", None),
        ("community", "responsible", None),
        ("2i2c", "responsible", None),  # the accountable party may also be responsible
        ("community", "consulted", "responsible"),
        ("community-support", "consulted", None),  # a team of the accountable party: a role of its own
        ("2i2c", "informed", "accountable"),  # the strongest role it has
        ("community", "informed", "responsible"),
        ("community-leadership", "informed", None),
    ]
    assert [words for _, words in refs[5].related] == ["accountable here"]


def test_empty_entries_are_facts_of_their_own(catalogues: Catalogues) -> None:
    _, _, refs = facts(catalogues, "assignments:\n  manage-data: {party: [2i2c, ''], informed: [null]}\n")
    blanks = [f for f in refs if f.values["blank"]]
    assert values(blanks, "role", "known", "named") == [
        ("accountable", False, "an empty entry"),
        ("informed", False, "an empty entry"),
    ]
    assert [f.pointer for f in blanks] == [
        "/assignments/manage-data/party/1",
        "/assignments/manage-data/informed/0",
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{party: 2i2c, team: cloud-engineering}", None),
        (
            "{party: 2i2c, team: community-leadership}",
            "is a team of community, not of 2i2c (did you mean 'community-support'?)",
        ),
        (
            "{party: 2i2c, team: cloud-enginering}",
            "is not a team of the catalogue or of this agreement (did you mean 'cloud-engineering'?)",
        ),
        ("{party: 2i2c, team: community}", "is a party, not a team"),
        ("{party: [2i2c, community], team: cloud-engineering}", None),  # no one holder: SRM102's
        ("{party: campus-it, team: campus-hpc}", None),
        ("{party: 2i2c, team: campus-hpc}", "is a team of campus-it, not of 2i2c"),
    ],
)
def test_team_problem(catalogues: Catalogues, entry: str, problem: str | None) -> None:
    body = (
        "parties: [{id: campus-it, name: C, teams: [{id: campus-hpc, name: H}]}]\n"
        "assignments:\n  manage-data: " + entry + "\n"
    )
    _, (fact,), _ = facts(catalogues, body)
    assert fact.values["team_problem"] == problem
    if problem is not None:
        assert fact.location("team_problem")[0] == "/assignments/manage-data/team"


def test_the_catalogues_ids_win_over_the_agreements_own(catalogues: Catalogues) -> None:
    body = (
        "parties: [{id: 2i2c, name: X},"
        " {id: campus, name: C, teams: [{id: community-leadership, name: L}]}]\n"
        "assignments:\n  use-hub: community-leadership\n"
    )
    _, (entry,), _ = facts(catalogues, body)
    assert (entry.values["party"], entry.values["deviates"]) == ("community", False)
    data = read(body)
    own = own_party_facts(data, catalogues.find("2i2c-srm@2022"))
    assert values(own, "id", "kind", "party", "clash") == [
        ("2i2c", "party", "2i2c", "is already a party of the catalogue 2i2c-srm@2022"),
        ("campus", "party", "campus", None),
        (
            "community-leadership",
            "team",
            "campus",
            "is already a team of community in the catalogue 2i2c-srm@2022",
        ),
    ]
    assert [f.pointer for f in own] == ["/parties/0/id", "/parties/1/id", "/parties/1/teams/0/id"]


def test_an_own_party_declared_twice_points_back(catalogues: Catalogues) -> None:
    data = read("parties:\n  - {id: lab, name: L}\n  - {id: lab, name: Again}\nassignments: {}\n")
    first, again = own_party_facts(data, None)
    assert (first.values["clash"], again.values["clash"]) == (
        None,
        "is already declared in this agreement (line 6)",
    )
    assert [(s.line, w) for s, w in again.related] == [(6, "first declared here")]


@pytest.mark.parametrize(
    ("entry", "move", "expected", "conflict"),
    [
        (
            "{party: 2i2c, cost_note: {text: t, amount: 100}}",
            "provider-more",
            "an increase (a positive amount)",
            False,
        ),
        (
            "{party: 2i2c, cost_note: {text: t, amount: -100}}",
            "provider-more",
            "an increase (a positive amount)",
            True,
        ),
        (
            "{party: 2i2c, cost_note: {text: t, amount: 0}}",
            "provider-more",
            "an increase (a positive amount)",
            None,
        ),
        (
            "{party: 2i2c, cost_note: {text: t, amount: .nan}}",
            "provider-more",
            "an increase (a positive amount)",
            None,
        ),
        ("{party: 2i2c, cost_note: t}", "provider-more", "an increase (a positive amount)", None),
        ("{party: campus-it, cost_note: {text: t, amount: -5}}", "third-party", None, None),
        ("community", None, None, None),
    ],
)
def test_cost_amounts_and_the_direction_of_the_move(
    catalogues: Catalogues, entry: str, move: str | None, expected: str | None, conflict: bool | None
) -> None:
    body = "parties: [{id: campus-it, name: C}]\nassignments:\n  use-hub: " + entry + "\n"
    _, (fact,), _ = facts(catalogues, body)
    assert (fact.values["move"], fact.values["expected_change"], fact.values["sign_conflict"]) == (
        move,
        expected,
        conflict,
    )


def test_the_amount_is_located_at_its_node(catalogues: Catalogues) -> None:
    _, (fact,), _ = facts(
        catalogues, "assignments:\n  use-hub: {party: 2i2c, cost_note: {text: t, amount: .inf}}\n"
    )
    pointer, span = fact.location("amount")
    assert (pointer, span.line, span.column) == ("/assignments/use-hub/cost_note/amount", 6, 55)
    assert fact.values["amount"] == float("inf")


def test_shared_by_design_needs_its_contributors(catalogues: Catalogues) -> None:
    ref = "2i2c-srm-areas@late-2022"
    body = (
        "assignments:\n"
        "  create-documentation: 2i2c\n"
        "  support-community-leaders: {accountable: community, responsible: [community-guide]}\n"
        "  run-workshops: {accountable: community, consulted: [2i2c]}\n"
    )
    responsibilities, _, _ = facts(catalogues, body, ref)
    by_id = {f.values["id"]: f.values for f in responsibilities}
    assert by_id["create-documentation"]["shared"] == "responsible: 2i2c, community"
    assert by_id["create-documentation"]["shared_missing"] == "community as responsible"
    assert by_id["support-community-leaders"]["shared_missing"] is None  # a team counts for its party
    assert by_id["run-workshops"]["shared_missing"] == "2i2c as responsible"  # consulted is weaker
    assert by_id["manage-cloud-data"]["shared_missing"] is None  # not assigned: SRM101's
    assert by_id["monitor-infrastructure"]["shared"] is None
    assert by_id["create-documentation"]["area"] == "service-applications-support"
    assert by_id["create-documentation"]["default_party"] is None
    assert by_id["create-documentation"]["deviates"] is None


def test_no_inversion_without_a_technical_order(catalogues: Catalogues) -> None:
    body = "assignments:\n  operate-kubernetes-cluster: community\n  define-success: 2i2c\n"
    responsibilities, entries, _ = facts(catalogues, body, "2i2c-srm-areas@late-2022")
    assert all(f.values["inversion"] is None for f in responsibilities)
    assert {f.values["move"] for f in entries} == {"moved"}
