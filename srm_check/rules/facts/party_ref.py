"""`party_ref` facts: one per party or team named in an assignment, and what it resolves to."""

from __future__ import annotations

from typing import NamedTuple

from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts.fact import Fact

KIND = "party_ref"
WORDS = "each party or team named in an assignment"
FIELDS: dict[str, str] = {
    "party": "the party or team as written",
    "known": "whether the catalogue or agreement declares it",
    "did_you_mean": "' (did you mean x?)' with the closest known party, or ''",
    "responsibility": "the responsibility it is named for",
    "resolved": "the party it counts as, or null",
}


class Holding(NamedTuple):
    """Who holds an assignment entry: how many distinct parties, and the one party if exactly one."""

    party_count: int
    single: str | None


class Parties:
    """The parties and teams an agreement may name: the catalogue's and its own."""

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex) -> None:
        self.catalogue = catalogue
        self.extra = _extra_parties(data)
        self.known = sorted(
            {*catalogue.party_rank, *catalogue.teams, *self.extra.values()}
            | {k[5:] for k in self.extra if k.startswith("team:")}
        )

    def resolve(self, text: str) -> str | None:
        """The party that `text` (a party or a team) counts as, or None when unknown."""
        if text in self.catalogue.party_rank or text in self.extra:
            return text
        return self.catalogue.teams.get(text) or self.extra.get(f"team:{text}")


def _extra_parties(data: AgreementData) -> dict[str, str]:
    """The agreement's own parties (id -> id) and their teams ('team:id' -> party)."""
    out: dict[str, str] = {}
    for party in data.parties:
        pid = party.get("id")
        if isinstance(pid, str):
            out[pid] = pid
            teams = party.get("teams")
            for team in teams if isinstance(teams, list) else []:  # a wrong type is SRM011's
                if isinstance(team, dict) and isinstance(team.get("id"), str):
                    out[f"team:{team['id']}"] = pid
    return out


def party_ref_facts(item: AssignmentData, parties: Parties) -> tuple[list[Fact], Holding]:
    """The facts of the parties an entry names, and who holds the entry."""
    facts: list[Fact] = []
    resolved: list[str] = []
    unknown = 0
    for holder in item.holders:
        party = parties.resolve(holder.text)
        unknown += party is None
        values = {
            "party": holder.text,
            "known": party is not None,
            "did_you_mean": "" if party else did_you_mean(holder.text, parties.known),
            "responsibility": item.responsibility,
            "resolved": party,
        }
        facts.append(Fact(KIND, values, holder.pointer, holder.span))
        if party is not None and party not in resolved:
            resolved.append(party)
    single = resolved[0] if len(resolved) == 1 and not unknown else None
    return facts, Holding(len(resolved) + unknown, single)
