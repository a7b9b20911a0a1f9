"""The cost-note values of an assignment fact: its text, its amount, and whether the amount's
sign agrees with the direction of the move."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from srm_check.core.span import Span
from srm_check.source.document import Document

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AssignmentData


def amount_location(item: AssignmentData, doc: Document) -> tuple[str, Span]:
    """The amount's node; in a repeated entry (whose inner nodes have no pointer), the note."""
    note_pointer = item.cost_note_pointer or item.pointer
    note_span = item.cost_note_span or item.value_span
    if item.cost_note is None or item.cost_note.amount is None:
        return note_pointer, note_span
    pointer = f"{note_pointer}/amount"
    return pointer, (note_span if item.duplicate_of is not None else doc.span(pointer))


def sign_conflict(item: AssignmentData, sign: int | None) -> bool | None:
    """Whether a nonzero, finite amount has the other sign than `sign` (+1 or -1, the sign a
    move implies); None when there is no amount or no direction."""
    note = item.cost_note
    amount = note.amount if note is not None else None
    if sign is None or amount is None or amount == 0:
        return None
    if isinstance(amount, float) and not math.isfinite(amount):
        return None
    return (amount > 0) != (sign > 0)
