"""policy/catalogue.py: one catalogue file, its structure and then the consistency of its ids."""

from __future__ import annotations

from srm_check.core.problem import Problem
from srm_check.policy.catalogue import load_catalogue
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.source.reader import parse_source

HEAD = 'catalogue: mini\nversion: "1"\ntitle: Mini model\n'
PARTIES = """parties:
  - id: community
    name: Community
    teams: [{id: staff, name: Staff}]
  - id: host
    name: Host
    teams: [{id: ops, name: Operations}]
"""


def _responsibility(rid: str, number: int, party: str, team: str | None = None) -> str:
    extra = f", default_team: {team}" if team else ""
    return f"  - {{id: {rid}, number: {number}, title: T, description: D., default_party: {party}{extra}}}\n"


def _load(text: str) -> tuple[CatalogueIndex | None, list[Problem]]:
    (doc,) = parse_source(text, "mini.yaml").documents
    problems: list[Problem] = []
    return load_catalogue(doc, "mini.yaml", "abc123", problems), problems


def _messages(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.span.line, p.message) for p in problems]


def test_a_consistent_catalogue_gives_its_look_ups() -> None:
    text = (
        HEAD
        + PARTIES
        + "responsibilities:\n"
        + _responsibility("use", 1, "community", "staff")
        + _responsibility("run", 2, "host", "ops")
    )
    index, problems = _load(text)
    assert problems == [] and index is not None
    assert (index.ref, index.path, index.sha256) == ("mini@1", "mini.yaml", "abc123")
    assert index.order == ["use", "run"]
    assert index.party_rank == {"community": 0, "host": 1}
    assert index.teams == {"staff": "community", "ops": "host"}
    assert index.responsibilities["run"]["default_party"] == "host"


def test_structure_problems_come_alone_with_their_pointer() -> None:
    index, problems = _load(HEAD + PARTIES + "responsibilities: nope\n")
    assert index is None
    (problem,) = problems
    assert problem.path == "mini.yaml" and problem.span.line == 11
    assert problem.message.endswith("(at /responsibilities)")


def test_repeated_party_and_team_ids_are_located() -> None:
    parties = """parties:
  - {id: community, name: Community, teams: [{id: host, name: X}, {id: staff, name: S}]}
  - {id: host, name: Host, teams: [{id: staff, name: Again}]}
  - {id: community, name: Twice}
"""
    index, problems = _load(HEAD + parties + "responsibilities:\n" + _responsibility("use", 1, "community"))
    assert index is None
    assert _messages(problems) == [
        (7, "party id 'community' is declared twice"),
        (5, "team id 'host' is already used"),
        (6, "team id 'staff' is already used"),
    ]


def test_responsibilities_are_unique_in_order_and_default_to_declared_parties_and_teams() -> None:
    text = (
        HEAD
        + PARTIES
        + "responsibilities:\n"
        + _responsibility("use", 2, "community")  # line 12
        + _responsibility("use", 3, "host")  # 13: id repeated
        + _responsibility("run", 3, "host")  # 14: number repeated
        + _responsibility("fix", 1, "nobody")  # 15: out of order, unknown party
        + _responsibility("ask", 4, "community", "ops")  # 16: team of another party
    )
    index, problems = _load(text)
    assert index is None
    assert _messages(problems) == [
        (13, "responsibility id 'use' is repeated"),
        (14, "responsibility number 3 is repeated"),
        (15, "responsibilities must be listed in their technical order (by number)"),
        (15, "default party 'nobody' is not declared in parties"),
        (16, "default team 'ops' is not a team of 'community'"),
    ]
    assert {p.path for p in problems} == {"mini.yaml"}
