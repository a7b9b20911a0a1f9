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


def _free(rid: str, number: int, extra: str = "") -> str:
    """A responsibility without a default party."""
    return f"  - {{id: {rid}, number: {number}, title: T, description: D.{extra}}}\n"


def test_a_catalogue_without_defaults_or_order() -> None:
    text = HEAD + "technical_order: false\n" + PARTIES + "responsibilities:\n" + _free("b", 2) + _free("a", 3)
    index, problems = _load(text)
    assert problems == [] and index is not None
    assert index.ordered is False
    assert index.responsibilities["b"]["default_party"] is None
    assert index.direction(None, "host") is None  # no default: no move
    assert index.direction("community", "host") == "moved"  # no order: no direction
    assert index.direction("community", "partner") == "third-party"


def test_numbers_still_ascend_without_a_technical_order() -> None:
    text = HEAD + "technical_order: false\n" + PARTIES + "responsibilities:\n" + _free("b", 2) + _free("a", 1)
    _, problems = _load(text)
    assert _messages(problems) == [(14, "responsibilities must be listed in the order of their numbers")]


def test_directions_along_the_technical_order() -> None:
    text = HEAD + PARTIES + "responsibilities:\n" + _responsibility("use", 1, "community")
    index, _ = _load(text)
    assert index is not None and index.ordered is True
    assert index.direction("community", "host") == "provider-more"
    assert index.direction("host", "community") == "community-more"
    assert index.direction("host", "host") is None


def test_areas_roles_defaults_and_shared_roles_name_what_the_catalogue_declares() -> None:
    text = (
        HEAD
        + PARTIES
        + """areas:
  - {id: ops-area, name: Ops, roles: [ops, host, nobody]}
  - {id: ops-area, name: Again}
responsibilities:
"""
        + _free(
            "a",
            1,
            ", area: ops-area, shared: {responsible: [community, staff, elsewhere], informed: [community]}",
        )
        + _free("b", 2, ", area: no-area, default_team: ops")
        + _free("c", 3, ", default_party: staff")
        + _free("d", 4, ", shared: {}")
    )
    index, problems = _load(text)
    assert index is None
    assert _messages(problems) == [
        (12, "role 'host' of area 'ops-area' is a party, not a team"),
        (12, "role 'nobody' of area 'ops-area' is not a declared team"),
        (13, "area id 'ops-area' is declared twice"),
        (15, "'staff' in shared.responsible is a team of 'community', not a party"),
        (15, "'elsewhere' in shared.responsible is not a declared party"),
        (15, "'community' is named twice in shared"),
        (16, "area 'no-area' is not declared in areas"),
        (16, "a default_team needs a default_party, the party it belongs to"),
        (17, "default party 'staff' is not declared in parties ('staff' is a team of 'community')"),
        (18, "shared names no party: list the parties under responsible, consulted or informed"),
    ]


def test_an_area_needs_areas() -> None:
    text = HEAD + PARTIES + "responsibilities:\n" + _free("a", 1, ", area: ops")
    _, problems = _load(text)
    assert _messages(problems) == [(12, "area 'ops' is not declared (the catalogue declares no areas)")]


def test_begins_at_needs_a_technical_order() -> None:
    text = (
        HEAD
        + "technical_order: false\n"
        + PARTIES
        + "boundary: {statement: From two on, begins_at: 2}\nresponsibilities:\n"
        + _free("a", 1)
        + _free("b", 2)
    )
    _, problems = _load(text)
    assert _messages(problems) == [
        (12, "boundary.begins_at needs a technical order, but technical_order is false")
    ]
