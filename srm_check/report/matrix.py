"""A responsibility matrix: agreements with identical assignments as one column, tables of at most
MAX_COLUMNS columns, and per responsibility a tally of how the agreements hold it."""

from __future__ import annotations

from dataclasses import dataclass, field

from srm_check.report.rows import LEGEND, NO_DEFAULT, UNMARKED_DEFAULT, UNMARKED_HELD, Cell


@dataclass(frozen=True, slots=True)
class Responsibility:
    id: str
    number: int
    title: str
    default_party: str | None
    default_team: str | None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogueView:
    """What a matrix needs of a catalogue: its responsibilities and its default boundary."""

    ref: str
    title: str
    parties: tuple[tuple[str, str], ...]
    responsibilities: tuple[Responsibility, ...]
    boundary_statement: str
    begins_at: int | None
    ordered: bool = True
    areas: tuple[tuple[str, str], ...] = ()

    @property
    def boundary_text(self) -> str:
        """The words on the boundary line of the matrix."""
        index = self.boundary_index
        if index is None:
            return ""
        resp = self.responsibilities[index]
        return f"default boundary: from #{resp.number} the default party is {resp.default_party}"

    @property
    def boundary_index(self) -> int | None:
        """Index of the first responsibility at or after the boundary; None when there is no line."""
        if self.begins_at is None:
            return None
        for i, resp in enumerate(self.responsibilities):
            if resp.number >= self.begins_at:
                return i if i > 0 else None
        return None

    @property
    def has_no_default(self) -> bool:
        return any(r.default_party is None for r in self.responsibilities)

    @property
    def legend(self) -> list[tuple[str, str]]:
        """The markers that can occur in this catalogue's matrix, with their meaning."""
        skip = {"●"} if self.ordered else {"▲", "▼"}
        return [(marker, meaning) for marker, meaning in LEGEND if marker not in skip]

    @property
    def unmarked(self) -> str:
        """What a cell without a marker means in this catalogue."""
        if self.has_no_default:
            return f"{UNMARKED_DEFAULT}; where the Default column says “{NO_DEFAULT}”, {UNMARKED_HELD}"
        return UNMARKED_DEFAULT


@dataclass(frozen=True, slots=True)
class Column:
    """One matrix column: one agreement, or a group of agreements with identical assignments."""

    label: str
    agreements: tuple[int, ...]
    cells: tuple[Cell, ...]
    group: int | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """How the agreements of a matrix hold one responsibility: counts per kind of cell."""

    responsibility: Responsibility
    default: int
    held: int
    provider_more: int
    community_more: int
    third_party: int
    moved: int
    problem: int

    @property
    def deviating(self) -> int:
        return self.provider_more + self.community_more + self.third_party + self.moved

    @property
    def total(self) -> int:
        return self.default + self.held + self.deviating + self.problem


@dataclass(slots=True)
class Matrix:
    """The responsibility matrix of one catalogue, split into tables of at most MAX_COLUMNS."""

    catalogue: CatalogueView
    columns: list[Column]
    tables: list[list[int]]
    tallies: list[Tally] = field(default_factory=list)

    @property
    def groups(self) -> list[Column]:
        return [c for c in self.columns if c.group is not None]

    @property
    def agreement_count(self) -> int:
        return sum(len(c.agreements) for c in self.columns)

    def columns_in(self, table: list[int]) -> list[Column]:
        """The columns of one of `tables`, in order."""
        return [self.columns[c] for c in table]
