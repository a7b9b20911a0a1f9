"""Cost amounts and their totals, as the report uses them: see srm_check.core.money.

The arithmetic lives in `core` so that lower stages (the history of agreements, in
`pipeline`) total costs exactly as the report does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from srm_check.core.money import (
    MAX_SHOWN_DIGITS,
    PERIOD_ORDER,
    PERIOD_TEXT,
    Total,
    as_decimal,
    format_amount,
    json_number,
    money_text,
    period_text,
    totals,
)

# A recurring amount on a yearly footing: how many of its period make a year.
PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


def annualised(amount: Decimal | None, period: str | None) -> Decimal | None:
    """`amount` per year (month x 12, quarter x 4); None for one-off amounts, amounts without
    a period, and no amount: those are never put on a yearly footing."""
    if amount is None or period not in PER_YEAR:
        return None
    return amount * PER_YEAR[period]


@dataclass(frozen=True, slots=True)
class Annual:
    """One currency's cost change on one footing: recurring amounts per year, one-off amounts
    apart, and amounts without a period apart (they cannot be put on any footing)."""

    currency: str
    per_year: Decimal
    recurring: int
    one_off: Decimal
    one_offs: int
    unstated: Decimal
    unstated_count: int

    @property
    def count(self) -> int:
        return self.recurring + self.one_offs + self.unstated_count


def annual_totals(items: Iterable[tuple[Decimal, str, str | None]]) -> list[Annual]:
    """Annualised totals of (amount, currency, period) triples, one per currency, sorted."""
    sums: dict[str, list[Decimal | int]] = {}
    for amount, currency, period in items:
        entry = sums.setdefault(currency, [Decimal(0), 0, Decimal(0), 0, Decimal(0), 0])
        yearly = annualised(amount, period)
        slot = 0 if yearly is not None else 2 if period == "one-off" else 4
        entry[slot] += yearly if yearly is not None else amount
        entry[slot + 1] += 1
    return [
        Annual(c, Decimal(e[0]), int(e[1]), Decimal(e[2]), int(e[3]), Decimal(e[4]), int(e[5]))
        for c, e in sorted(sums.items())
    ]


__all__ = [
    "MAX_SHOWN_DIGITS",
    "PERIOD_ORDER",
    "PERIOD_TEXT",
    "PER_YEAR",
    "Annual",
    "Total",
    "annual_totals",
    "annualised",
    "as_decimal",
    "format_amount",
    "json_number",
    "money_text",
    "period_text",
    "totals",
]
