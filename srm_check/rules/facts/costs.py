"""The cost-note values of an assignment fact: its text, its amount, and whether the amount's
sign agrees with the direction of the move."""

from __future__ import annotations

import math
from typing import NamedTuple

from srm_check.core.span import Span
from srm_check.rules.agreement import AssignmentData
from srm_check.source.document import Document


class CostValues(NamedTuple):
    text: str | None
    amount: int | float | None
    expected_change: str | None
    sign_conflict: bool | None
    location: tuple[str, Span]


def _amount_location(item: AssignmentData, doc: Document) -> tuple[str, Span]:
    """The amount's node; in a repeated entry (whose inner nodes have no pointer), the note."""
    note_pointer = item.cost_note_pointer or item.pointer
    note_span = item.cost_note_span or item.value_span
    if item.cost_note is None or item.cost_note.amount is None:
        return note_pointer, note_span
    pointer = f"{note_pointer}/amount"
    return pointer, (note_span if item.duplicate_of is not None else doc.span(pointer))


def cost_values(item: AssignmentData, doc: Document, expected: tuple[str, int] | None) -> CostValues:
    """`expected` is the change a move implies and the sign (+1 or -1) of the amount it takes."""
    note = item.cost_note
    amount = note.amount if note is not None else None
    conflict: bool | None = None
    usable = amount is not None and not (isinstance(amount, float) and not math.isfinite(amount))
    if expected is not None and amount is not None and usable and amount != 0:
        conflict = (amount > 0) != (expected[1] > 0)
    return CostValues(
        note.text if note is not None else None,
        amount,
        expected[0] if expected is not None else None,
        conflict,
        _amount_location(item, doc),
    )
