"""A cell of the matrix and a row of an agreement: who holds a responsibility, how that compares
with the default, and what the assignment says besides (cost, note, other RACI roles)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from srm_check.report.costs import annualised

DIRECTIONS: dict[str, tuple[str, str]] = {
    "provider-more": ("▲", "provider takes on more"),
    "community-more": ("▼", "community takes on more"),
    "third-party": ("◆", "moved to a third party"),
    "moved": ("●", "moved to another party (the catalogue has no technical order)"),
}
SHORT_DIRECTIONS = {
    "provider-more": "to the provider",
    "community-more": "to the community",
    "third-party": "to a third party",
    "moved": "to another party",
}
# Cell status -> (marker, words) for the cells that are not on the default.
STATUS_MARKERS: dict[str, tuple[str, str]] = {
    "not-assigned": ("✕", "not assigned"),
    "nobody": ("✕", "held by nobody"),
    "shared": ("‖", "held by several parties"),
    "unknown-party": ("?", "not a party of the catalogue or agreement"),
    "unknown-responsibility": ("?", "not a responsibility of the catalogue"),
    "duplicate": ("✕", "assigned twice (this entry does not count)"),
    "unchecked": ("", "catalogue unknown: not checked"),
}
# The matrix legend: marker -> meaning; `legend(catalogue)` picks the ones that can occur.
LEGEND: tuple[tuple[str, str], ...] = (
    ("▲", "moved to a later, more technical party of the catalogue: the provider takes on more"),
    ("▼", "moved to an earlier party of the catalogue: the community takes on more"),
    ("◆", "moved to a third party: one of the agreement's own parties"),
    ("●", "moved to another party of a catalogue without a technical order"),
    ("✕", "not assigned, or held by nobody"),
    ("‖", "held by several parties"),
    ("?", "not a party of the catalogue or of the agreement"),
)
# What an unmarked cell means: a default party where there is one, else the one party named.
UNMARKED_DEFAULT = "held by its default party"
UNMARKED_HELD = "held by the one party the agreement names (there is no default party to move from)"
NO_DEFAULT = "no default"
# Roles besides the holder (accountable), as the report names them.
ROLE_NAMES = ("responsible", "consulted", "informed")


@dataclass(frozen=True, slots=True)
class Cost:
    """A cost note as written: text, and an amount with currency and period when given."""

    text: str
    amount: Decimal | None = None
    currency: str | None = None
    period: str | None = None

    @property
    def per_year(self) -> Decimal | None:
        """The amount on a yearly footing (month x 12, quarter x 4); None when not recurring."""
        return annualised(self.amount, self.period) if self.currency else None


@dataclass(frozen=True, slots=True)
class Cell:
    """Who holds one responsibility in one agreement, and how that compares with the default.

    `held`: one party holds a responsibility that has no default party to compare with.
    Cells are shared between agreements (see build.Interner): never change one.
    """

    status: str
    party: str | None = None
    team: str | None = None
    holders: tuple[str, ...] = ()
    direction: str | None = None

    @property
    def holder(self) -> str:
        """The holder as shown: `party (team)`, or the names as written when not one party."""
        if self.status == "not-assigned":
            return "not assigned"
        if self.party is not None and self.status in ("default", "deviation", "held"):
            return f"{self.party} ({self.team})" if self.team else self.party
        return ", ".join(self.holders) if self.holders else "nobody"

    @property
    def marker(self) -> str:
        """A symbol that marks the cell without colour; empty on the default."""
        if self.direction is not None:
            return DIRECTIONS[self.direction][0]
        return STATUS_MARKERS.get(self.status, ("", ""))[0]

    @property
    def meaning(self) -> str:
        """What the marker means, in words; empty on the default."""
        if self.direction is not None:
            return DIRECTIONS[self.direction][1]
        return STATUS_MARKERS.get(self.status, ("", ""))[1]

    @property
    def text(self) -> str:
        """Marker and holder, as a matrix cell shows them."""
        return f"{self.marker} {self.holder}" if self.marker else self.holder

    @property
    def marked(self) -> bool:
        """Whether the cell is not simply on its default (or held by one party, without a default)."""
        return self.status not in ("default", "held")

    @property
    def kind(self) -> str:
        """What a chart colours the cell by: `community`, `provider`, `third-party` or `problem`."""
        if self.status in ("default", "deviation", "held") and self.party is not None:
            if self.direction == "third-party":
                return "third-party"
            return "holder"
        return "problem"


@dataclass(frozen=True, slots=True)
class Detail:
    """What an assignment says besides its holder: cost note, note and other RACI roles."""

    cost: Cost | None = None
    note: str = ""
    # (role, names as written) for responsible, consulted, informed: only the roles named.
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One assignment of an agreement, in catalogue order (entries the catalogue lacks last)."""

    responsibility: str
    number: int | None
    title: str
    default_party: str | None
    cell: Cell
    line: int | None
    cost: Cost | None = None
    note: str = ""
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def role_map(self) -> dict[str, tuple[str, ...]]:
        """Every role besides the holder, with the names as written (empty when none)."""
        named = dict(self.roles)
        return {role: named.get(role, ()) for role in ROLE_NAMES}

    @property
    def in_register(self) -> bool:
        """A move whose every fact (holder, cost, note, line) the deviation register holds."""
        return self.cell.status == "deviation" and not self.roles

    @property
    def plain(self) -> bool:
        """On its default party, saying nothing more: what per-agreement detail leaves out."""
        return self.cell.status == "default" and self.cost is None and not self.note and not self.roles
