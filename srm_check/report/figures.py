"""The report's figures: counts, annualised totals and what the three pictures show.

Computed once in `build` from the agreements' summaries; templates and the JSON writer
only lay them out. Each chart states its own rule (how many bars, what the rest are), so
that a picture never hides that it leaves something out: the tables beside it hold all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from srm_check.core.dates import parse_date
from srm_check.core.severity import SEVERITIES, Severity
from srm_check.report.costs import Annual
from srm_check.rules.lifecycle import in_force

# From this many agreements on, per-agreement detail collapses (<details>, open in print).
LARGE_RUN = 25
# A matrix of more tables than this is left out of print: its tallies, the boundary chart,
# the register and the agreements' detail hold every fact in it.
PRINTED_MATRIX_TABLES = 3
# The boundary chart draws at most this many bars (the largest groups first).
MAX_BOUNDARY_BARS = 40
# The cost chart draws at most this many agreements per currency (the largest changes first).
MAX_COST_BARS = 20

# Lifecycle states of an agreement on the report's date, in the order the summary lists them.
LIFECYCLE = ("in force", "not yet in force", "ended", "dates unclear")


@dataclass(frozen=True, slots=True)
class SeverityRow:
    """Findings of one severity: those that count, those waived, those in the baseline."""

    severity: Severity
    counted: int
    waived: int
    baselined: int

    @property
    def total(self) -> int:
        return self.counted + self.waived + self.baselined


@dataclass(frozen=True, slots=True)
class CostBar:
    """One bar of the cost chart: an agreement's change per year (recurring) and one-off."""

    agreement: int
    label: str
    per_year: Decimal
    one_off: Decimal


@dataclass(frozen=True, slots=True)
class CostChart:
    """The cost chart of one currency: its bars, and the agreements left out of them."""

    currency: str
    bars: tuple[CostBar, ...]
    others: int
    others_per_year: Decimal
    others_one_off: Decimal

    @property
    def rule(self) -> str:
        if not self.others:
            return "one bar per agreement with a cost change in this currency"
        return (
            f"the {len(self.bars)} agreements with the largest changes; the other {self.others} "
            "are summed in the last bar and listed in the register"
        )


@dataclass(frozen=True, slots=True)
class BoundaryChart:
    """The boundary chart of one matrix: which columns get a bar, and what is left out."""

    matrix: int
    columns: tuple[int, ...]
    other_columns: int
    other_agreements: int


@dataclass(slots=True)
class Figures:
    """The numbers and chart data of a report."""

    large: bool = False
    today: str = ""
    lifecycle: dict[str, int] = field(default_factory=dict)
    severities: list[SeverityRow] = field(default_factory=list)
    annual: list[Annual] = field(default_factory=list)
    cost_charts: list[CostChart] = field(default_factory=list)
    boundary_charts: list[BoundaryChart] = field(default_factory=list)


def lifecycle(effective: str | None, end: str | None, today: date) -> str:
    """Whether an agreement is in force on `today`, from its dates as written, as the rules
    decide it (`rules.lifecycle.in_force`), in the report's words."""
    state = in_force(effective, end, today)
    if state is None:
        return "dates unclear"
    if state:
        return "in force"
    start = parse_date(effective)
    return "not yet in force" if start is not None and today < start else "ended"


def severity_rows(findings: list[tuple[Severity, bool, bool]]) -> list[SeverityRow]:
    """(severity, waived, baselined) of every finding, as one row per severity."""
    rows = []
    for severity in SEVERITIES:
        mine = [(w, b) for s, w, b in findings if s == severity]
        waived = sum(1 for w, _ in mine if w)
        baselined = sum(1 for w, b in mine if b and not w)
        rows.append(SeverityRow(severity, len(mine) - waived - baselined, waived, baselined))
    return rows


def cost_charts(per_agreement: list[tuple[int, str, list[Annual]]]) -> list[CostChart]:
    """One chart per currency: agreements by the size of their change, largest first."""
    by_currency: dict[str, list[CostBar]] = {}
    for index, label, annual in per_agreement:
        for entry in annual:
            if entry.recurring or entry.one_offs:
                bar = CostBar(index, label, entry.per_year, entry.one_off)
                by_currency.setdefault(entry.currency, []).append(bar)
    charts = []
    for currency, bars in sorted(by_currency.items()):
        bars.sort(key=lambda b: (-abs(b.per_year), -abs(b.one_off), b.agreement))
        shown = bars if len(bars) <= MAX_COST_BARS + 1 else bars[:MAX_COST_BARS]
        rest = bars[len(shown) :]
        charts.append(
            CostChart(
                currency,
                tuple(shown),
                len(rest),
                sum((b.per_year for b in rest), Decimal(0)),
                sum((b.one_off for b in rest), Decimal(0)),
            )
        )
    return charts


def boundary_chart(matrix: int, sizes: list[int]) -> BoundaryChart:
    """The columns a boundary chart draws (`sizes`: agreements per column): all of them, or the
    largest groups when there are too many, in matrix order."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    shown = sorted(order if len(order) <= MAX_BOUNDARY_BARS else order[:MAX_BOUNDARY_BARS])
    left = [i for i in range(len(sizes)) if i not in set(shown)]
    return BoundaryChart(matrix, tuple(shown), len(left), sum(sizes[i] for i in left))
