"""`agreement` facts: one per agreement document, its metadata."""

from __future__ import annotations

from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.facts.fact import Fact, Getter, Location, Placed, getters_of

KIND = "agreement"
WORDS = "each agreement"
FIELDS: dict[str, str] = {
    "id": "the agreement's id",
    "community": "the community's name",
    "catalogue": "the catalogue reference as written (id@version)",
    "catalogue_known": "whether that catalogue is in the policy",
    "catalogues": "the catalogues the policy holds, as text",
    "effective": "the effective date as written",
    "end": "the end date as written, or null",
}
# Field -> the top-level key a finding about it points at.
_KEYS = {
    "id": "agreement",
    "catalogue": "catalogue",
    "catalogue_known": "catalogue",
    "effective": "effective",
    "end": "end",
    "community": "community",
}


class AgreementSubject(Placed):
    """One agreement document, its catalogue (if the policy has it) and the policy's catalogues."""

    __slots__ = (
        "_catalogues",
        "_data",
        "catalogue",
        "catalogue_known",
        "community",
        "effective",
        "end",
        "id",
    )

    id: str | None
    community: str | None
    catalogue: str | None
    catalogue_known: bool
    effective: str | None
    end: str | None

    def __init__(self, data: AgreementData, catalogue: CatalogueIndex | None, catalogues: Catalogues) -> None:
        self._data = data
        self._catalogues = catalogues
        self.id = data.id
        self.community = data.community
        self.catalogue = data.catalogue
        self.catalogue_known = catalogue is not None
        self.effective = data.effective
        self.end = data.end

    @property
    def catalogues(self) -> str:
        return ", ".join(sorted(self._catalogues)) or "none"

    def _where(self) -> Location:
        return "", self._data.document.span("")

    def _location(self, name: str) -> Location:
        key = _KEYS.get(name)
        if key is None:
            return self._where()
        return f"/{key}", self._data.document.span(f"/{key}")


SUBJECT = AgreementSubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


def agreement_subject(data: AgreementData, catalogues: Catalogues) -> AgreementSubject:
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    return AgreementSubject(data, catalogue, catalogues)


def agreement_fact(data: AgreementData, catalogues: Catalogues) -> Fact:
    return Fact(KIND, agreement_subject(data, catalogues), GETTERS)
