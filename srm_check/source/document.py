"""A parsed YAML file: its documents, each with the source span of every node.

Values are plain Python data; `spans` maps each node's JSON pointer to where it was
written, so that every later stage can locate what it reports.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.span import FILE_START, Span, escape_pointer_token, unescape_pointer_token


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


def text_spans(doc: Document, needle: str) -> list[Span]:
    """The spans of the document's text scalars (values and keys) that contain `needle`.

    Where `#` is text rather than a comment, for instance: comments are not in the data, so a
    reader of comments skips these spans. One walk over the values, each node once (an alias
    is walked again at each use, within the file's node limit).
    """
    out = [span for pointer, span in doc.key_spans.items() if needle in _last_token(pointer)]
    stack: list[tuple[str, Any]] = [("", doc.value)]
    # A repeated key's value is not in the data; its nodes' spans are kept under `<key>~dup`.
    stack += [(f"{d.mapping_pointer}/{escape_pointer_token(d.key)}~dup", d.value) for d in doc.duplicates]
    out += [d.value_span for d in doc.duplicates if isinstance(d.value, str) and needle in d.value]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            if needle in value and pointer in doc.spans:
                out.append(doc.spans[pointer])
        elif isinstance(value, dict):
            stack.extend((f"{pointer}/{escape_pointer_token(key)}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(value))
    return out


def _last_token(pointer: str) -> str:
    return unescape_pointer_token(pointer.rsplit("/", 1)[-1])


class SourceFile(NamedTuple):
    """A file's documents and problems; `problems` non-empty means data may be missing."""

    path: str
    documents: list[Document]
    problems: list[Problem]
    data: bytes = b""
    text: str = ""  # the decoded text, for readers of comments (inline waivers)
