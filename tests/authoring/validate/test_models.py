"""authoring/validate/models.py: pydantic errors located at the deepest node they name."""

from __future__ import annotations

from pathlib import Path

from srm_check.authoring.validate.files import YamlFile
from srm_check.authoring.validate.models import error_pointer, model_problems
from srm_check.source.reader import parse_source


def test_error_locations_become_pointers_without_union_branch_names() -> None:
    value = {"rules": [{"then": {"a/b": 1}}]}
    assert error_pointer(value, ("rules", 0, "then", "a/b")) == "/rules/0/then/a~1b"
    assert error_pointer(value, ("rules", 0, "RuleThen", "then")) == "/rules/0/then"
    assert error_pointer(value, ("rules", 5)) == "/rules"
    assert error_pointer(value, ()) == ""


def test_model_problems_are_located_in_the_file() -> None:
    from srm_check.schemas.models.policytest import PolicyTestFile

    text = "tests:\n  - name: x\n    agreement: a.yaml\n    expects: []\n"
    (doc,) = parse_source(text, "t.yaml").documents
    problems = model_problems(YamlFile(Path("t.yaml"), "t.yaml", doc), PolicyTestFile)
    assert problems
    assert all(p.path == "t.yaml" for p in problems)
    located = [p for p in problems if p.message.endswith("(at /tests/0/expects)")]
    assert located and located[0].span.line == 4
    (good,) = parse_source("tests:\n  - {name: x, agreement: a.yaml, strict: true}\n", "t.yaml").documents
    assert model_problems(YamlFile(Path("t.yaml"), "t.yaml", good), PolicyTestFile) == []
