"""One fact: the flat view of a part of an agreement that rules select with `given` and test with `then`."""

from __future__ import annotations

from typing import Any

from srm_check.core.record import Record
from srm_check.core.span import Span


class Fact(Record):
    """One fact: field values, a default location, and per-field locations."""

    __slots__ = ("fields", "kind", "pointer", "related", "span", "values")

    kind: str
    values: dict[str, Any]
    pointer: str
    span: Span
    fields: dict[str, tuple[str, Span]]
    related: list[tuple[Span, str]]

    def __init__(
        self,
        kind: str,
        values: dict[str, Any],
        pointer: str,
        span: Span,
        fields: dict[str, tuple[str, Span]] | None = None,
        related: list[tuple[Span, str]] | None = None,
    ) -> None:
        self.kind = kind
        self.values = values
        self.pointer = pointer
        self.span = span
        self.fields = {} if fields is None else fields
        self.related = [] if related is None else related

    def location(self, name: str) -> tuple[str, Span]:
        """Where a finding about field `name` points: the field's own place, else the fact's."""
        return self.fields.get(name, (self.pointer, self.span))
