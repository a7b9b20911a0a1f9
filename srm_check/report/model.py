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
from srm_check.report.costs import Annual, Total, annual_totals, totals
from srm_check.report.figures import Figures
from srm_check.report.matrix import CatalogueView, Matrix
from srm_check.report.provenance import Provenance
from srm_check.report.rows import (
    DIRECTIONS,
    SHORT_DIRECTIONS,
    Cell,
    Cost,
    Detail,
    Row,
)

# At most this many agreement columns per matrix table: a landscape page holds them.
MAX_COLUMNS = 8

LAYOUT_RULE = (
    "One column per distinct set of assignments: agreements in which every responsibility is "
    "held by the same party (and team) share one column, a group listed under the table. "
    f"At most {MAX_COLUMNS} columns per table; further columns continue in more tables, each "
    "repeating the responsibility and default columns."
)


# Direction of a deviation -> (marker, words). Parties later in the catalogue are more technical.
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


def counted(deviations: list[Deviation]) -> list[tuple[Decimal, str, str | None]]:
    """(amount, currency, period) of the deviations whose amount can be added up."""
    return [
        (d.cost.amount, d.cost.currency, d.cost.period)
        for d in deviations
        if d.cost is not None and d.cost.amount is not None and d.cost.currency is not None
    ]


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
            for i, (resp, cell) in enumerate(
                zip(self.catalogue_view.responsibilities, self.cells, strict=True)
            ):
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
    def totals(self) -> list[Total]:
        """Cost change per currency and period (made when asked: the view keeps only its moves)."""
        return totals(counted(self.deviations))

    @property
    def annual(self) -> list[Annual]:
        """Cost change per currency on a yearly footing, one-off and period-less amounts apart."""
        return annual_totals(counted(self.deviations))

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
