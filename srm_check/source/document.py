"""A parsed YAML file: its documents, each with the source span of every node.

Values are plain Python data; `spans` maps each node's JSON pointer to where it was
written, so that every later stage can locate what it reports. The parser records a node's
place as it comes (the parser's event, which holds its marks) and a `Span` is made only
when someone asks for that place (`span`, `key_span`): most places are never asked for.
"""

from __future__ import annotations

from typing import Any

from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.span import FILE_START, Span, escape_pointer_token, unescape_pointer_token
from srm_check.core.tuples import NamedTuple


class DuplicateKey(NamedTuple):
    """A key that appears twice in one mapping; the first value wins in `value`."""

    mapping_pointer: str
    key: str
    first: Span
    duplicate: Span
    value: Any
    value_span: Span


def as_span(place: Any) -> Span:
    """A recorded place as a Span: a Span already, or a parser event (its start and end marks)."""
    if place.__class__ is Span:
        return place
    start, end = place.start_mark, place.end_mark
    return _new(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


def is_empty(place: Any) -> bool:
    """Whether a recorded place has no extent (a null written as nothing)."""
    if place.__class__ is Span:
        return bool(place.line == place.end_line and place.column == place.end_column)
    start, end = place.start_mark, place.end_mark
    return bool(start.line == end.line and start.column == end.column)


_new = tuple.__new__  # Span made without its Python-level __new__: this runs for most nodes


class LazySpan:
    """An attribute holding a place as the parser recorded it (a Span, or its event), read as a
    Span made when first asked for (and kept); it stores the place in the slot `slot`."""

    __slots__ = ("slot",)

    def __init__(self, slot: str) -> None:
        self.slot = slot

    def __get__(self, obj: object, owner: type | None = None) -> Span:
        place = getattr(obj, self.slot)
        if place.__class__ is not Span:
            place = as_span(place)
            setattr(obj, self.slot, place)
        return place

    def __set__(self, obj: object, place: Any) -> None:
        setattr(obj, self.slot, place)


class OptionalLazySpan(LazySpan):
    """A `LazySpan` that may be absent (None)."""

    __slots__ = ()

    def __get__(self, obj: object, owner: type | None = None) -> Span | None:  # type: ignore[override]
        return None if getattr(obj, self.slot) is None else super().__get__(obj, owner)


class Document(Record):
    """One YAML document: its data, and where each node of it came from.

    `places` and `key_places` hold what the parser recorded (Spans, or events to make them
    from); `spans` and `key_spans` are the same maps with every place made a Span.
    """

    __slots__ = ("_exact", "duplicates", "index", "key_places", "places", "value")

    index: int
    value: Any
    places: dict[str, Any]
    key_places: dict[str, Any]
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
        self.places = {} if spans is None else spans
        self.key_places = {} if key_spans is None else key_spans
        self.duplicates = [] if duplicates is None else duplicates
        self._exact = False  # whether every place is a Span already

    def _names(self) -> tuple[str, ...]:
        return ("index", "value", "spans", "key_spans", "duplicates")

    @property
    def spans(self) -> dict[str, Span]:
        """Each node's span, by JSON pointer."""
        self._make_exact()
        return self.places

    @property
    def key_spans(self) -> dict[str, Span]:
        """Each mapping key's span, by the JSON pointer of its value."""
        self._make_exact()
        return self.key_places

    def _make_exact(self) -> None:
        if not self._exact:
            for places in (self.places, self.key_places):
                for pointer, place in places.items():
                    if place.__class__ is not Span:
                        places[pointer] = as_span(place)
            self._exact = True

    def span(self, pointer: str) -> Span:
        """The span of the node at `pointer`, or of its nearest existing ancestor."""
        places = self.places
        while pointer not in places and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        place = places.get(pointer)
        if place is None:
            return FILE_START
        if place.__class__ is Span:
            return place
        span = places[pointer] = as_span(place)
        return span

    def place(self, pointer: str) -> Any:
        """Where the node at `pointer` (or its nearest existing ancestor) was recorded, as the
        parser left it: `as_span` makes it a Span when a finding needs it."""
        places = self.places
        while pointer not in places and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return places.get(pointer, FILE_START)

    def key_span(self, pointer: str) -> Span | None:
        """The span of the key whose value is at `pointer` (None: not a mapping's value)."""
        place = self.key_places.get(pointer)
        return None if place is None else as_span(place)


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
