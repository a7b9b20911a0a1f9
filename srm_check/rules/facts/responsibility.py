"""`responsibility` facts: one per responsibility of the agreement's catalogue, in its order."""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.party_ref import Holding
from srm_check.schemas.records import ResponsibilityRecord

KIND = "responsibility"
WORDS = "each responsibility of the agreement's catalogue"
FIELDS: dict[str, str] = {
    "id": "the responsibility's id",
    "number": "its number in the catalogue's technical order",
    "title": "its title",
    "default_party": "the party that holds it by default",
    "assigned": "whether the agreement assigns it at all",
    "party": "the one party that holds it, or null when none or several",
    "parties": "the parties that hold it, as text",
    "party_count": "how many distinct parties hold it",
    "team": "the team named, or null",
    "deviates": "whether its one party differs from the default party",
    "cost_note": "the cost note's text, or null",
    "inversion": "id of a less technical responsibility that a later party holds, or null",
    "inversion_number": "that responsibility's number",
    "inversion_party": "the party that holds it",
}


class Primary(NamedTuple):
    """The entry that assigns a responsibility (the first one naming it), and who holds it."""

    item: AssignmentData
    holding: Holding


class _Inversion(NamedTuple):
    id: str
    number: int
    party: str


class _Order:
    """Walks the catalogue in technical order, finding holdings that invert it."""

    def __init__(self, catalogue: CatalogueIndex) -> None:
        self.rank = catalogue.party_rank
        # Per party rank, the first responsibility a party of that rank holds.
        self.first_by_rank: dict[int, _Inversion] = {}

    def inversion(self, rid: str, number: int, single: str | None) -> _Inversion | None:
        """The earliest less technical responsibility held by a later party, if any."""
        rank = self.rank.get(single) if single else None
        if rank is None or single is None:
            return None
        later = [v for r, v in self.first_by_rank.items() if r > rank]
        self.first_by_rank.setdefault(rank, _Inversion(rid, number, single))
        return min(later, key=lambda v: v.number) if later else None


def _item_values(item: AssignmentData | None) -> dict[str, Any]:
    if item is None:
        return {"assigned": False, "parties": "nobody", "team": None, "cost_note": None}
    return {
        "assigned": True,
        "parties": ", ".join(h.text for h in item.holders),
        "team": item.team,
        "cost_note": item.cost_note.text if item.cost_note is not None else None,
    }


def _values(
    resp: ResponsibilityRecord, primary: Primary | None, inversion: _Inversion | None
) -> dict[str, Any]:
    item = primary.item if primary else None
    holding = primary.holding if primary else Holding(0, None)
    single, default = holding.single, resp["default_party"]
    extra = _item_values(item)
    return {
        "id": resp["id"],
        "number": resp["number"],
        "title": resp["title"],
        "default_party": default,
        "assigned": extra["assigned"],
        "party": single,
        "parties": extra["parties"],
        "party_count": holding.party_count,
        "team": extra["team"],
        "deviates": single is not None and single != default,
        "cost_note": extra["cost_note"],
        "inversion": inversion.id if inversion else None,
        "inversion_number": inversion.number if inversion else None,
        "inversion_party": inversion.party if inversion else None,
    }


def responsibility_facts(
    data: AgreementData, catalogue: CatalogueIndex, primary: dict[str, Primary]
) -> list[Fact]:
    """A fact per catalogue responsibility; an unassigned one points at the assignments mapping."""
    container = data.document.span(data.assignments_pointer)
    order = _Order(catalogue)
    out: list[Fact] = []
    for resp in catalogue.model["responsibilities"]:
        rid = resp["id"]
        entry = primary.get(rid)
        inversion = order.inversion(rid, resp["number"], entry.holding.single if entry else None)
        if entry is not None:
            pointer, span = entry.item.pointer, entry.item.value_span
        else:
            pointer, span = f"{data.assignments_pointer}/{rid}", container
        out.append(Fact(KIND, _values(resp, entry, inversion), pointer, span))
    return out
