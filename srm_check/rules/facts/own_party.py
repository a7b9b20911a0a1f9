"""`own_party` facts: one per party or team that the agreement declares under `parties`.

An agreement's own parties (a partner, a university IT team) sit beside the catalogue's;
an id that the catalogue already uses would change what a name means, so it is a fact
that rules judge (`clash`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from srm_check.core.span import Span
from srm_check.rules.catalogue import CatalogueIndex
from srm_check.rules.facts.fact import Fact, Getter, Location, getters_of

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

KIND = "own_party"
WORDS = "each party or team the agreement declares under `parties`"
FIELDS: dict[str, str] = {
    "id": "the id as written",
    "kind": "party or team",
    "party": "the party it belongs to (itself, for a party)",
    "clash": "what already uses that id (the catalogue, or an earlier entry of `parties`), or null",
}


def _declared(data: AgreementData) -> list[tuple[str, str, str, str]]:
    """(id, kind, party, pointer) of each party and team declared, in the order written."""
    out: list[tuple[str, str, str, str]] = []
    raw = data.document.value.get("parties") if isinstance(data.document.value, dict) else None
    for i, party in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(party, dict) or not isinstance(party.get("id"), str):
            continue
        pid = party["id"]
        out.append((pid, "party", pid, f"/parties/{i}/id"))
        teams = party.get("teams")
        for j, team in enumerate(teams if isinstance(teams, list) else []):
            if isinstance(team, dict) and isinstance(team.get("id"), str):
                out.append((team["id"], "team", pid, f"/parties/{i}/teams/{j}/id"))
    return out


def _catalogue_clash(ident: str, catalogue: CatalogueIndex | None) -> str | None:
    if catalogue is None:
        return None
    if ident in catalogue.party_rank:
        return f"is already a party of the catalogue {catalogue.ref}"
    if ident in catalogue.teams:
        return f"is already a team of {catalogue.teams[ident]} in the catalogue {catalogue.ref}"
    return None


class OwnPartySubject:
    """One party or team the agreement declares, with what already uses its id (if anything)."""

    __slots__ = ("_first", "_pointer", "_span", "clash", "id", "kind", "party")

    id: str
    kind: str
    party: str
    clash: str | None

    def __init__(
        self, declared: tuple[str, str, str, str], span: Span, clash: str | None, first: Span | None
    ) -> None:
        self.id, self.kind, self.party, self._pointer = declared
        self._span = span
        self.clash = clash
        self._first = first  # the earlier declaration of the same id, when the clash is with it

    def _where(self) -> Location:
        return self._pointer, self._span

    def _location(self, name: str) -> Location:
        return self._where()

    def _related(self) -> list[tuple[Span, str]]:
        return [(self._first, "first declared here")] if self._first is not None else []


SUBJECT = OwnPartySubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


def own_party_subjects(data: AgreementData, catalogue: CatalogueIndex | None) -> list[OwnPartySubject]:
    """A subject per declared party and team; `clash` says what already uses its id."""
    doc = data.document
    first: dict[str, Span] = {}
    out: list[OwnPartySubject] = []
    for declared in _declared(data):
        ident, pointer = declared[0], declared[3]
        span = doc.span(pointer)
        clash = _catalogue_clash(ident, catalogue)
        earlier = None
        if clash is None and ident in first:
            clash = f"is already declared in this agreement (line {first[ident].line})"
            earlier = first[ident]
        out.append(OwnPartySubject(declared, span, clash, earlier))
        first.setdefault(ident, span)
    return out


def own_party_facts(data: AgreementData, catalogue: CatalogueIndex | None) -> list[Fact]:
    """A fact per declared party and team; `clash` says what already uses its id."""
    return [Fact(KIND, subject, GETTERS) for subject in own_party_subjects(data, catalogue)]
