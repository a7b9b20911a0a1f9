"""A parsed YAML file: its documents, each with the source span of every node.

Values are plain Python data; `spans` maps each node's JSON pointer to where it was
written, so that every later stage can locate what it reports.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.span import FILE_START, Span


class DuplicateKey(NamedTuple):
    """A key that appears twice in one mapping; the first value wins in `value`."""

    mapping_pointer: str
    key: str
    first: Span
    duplicate: Span
    value: Any
    value_span: Span


class Document(Record):
    """One YAML document: its data, and where each node of it came from."""

    __slots__ = ("duplicates", "index", "key_spans", "spans", "value")

    index: int
    value: Any
    spans: dict[str, Span]
    key_spans: dict[str, Span]
    duplicates: list[DuplicateKey]

    def __init__(
        self,
        index: int,
        value: Any,
        spans: dict[str, Span] | None = None,
        key_spans: dict[str, Span] | None = None,
        duplicates: list[DuplicateKey] | None = None,
    ) -> None:
        self.index = index
        self.value = value
        self.spans = {} if spans is None else spans
        self.key_spans = {} if key_spans is None else key_spans
        self.duplicates = [] if duplicates is None else duplicates

    def span(self, pointer: str) -> Span:
        """The span of the node at `pointer`, or of its nearest existing ancestor."""
        while pointer not in self.spans and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.spans.get(pointer, FILE_START)


class SourceFile(NamedTuple):
    """A file's documents and problems; `problems` non-empty means data may be missing."""

    path: str
    documents: list[Document]
    problems: list[Problem]
    data: bytes = b""
    text: str = ""  # the decoded text, for readers of comments (inline waivers)
