"""One assignment entry as written, and the parties it names: what `read_agreement` makes of
each entry under `assignments` (kept apart from it, so that both stay short)."""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.core.record import Record
from srm_check.core.span import Span
from srm_check.source.document import LazySpan, OptionalLazySpan

# The roles an assignment can name, strongest first. `party` is another name for `accountable`.
ROLES = ("accountable", "responsible", "consulted", "informed")
HOLDER_KEYS = ("party", "accountable")


class Holder(Record):
    """A party (or team) named in an assignment, as written, with the role it is named in.

    An empty entry of a list (null, or blank text) is a Holder with empty `text`. Its span is
    made from the parser's record when first asked for (most are never asked for).
    """

    __slots__ = ("_place", "pointer", "role", "text")

    text: str
    pointer: str
    role: str

    def __init__(self, text: str, pointer: str, span: Any, role: str = "accountable") -> None:
        self.text = text
        self.pointer = pointer
        self._place = span
        self.role = role

    def _names(self) -> tuple[str, ...]:
        return ("pointer", "role", "span", "text")

    span = LazySpan("_place")


class CostNote(NamedTuple):
    """A cost note: text, and for reports an optional amount, currency and period."""

    text: str
    amount: int | float | None = None
    currency: str | None = None
    period: str | None = None


class AssignmentData(Record):
    """One assignment entry, as written; several may name the same responsibility.

    `holders` are the accountable parties (under `party` or `accountable`), `contributors`
    the responsible, consulted and informed ones, `blanks` the empty entries of their lists.
    """

    __slots__ = (
        "_cost_note_place",
        "_key_place",
        "_team_place",
        "_value_place",
        "blanks",
        "contributors",
        "cost_note",
        "cost_note_pointer",
        "duplicate_of",
        "holders",
        "note",
        "pointer",
        "responsibility",
        "team",
        "team_pointer",
    )

    responsibility: str
    pointer: str
    holders: list[Holder]
    contributors: list[Holder]
    blanks: list[Holder]
    team: str | None
    team_pointer: str | None
    cost_note: CostNote | None
    cost_note_pointer: str | None
    duplicate_of: Span | None
    note: str

    def __init__(
        self,
        responsibility: str,
        pointer: str,
        key_span: Any,
        value_span: Any,
        holders: list[Holder],
        team: str | None = None,
        cost_note: CostNote | None = None,
        cost_note_pointer: str | None = None,
        cost_note_span: Any = None,
        duplicate_of: Span | None = None,
        note: str = "",
        contributors: list[Holder] | None = None,
        blanks: list[Holder] | None = None,
        team_pointer: str | None = None,
        team_span: Any = None,
    ) -> None:
        self.responsibility = responsibility
        self.pointer = pointer
        self._key_place = key_span
        self._value_place = value_span
        self.holders = holders
        self.team = team
        self.cost_note = cost_note
        self.cost_note_pointer = cost_note_pointer
        self._cost_note_place = cost_note_span
        self.duplicate_of = duplicate_of
        self.note = note
        self.contributors = [] if contributors is None else contributors
        self.blanks = [] if blanks is None else blanks
        self.team_pointer = team_pointer
        self._team_place = team_span

    def _names(self) -> tuple[str, ...]:
        return (
            "blanks",
            "contributors",
            "cost_note",
            "cost_note_pointer",
            "cost_note_span",
            "duplicate_of",
            "holders",
            "key_span",
            "note",
            "pointer",
            "responsibility",
            "team",
            "team_pointer",
            "team_span",
            "value_span",
        )

    # Spans are made from the parser's records when first asked for.
    key_span = LazySpan("_key_place")
    value_span = LazySpan("_value_place")
    team_span = OptionalLazySpan("_team_place")
    cost_note_span = OptionalLazySpan("_cost_note_place")

    def role(self, role: str) -> list[Holder]:
        """The parties named in `role` (accountable: the holders)."""
        if role == "accountable":
            return self.holders
        return [h for h in self.contributors if h.role == role] if self.contributors else []

    def role_texts(self) -> tuple[str, str, str]:
        """The responsible, consulted and informed names, each role as text ('' for none)."""
        if not self.contributors:
            return "", "", ""
        responsible, consulted, informed = (", ".join(h.text for h in self.role(r)) for r in ROLES[1:])
        return responsible, consulted, informed
