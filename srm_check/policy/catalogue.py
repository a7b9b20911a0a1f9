"""Load one catalogue file: its structure, then the consistency of its ids, defaults and roles.

Problems come in the order of the file: parties, their teams, areas, then responsibilities.
"""

from __future__ import annotations

from srm_check.core.codes import DUPLICATE_KEY, WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.policy.structure import structure_problems
from srm_check.rules.catalogue import CatalogueIndex, shared_roles
from srm_check.schemas.records import AreaRecord, CatalogueRecord, PartyRecord, ResponsibilityRecord
from srm_check.source.document import Document


class _Checker(Record):
    """Collects the ids a catalogue declares, and each problem with them."""

    __slots__ = ("areas", "display", "doc", "ordered", "party_rank", "problems", "responsibilities", "teams")

    doc: Document
    display: str
    ordered: bool
    problems: list[Problem]
    party_rank: dict[str, int]
    teams: dict[str, str]
    areas: set[str]
    responsibilities: dict[str, ResponsibilityRecord]

    def __init__(self, doc: Document, display: str, ordered: bool) -> None:
        self.doc = doc
        self.display = display
        self.ordered = ordered
        self.problems = []
        self.party_rank = {}
        self.teams = {}
        self.areas = set()
        self.responsibilities = {}

    def problem(self, pointer: str, message: str, code: str = WRONG_TYPE) -> None:
        self.problems.append(Problem(message, self.doc.span(pointer), path=self.display, code=code))

    def check_parties(self, parties: list[PartyRecord]) -> None:
        """Party ids are unique; team ids are unique among teams and parties."""
        for i, party in enumerate(parties):
            if party["id"] in self.party_rank:
                self.problem(f"/parties/{i}/id", f"party id '{party['id']}' is declared twice", DUPLICATE_KEY)
            self.party_rank.setdefault(party["id"], i)
        for i, party in enumerate(parties):
            for j, team in enumerate(party["teams"]):
                if team["id"] in self.teams or team["id"] in self.party_rank:
                    self.problem(
                        f"/parties/{i}/teams/{j}/id", f"team id '{team['id']}' is already used", DUPLICATE_KEY
                    )
                self.teams.setdefault(team["id"], party["id"])

    def check_areas(self, areas: list[AreaRecord]) -> None:
        """Area ids are unique, and an area's roles are declared teams."""
        for i, area in enumerate(areas):
            if area["id"] in self.areas:
                self.problem(f"/areas/{i}/id", f"area id '{area['id']}' is declared twice", DUPLICATE_KEY)
            self.areas.add(area["id"])
            for j, role in enumerate(area["roles"]):
                if role not in self.teams:
                    what = "a party, not a team" if role in self.party_rank else "not a declared team"
                    self.problem(f"/areas/{i}/roles/{j}", f"role '{role}' of area '{area['id']}' is {what}")

    def check_responsibilities(self, responsibilities: list[ResponsibilityRecord]) -> None:
        """Ids and numbers are unique, numbers ascend, and what each names is declared."""
        numbers: set[int] = set()
        previous = 0
        for i, resp in enumerate(responsibilities):
            rid, number = resp["id"], resp["number"]
            if rid in self.responsibilities:
                self.problem(
                    f"/responsibilities/{i}/id", f"responsibility id '{rid}' is repeated", DUPLICATE_KEY
                )
            if number in numbers:
                self.problem(
                    f"/responsibilities/{i}/number",
                    f"responsibility number {number} is repeated",
                    DUPLICATE_KEY,
                )
            elif number < previous:
                order = "their technical order (by number)" if self.ordered else "the order of their numbers"
                self.problem(f"/responsibilities/{i}/number", f"responsibilities must be listed in {order}")
            self._check_area(i, resp)
            self._check_defaults(i, resp)
            self._check_shared(i, resp)
            self.responsibilities.setdefault(rid, resp)
            numbers.add(number)
            previous = max(previous, number)

    def _check_area(self, i: int, resp: ResponsibilityRecord) -> None:
        area = resp["area"]
        if area is not None and area not in self.areas:
            where = "in areas" if self.areas else "(the catalogue declares no areas)"
            self.problem(f"/responsibilities/{i}/area", f"area '{area}' is not declared {where}")

    def _check_defaults(self, i: int, resp: ResponsibilityRecord) -> None:
        default, default_team = resp["default_party"], resp["default_team"]
        pointer = f"/responsibilities/{i}"
        if default is not None and default not in self.party_rank:
            in_team = f" ('{default}' is a team of '{self.teams[default]}')" if default in self.teams else ""
            self.problem(
                f"{pointer}/default_party", f"default party '{default}' is not declared in parties{in_team}"
            )
        if default_team is None:
            return
        if default is None:
            self.problem(
                f"{pointer}/default_team", "a default_team needs a default_party, the party it belongs to"
            )
        elif self.teams.get(default_team) != default:
            self.problem(
                f"{pointer}/default_team", f"default team '{default_team}' is not a team of '{default}'"
            )

    def _check_shared(self, i: int, resp: ResponsibilityRecord) -> None:
        """A shared responsibility names declared parties, each once, in at least one role."""
        shared = resp["shared"]
        if shared is None:
            return
        pointer = f"/responsibilities/{i}/shared"
        named: set[str] = set()
        for role, listed in shared_roles(shared):
            for j, party in enumerate(listed):
                if party not in self.party_rank:
                    what = (
                        f"a team of '{self.teams[party]}', not a party"
                        if party in self.teams
                        else "not a declared party"
                    )
                    self.problem(f"{pointer}/{role}/{j}", f"'{party}' in shared.{role} is {what}")
                elif party in named:
                    self.problem(
                        f"{pointer}/{role}/{j}", f"'{party}' is named twice in shared", DUPLICATE_KEY
                    )
                named.add(party)
        if not named:
            self.problem(
                pointer, "shared names no party: list the parties under responsible, consulted or informed"
            )

    def check_boundary(self, model: CatalogueRecord) -> None:
        boundary = model["boundary"]
        if boundary is not None and boundary["begins_at"] is not None and not self.ordered:
            self.problem(
                "/boundary/begins_at",
                "boundary.begins_at needs a technical order, but technical_order is false",
            )


def load_catalogue(doc: Document, display: str, sha: str, problems: list[Problem]) -> CatalogueIndex | None:
    """The catalogue with its look-ups, or None when it has problems (added to `problems`)."""
    structural = structure_problems("catalogue", doc, display)
    if structural:
        problems.extend(structural)
        return None
    model: CatalogueRecord = doc.value
    checker = _Checker(doc, display, model["technical_order"])
    checker.check_parties(model["parties"])
    checker.check_areas(model["areas"])
    checker.check_boundary(model)
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
        ordered=model["technical_order"],
    )
