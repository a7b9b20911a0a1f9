"""A loaded catalogue with the look-ups checking needs, and the catalogues of a policy by reference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from srm_check.core.tuples import NamedTuple

if TYPE_CHECKING:
    from srm_check.schemas.records import CatalogueRecord, ResponsibilityRecord, SharedRecord

# Which way a responsibility moves from its default party (see `CatalogueIndex.direction`).
PROVIDER_MORE = "provider-more"
COMMUNITY_MORE = "community-more"
THIRD_PARTY = "third-party"
MOVED = "moved"


def shared_roles(shared: SharedRecord) -> tuple[tuple[str, list[str]], ...]:
    """The roles a shared-by-design responsibility requires, each with its parties, strongest first."""
    return (
        ("responsible", shared["responsible"]),
        ("consulted", shared["consulted"]),
        ("informed", shared["informed"]),
    )


class CatalogueIndex(NamedTuple):
    """A catalogue with the look-ups that checking needs.

    `party_rank` is each party's position in `parties`; it is a technical order only
    when `ordered` (the catalogue's `technical_order`). `teams` maps each team to its party.
    """

    model: CatalogueRecord
    path: str
    sha256: str
    responsibilities: dict[str, ResponsibilityRecord]
    order: list[str]
    party_rank: dict[str, int]
    teams: dict[str, str]
    ordered: bool = True

    @property
    def ref(self) -> str:
        return f"{self.model['catalogue']}@{self.model['version']}"

    def direction(self, default: str | None, party: str | None) -> str | None:
        """Which way a move from `default` to `party` goes, or None when it is no move.

        In a technical order a later party is the more technical one, the provider: a move
        to it is the provider taking on more. A party the catalogue lacks is a third party;
        without a technical order a move between the catalogue's parties has no direction.
        """
        if default is None or party is None or party == default:
            return None
        rank = self.party_rank.get(party)
        if rank is None:
            return THIRD_PARTY
        if not self.ordered:
            return MOVED
        return PROVIDER_MORE if rank > self.party_rank[default] else COMMUNITY_MORE


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
