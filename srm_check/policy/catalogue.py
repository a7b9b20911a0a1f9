"""Load one catalogue file: its structure, then the consistency of its ids and defaults."""

from __future__ import annotations

from srm_check.core.problem import Problem
from srm_check.policy.structure import structure_problems
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.schemas.records import CatalogueRecord, ResponsibilityRecord
from srm_check.source.document import Document


def load_catalogue(doc: Document, display: str, sha: str, problems: list[Problem]) -> CatalogueIndex | None:
    structural = structure_problems("catalogue", doc, display)
    if structural:
        problems.extend(structural)
        return None
    model: CatalogueRecord = doc.value
    found: list[Problem] = []

    def problem(pointer: str, message: str) -> None:
        found.append(Problem(message, doc.span(pointer), path=display))

    party_rank: dict[str, int] = {}
    teams: dict[str, str] = {}
    for i, party in enumerate(model["parties"]):
        if party["id"] in party_rank:
            problem(f"/parties/{i}/id", f"party id '{party['id']}' is declared twice")
        party_rank.setdefault(party["id"], i)
    for i, party in enumerate(model["parties"]):
        for j, team in enumerate(party["teams"]):
            if team["id"] in teams or team["id"] in party_rank:
                problem(f"/parties/{i}/teams/{j}/id", f"team id '{team['id']}' is already used")
            teams.setdefault(team["id"], party["id"])
    responsibilities: dict[str, ResponsibilityRecord] = {}
    numbers: set[int] = set()
    previous = 0
    for i, resp in enumerate(model["responsibilities"]):
        rid, number, default = resp["id"], resp["number"], resp["default_party"]
        if rid in responsibilities:
            problem(f"/responsibilities/{i}/id", f"responsibility id '{rid}' is repeated")
        if number in numbers:
            problem(f"/responsibilities/{i}/number", f"responsibility number {number} is repeated")
        elif number < previous:
            problem(
                f"/responsibilities/{i}/number",
                "responsibilities must be listed in their technical order (by number)",
            )
        if default not in party_rank:
            problem(
                f"/responsibilities/{i}/default_party",
                f"default party '{default}' is not declared in parties",
            )
        default_team = resp["default_team"]
        if default_team is not None and teams.get(default_team) != default:
            problem(
                f"/responsibilities/{i}/default_team",
                f"default team '{default_team}' is not a team of '{default}'",
            )
        responsibilities.setdefault(rid, resp)
        numbers.add(number)
        previous = max(previous, number)
    if found:
        problems.extend(found)
        return None
    return CatalogueIndex(
        model=model,
        path=display,
        sha256=sha,
        responsibilities=responsibilities,
        order=[r["id"] for r in model["responsibilities"]],
        party_rank=party_rank,
        teams=teams,
    )
