"""report.figures: lifecycle on a date, findings by severity, and what each chart draws."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from srm_check.core.severity import Severity
from srm_check.report.costs import Annual
from srm_check.report.figures import (
    MAX_BOUNDARY_BARS,
    MAX_COST_BARS,
    boundary_chart,
    cost_charts,
    lifecycle,
    severity_rows,
)

DAY = date(2026, 1, 1)


def test_lifecycle_on_a_date() -> None:
    assert lifecycle("2025-06-01", None, DAY) == "in force"
    assert lifecycle("2026-01-01", "2026-01-01", DAY) == "in force"
    assert lifecycle("2026-01-02", None, DAY) == "not yet in force"
    assert lifecycle("2025-01-01", "2025-12-31", DAY) == "ended"
    assert lifecycle("2025-02-30", None, DAY) == "dates unclear"
    assert lifecycle(None, None, DAY) == "dates unclear"
    assert lifecycle("2025-01-01", "soon", DAY) == "dates unclear"


def test_severity_rows_count_waived_and_baselined_apart() -> None:
    rows = severity_rows(
        [
            (Severity.error, False, False),
            (Severity.error, True, False),
            (Severity.error, True, True),  # waived wins: counted once, as waived
            (Severity.note, False, True),
        ]
    )
    assert [(r.severity, r.counted, r.waived, r.baselined) for r in rows] == [
        (Severity.error, 1, 2, 0),
        (Severity.warning, 0, 0, 0),
        (Severity.note, 0, 0, 1),
    ]


def _annual(currency: str, per_year: int, one_off: int = 0) -> Annual:
    return Annual(currency, Decimal(per_year), 1, Decimal(one_off), int(bool(one_off)), Decimal(0), 0)


def test_the_cost_chart_draws_the_largest_changes_and_sums_the_rest() -> None:
    many = [(i, f"a{i}", [_annual("USD", (i + 1) * 10)]) for i in range(MAX_COST_BARS + 5)]
    few = [(100, "x", [_annual("EUR", -5, one_off=7)])]
    eur, usd = cost_charts(many + few)
    assert (eur.currency, len(eur.bars), eur.others) == ("EUR", 1, 0)
    assert eur.bars[0].one_off == Decimal(7)
    assert len(usd.bars) == MAX_COST_BARS and usd.others == 5
    assert [b.label for b in usd.bars[:2]] == [f"a{MAX_COST_BARS + 4}", f"a{MAX_COST_BARS + 3}"]
    assert usd.others_per_year == sum(Decimal((i + 1) * 10) for i in range(5))
    assert "summed in the last bar" in usd.rule and "one bar per agreement" in eur.rule
    # One more than the limit is drawn whole: a bar for one other agreement would say nothing.
    (exact,) = cost_charts(many[: MAX_COST_BARS + 1])
    assert (len(exact.bars), exact.others) == (MAX_COST_BARS + 1, 0)


def test_the_boundary_chart_draws_the_largest_columns_in_matrix_order() -> None:
    sizes = [1] * (MAX_BOUNDARY_BARS + 10)
    sizes[-1] = 50
    chart = boundary_chart(0, sizes)
    assert len(chart.columns) == MAX_BOUNDARY_BARS
    assert chart.columns == tuple(sorted(chart.columns)) and len(sizes) - 1 in chart.columns
    assert (chart.other_columns, chart.other_agreements) == (10, 10)
    assert boundary_chart(1, [3, 2]).columns == (0, 1)
