"""Read one YAML document as an agreement: structural problems plus normalized assignments.

The schema accepts the odd shapes of an assignment (a list of parties, null, an
empty name) because they are not structural errors but facts that rules judge:
"shared", "held by nobody". Repeated keys come from the loader and become
"assigned twice". Normalizing is lenient: whatever is readable is kept, so that one
structural slip does not hide every other finding.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from srm_check.core.codes import EMPTY_FILE, REQUIRED_KEY, WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.span import ESCAPED, Span, escape_pointer_token
from srm_check.rules.entries import HOLDER_KEYS, ROLES, AssignmentData, CostNote, Holder
from srm_check.rules.lifecycle import Lifecycle, read_lifecycle
from srm_check.schemas.validator import validator
from srm_check.source.document import Document, DuplicateKey

__all__ = [
    "ASSIGNMENTS_POINTER",
    "HOLDER_KEYS",
    "ROLES",
    "AgreementData",
    "AssignmentData",
    "CostNote",
    "Holder",
    "read_agreement",
]

# Repeated responsibilities under this mapping are facts for rules ("assigned twice",
# SRM106), not loader problems: the loader is told to leave them to us.
ASSIGNMENTS_POINTER = "/assignments"


class AgreementData(Record):
    """An agreement document after structural validation."""

    __slots__ = (
        "_assignments",
        "assignments_pointer",
        "assignments_usable",
        "catalogue",
        "community",
        "document",
        "effective",
        "end",
        "id",
        "lifecycle",
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
    assignments_pointer: str
    assignments_usable: bool
    problems: list[Problem]
    lifecycle: Lifecycle

    def __init__(
        self,
        document: Document,
        id: str | None,
        community: str | None,
        catalogue: str | None,
        effective: str | None,
        end: str | None,
        parties: list[dict[str, Any]],
        assignments: list[AssignmentData] | None,
        assignments_pointer: str = ASSIGNMENTS_POINTER,
        assignments_usable: bool = False,
        problems: list[Problem] | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        self.document = document
        self.id = id
        self.community = community
        self.catalogue = catalogue
        self.effective = effective
        self.end = end
        self.parties = parties
        self._assignments = assignments
        self.assignments_pointer = assignments_pointer
        self.assignments_usable = assignments_usable
        self.problems = [] if problems is None else problems
        self.lifecycle = Lifecycle() if lifecycle is None else lifecycle

    def _names(self) -> tuple[str, ...]:
        return tuple("assignments" if name == "_assignments" else name for name in self.__slots__)

    @property
    def assignments(self) -> list[AssignmentData]:
        """The entries, read from the document when first asked for (None given: its
        `assignments` mapping has no repeated key, and its problems are already in `problems`);
        an agreement whose assignments passed before is judged without them (rules/blocks.py)."""
        found = self._assignments
        if found is None:
            raw = self.document.value["assignments"]
            found = self._assignments = _assignments(raw, self.assignments_pointer, self.document, [])
        return found

    @assignments.setter
    def assignments(self, value: list[AssignmentData]) -> None:
        self._assignments = value

    def entry(self, index: int) -> AssignmentData:
        """The entry at `index` of `assignments`, read alone when they were not read (a block
        remembered with findings builds again only the entries they are on: rules/blocks.py)."""
        if self._assignments is not None:
            return self._assignments[index]
        raw: dict[str, Any] = self.document.value["assignments"]
        key = next(islice(raw, index, None))
        return _keyed_entry(key, raw[key], self.assignments_pointer, self.document, [])

    def assigns(self, responsibility: str) -> bool:
        """Whether an entry names `responsibility`, without reading the entries."""
        if self._assignments is not None:
            return any(item.responsibility == responsibility for item in self._assignments)
        return responsibility in self.document.value["assignments"]


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


def _names(value: Any, pointer: str, doc: Document, role: str) -> tuple[list[Holder], list[Holder]]:
    """The parties a role's value names (a name, or a list), and the empty entries of a list;
    a single empty name or null means nobody (not an empty entry), and so does an empty list."""
    if isinstance(value, str):
        text = value.strip()
        return ([Holder(text, pointer, doc.place(pointer), role)] if text else []), []
    named: list[Holder] = []
    blanks: list[Holder] = []
    for index, item in enumerate(value if isinstance(value, list) else []):
        item_pointer = f"{pointer}/{index}"
        if isinstance(item, str) and item.strip():
            named.append(Holder(item.strip(), item_pointer, doc.place(item_pointer), role))
        elif item is None or isinstance(item, str):  # another type is a schema problem
            blanks.append(Holder("", item_pointer, doc.place(item_pointer), role))
    return named, blanks


def _roles(
    value: dict[str, Any], pointer: str, doc: Document
) -> tuple[list[Holder], list[Holder], list[Holder]]:
    """Holders (accountable), contributors and empty list entries of a long-form entry; empty
    entries beside nobody are left to "held by nobody": `party: [""]` is one mistake."""
    holders: list[Holder] = []
    contributors: list[Holder] = []
    blanks: list[Holder] = []
    held_blanks: list[Holder] = []
    for key in (*HOLDER_KEYS, *ROLES[1:]):
        if key not in value:
            continue
        role = "accountable" if key in HOLDER_KEYS else key
        named, empty = _names(value[key], f"{pointer}/{key}", doc, role)
        (holders if role == "accountable" else contributors).extend(named)
        (held_blanks if role == "accountable" else blanks).extend(empty)
    return holders, contributors, (held_blanks if holders else []) + blanks


def _entry(
    responsibility: str, value: Any, pointer: str, key_span: Any, doc: Document, problems: list[Problem]
) -> AssignmentData:
    if type(value) is str:  # the short form (`id: party`), most entries: one place, one holder
        place, text = doc.place(pointer), value.strip()
        named = [Holder(text, pointer, place)] if text else []
        return AssignmentData(responsibility, pointer, key_span, place, named)
    if not isinstance(value, dict):  # a list's names each have a place of their own
        named, empty = _names(value, pointer, doc, "accountable")
        place = doc.place(pointer)
        return AssignmentData(responsibility, pointer, key_span, place, named, blanks=empty if named else [])
    holders, contributors, blanks = _roles(value, pointer, doc)
    item = AssignmentData(
        responsibility,
        pointer,
        key_span,
        doc.place(pointer),
        holders,
        team=_text(value.get("team")),
        cost_note=_cost_note(value.get("cost_note")),
        note=_text(value.get("note")) or "",
        contributors=contributors,
        blanks=blanks,
    )
    present = [key for key in HOLDER_KEYS if key in value]
    if present:
        item.value_span = doc.place(f"{pointer}/{present[0]}")
    else:
        message = "missing required key 'party' (or 'accountable'): who holds the responsibility"
        problems.append(Problem(message, doc.span(pointer), code=REQUIRED_KEY, pointer=f"{pointer}/party"))
    if "team" in value:
        item.team_pointer = f"{pointer}/team"
        item.team_span = doc.place(item.team_pointer)
    if "cost_note" in value:
        item.cost_note_pointer = f"{pointer}/cost_note"
        item.cost_note_span = doc.place(item.cost_note_pointer)
    return item


def _repeated(dup: DuplicateKey, pointer: str, doc: Document, problems: list[Problem]) -> AssignmentData:
    """The entry of a repeated key; its inner nodes have no pointer of their own: locate by its value."""
    found: list[Problem] = []
    entry = _entry(
        dup.key, dup.value, f"{pointer}/{escape_pointer_token(dup.key)}", dup.duplicate, doc, found
    )
    problems += [p._replace(span=dup.value_span) for p in found]
    entry.value_span = dup.value_span
    for holder in (*entry.holders, *entry.contributors, *entry.blanks):
        holder.span = dup.value_span
    entry.cost_note_span = dup.value_span if entry.cost_note_span else None
    entry.team_span = dup.value_span if entry.team_span else None
    entry.duplicate_of = dup.first
    return entry


def _keyed_entry(key: str, item: Any, pointer: str, doc: Document, problems: list[Problem]) -> AssignmentData:
    """The entry of `key` in the assignments mapping at `pointer`."""
    item_pointer = f"{pointer}/{ESCAPED[key]}"
    key_span = doc.key_places.get(item_pointer) or doc.place(item_pointer)
    return _entry(key, item, item_pointer, key_span, doc, problems)


def _assignments(value: Any, pointer: str, doc: Document, problems: list[Problem]) -> list[AssignmentData]:
    out: list[AssignmentData] = []
    if isinstance(value, dict):
        out = [_keyed_entry(key, item, pointer, doc, problems) for key, item in value.items()]
        out += [
            _repeated(dup, pointer, doc, problems) for dup in doc.duplicates if dup.mapping_pointer == pointer
        ]
        return out
    first: dict[str, Span] = {}
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("responsibility"), str):
            continue
        item_pointer = f"{pointer}/{index}"
        key = item["responsibility"]
        key_span = doc.span(f"{item_pointer}/responsibility")  # a Span: it may become `duplicate_of`
        entry = _entry(key, item, item_pointer, key_span, doc, problems)
        if key in first:
            entry.duplicate_of = first[key]
        else:
            first[key] = key_span
        out.append(entry)
    return out


def _lazy(doc: Document) -> bool:
    """Whether the entries may be read when first asked for: a mapping whose problems are
    known without reading them (no repeated key: its entry takes its places from the repeat)."""
    return not any(d.mapping_pointer == ASSIGNMENTS_POINTER for d in doc.duplicates)


def _missing_holders(raw: dict[str, Any], pointer: str, doc: Document) -> list[Problem]:
    """The problems `_assignments` finds in a mapping without repeated keys: a long-form entry
    that names no holder (the same problems, in the same order)."""
    problems: list[Problem] = []
    for key, item in raw.items():
        if isinstance(item, dict) and not any(k in item for k in HOLDER_KEYS):
            _entry(key, item, f"{pointer}/{escape_pointer_token(key)}", None, doc, problems)
    return problems


def read_agreement(doc: Document, *, full: bool = True) -> AgreementData:
    """Validate and normalize one document; structural problems are in `problems`.

    `full=False` reads only the agreement's own keys (id, catalogue, dates, parties): no
    structural problems and no assignments, for what needs only those."""
    value = doc.value
    if value is None:  # an empty document records nothing, like an empty file (SRM005)
        problem = Problem("the document is empty: it holds no agreement", doc.span(""), code=EMPTY_FILE)
        return AgreementData(doc, None, None, None, None, None, [], [], problems=[problem])
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        message = f"an agreement must be a mapping of keys to values, not {kind}"
        problem = Problem(message, doc.span(""), code=WRONG_TYPE)
        return AgreementData(doc, None, None, None, None, None, [], [], problems=[problem])
    problems = validator("agreement").validate(value, doc) if full else []
    raw = value.get("assignments")
    usable = full and isinstance(raw, dict | list)
    parties = value.get("parties")
    if usable and type(raw) is dict and _lazy(doc):
        problems += _missing_holders(raw, ASSIGNMENTS_POINTER, doc)
        assignments: list[AssignmentData] | None = None
    else:
        assignments = _assignments(raw, ASSIGNMENTS_POINTER, doc, problems) if usable else []
    return AgreementData(
        document=doc,
        id=_text(value.get("agreement")),
        community=_text(value.get("community")),
        catalogue=_text(value.get("catalogue")),
        effective=_text(value.get("effective")),
        end=_text(value.get("end")),
        parties=[p for p in parties if isinstance(p, dict)] if isinstance(parties, list) else [],
        assignments=assignments,
        assignments_usable=usable,
        problems=problems,
        lifecycle=read_lifecycle(value, doc),
    )
