"""`responsibility` facts: one per responsibility of the agreement's catalogue, in its order."""

from __future__ import annotations

from typing import Any, NamedTuple

from srm_check.rules.agreement import ROLES, AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex, shared_roles
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.party_ref import Holding
from srm_check.schemas.records import ResponsibilityRecord, SharedRecord

KIND = "responsibility"
WORDS = "each responsibility of the agreement's catalogue"
FIELDS: dict[str, str] = {
    "id": "the responsibility's id",
    "number": "its number in the catalogue",
    "title": "its title",
    "area": "the id of its area, or null",
    "default_party": "the party that holds it by default, or null when the catalogue gives none",
    "assigned": "whether the agreement assigns it at all",
    "party": "the one party that holds it, or null when none or several",
    "parties": "the distinct parties accountable for it, as text",
    "party_count": "how many distinct parties are accountable for it",
    "responsible": "the parties and teams named responsible, as text ('' for none)",
    "consulted": "the parties and teams named consulted, as text ('' for none)",
    "informed": "the parties and teams named informed, as text ('' for none)",
    "team": "the team named, or null",
    "deviates": "whether its one party differs from the default (null when unclear or without a default)",
    "cost_note": "the cost note's text, or null",
    "shared": "the roles the catalogue requires of it, shared by design, as text, or null",
    "shared_missing": "the parties those roles lack in this agreement, as text, or null",
    "inversion": "for a move from the default against the technical order: the nearest responsibility "
    "on the other side of the order, or null",
    "inversion_number": "that responsibility's number",
    "inversion_party": "the party that holds it",
    "inversion_relation": "'more technical' or 'less technical': what it is, next to the moved one",
    "inversion_more": "' (and N more)' when more responsibilities are on that side, else ''",
}


class Primary(NamedTuple):
    """The entry that assigns a responsibility (the first one naming it), and who holds it."""

    item: AssignmentData
    holding: Holding


class _Inversion(NamedTuple):
    id: str
    number: int
    party: str
    relation: str
    more: int


class _Held(NamedTuple):
    id: str
    number: int
    party: str
    rank: int
    moved: bool


def _held(catalogue: CatalogueIndex, primary: dict[str, Primary]) -> list[_Held]:
    """The responsibilities held by one party of the catalogue, in catalogue order."""
    held: list[_Held] = []
    for resp in catalogue.model["responsibilities"]:
        entry = primary.get(resp["id"])
        single = entry.holding.single if entry else None
        rank = catalogue.party_rank.get(single) if single else None
        if single is not None and rank is not None:
            default = resp["default_party"]
            held.append(
                _Held(resp["id"], resp["number"], single, rank, default is not None and single != default)
            )
    return held


def _across(moved: _Held, other: _Held) -> bool:
    """Whether `other` lies on the other side of the technical order from `moved`."""
    more_technical = other.number > moved.number
    return (more_technical and other.rank < moved.rank) or (not more_technical and other.rank > moved.rank)


def _inversions(catalogue: CatalogueIndex, primary: dict[str, Primary]) -> dict[str, _Inversion]:
    """Per responsibility moved from its default against the technical order, the nearest one
    on the other side: a more technical one an earlier party holds, or a less technical one a
    later party holds. A catalogue without a technical order has none."""
    if not catalogue.ordered:
        return {}
    held = _held(catalogue, primary)
    out: dict[str, _Inversion] = {}
    for moved in (h for h in held if h.moved):
        other = [h for h in held if h.number != moved.number and _across(moved, h)]
        if other:
            near = min(other, key=lambda h: (abs(h.number - moved.number), h.number))
            relation = "more technical" if near.number > moved.number else "less technical"
            out[moved.id] = _Inversion(near.id, near.number, near.party, relation, len(other) - 1)
    return out


def shared_missing(shared: SharedRecord | None, roles: dict[str, str]) -> str | None:
    """The parties a shared-by-design responsibility requires and the agreement does not name.

    A party named in a stronger role fills a weaker one: an accountable party is responsible too.
    """
    if shared is None:
        return None
    missing = [
        f"{party} as {role}"
        for role, listed in shared_roles(shared)
        for party in listed
        if party not in roles or ROLES.index(roles[party]) > ROLES.index(role)
    ]
    return ", ".join(missing) or None


def _shared_text(shared: SharedRecord | None) -> str | None:
    if shared is None:
        return None
    parts = [f"{role}: {', '.join(listed)}" for role, listed in shared_roles(shared) if listed]
    return "; ".join(parts)


def _item_values(item: AssignmentData | None) -> dict[str, Any]:
    if item is None:
        return {"assigned": False, "team": None, "cost_note": None, "roles": ("", "", "")}
    return {
        "assigned": True,
        "team": item.team,
        "cost_note": item.cost_note.text if item.cost_note is not None else None,
        "roles": item.role_texts(),
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
        "area": resp["area"],
        "default_party": default,
        "assigned": extra["assigned"],
        "party": single,
        "parties": ", ".join(holding.parties) or "nobody",
        "party_count": holding.party_count,
        "responsible": extra["roles"][0],
        "consulted": extra["roles"][1],
        "informed": extra["roles"][2],
        "team": extra["team"],
        "deviates": (single != default) if (single is not None and default is not None) else None,
        "cost_note": extra["cost_note"],
        "shared": _shared_text(resp["shared"]),
        "shared_missing": shared_missing(resp["shared"], dict(holding.roles)) if primary else None,
        "inversion": inversion.id if inversion else None,
        "inversion_number": inversion.number if inversion else None,
        "inversion_party": inversion.party if inversion else None,
        "inversion_relation": inversion.relation if inversion else None,
        "inversion_more": f" (and {inversion.more} more)" if inversion and inversion.more else "",
    }


def responsibility_facts(
    data: AgreementData, catalogue: CatalogueIndex, primary: dict[str, Primary]
) -> list[Fact]:
    """A fact per catalogue responsibility; an unassigned one points at the assignments mapping."""
    container = data.document.span(data.assignments_pointer)
    inversions = _inversions(catalogue, primary)
    out: list[Fact] = []
    for resp in catalogue.model["responsibilities"]:
        rid = resp["id"]
        entry = primary.get(rid)
        if entry is not None:
            pointer, span = entry.item.pointer, entry.item.value_span
        else:
            pointer, span = f"{data.assignments_pointer}/{rid}", container
        out.append(Fact(KIND, _values(resp, entry, inversions.get(rid)), pointer, span))
    return out
