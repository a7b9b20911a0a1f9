"""authoring/validate/boundary.py: a catalogue's boundary against its default parties."""

from __future__ import annotations

from pathlib import Path

from srm_check.authoring.validate.boundary import boundary_problems
from srm_check.authoring.validate.files import YamlFile
from srm_check.source.reader import parse_source

HEAD = """catalogue: mini
parties: [{id: community}, {id: host}]
"""


def _file(text: str) -> YamlFile:
    (doc,) = parse_source(text, "mini.yaml").documents
    return YamlFile(Path("mini.yaml"), "mini.yaml", doc)


def _responsibilities(*defaults: str) -> str:
    lines = [f"  - {{id: r{n}, number: {n}, default_party: {p}}}" for n, p in enumerate(defaults, 1)]
    return "responsibilities:\n" + "\n".join(lines) + "\n"


def test_no_boundary_or_a_consistent_one_is_fine() -> None:
    assert boundary_problems(_file(HEAD + _responsibilities("host", "community"))) == []
    consistent = HEAD + "boundary: {begins_at: 2}\n" + _responsibilities("community", "host", "host")
    assert boundary_problems(_file(consistent)) == []


def test_a_boundary_at_no_responsibility_is_one_problem() -> None:
    (problem,) = boundary_problems(
        _file(HEAD + "boundary: {begins_at: 7}\n" + _responsibilities("community"))
    )
    assert (problem.path, problem.span.line) == ("mini.yaml", 3)
    assert problem.message == "boundary.begins_at is 7, but no responsibility has that number"


def test_each_default_on_the_wrong_side_is_located_at_its_default_party() -> None:
    text = HEAD + "boundary: {begins_at: 2}\n" + _responsibilities("host", "host", "community")
    problems = boundary_problems(_file(text))
    assert [(p.span.line, p.message) for p in problems] == [
        (
            5,
            "'r1' (#1) defaults to 'host', but boundary.begins_at 2 says responsibilities before #2 "
            "default to the first party, 'community'",
        ),
        (
            7,
            "'r3' (#3) defaults to 'community', but boundary.begins_at 2 says a later party holds "
            "#2 onwards by default",
        ),
    ]


def test_responsibilities_without_a_default_are_not_judged() -> None:
    text = HEAD + "boundary: {begins_at: 2}\n" + _responsibilities("community", "null", "host", "null")
    assert boundary_problems(_file(text)) == []


def test_a_boundary_over_no_defaults_at_all_is_a_problem() -> None:
    (problem,) = boundary_problems(
        _file(HEAD + "boundary: {begins_at: 2}\n" + _responsibilities("null", "null"))
    )
    assert problem.span.line == 3
    assert problem.message == "boundary.begins_at is 2, but no responsibility has a default party to split"


def test_with_three_parties_begins_at_ends_only_the_first_partys_share() -> None:
    three = "catalogue: mini\nparties: [{id: lab}, {id: campus}, {id: cloud}]\nboundary: {begins_at: 2}\n"
    # From #2 on, any later party may be the default, in any mix.
    assert boundary_problems(_file(three + _responsibilities("lab", "cloud", "campus", "cloud"))) == []
    (problem,) = boundary_problems(_file(three + _responsibilities("lab", "campus", "lab")))
    assert problem.message.startswith("'r3' (#3) defaults to 'lab', but boundary.begins_at 2 says")
