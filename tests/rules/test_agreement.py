"""rules/agreement.py: reading an agreement's assignments, with their RACI roles, as written."""

from __future__ import annotations

from srm_check.core.codes import REQUIRED_KEY
from srm_check.rules.agreement import AgreementData, read_agreement
from srm_check.source.reader import parse_source

HEAD = "agreement: a\ncommunity: A\ncatalogue: c@1\neffective: 2026-01-01\nassignments:\n"


def read(body: str) -> AgreementData:
    (doc,) = parse_source(HEAD + body, "a.yaml", judged_elsewhere={"/assignments"}).documents
    return read_agreement(doc)


def test_roles_are_read_with_their_role_and_place() -> None:
    data = read(
        "  run: {accountable: host, team: ops, responsible: [community, staff],"
        " consulted: x, informed: [y]}\n"
    )
    (item,) = data.assignments
    assert [(h.text, h.role, h.pointer) for h in item.holders] == [
        ("host", "accountable", "/assignments/run/accountable")
    ]
    assert [(h.text, h.role, h.pointer) for h in item.contributors] == [
        ("community", "responsible", "/assignments/run/responsible/0"),
        ("staff", "responsible", "/assignments/run/responsible/1"),
        ("x", "consulted", "/assignments/run/consulted"),
        ("y", "informed", "/assignments/run/informed/0"),
    ]
    assert [h.text for h in item.role("responsible")] == ["community", "staff"]
    assert item.role("accountable") == item.holders
    assert (item.team, item.team_pointer, item.team_span and item.team_span.line) == (
        "ops",
        "/assignments/run/team",
        6,
    )
    assert data.problems == []


def test_party_and_accountable_both_name_the_holder() -> None:
    (item,) = read("  run: {party: host, accountable: [community]}\n").assignments
    assert [(h.text, h.pointer) for h in item.holders] == [
        ("host", "/assignments/run/party"),
        ("community", "/assignments/run/accountable/0"),
    ]
    # A finding about the holder points at the first key that names it.
    assert item.value_span.column == 16


def test_empty_entries_of_lists() -> None:
    data = read(
        "  a: [host, '']\n"  # an empty entry beside a party
        "  b: ['']\n"  # nothing but an empty entry: nobody, not an empty entry
        "  c: {party: host, responsible: [null, community], informed: ['  ']}\n"
        "  d: ''\n"  # an empty name: nobody
    )
    a, b, c, d = data.assignments
    assert [(h.pointer, h.role) for h in a.blanks] == [("/assignments/a/1", "accountable")]
    assert (b.holders, b.blanks) == ([], [])
    assert [(h.pointer, h.role) for h in c.blanks] == [
        ("/assignments/c/responsible/0", "responsible"),
        ("/assignments/c/informed/0", "informed"),
    ]
    assert (d.holders, d.blanks) == ([], [])
    assert data.problems == []


def test_a_long_form_without_a_holder_key_is_a_located_problem() -> None:
    data = read("  run: {team: ops, responsible: [community]}\n")
    (problem,) = data.problems
    assert problem.code == REQUIRED_KEY
    assert problem.pointer == "/assignments/run/party"
    assert problem.message == "missing required key 'party' (or 'accountable'): who holds the responsibility"
    assert (problem.span.line, problem.span.column) == (6, 8)


def test_a_repeated_key_is_located_at_the_repeat() -> None:
    data = read("  run: host\n  run: {team: ops, consulted: [community]}\n")
    _, again = data.assignments
    assert again.duplicate_of is not None and again.duplicate_of.line == 6
    assert {h.span.line for h in again.contributors} == {7}
    assert again.team_span is not None and again.team_span.line == 7
    (problem,) = data.problems  # its missing holder, at the repeat, not at the first entry
    assert problem.span.line == 7


def test_list_form_entries_have_roles_too() -> None:
    data = read(
        "  - {responsibility: run, accountable: host, informed: [community]}\n  - {responsibility: use}\n"
    )
    run, use = data.assignments
    assert [h.pointer for h in run.contributors] == ["/assignments/0/informed/0"]
    (problem,) = data.problems
    assert problem.pointer == "/assignments/1/party"
    assert use.holders == []


def test_entries_are_read_when_first_asked_for_with_their_problems_known_at_once() -> None:
    """A mapping without repeated keys is read into entries only when asked (an agreement whose
    assignments passed before is judged without them); its problems are there from the start,
    the same as when the entries are read at once (a repeated key elsewhere in the mapping)."""
    body = "  use-hub: {team: t}\n  manage-data: 2i2c\n"
    lazy = read(body)
    assert lazy._assignments is None
    eager = read(body + "  manage-data: community\n")
    assert eager._assignments is not None
    problem = ("missing required key 'party' (or 'accountable'): who holds the responsibility", REQUIRED_KEY)
    assert [(p.message, p.code, p.pointer, p.span) for p in lazy.problems] == [
        (*problem, "/assignments/use-hub/party", eager.problems[0].span)
    ]
    eager_problems = [(p.message, p.code, p.pointer) for p in eager.problems]
    assert eager_problems == [(*problem, "/assignments/use-hub/party")]
    assert [(a.responsibility, [h.text for h in a.holders], a.team) for a in lazy.assignments] == [
        ("use-hub", [], "t"),
        ("manage-data", ["2i2c"], None),
    ]
    assert lazy.assignments == eager.assignments[:2]
    assert lazy._assignments is not None
