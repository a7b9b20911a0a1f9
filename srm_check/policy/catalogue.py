"""Load one catalogue file: its structure, then the consistency of its ids and defaults.

Problems come in the order of the file: parties, their teams, then responsibilities.
"""

from __future__ import annotations

from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.policy.structure import structure_problems
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.schemas.records import CatalogueRecord, PartyRecord, ResponsibilityRecord
from srm_check.source.document import Document


class _Checker(Record):
    """Collects the ids a catalogue declares, and each problem with them."""

    __slots__ = ("display", "doc", "party_rank", "problems", "responsibilities", "teams")

    doc: Document
    display: str
    problems: list[Problem]
    party_rank: dict[str, int]
    teams: dict[str, str]
    responsibilities: dict[str, ResponsibilityRecord]

    def __init__(
        self,
        doc: Document,
        display: str,
        problems: list[Problem] | None = None,
        party_rank: dict[str, int] | None = None,
        teams: dict[str, str] | None = None,
        responsibilities: dict[str, ResponsibilityRecord] | None = None,
    ) -> None:
        self.doc = doc
        self.display = display
        self.problems = [] if problems is None else problems
        self.party_rank = {} if party_rank is None else party_rank
        self.teams = {} if teams is None else teams
        self.responsibilities = {} if responsibilities is None else responsibilities

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(Problem(message, self.doc.span(pointer), path=self.display))

    def check_parties(self, parties: list[PartyRecord]) -> None:
        """Party ids are unique; team ids are unique among teams and parties."""
        for i, party in enumerate(parties):
            if party["id"] in self.party_rank:
                self.problem(f"/parties/{i}/id", f"party id '{party['id']}' is declared twice")
            self.party_rank.setdefault(party["id"], i)
        for i, party in enumerate(parties):
            for j, team in enumerate(party["teams"]):
                if team["id"] in self.teams or team["id"] in self.party_rank:
                    self.problem(f"/parties/{i}/teams/{j}/id", f"team id '{team['id']}' is already used")
                self.teams.setdefault(team["id"], party["id"])

    def check_responsibilities(self, responsibilities: list[ResponsibilityRecord]) -> None:
        """Ids and numbers are unique, numbers ascend, defaults are declared parties and teams."""
        numbers: set[int] = set()
        previous = 0
        for i, resp in enumerate(responsibilities):
            rid, number = resp["id"], resp["number"]
            if rid in self.responsibilities:
                self.problem(f"/responsibilities/{i}/id", f"responsibility id '{rid}' is repeated")
            if number in numbers:
                self.problem(f"/responsibilities/{i}/number", f"responsibility number {number} is repeated")
            elif number < previous:
                self.problem(
                    f"/responsibilities/{i}/number",
                    "responsibilities must be listed in their technical order (by number)",
                )
            self._check_defaults(i, resp)
            self.responsibilities.setdefault(rid, resp)
            numbers.add(number)
            previous = max(previous, number)

    def _check_defaults(self, i: int, resp: ResponsibilityRecord) -> None:
        default, default_team = resp["default_party"], resp["default_team"]
        if default not in self.party_rank:
            self.problem(
                f"/responsibilities/{i}/default_party",
                f"default party '{default}' is not declared in parties",
            )
        if default_team is not None and self.teams.get(default_team) != default:
            self.problem(
                f"/responsibilities/{i}/default_team",
                f"default team '{default_team}' is not a team of '{default}'",
            )


def load_catalogue(doc: Document, display: str, sha: str, problems: list[Problem]) -> CatalogueIndex | None:
    """The catalogue with its look-ups, or None when it has problems (added to `problems`)."""
    structural = structure_problems("catalogue", doc, display)
    if structural:
        problems.extend(structural)
        return None
    model: CatalogueRecord = doc.value
    checker = _Checker(doc, display)
    checker.check_parties(model["parties"])
    checker.check_responsibilities(model["responsibilities"])
    if checker.problems:
        problems.extend(checker.problems)
        return None
    return CatalogueIndex(
        model=model,
        path=display,
        sha256=sha,
        responsibilities=checker.responsibilities,
        order=[r["id"] for r in model["responsibilities"]],
        party_rank=checker.party_rank,
        teams=checker.teams,
    )
