"""Read one YAML document as an agreement: validated metadata plus normalized assignments.

Assignments are normalized by hand, not by the model, because their odd shapes
(a list of parties, null, a repeated key) are not structural errors but facts that
the rules judge: "shared", "held by nobody", "assigned twice".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from srm_check.diagnostics import WRONG_TYPE
from srm_check.models import Agreement, AssignmentDetail, AssignmentEntry, CostNote
from srm_check.validation import Located, locate_errors
from srm_check.yamlsource import Document, Span, escape_pointer_token


@dataclass(slots=True)
class Holder:
    """A party (or team) named as holding a responsibility, as written."""

    text: str
    pointer: str
    span: Span


@dataclass(slots=True)
class AssignmentData:
    """One assignment entry, as written; several may name the same responsibility."""

    responsibility: str
    pointer: str
    key_span: Span
    value_span: Span
    holders: list[Holder]
    team: str | None = None
    cost_note: CostNote | None = None
    cost_note_pointer: str | None = None
    cost_note_span: Span | None = None
    duplicate_of: Span | None = None
    note: str = ""


@dataclass(slots=True)
class AgreementData:
    """An agreement document after structural validation."""

    document: Document
    id: str | None
    community: str | None
    catalogue: str | None
    effective: str | None
    end: str | None
    parties: list[dict[str, Any]]
    assignments: list[AssignmentData]
    assignments_pointer: str = "/assignments"
    assignments_usable: bool = False
    problems: list[Located] = field(default_factory=list)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _cost_note(value: Any) -> CostNote | None:
    if isinstance(value, CostNote):
        return value
    if isinstance(value, str):
        return CostNote.model_construct(text=value, amount=None, currency=None, period=None)
    return None


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Located] = []

    def holders(self, value: Any, pointer: str) -> list[Holder]:
        """Holders named by a party value: a name, a list of names, or null/empty."""
        doc = self.doc
        if value is None:
            return []
        if isinstance(value, str):
            text = value.strip()
            return [Holder(text, pointer, doc.span(pointer))] if text else []
        if isinstance(value, list):
            out: list[Holder] = []
            for index, item in enumerate(value):
                item_pointer = f"{pointer}/{index}"
                if isinstance(item, str):
                    if item.strip():
                        out.append(Holder(item.strip(), item_pointer, doc.span(item_pointer)))
                else:
                    self.wrong_type(item_pointer, "a party must be named by its id (text)")
            return out
        self.wrong_type(pointer, "a party must be named by its id, a list of ids, or null")
        return []

    def wrong_type(self, pointer: str, message: str) -> None:
        self.problems.append(Located(WRONG_TYPE, message, pointer, self.doc.span(pointer)))

    def detail(
        self, value: dict[str, Any], pointer: str, responsibility: str, key_span: Span
    ) -> AssignmentData:
        doc = self.doc
        item = AssignmentData(responsibility, pointer, key_span, doc.span(pointer), [])
        try:
            detail = AssignmentDetail.model_validate(value)
        except ValidationError as exc:
            self.problems.extend(locate_errors(exc.errors(), value, doc, pointer))
            item.holders = self.holders(value.get("party"), f"{pointer}/party")
            item.cost_note = _cost_note(value.get("cost_note"))
            return item
        item.holders = self.holders(detail.party, f"{pointer}/party")
        item.team = detail.team
        item.note = detail.note
        item.cost_note = _cost_note(detail.cost_note)
        if "cost_note" in value:
            item.cost_note_pointer = f"{pointer}/cost_note"
            item.cost_note_span = doc.span(item.cost_note_pointer)
        return item

    def entry(
        self, responsibility: str, value: Any, pointer: str, key_span: Span
    ) -> AssignmentData:
        if isinstance(value, dict):
            return self.detail(value, pointer, responsibility, key_span)
        holders = self.holders(value, pointer)
        return AssignmentData(responsibility, pointer, key_span, self.doc.span(pointer), holders)

    def assignments(self, value: Any, pointer: str) -> list[AssignmentData]:
        doc = self.doc
        out: list[AssignmentData] = []
        if isinstance(value, dict):
            for key, item in value.items():
                item_pointer = f"{pointer}/{escape_pointer_token(key)}"
                key_span = doc.key_spans.get(item_pointer, doc.span(item_pointer))
                out.append(self.entry(key, item, item_pointer, key_span))
            for dup in doc.duplicates:
                if dup.mapping_pointer != pointer:
                    continue
                item_pointer = f"{pointer}/{escape_pointer_token(dup.key)}"
                entry = self.entry(dup.key, dup.value, item_pointer, dup.duplicate)
                entry.value_span = dup.value_span
                for holder in entry.holders:
                    holder.span = dup.value_span
                entry.duplicate_of = dup.first
                out.append(entry)
            return out
        first: dict[str, Span] = {}
        for index, item in enumerate(value):
            item_pointer = f"{pointer}/{index}"
            try:
                AssignmentEntry.model_validate(item)
            except ValidationError as exc:
                self.problems.extend(locate_errors(exc.errors(), item, doc, item_pointer))
            if not isinstance(item, dict) or not isinstance(item.get("responsibility"), str):
                continue
            key = item["responsibility"]
            key_pointer = f"{item_pointer}/responsibility"
            key_span = doc.span(key_pointer)
            detail = {k: v for k, v in item.items() if k != "responsibility"}
            detail.setdefault("party", None)
            entry = self.detail(detail, item_pointer, key, key_span)
            if key in first:
                entry.duplicate_of = first[key]
            else:
                first[key] = key_span
            out.append(entry)
        return out


def read_agreement(doc: Document) -> AgreementData | None:
    """Validate and normalize one document; None when it is not a mapping at all."""
    value = doc.value
    reader = _Reader(doc)
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "empty" if value is None else "a scalar"
        reader.wrong_type("", f"an agreement must be a mapping of keys to values, not {kind}")
        data = AgreementData(doc, None, None, None, None, None, [], [], problems=reader.problems)
        return data
    raw_assignments = value.get("assignments")
    usable = isinstance(raw_assignments, dict | list)
    header = dict(value)
    if usable:
        header["assignments"] = {}
    try:
        Agreement.model_validate(header)
    except ValidationError as exc:
        reader.problems.extend(locate_errors(exc.errors(), header, doc))
    parties = [p for p in value.get("parties") or [] if isinstance(p, dict)] if isinstance(
        value.get("parties"), list
    ) else []
    assignments = reader.assignments(raw_assignments, "/assignments") if usable else []
    return AgreementData(
        document=doc,
        id=_text(value.get("agreement")),
        community=_text(value.get("community")),
        catalogue=_text(value.get("catalogue")),
        effective=_text(value.get("effective")),
        end=_text(value.get("end")),
        parties=parties,
        assignments=assignments,
        assignments_usable=usable,
        problems=reader.problems,
    )
