"""authoring/validate/conditions.py: `where` conditions naming what no catalogue has."""

from __future__ import annotations

from pathlib import Path

from srm_check.authoring.validate.conditions import Known, dead_conditions
from srm_check.authoring.validate.files import YamlFile
from srm_check.source.reader import parse_source

KNOWN = Known({"run", "use"}, {"community", "host"})


def _file(where: str, given: str = "responsibility") -> YamlFile:
    text = f"rules:\n  - id: R1\n    given: {given}\n    where:\n{where}"
    (doc,) = parse_source(text, "r.yaml").documents
    return YamlFile(Path("r.yaml"), "r.yaml", doc)


def test_conditions_on_known_names_or_other_fields_are_alive() -> None:
    where = (
        "      - {field: id, equals: run}\n"
        "      - {field: default_party, in: [community, host]}\n"
        "      - {field: party, equals: nobody}\n"  # not a catalogue name: anything may be written
        "      - {field: id, equals: 3}\n"  # not a name at all
    )
    assert dead_conditions(_file(where), KNOWN) == []


def test_each_unknown_name_is_located_in_its_condition() -> None:
    first, second = (
        "      - {field: id, equals: runn}",
        "      - {field: default_party, in: [community, hots]}",
    )
    problems = dead_conditions(_file(f"{first}\n{second}\n"), KNOWN)  # lines 5 and 6
    assert [(p.span.line, p.span.column, p.message) for p in problems] == [
        (
            5,
            first.index("runn") + 1,
            "rule R1: no catalogue of the policy has the responsibility 'runn', "
            "so this condition never holds",
        ),
        (
            6,
            second.index("hots") + 1,
            "rule R1: no catalogue of the policy has the party 'hots', so this condition never holds",
        ),
    ]


def test_which_fields_name_responsibilities_depends_on_the_facts() -> None:
    assert (
        len(dead_conditions(_file("      - {field: responsibility, equals: x}\n", "assignment"), KNOWN)) == 1
    )
    assert dead_conditions(_file("      - {field: id, equals: x}\n", "assignment"), KNOWN) == []
