"""The report's data types: every fact a report shows, as plain values (built in `build`).

Renderers only lay this model out; they compute nothing, so that the Markdown, HTML
and JSON reports cannot disagree. An agreement is kept as a compact summary (its cells,
shared with every agreement of the same pattern, and only what differs from the default),
never as the parsed document, so that a report of 100,000 agreements fits in memory.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from srm_check.core.finding import Finding
from srm_check.core.severity import SEVERITIES, Severity
from srm_check.report.costs import Annual, Total, annualised
from srm_check.report.figures import Figures
from srm_check.report.provenance import Provenance

# At most this many agreement columns per matrix table: a landscape page holds them.
MAX_COLUMNS = 8

LAYOUT_RULE = (
    "One column per distinct set of assignments: agreements in which every responsibility is "
    "held by the same party (and team) share one column, a group listed under the table. "
    f"At most {MAX_COLUMNS} columns per table; further columns continue in more tables, each "
    "repeating the responsibility and default columns."
)

# Direction of a deviation -> (marker, words). Parties later in the catalogue are more technical.
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


@dataclass(frozen=True, slots=True, eq=False)
class Deviation:
    """An assignment whose one party differs from the catalogue's default party."""

    view: AgreementView
    line: int
    column: int
    responsibility: str
    number: int
    title: str
    default_party: str
    party: str
    team: str | None
    direction: str
    cost: Cost | None
    note: str = ""

    @property
    def agreement(self) -> int:
        return self.view.index

    @property
    def agreement_label(self) -> str:
        return self.view.label

    @property
    def path(self) -> str:
        return self.view.path

    @property
    def counted(self) -> bool:
        """Whether its amount is in the totals: only an amount with a currency can be added."""
        return self.cost is not None and self.cost.amount is not None and self.cost.currency is not None

    @property
    def per_year(self) -> Decimal | None:
        return self.cost.per_year if self.cost is not None else None

    @property
    def flag(self) -> str:
        """What an auditor should look at; empty when the cost is complete."""
        if self.cost is None:
            return "no cost note"
        if self.cost.amount is None:
            return ""
        if self.cost.currency is None:
            return "amount without a currency: not summed"
        if self.cost.period is None:
            return "no period: totalled apart"
        return ""

    @property
    def direction_text(self) -> str:
        return DIRECTIONS[self.direction][1]

    @property
    def direction_short(self) -> str:
        """The direction in a word or two, for the register's narrow column (the legend says more)."""
        return SHORT_DIRECTIONS[self.direction]

    @property
    def marker(self) -> str:
        return DIRECTIONS[self.direction][0]


@dataclass(frozen=True, slots=True)
class Party:
    """A party an agreement adds to its catalogue's, with its description and teams as (id, name)."""

    id: str
    name: str
    teams: tuple[tuple[str, str], ...]
    description: str = ""


@dataclass(slots=True, eq=False)
class AgreementView:
    """One agreement document, as the report shows it: a compact summary, not the document.

    `cells` is shared by every agreement with the same assignments; `lines` holds the line of
    each catalogue row (0: not written); `details` only the rows that say more than a holder.
    """

    index: int
    path: str
    document: int
    documents_in_file: int
    id: str | None
    community: str | None
    catalogue: str | None
    catalogue_ref: str | None
    effective: str | None
    end: str | None
    parties: list[Party]
    passed: bool
    findings: list[Finding]
    description: str = ""
    catalogue_view: CatalogueView | None = None
    cells: tuple[Cell, ...] = ()
    lines: array[int] = field(default_factory=lambda: array("I"))
    details: dict[int, Detail] = field(default_factory=dict)
    extra_rows: list[Row] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    annual: list[Annual] = field(default_factory=list)
    # Another agreement of the report has the same id: the label says where this one is.
    shared_id: bool = False
    # in force, not yet in force, ended, or dates unclear (figures.lifecycle).
    state: str = ""

    @property
    def label(self) -> str:
        """The agreement's id, or where it is when it has none (or shares its id): unique
        in the report, since headings, links and landmarks are named by it."""
        if self.id and self.shared_id:
            return f"{self.id} ({self.location})"
        if self.id:
            return self.id
        if self.documents_in_file > 1:
            return f"{self.path} (document {self.document + 1})"
        return self.path

    @property
    def anchor(self) -> str:
        return f"agreement-{self.index + 1}"

    @property
    def location(self) -> str:
        if self.documents_in_file > 1:
            return f"{self.path}, document {self.document + 1} of {self.documents_in_file}"
        return self.path

    @property
    def rows(self) -> list[Row]:
        """Every row, in catalogue order, then the entries the catalogue lacks (built on demand)."""
        out: list[Row] = []
        if self.catalogue_view is not None:
            for i, (resp, cell) in enumerate(zip(self.catalogue_view.responsibilities, self.cells, strict=True)):
                detail = self.details.get(i, _NO_DETAIL)
                line = self.lines[i] if i < len(self.lines) else 0
                out.append(
                    Row(
                        resp.id,
                        resp.number,
                        resp.title,
                        resp.default_party,
                        cell,
                        line or None,
                        detail.cost,
                        detail.note,
                        detail.roles,
                    )
                )
        return out + self.extra_rows

    @property
    def shown_rows(self) -> list[Row]:
        """The rows per-agreement detail lists: all but those simply on their default party."""
        return [row for row in self.rows if not row.plain]

    @property
    def plain_count(self) -> int:
        """How many responsibilities are simply held by their default party."""
        return sum(1 for row in self.rows if row.plain)

    @property
    def uncounted(self) -> list[Deviation]:
        return [d for d in self.deviations if d.cost and d.cost.amount is not None and not d.counted]

    @property
    def severity_counts(self) -> dict[Severity, int]:
        return {s: sum(1 for f in self.findings if f.severity == s and f.counts) for s in SEVERITIES}

    @property
    def findings_in_order(self) -> list[Finding]:
        """Errors first, then warnings, then notes; each by place."""
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(self.findings, key=lambda f: (rank.get(f.severity, 9), f.span.line, f.span.column))


_NO_DETAIL = Detail()


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


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    name: str
    severity: str
    count: int
    help_uri: str


@dataclass(slots=True)
class FileFindings:
    """Findings of a file that belong to no agreement in it (it could not be read)."""

    path: str
    findings: list[Finding]


@dataclass(slots=True)
class Report:
    """Everything a report says; renderers lay it out."""

    tool_version: str
    fail_on: str
    exit_code: int
    passed: bool
    file_count: int
    agreements: list[AgreementView]
    matrices: list[Matrix]
    unmatrixed: list[int]
    rule_counts: list[RuleCount]
    severity_counts: dict[Severity, int]
    file_findings: list[FileFindings]
    provenance: Provenance
    unreadable: list[str] = field(default_factory=list)
    layout_rule: str = LAYOUT_RULE
    max_columns: int = MAX_COLUMNS
    deviations: list[Deviation] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    # The waiver register: every waiver in force, with its status (waivers.describe).
    waivers: list[dict[str, Any]] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)

    @property
    def generated_at(self) -> str:
        return self.provenance.generated_at

    @property
    def agreements_passed(self) -> int:
        return sum(1 for a in self.agreements if a.passed)

    @property
    def agreements_failed(self) -> int:
        return len(self.agreements) - self.agreements_passed

    @property
    def failing(self) -> list[AgreementView]:
        return [a for a in self.agreements if not a.passed]

    @property
    def uncounted(self) -> list[Deviation]:
        """Deviations with an amount that no total includes (no currency)."""
        return [d for a in self.agreements for d in a.uncounted]

    @property
    def finding_count(self) -> int:
        return sum(self.severity_counts.values())

    @property
    def large(self) -> bool:
        """Whether per-agreement detail collapses (figures.LARGE_RUN agreements or more)."""
        return self.figures.large
