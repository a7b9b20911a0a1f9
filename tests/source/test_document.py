"""source/document.py: a document's nodes are located by JSON pointer, or by their nearest ancestor."""

from __future__ import annotations

from srm_check.core.span import FILE_START, Span
from srm_check.source.document import Document
from srm_check.source.reader import parse_text


def test_span_of_a_missing_node_is_its_nearest_ancestor() -> None:
    (doc,), problems = parse_text("assignments:\n  use-hub: community\n")
    assert problems == []
    assert doc.span("/assignments/manage-data/party") == doc.spans["/assignments"]
    assert Document(0, None).span("/anything") == FILE_START


def test_span_of_an_existing_node_is_its_own() -> None:
    doc = Document(0, {}, spans={"": Span(1, 1, 3, 1), "/a": Span(2, 4, 2, 5)})
    assert doc.span("/a") == Span(2, 4, 2, 5)
    assert doc.span("") == Span(1, 1, 3, 1)
    assert doc.span("/b/c") == Span(1, 1, 3, 1)
