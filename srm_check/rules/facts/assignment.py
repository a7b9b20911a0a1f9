"""`assignment` facts: one per entry under `assignments`, as written (repeats included).

`assignment_facts` builds the facts of an agreement's assignments in one pass: the
responsibility, assignment and party_ref facts, which depend on each other.
"""

from __future__ import annotations

from typing import Any

from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.party_ref import Holding, Parties, party_ref_facts
from srm_check.rules.facts.responsibility import Primary, responsibility_facts
from srm_check.schemas.records import ResponsibilityRecord

KIND = "assignment"
WORDS = "each entry under `assignments`"
FIELDS: dict[str, str] = {
    "responsibility": "the responsibility id as written",
    "known": "whether the catalogue has that responsibility",
    "did_you_mean": "' (did you mean x?)' with the closest known id, or ''",
    "title": "the responsibility's title, or ''",
    "number": "its number, or null",
    "duplicate": "whether an earlier entry already assigned it",
    "first_line": "the line of that earlier entry, or null",
    "party": "the one party that holds it, or null when none or several",
    "parties": "the parties named, as text",
    "party_count": "how many distinct parties are named",
    "default_party": "the party that holds it by default, or null",
    "deviates": "whether its one known party differs from the default (null if unclear)",
    "cost_note": "the cost note's text, or null",
    "has_cost_note": "whether the entry has a cost note key at all",
}


def _catalogue_values(
    item: AssignmentData, resp: ResponsibilityRecord | None, catalogue: CatalogueIndex
) -> dict[str, Any]:
    """What the catalogue says of the responsibility named (blanks when it has none such)."""
    if resp is None:
        did = did_you_mean(item.responsibility, catalogue.order)
        return {"known": False, "did_you_mean": did, "title": "", "number": None, "default_party": None}
    return {
        "known": True,
        "did_you_mean": "",
        "title": resp["title"],
        "number": resp["number"],
        "default_party": resp["default_party"],
    }


def _locations(item: AssignmentData) -> dict[str, tuple[str, Span]]:
    """Findings about the key point at the key; about the cost note, at the note (else the entry)."""
    key = (item.pointer, item.key_span)
    note = (item.cost_note_pointer or item.pointer, item.cost_note_span or item.value_span)
    return {"responsibility": key, "known": key, "duplicate": key, "cost_note": note, "has_cost_note": note}


def assignment_fact(
    item: AssignmentData, resp: ResponsibilityRecord | None, catalogue: CatalogueIndex, holding: Holding
) -> Fact:
    """The fact of one entry, given who holds it."""
    known = _catalogue_values(item, resp, catalogue)
    default, single = known["default_party"], holding.single
    first = item.duplicate_of
    values = {
        "responsibility": item.responsibility,
        "known": known["known"],
        "did_you_mean": known["did_you_mean"],
        "title": known["title"],
        "number": known["number"],
        "duplicate": first is not None,
        "first_line": first.line if first else None,
        "party": single,
        "parties": ", ".join(h.text for h in item.holders) or "nobody",
        "party_count": holding.party_count,
        "default_party": default,
        "deviates": (single != default) if (single is not None and default is not None) else None,
        "cost_note": item.cost_note.text if item.cost_note is not None else None,
        "has_cost_note": item.cost_note_pointer is not None,
    }
    fact = Fact(KIND, values, item.pointer, item.value_span, _locations(item))
    if first is not None:
        fact.related.append((first, "first assigned here"))
    return fact


def assignment_facts(
    data: AgreementData, catalogue: CatalogueIndex
) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """The responsibility, assignment and party_ref facts of one agreement."""
    parties = Parties(data, catalogue)
    assignments: list[Fact] = []
    party_refs: list[Fact] = []
    primary: dict[str, Primary] = {}
    for item in data.assignments:
        refs, holding = party_ref_facts(item, parties)
        party_refs.extend(refs)
        resp = catalogue.responsibilities.get(item.responsibility)
        assignments.append(assignment_fact(item, resp, catalogue, holding))
        if resp is not None and item.duplicate_of is None:
            primary.setdefault(item.responsibility, Primary(item, holding))
    return responsibility_facts(data, catalogue, primary), assignments, party_refs
