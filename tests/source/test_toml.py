"""source/toml.py: one table of a TOML file as a Document whose keys are located by line."""

from __future__ import annotations

from pathlib import Path

from srm_check.core.span import Span
from srm_check.source.toml import load_table

PYPROJECT = """\
[project]
name = "x"
fail-on = "warning"

[tool.srm-check]
fail-on = "note"   # a comment
  select = ["SRM101"]
"quoted-key" = 1

[tool.srm-check.severity]
SRM202 = "error"

[tool.other]
paths = ["b"]
"""


def pyproject(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_table_is_its_value(tmp_path: Path) -> None:
    doc, problems = load_table(pyproject(tmp_path, PYPROJECT), "pyproject.toml", "tool.srm-check")
    assert problems == [] and doc is not None
    assert doc.value == {
        "fail-on": "note",
        "select": ["SRM101"],
        "quoted-key": 1,
        "severity": {"SRM202": "error"},
    }


def test_each_key_is_located_on_its_line(tmp_path: Path) -> None:
    doc, _ = load_table(pyproject(tmp_path, PYPROJECT), "pyproject.toml", "tool.srm-check")
    assert doc is not None
    # From the key to the end of the line; a key of another table with the same name is not taken.
    assert doc.key_spans["/fail-on"] == doc.spans["/fail-on"] == Span(6, 1, 6, 31)
    assert doc.key_spans["/select"] == Span(7, 3, 7, 22)  # indented
    assert doc.key_spans["/quoted-key"] == Span(8, 1, 8, 17)  # quoted, named without its quotes
    assert doc.spans[""] == Span(5, 1, 5, 1)  # the table's header


def test_sub_tables_and_their_keys_are_located(tmp_path: Path) -> None:
    doc, _ = load_table(pyproject(tmp_path, PYPROJECT), "pyproject.toml", "tool.srm-check")
    assert doc is not None
    assert doc.spans["/severity"] == Span(10, 1, 10, 26)
    assert doc.key_spans["/severity/SRM202"] == Span(11, 1, 11, 17)
    assert "/paths" not in doc.spans and "/name" not in doc.spans  # other tables' keys


def test_a_missing_table_is_empty_and_at_the_start(tmp_path: Path) -> None:
    doc, problems = load_table(
        pyproject(tmp_path, "[tool.other]\nx = 1\n"), "pyproject.toml", "tool.srm-check"
    )
    assert problems == [] and doc is not None
    assert (doc.value, doc.spans) == ({}, {"": Span(1, 1, 1, 1)})


def test_invalid_toml_is_located(tmp_path: Path) -> None:
    doc, problems = load_table(
        pyproject(tmp_path, "[tool.srm-check]\nfail-on = \n"), "shown.toml", "tool.srm-check"
    )
    assert doc is None
    (problem,) = problems
    assert (problem.path, problem.span) == ("shown.toml", Span(2, 11, 2, 12))
    assert problem.message.startswith("invalid TOML: ")
    assert "at line" not in problem.message  # the position is in the span, not repeated


def test_a_key_in_the_way_of_the_table_is_located(tmp_path: Path) -> None:
    doc, problems = load_table(pyproject(tmp_path, 'name = "x"\ntool = 5\n'), "p", "tool.srm-check")
    assert doc is None
    assert [(p.message, p.span.line, p.span.column) for p in problems] == [
        ("'tool' must be a table, not int", 2, 1)
    ]


def test_invalid_utf8_is_located_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b'[tool.srm-check]\nfail-on = "\xff"\n')
    doc, problems = load_table(path, "pyproject.toml", "tool.srm-check")
    assert doc is None
    assert [(p.code, p.path, p.span.line, p.span.column) for p in problems] == [
        ("SRM003", "pyproject.toml", 2, 12)
    ]


def test_nesting_too_deep_for_the_parser_is_a_problem(tmp_path: Path) -> None:
    doc, problems = load_table(pyproject(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n"), "p", "tool.x")
    assert doc is None
    # Python's parser recurses; whatever it raises (by version), it is a located TOML problem.
    assert len(problems) == 1 and problems[0].message.startswith("invalid TOML")
