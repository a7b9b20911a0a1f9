"""A loaded catalogue with the look-ups checking needs, and the catalogues of a policy by reference."""

from __future__ import annotations

from typing import NamedTuple

from srm_check.schemas.records import CatalogueRecord, ResponsibilityRecord


class CatalogueIndex(NamedTuple):
    """A catalogue with the look-ups that checking needs."""

    model: CatalogueRecord
    path: str
    sha256: str
    responsibilities: dict[str, ResponsibilityRecord]
    order: list[str]
    party_rank: dict[str, int]
    teams: dict[str, str]

    @property
    def ref(self) -> str:
        return f"{self.model['catalogue']}@{self.model['version']}"


class Catalogues(dict[str, CatalogueIndex]):
    """Catalogues by `id@version`."""

    def find(self, ref: str) -> CatalogueIndex | None:
        """Look up `id@version`, or a bare `id` when exactly one version is loaded."""
        if ref in self:
            return self[ref]
        if "@" not in ref:
            matches = [c for c in self.values() if c.model["catalogue"] == ref]
            if len(matches) == 1:
                return matches[0]
        return None
