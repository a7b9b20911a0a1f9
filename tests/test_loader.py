"""Reading YAML as a capability: every shipped file reads the same with or without libyaml.

The loader's units have their own tests in tests/source/ (events, scalars, reader, toml, document).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AGREEMENTS, ROOT

from srm_check.core.problem import Problem
from srm_check.source.document import Document
from srm_check.source.events import build_documents
from srm_check.source.reader import MAX_DEPTH, MAX_NODES, parse_text


def one(text: str) -> Document:
    docs, problems = parse_text(text)
    assert problems == []
    (doc,) = docs
    return doc


def shipped_yaml() -> list[Path]:
    return sorted([*AGREEMENTS.glob("*.yaml"), *(ROOT / "policies").rglob("*.yaml")])


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda p: p.name)
def test_pure_python_parser_builds_the_same_documents(path: Path) -> None:
    """The fallback used where libyaml is missing (PyPy) gives the same values and spans."""
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    expected = one(text)
    events = iter(YAML(typ="safe", pure=True).parse(text))
    problems: list[Problem] = []
    (doc,) = build_documents(lambda: next(events), problems, MAX_DEPTH, MAX_NODES)
    assert problems == []
    # repr, not ==: a fixture holds `.nan`, which equals nothing, not even itself.
    assert repr(doc.value) == repr(expected.value)
    assert (doc.spans, doc.key_spans) == (expected.spans, expected.key_spans)
