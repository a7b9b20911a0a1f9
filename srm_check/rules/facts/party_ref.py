"""`party_ref` facts: one per party or team named in an assignment, in any role, and what it resolves to."""

from __future__ import annotations

from typing import NamedTuple

from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import ROLES, AgreementData, AssignmentData, Holder
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts.fact import Fact

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

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex) -> None:
        self.catalogue = catalogue
        self.own, self.own_teams = own_parties(data)
        self.known = sorted({*catalogue.party_rank, *catalogue.teams, *self.own, *self.own_teams})

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


def _ref_fact(
    holder: Holder,
    party: str | None,
    earlier: tuple[Holder | None, Holder | None],
    item: AssignmentData,
    parties: Parties,
) -> Fact:
    repeats, conflict = earlier
    team = party is not None and parties.is_team(holder.text)
    if party is None:
        kind, named = None, f"'{holder.text}'"
    else:
        kind, named = ("team", f"team '{holder.text}' of {party}") if team else ("party", f"party '{party}'")
    values = {
        "party": holder.text,
        "known": party is not None,
        "did_you_mean": "" if party else did_you_mean(holder.text, parties.known),
        "responsibility": item.responsibility,
        "resolved": party,
        "role": holder.role,
        "kind": kind,
        "named": named,
        "blank": False,
        "repeats": repeats.text if repeats is not None else None,
        "conflict": conflict.role if conflict is not None else None,
    }
    fact = Fact(KIND, values, holder.pointer, holder.span)
    if repeats is not None:
        fact.related.append((repeats.span, "first named here"))
    if conflict is not None:
        fact.related.append((conflict.span, f"{conflict.role} here"))
    return fact


def party_ref_facts(item: AssignmentData, parties: Parties) -> tuple[list[Fact], Holding]:
    """The facts of the parties an entry names in every role, and who is accountable for it.

    Roles are read strongest first (see ROLES), so a weak role is judged against the stronger
    ones already read.
    """
    facts: list[Fact] = []
    read = _Read()
    accountable: list[tuple[Holder, str | None]] = []
    strongest: dict[str, str] = {}  # party -> its strongest role here
    for holder in (*item.holders, *item.contributors) if item.contributors else item.holders:
        party = parties.resolve(holder.text)
        facts.append(_ref_fact(holder, party, read.earlier(holder, party), item, parties))
        read.add(holder, party)
        if holder.role == "accountable":
            accountable.append((holder, party))
        if party is not None:
            strongest.setdefault(party, holder.role)
    if item.blanks:
        facts += [_blank(holder, item) for holder in item.blanks]
    return facts, holding(accountable, tuple(strongest.items()))


def _blank(holder: Holder, item: AssignmentData) -> Fact:
    values = {
        "party": "",
        "known": False,
        "did_you_mean": "",
        "responsibility": item.responsibility,
        "resolved": None,
        "role": holder.role,
        "kind": None,
        "named": "an empty entry",
        "blank": True,
        "repeats": None,
        "conflict": None,
    }
    return Fact(KIND, values, holder.pointer, holder.span)
