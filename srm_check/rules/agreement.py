"""Read one YAML document as an agreement: structural problems plus normalized assignments.

The schema accepts the odd shapes of an assignment (a list of parties, null, an
empty name) because they are not structural errors but facts that rules judge:
"shared", "held by nobody". Repeated keys come from the loader and become
"assigned twice". Normalizing is lenient: whatever is readable is kept, so that one
structural slip does not hide every other finding.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.core.codes import EMPTY_FILE, WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.span import Span, escape_pointer_token
from srm_check.schemas.validator import validator
from srm_check.source.document import Document

# Repeated responsibilities under this mapping are facts for rules ("assigned twice",
# SRM106), not loader problems: the loader is told to leave them to us.
ASSIGNMENTS_POINTER = "/assignments"


class Holder(Record):
    """A party (or team) named as holding a responsibility, as written."""

    __slots__ = ("pointer", "span", "text")

    text: str
    pointer: str
    span: Span

    def __init__(self, text: str, pointer: str, span: Span) -> None:
        self.text = text
        self.pointer = pointer
        self.span = span


class CostNote(NamedTuple):
    """A cost note: text, and for reports an optional amount, currency and period."""

    text: str
    amount: int | float | None = None
    currency: str | None = None
    period: str | None = None


class AssignmentData(Record):
    """One assignment entry, as written; several may name the same responsibility."""

    __slots__ = (
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
        "value_span",
    )

    responsibility: str
    pointer: str
    key_span: Span
    value_span: Span
    holders: list[Holder]
    team: str | None
    cost_note: CostNote | None
    cost_note_pointer: str | None
    cost_note_span: Span | None
    duplicate_of: Span | None
    note: str

    def __init__(
        self,
        responsibility: str,
        pointer: str,
        key_span: Span,
        value_span: Span,
        holders: list[Holder],
        team: str | None = None,
        cost_note: CostNote | None = None,
        cost_note_pointer: str | None = None,
        cost_note_span: Span | None = None,
        duplicate_of: Span | None = None,
        note: str = "",
    ) -> None:
        self.responsibility = responsibility
        self.pointer = pointer
        self.key_span = key_span
        self.value_span = value_span
        self.holders = holders
        self.team = team
        self.cost_note = cost_note
        self.cost_note_pointer = cost_note_pointer
        self.cost_note_span = cost_note_span
        self.duplicate_of = duplicate_of
        self.note = note


class AgreementData(Record):
    """An agreement document after structural validation."""

    __slots__ = (
        "assignments",
        "assignments_pointer",
        "assignments_usable",
        "catalogue",
        "community",
        "document",
        "effective",
        "end",
        "id",
        "parties",
        "problems",
    )

    document: Document
    id: str | None
    community: str | None
    catalogue: str | None
    effective: str | None
    end: str | None
    parties: list[dict[str, Any]]
    assignments: list[AssignmentData]
    assignments_pointer: str
    assignments_usable: bool
    problems: list[Problem]

    def __init__(
        self,
        document: Document,
        id: str | None,
        community: str | None,
        catalogue: str | None,
        effective: str | None,
        end: str | None,
        parties: list[dict[str, Any]],
        assignments: list[AssignmentData],
        assignments_pointer: str = ASSIGNMENTS_POINTER,
        assignments_usable: bool = False,
        problems: list[Problem] | None = None,
    ) -> None:
        self.document = document
        self.id = id
        self.community = community
        self.catalogue = catalogue
        self.effective = effective
        self.end = end
        self.parties = parties
        self.assignments = assignments
        self.assignments_pointer = assignments_pointer
        self.assignments_usable = assignments_usable
        self.problems = [] if problems is None else problems


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _cost_note(value: Any) -> CostNote | None:
    if isinstance(value, str):
        return CostNote(value)
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        amount = value.get("amount")
        if not isinstance(amount, int | float) or isinstance(amount, bool):
            amount = None
        return CostNote(value["text"], amount, _text(value.get("currency")), _text(value.get("period")))
    return None


def _holders(value: Any, pointer: str, doc: Document) -> list[Holder]:
    """Holders named by a party value: a name, a list of names, or null/empty (nobody)."""
    if isinstance(value, str):
        text = value.strip()
        return [Holder(text, pointer, doc.span(pointer))] if text else []
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                item_pointer = f"{pointer}/{index}"
                out.append(Holder(item.strip(), item_pointer, doc.span(item_pointer)))
        return out
    return []


def _entry(responsibility: str, value: Any, pointer: str, key_span: Span, doc: Document) -> AssignmentData:
    if not isinstance(value, dict):
        return AssignmentData(
            responsibility, pointer, key_span, doc.span(pointer), _holders(value, pointer, doc)
        )
    party_pointer = f"{pointer}/party"
    item = AssignmentData(
        responsibility,
        pointer,
        key_span,
        doc.span(pointer),
        _holders(value.get("party"), party_pointer, doc),
        team=_text(value.get("team")),
        cost_note=_cost_note(value.get("cost_note")),
        note=_text(value.get("note")) or "",
    )
    if "party" in value:
        item.value_span = doc.span(party_pointer)
    if "cost_note" in value:
        item.cost_note_pointer = f"{pointer}/cost_note"
        item.cost_note_span = doc.span(item.cost_note_pointer)
    return item


def _assignments(value: Any, pointer: str, doc: Document) -> list[AssignmentData]:
    out: list[AssignmentData] = []
    if isinstance(value, dict):
        for key, item in value.items():
            item_pointer = f"{pointer}/{escape_pointer_token(key)}"
            key_span = doc.key_spans.get(item_pointer) or doc.span(item_pointer)
            out.append(_entry(key, item, item_pointer, key_span, doc))
        for dup in doc.duplicates:
            if dup.mapping_pointer == pointer:
                # The repeated entry's inner nodes have no pointer of their own: locate by its value.
                entry = _entry(
                    dup.key,
                    dup.value,
                    f"{pointer}/{escape_pointer_token(dup.key)}",
                    dup.duplicate,
                    doc,
                )
                entry.value_span = dup.value_span
                for holder in entry.holders:
                    holder.span = dup.value_span
                entry.cost_note_span = dup.value_span if entry.cost_note_span else None
                entry.duplicate_of = dup.first
                out.append(entry)
        return out
    first: dict[str, Span] = {}
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("responsibility"), str):
            continue
        item_pointer = f"{pointer}/{index}"
        key = item["responsibility"]
        key_span = doc.span(f"{item_pointer}/responsibility")
        entry = _entry(key, item, item_pointer, key_span, doc)
        if key in first:
            entry.duplicate_of = first[key]
        else:
            first[key] = key_span
        out.append(entry)
    return out


def read_agreement(doc: Document) -> AgreementData:
    """Validate and normalize one document; structural problems are in `problems`."""
    value = doc.value
    if value is None:  # an empty document records nothing, like an empty file (SRM005)
        problem = Problem("the document is empty: it holds no agreement", doc.span(""), code=EMPTY_FILE)
        return AgreementData(doc, None, None, None, None, None, [], [], problems=[problem])
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        message = f"an agreement must be a mapping of keys to values, not {kind}"
        problem = Problem(message, doc.span(""), code=WRONG_TYPE)
        return AgreementData(doc, None, None, None, None, None, [], [], problems=[problem])
    problems = validator("agreement").validate(value, doc)
    raw = value.get("assignments")
    usable = isinstance(raw, dict | list)
    parties = value.get("parties")
    return AgreementData(
        document=doc,
        id=_text(value.get("agreement")),
        community=_text(value.get("community")),
        catalogue=_text(value.get("catalogue")),
        effective=_text(value.get("effective")),
        end=_text(value.get("end")),
        parties=[p for p in parties if isinstance(p, dict)] if isinstance(parties, list) else [],
        assignments=_assignments(raw, ASSIGNMENTS_POINTER, doc) if usable else [],
        assignments_usable=usable,
        problems=problems,
    )
