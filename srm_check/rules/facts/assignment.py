"""`assignment` facts: one per entry under `assignments`, as written (repeats included).

`assignment_facts` builds the facts of an agreement's assignments in one pass: the
responsibility, assignment and party_ref facts, which depend on each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.rules.catalogue import COMMUNITY_MORE, PROVIDER_MORE, CatalogueIndex
from srm_check.rules.facts.costs import amount_location, sign_conflict
from srm_check.rules.facts.fact import Fact, Getter, Location, getters_of, suggestion
from srm_check.rules.facts.party_ref import GETTERS as PARTY_REF_GETTERS
from srm_check.rules.facts.party_ref import KIND as PARTY_REF
from srm_check.rules.facts.party_ref import Holding, Parties, RefSubject, party_ref_subjects
from srm_check.rules.facts.responsibility import GETTERS as RESPONSIBILITY_GETTERS
from srm_check.rules.facts.responsibility import KIND as RESPONSIBILITY
from srm_check.rules.facts.responsibility import (
    Agreement,
    Primary,
    ResponsibilitySubject,
    responsibility_subjects,
)
from srm_check.schemas.records import ResponsibilityRecord
from srm_check.source.document import Document

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData, AssignmentData

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
    "parties": "the distinct accountable parties named, as text",
    "party_count": "how many distinct parties are named accountable (under `party` or `accountable`)",
    "responsible": "the parties and teams named responsible, as text ('' for none)",
    "consulted": "the parties and teams named consulted, as text ('' for none)",
    "informed": "the parties and teams named informed, as text ('' for none)",
    "team": "the `team` as written, or null",
    "team_problem": "what is wrong with that team (unknown, or another party's), or null",
    "default_party": "the party that holds it by default, or null (also when the catalogue gives none)",
    "deviates": "whether its one known party differs from the default (null if unclear or no default)",
    "move": "which way it moves from the default: provider-more, community-more, third-party, "
    "moved (no technical order), or null",
    "cost_note": "the cost note's text, or null",
    "has_cost_note": "whether the entry has a cost note key at all",
    "amount": "the cost note's amount, or null",
    "expected_change": "for a move along the technical order, the sign its amount should have: "
    "'an increase (a positive amount)' or 'a reduction (a negative amount)'; else null",
    "sign_conflict": "whether a nonzero amount has the other sign (null when no amount or no direction)",
}

# A move along the technical order -> the change in cost it implies, and the sign of the amount.
_EXPECTED = {
    PROVIDER_MORE: ("an increase (a positive amount)", 1),
    COMMUNITY_MORE: ("a reduction (a negative amount)", -1),
}


def team_problem(item: AssignmentData, single: str | None, parties: Parties) -> str | None:
    """What is wrong with the entry's `team`: not a team at all, or a team of another party."""
    team = item.team
    if team is None:
        return None
    owner = parties.resolve(team) if parties.is_team(team) else None
    if owner is None:
        if parties.resolve(team) is not None:
            return "is a party, not a team"
        choices = parties.teams_of(single) if single else parties.known
        return f"is not a team of the catalogue or of this agreement{did_you_mean(team, choices)}"
    if single is None or owner == single:
        return None
    return f"is a team of {owner}, not of {single}{did_you_mean(team, parties.teams_of(single))}"


class AssignmentSubject:
    """One entry under `assignments`: what it names, what the catalogue says of it and who holds it."""

    __slots__ = (
        "_catalogue",
        "_doc",
        "_holding",
        "_item",
        "_parties",
        "_resp",
        "amount",
        "cost_note",
        "default_party",
        "deviates",
        "duplicate",
        "has_cost_note",
        "known",
        "party",
        "party_count",
        "responsibility",
        "team",
    )

    responsibility: str
    known: bool
    duplicate: bool
    party: str | None
    party_count: int
    default_party: str | None
    deviates: bool | None
    team: str | None
    cost_note: str | None
    has_cost_note: bool
    amount: int | float | None

    def __init__(
        self,
        item: AssignmentData,
        resp: ResponsibilityRecord | None,
        catalogue: CatalogueIndex,
        holding: Holding,
        parties: Parties,
        doc: Document,
    ) -> None:
        self._item = item
        self._resp = resp
        self._catalogue = catalogue
        self._holding = holding
        self._parties = parties
        self._doc = doc
        self.responsibility = item.responsibility
        self.known = resp is not None
        self.duplicate = item.duplicate_of is not None
        single = self.party = holding.single
        self.party_count = holding.party_count
        default = self.default_party = resp["default_party"] if resp is not None else None
        self.deviates = (single != default) if (single is not None and default is not None) else None
        self.team = item.team
        note = item.cost_note
        self.cost_note = note.text if note is not None else None
        self.amount = note.amount if note is not None else None
        self.has_cost_note = item.cost_note_pointer is not None

    @property
    def did_you_mean(self) -> str:
        return "" if self.known else suggestion(self.responsibility, self._catalogue.order)

    @property
    def title(self) -> str:
        return self._resp["title"] if self._resp is not None else ""

    @property
    def number(self) -> int | None:
        return self._resp["number"] if self._resp is not None else None

    @property
    def first_line(self) -> int | None:
        first = self._item.duplicate_of
        return first.line if first is not None else None

    @property
    def parties(self) -> str:
        return ", ".join(self._holding.parties) or "nobody"

    @property
    def responsible(self) -> str:
        return self._item.role_texts()[0]

    @property
    def consulted(self) -> str:
        return self._item.role_texts()[1]

    @property
    def informed(self) -> str:
        return self._item.role_texts()[2]

    @property
    def team_problem(self) -> str | None:
        return team_problem(self._item, self.party, self._parties) if self.team is not None else None

    @property
    def move(self) -> str | None:
        return self._catalogue.direction(self.default_party, self.party)

    @property
    def expected_change(self) -> str | None:
        expected = _EXPECTED.get(self.move or "")
        return expected[0] if expected is not None else None

    @property
    def sign_conflict(self) -> bool | None:
        if self.amount is None:
            return None
        expected = _EXPECTED.get(self.move or "")
        return sign_conflict(self._item, expected[1] if expected is not None else None)

    def _where(self) -> Location:
        return self._item.pointer, self._item.value_span

    def _location(self, name: str) -> Location:
        """Findings about the key point at the key; about the cost note, at the note (else the entry)."""
        item = self._item
        if name in _AT_KEY:
            return item.pointer, item.key_span
        if name in _AT_NOTE:
            return item.cost_note_pointer or item.pointer, item.cost_note_span or item.value_span
        if name in _AT_AMOUNT:
            return amount_location(item, self._doc)
        if name in _AT_TEAM:
            return item.team_pointer or item.pointer, item.team_span or item.value_span
        return self._where()

    def _related(self) -> list[tuple[Span, str]]:
        first = self._item.duplicate_of
        return [(first, "first assigned here")] if first is not None else []


_AT_KEY = frozenset({"responsibility", "known", "duplicate"})
_AT_NOTE = frozenset({"cost_note", "has_cost_note"})
_AT_AMOUNT = frozenset({"amount", "sign_conflict"})
_AT_TEAM = frozenset({"team", "team_problem"})

SUBJECT = AssignmentSubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


class Subjects(NamedTuple):
    """The subjects of one agreement's assignments, by kind."""

    responsibility: list[ResponsibilitySubject]
    assignment: list[AssignmentSubject]
    party_ref: list[RefSubject]


_new = tuple.__new__  # a NamedTuple made without its Python-level __new__, on the hot path


def assignment_subjects(data: AgreementData, catalogue: CatalogueIndex) -> Subjects:
    """The responsibility, assignment and party_ref subjects of one agreement, in one pass."""
    parties = Parties(data, catalogue)
    assignments: list[AssignmentSubject] = []
    party_refs: list[RefSubject] = []
    primary: dict[str, Primary] = {}
    known = catalogue.responsibilities
    doc = data.document
    for item in data.assignments:
        refs, held = party_ref_subjects(item, parties)
        party_refs += refs
        resp = known.get(item.responsibility)
        assignments.append(AssignmentSubject(item, resp, catalogue, held, parties, doc))
        if resp is not None and item.duplicate_of is None and item.responsibility not in primary:
            primary[item.responsibility] = _new(Primary, (item, held))
    return Subjects(responsibility_subjects(data, catalogue, primary), assignments, party_refs)


class Rebuilt:
    """The subjects of a remembered block's findings (rules/blocks.py), each built alone from
    this agreement's document: an entry's facts depend only on the entry, the agreement's
    parties and the catalogue, and an unassigned responsibility's on nothing else."""

    __slots__ = ("_every", "_parties", "catalogue", "data")

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex) -> None:
        self.data = data
        self.catalogue = catalogue
        self._parties: Parties | None = None
        self._every: Subjects | None = None

    def parties(self) -> Parties:
        if self._parties is None:
            self._parties = Parties(self.data, self.catalogue)
        return self._parties

    def subject(self, kind: str, position: Any) -> Any:
        """The subject of `kind` at `position` (see `position`)."""
        data, catalogue = self.data, self.catalogue
        if kind == KIND:
            item = data.entry(position)
            parties = self.parties()
            held = party_ref_subjects(item, parties)[1]
            resp = catalogue.responsibilities.get(item.responsibility)
            return AssignmentSubject(item, resp, catalogue, held, parties, data.document)
        if kind == PARTY_REF:
            entry, index = position
            return party_ref_subjects(data.entry(entry), self.parties())[0][index]
        resp = catalogue.model["responsibilities"][position]
        if not data.assigns(resp["id"]):
            return ResponsibilitySubject(resp, None, Agreement(data, catalogue, {}))
        if self._every is None:  # an assigned one's inversions compare it with every other
            self._every = assignment_subjects(data, catalogue)
        return self._every.responsibility[position]


def position(kind: str, subjects: list[Any], subject: Any, data: AgreementData) -> Any:
    """Where `subject` stands among its kind's `subjects`, for `Rebuilt.subject`: its place in
    the list (a responsibility's in the catalogue, an assignment's among the entries), for a
    party_ref the place of its entry and its place among that entry's names."""
    at = next(index for index, other in enumerate(subjects) if other is subject)
    if kind != PARTY_REF:
        return at
    item = subject._item
    entry = next(index for index, other in enumerate(data.assignments) if other is item)
    return entry, sum(1 for other in subjects[:at] if other._item is item)


def assignment_facts(
    data: AgreementData, catalogue: CatalogueIndex
) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """The responsibility, assignment and party_ref facts of one agreement."""
    found = assignment_subjects(data, catalogue)
    return (
        [Fact(RESPONSIBILITY, s, RESPONSIBILITY_GETTERS) for s in found.responsibility],
        [Fact(KIND, s, GETTERS) for s in found.assignment],
        [Fact(PARTY_REF, s, PARTY_REF_GETTERS) for s in found.party_ref],
    )
