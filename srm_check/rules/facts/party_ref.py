"""`party_ref` facts: one per party or team named in an assignment, in any role, and what it resolves to."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from srm_check.core.span import Span
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.entries import ROLES
from srm_check.rules.facts.fact import Fact, Getter, Location, getters_of, suggestion

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData, AssignmentData, Holder

KIND = "party_ref"
WORDS = "each party or team named in an assignment, in any role, and each empty entry of a list of them"
FIELDS: dict[str, str] = {
    "party": "the party or team as written ('' for an empty entry)",
    "known": "whether the catalogue or agreement declares it",
    "did_you_mean": "' (did you mean x?)' with the closest known party, or ''",
    "responsibility": "the responsibility it is named for",
    "resolved": "the party it counts as, or null",
    "role": "the role it is named in: accountable (under `party` or `accountable`), responsible, "
    "consulted or informed",
    "kind": "party, team, or null when unknown",
    "named": "how messages name it: \"party '2i2c'\", \"team 'cloud-engineering' of 2i2c\" or \"'x'\"",
    "blank": "whether it is an empty entry (null or blank text) of a list",
    "repeats": "an earlier name in the same role for the same party (the same name, or the party "
    "and one of its teams), as written, or null",
    "conflict": "for consulted and informed: a stronger role in which the assignment already names "
    "the same party or team, or null",
}


_new = tuple.__new__  # a NamedTuple made without its Python-level __new__, on the hot path


class Holding(NamedTuple):
    """Who is accountable for an assignment entry: the distinct parties, and the one party if exactly one.

    An unknown name counts as a party of its own (as written).
    """

    party_count: int
    single: str | None
    parties: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (party, its strongest role) for every known party named


class Parties:
    """The parties and teams an agreement may name: the catalogue's, then its own.

    The catalogue's ids win: an agreement that declares `2i2c` or a catalogue team as its own
    party is reported for it (SRM110), and the name keeps the catalogue's meaning.
    """

    __slots__ = ("_known", "catalogue", "own", "own_teams")

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex) -> None:
        self.catalogue = catalogue
        self.own, self.own_teams = own_parties(data)
        self._known: list[str] | None = None

    @property
    def known(self) -> list[str]:
        """Every name the agreement may use, sorted (for "did you mean")."""
        if self._known is None:
            self._known = sorted(
                {*self.catalogue.party_rank, *self.catalogue.teams, *self.own, *self.own_teams}
            )
        return self._known

    def resolve(self, text: str) -> str | None:
        """The party that `text` (a party or a team) counts as, or None when unknown."""
        if text in self.catalogue.party_rank:
            return text
        team = self.catalogue.teams.get(text)
        if team is not None:
            return team
        if text in self.own:
            return text
        return self.own_teams.get(text)

    def is_team(self, text: str) -> bool:
        return text not in self.catalogue.party_rank and (
            text in self.catalogue.teams or text in self.own_teams
        )

    def teams_of(self, party: str) -> list[str]:
        """The teams of `party`, the catalogue's and the agreement's."""
        teams = {**self.own_teams, **self.catalogue.teams}
        return [t for t, p in teams.items() if p == party]


def own_parties(data: AgreementData) -> tuple[set[str], dict[str, str]]:
    """The agreement's own party ids, and their teams (team id -> party)."""
    own: set[str] = set()
    teams: dict[str, str] = {}
    for party in data.parties:
        pid = party.get("id")
        if isinstance(pid, str):
            own.add(pid)
            listed = party.get("teams")
            for team in listed if isinstance(listed, list) else []:  # a wrong type is SRM011's
                if isinstance(team, dict) and isinstance(team.get("id"), str):
                    teams.setdefault(team["id"], pid)
    return own, teams


def holding(named: list[tuple[Holder, str | None]], roles: tuple[tuple[str, str], ...] = ()) -> Holding:
    """Who is accountable, given the names under `party` and `accountable` and what each
    resolves to (None: unknown, counted as a party of its own)."""
    distinct = list(dict.fromkeys(party or holder.text for holder, party in named))
    single = distinct[0] if len(distinct) == 1 and named[0][1] else None
    return Holding(len(distinct), single, tuple(distinct), roles)


class _Read:
    """The names an entry has named so far, indexed so that each new name is judged in constant
    time (a list of 100,000 names must not take quadratic time).

    Per role: the first holder of each name, of each party by any of its names, and of each
    party by its own id; across roles: the first (so strongest) role of each name.
    """

    def __init__(self) -> None:
        self.order: dict[int, int] = {}  # id(holder) -> position, to pick the earliest candidate
        self.by_text: dict[tuple[str, str], Holder] = {}
        self.by_party: dict[tuple[str, str], Holder] = {}
        self.by_own_id: dict[tuple[str, str], Holder] = {}
        self.first_role: dict[str, Holder] = {}

    def earlier(self, holder: Holder, party: str | None) -> tuple[Holder | None, Holder | None]:
        """The earlier name this one repeats (same role, same unit: the same name, or a party and
        one of its teams; two teams of one party are two units), and the stronger role it takes
        back (a consulted or informed name already named in a stronger role)."""
        role, text = holder.role, holder.text
        candidates = [self.by_text.get((role, text))]
        if party is not None:
            own = text == party
            candidates.append(self.by_party.get((role, party)) if own else self.by_own_id.get((role, party)))
        found = [c for c in candidates if c is not None]
        repeats = min(found, key=lambda h: self.order[id(h)]) if found else None
        first = self.first_role.get(text)
        weaker = role in ("consulted", "informed")
        conflict = (
            first if weaker and first is not None and ROLES.index(first.role) < ROLES.index(role) else None
        )
        return repeats, conflict

    def add(self, holder: Holder, party: str | None) -> None:
        self.order[id(holder)] = len(self.order)
        self.by_text.setdefault((holder.role, holder.text), holder)
        self.first_role.setdefault(holder.text, holder)
        if party is not None:
            self.by_party.setdefault((holder.role, party), holder)
            if holder.text == party:
                self.by_own_id.setdefault((holder.role, party), holder)


class RefSubject:
    """One name in an assignment (or an empty entry of a list), what it resolves to, and the
    earlier names it repeats or takes a role back from."""

    __slots__ = (
        "_conflict",
        "_holder",
        "_item",
        "_parties",
        "_repeats",
        "blank",
        "conflict",
        "known",
        "party",
        "repeats",
        "resolved",
        "role",
    )

    party: str
    known: bool
    resolved: str | None
    role: str
    blank: bool
    repeats: str | None
    conflict: str | None

    def __init__(
        self,
        holder: Holder,
        party: str | None,
        item: AssignmentData,
        parties: Parties,
        earlier: tuple[Holder | None, Holder | None] = (None, None),
        blank: bool = False,
    ) -> None:
        self._holder = holder
        self._item = item
        self._parties = parties
        repeats, conflict = self._repeats, self._conflict = earlier
        self.party = holder.text
        self.known = party is not None
        self.resolved = party
        self.role = holder.role
        self.blank = blank
        self.repeats = repeats.text if repeats is not None else None
        self.conflict = conflict.role if conflict is not None else None

    @property
    def did_you_mean(self) -> str:
        return "" if self.resolved or self.blank else suggestion(self.party, self._parties.known)

    @property
    def responsibility(self) -> str:
        return self._item.responsibility

    @property
    def kind(self) -> str | None:
        if self.resolved is None:
            return None
        return "team" if self._parties.is_team(self.party) else "party"

    @property
    def named(self) -> str:
        if self.blank:
            return "an empty entry"
        if self.resolved is None:
            return f"'{self.party}'"
        if self._parties.is_team(self.party):
            return f"team '{self.party}' of {self.resolved}"
        return f"party '{self.resolved}'"

    def _where(self) -> Location:
        return self._holder.pointer, self._holder.span

    def _location(self, name: str) -> Location:
        return self._where()

    def _related(self) -> list[tuple[Span, str]]:
        out: list[tuple[Span, str]] = []
        if self._repeats is not None:
            out.append((self._repeats.span, "first named here"))
        if self._conflict is not None:
            out.append((self._conflict.span, f"{self._conflict.role} here"))
        return out


SUBJECT = RefSubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


def party_ref_subjects(item: AssignmentData, parties: Parties) -> tuple[list[RefSubject], Holding]:
    """The names an entry gives in every role (and its empty entries), and who is accountable.

    Roles are read strongest first (see ROLES), so a weak role is judged against the stronger
    ones already read. An entry naming one party, and nothing else, needs none of that.
    """
    holders = item.holders
    if len(holders) == 1 and not item.contributors and not item.blanks:
        holder = holders[0]
        party = parties.resolve(holder.text)
        subject = RefSubject(holder, party, item, parties)
        roles = ((party, holder.role),) if party is not None else ()
        return [subject], _new(Holding, (1, party or None, (party or holder.text,), roles))
    subjects: list[RefSubject] = []
    read = _Read()
    accountable: list[tuple[Holder, str | None]] = []
    strongest: dict[str, str] = {}  # party -> its strongest role here
    for holder in (*holders, *item.contributors) if item.contributors else holders:
        party = parties.resolve(holder.text)
        subjects.append(RefSubject(holder, party, item, parties, read.earlier(holder, party)))
        read.add(holder, party)
        if holder.role == "accountable":
            accountable.append((holder, party))
        if party is not None:
            strongest.setdefault(party, holder.role)
    subjects += [RefSubject(holder, None, item, parties, blank=True) for holder in item.blanks]
    return subjects, holding(accountable, tuple(strongest.items()))


def party_ref_facts(item: AssignmentData, parties: Parties) -> tuple[list[Fact], Holding]:
    """The facts of the parties an entry names in every role, and who is accountable for it."""
    subjects, held = party_ref_subjects(item, parties)
    return [Fact(KIND, subject, GETTERS) for subject in subjects], held
