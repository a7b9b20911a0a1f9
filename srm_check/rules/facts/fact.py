"""One fact: the flat view of a part of an agreement that rules select with `given` and test with `then`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srm_check.core.span import Span


@dataclass(slots=True)
class Fact:
    """One fact: field values, a default location, and per-field locations."""

    kind: str
    values: dict[str, Any]
    pointer: str
    span: Span
    fields: dict[str, tuple[str, Span]] = field(default_factory=dict)
    related: list[tuple[Span, str]] = field(default_factory=list)

    def location(self, name: str) -> tuple[str, Span]:
        """Where a finding about field `name` points: the field's own place, else the fact's."""
        return self.fields.get(name, (self.pointer, self.span))
