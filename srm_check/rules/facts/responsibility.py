"""`responsibility` facts: one per responsibility of the agreement's catalogue, in its order."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from srm_check.core.span import Span
from srm_check.rules.catalogue import CatalogueIndex, shared_roles
from srm_check.rules.entries import ROLES
from srm_check.rules.facts.fact import Fact, Getter, Location, getters_of
from srm_check.rules.facts.party_ref import Holding
from srm_check.schemas.records import ResponsibilityRecord, SharedRecord

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData, AssignmentData

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


_new = tuple.__new__  # a NamedTuple made without its Python-level __new__, for each responsibility


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
            moved = default is not None and single != default
            held.append(_new(_Held, (resp["id"], resp["number"], single, rank, moved)))
    return held


def _any_moved(catalogue: CatalogueIndex, primary: dict[str, Primary]) -> bool:
    """Whether any responsibility is held by a party of the catalogue other than its default
    (most agreements keep every default: then there is no inversion to look for)."""
    ranks, known = catalogue.party_rank, catalogue.responsibilities
    for rid, entry in primary.items():
        single = entry.holding.single
        if single is not None and single in ranks:
            default = known[rid]["default_party"]
            if default is not None and single != default:
                return True
    return False


def _across(moved: _Held, other: _Held) -> bool:
    """Whether `other` lies on the other side of the technical order from `moved`."""
    more_technical = other.number > moved.number
    return (more_technical and other.rank < moved.rank) or (not more_technical and other.rank > moved.rank)


def _inversions(catalogue: CatalogueIndex, primary: dict[str, Primary]) -> dict[str, _Inversion]:
    """Per responsibility moved from its default against the technical order, the nearest one
    on the other side: a more technical one an earlier party holds, or a less technical one a
    later party holds. A catalogue without a technical order has none."""
    if not catalogue.ordered or not _any_moved(catalogue, primary):
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


class Agreement:
    """What the responsibilities of one agreement share: its data, catalogue, and who holds what;
    the inversions of the technical order are worked out once, when a field needs them."""

    __slots__ = ("_inversions", "catalogue", "data", "primary")

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex, primary: dict[str, Primary]) -> None:
        self.data = data
        self.catalogue = catalogue
        self.primary = primary
        self._inversions: dict[str, _Inversion] | None = None

    def inversions(self) -> dict[str, _Inversion]:
        if self._inversions is None:
            self._inversions = _inversions(self.catalogue, self.primary)
        return self._inversions


_NOBODY = Holding(0, None)


class ResponsibilitySubject:
    """One responsibility of the catalogue, and the entry that assigns it (None: unassigned)."""

    __slots__ = ("_agreement", "_entry", "_holding", "_resp", "assigned", "id", "party", "party_count")

    id: str
    assigned: bool
    party: str | None
    party_count: int

    def __init__(self, resp: ResponsibilityRecord, entry: Primary | None, agreement: Agreement) -> None:
        self._resp = resp
        self._entry = entry
        self._agreement = agreement
        held = self._holding = entry.holding if entry is not None else _NOBODY
        self.id = resp["id"]
        self.assigned = entry is not None
        self.party = held.single
        self.party_count = held.party_count

    @property
    def number(self) -> int:
        return self._resp["number"]

    @property
    def title(self) -> str:
        return self._resp["title"]

    @property
    def area(self) -> str | None:
        return self._resp["area"]

    @property
    def default_party(self) -> str | None:
        return self._resp["default_party"]

    @property
    def parties(self) -> str:
        return ", ".join(self._holding.parties) or "nobody"

    @property
    def responsible(self) -> str:
        return self._entry.item.role_texts()[0] if self._entry is not None else ""

    @property
    def consulted(self) -> str:
        return self._entry.item.role_texts()[1] if self._entry is not None else ""

    @property
    def informed(self) -> str:
        return self._entry.item.role_texts()[2] if self._entry is not None else ""

    @property
    def team(self) -> str | None:
        return self._entry.item.team if self._entry is not None else None

    @property
    def deviates(self) -> bool | None:
        single, default = self.party, self._resp["default_party"]
        return (single != default) if (single is not None and default is not None) else None

    @property
    def cost_note(self) -> str | None:
        note = self._entry.item.cost_note if self._entry is not None else None
        return note.text if note is not None else None

    @property
    def shared(self) -> str | None:
        return _shared_text(self._resp["shared"])

    @property
    def shared_missing(self) -> str | None:
        if self._entry is None or self._resp["shared"] is None:
            return None
        return shared_missing(self._resp["shared"], dict(self._entry.holding.roles))

    def _inversion(self) -> _Inversion | None:
        return self._agreement.inversions().get(self.id) if self._entry is not None else None

    @property
    def inversion(self) -> str | None:
        # Read for every responsibility by rules on inversions: most agreements have none.
        if self._entry is None:
            return None
        known = self._agreement._inversions
        found = (known if known is not None else self._agreement.inversions()).get(self.id)
        return found.id if found is not None else None

    @property
    def inversion_number(self) -> int | None:
        found = self._inversion()
        return found.number if found is not None else None

    @property
    def inversion_party(self) -> str | None:
        found = self._inversion()
        return found.party if found is not None else None

    @property
    def inversion_relation(self) -> str | None:
        found = self._inversion()
        return found.relation if found is not None else None

    @property
    def inversion_more(self) -> str:
        found = self._inversion()
        return f" (and {found.more} more)" if found and found.more else ""

    def _where(self) -> Location:
        """The assigning entry's value; an unassigned responsibility points at the assignments mapping."""
        if self._entry is not None:
            return self._entry.item.pointer, self._entry.item.value_span
        data = self._agreement.data
        return f"{data.assignments_pointer}/{self.id}", data.document.span(data.assignments_pointer)

    def _location(self, name: str) -> Location:
        return self._where()

    def _related(self) -> list[tuple[Span, str]]:
        return []


SUBJECT = ResponsibilitySubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


def responsibility_subjects(
    data: AgreementData, catalogue: CatalogueIndex, primary: dict[str, Primary]
) -> list[ResponsibilitySubject]:
    """A subject per catalogue responsibility, in the catalogue's order."""
    agreement = Agreement(data, catalogue, primary)
    get = primary.get
    return [
        ResponsibilitySubject(resp, get(resp["id"]), agreement)
        for resp in catalogue.model["responsibilities"]
    ]


def responsibility_facts(
    data: AgreementData, catalogue: CatalogueIndex, primary: dict[str, Primary]
) -> list[Fact]:
    """A fact per catalogue responsibility; an unassigned one points at the assignments mapping."""
    return [Fact(KIND, s, GETTERS) for s in responsibility_subjects(data, catalogue, primary)]
