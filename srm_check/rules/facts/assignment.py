"""`assignment` facts: one per entry under `assignments`, as written (repeats included).

`assignment_facts` builds the facts of an agreement's assignments in one pass: the
responsibility, assignment and party_ref facts, which depend on each other.
"""

from __future__ import annotations

from typing import Any

from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import COMMUNITY_MORE, PROVIDER_MORE, CatalogueIndex
from srm_check.rules.facts.costs import cost_values
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.party_ref import Holding, Parties, party_ref_facts
from srm_check.rules.facts.responsibility import Primary, responsibility_facts
from srm_check.schemas.records import ResponsibilityRecord
from srm_check.source.document import Document

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


def _locations(item: AssignmentData, amount: tuple[str, Span]) -> dict[str, tuple[str, Span]]:
    """Findings about the key point at the key; about the cost note, at the note (else the entry)."""
    key = (item.pointer, item.key_span)
    note = (item.cost_note_pointer or item.pointer, item.cost_note_span or item.value_span)
    team = (item.team_pointer or item.pointer, item.team_span or item.value_span)
    return {
        "responsibility": key,
        "known": key,
        "duplicate": key,
        "cost_note": note,
        "has_cost_note": note,
        "amount": amount,
        "sign_conflict": amount,
        "team": team,
        "team_problem": team,
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


def assignment_fact(
    item: AssignmentData,
    resp: ResponsibilityRecord | None,
    catalogue: CatalogueIndex,
    holding: Holding,
    parties: Parties,
    doc: Document,
) -> Fact:
    """The fact of one entry, given who holds it."""
    known = _catalogue_values(item, resp, catalogue)
    default, single = known["default_party"], holding.single
    first = item.duplicate_of
    move = catalogue.direction(default, single)
    costs = cost_values(item, doc, _EXPECTED.get(move or ""))
    responsible, consulted, informed = item.role_texts()
    values = {
        "responsibility": item.responsibility,
        "known": known["known"],
        "did_you_mean": known["did_you_mean"],
        "title": known["title"],
        "number": known["number"],
        "duplicate": first is not None,
        "first_line": first.line if first else None,
        "party": single,
        "parties": ", ".join(holding.parties) or "nobody",
        "party_count": holding.party_count,
        "responsible": responsible,
        "consulted": consulted,
        "informed": informed,
        "team": item.team,
        "team_problem": team_problem(item, single, parties),
        "default_party": default,
        "deviates": (single != default) if (single is not None and default is not None) else None,
        "move": move,
        "cost_note": costs.text,
        "has_cost_note": item.cost_note_pointer is not None,
        "amount": costs.amount,
        "expected_change": costs.expected_change,
        "sign_conflict": costs.sign_conflict,
    }
    fact = Fact(KIND, values, item.pointer, item.value_span, _locations(item, costs.location))
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
        assignments.append(assignment_fact(item, resp, catalogue, holding, parties, data.document))
        if resp is not None and item.duplicate_of is None:
            primary.setdefault(item.responsibility, Primary(item, holding))
    return responsibility_facts(data, catalogue, primary), assignments, party_refs
