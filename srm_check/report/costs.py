"""Cost amounts and their totals: summed per currency and period, never across them.

Amounts are added as decimals, so that 0.1 + 0.2 is 0.3 in a report. An amount
without a currency cannot be added to anything: it is reported, and left out of
every total.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PERIOD_ORDER = {"one-off": 0, "month": 1, "quarter": 2, "year": 3, None: 4}
PERIOD_TEXT = {
    "one-off": "one-off",
    "month": "per month",
    "quarter": "per quarter",
    "year": "per year",
    None: "no period stated",
}


# Amounts with more digits than this before the point are shown in scientific notation
# (no one's costs run that high: it is a typo, and its digits carry no meaning).
MAX_SHOWN_DIGITS = 24


def as_decimal(amount: int | float) -> Decimal | None:
    """The amount as written (0.1 stays 0.1, through its shortest text form), or None when it is
    not a finite number: infinity and NaN are no amount of money, and cannot be added up."""
    if isinstance(amount, float) and not math.isfinite(amount):
        return None
    try:
        return Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    except (ValueError, ArithmeticError):  # an integer too long to convert
        return None


def _huge(amount: Decimal) -> bool:
    return amount.adjusted() >= MAX_SHOWN_DIGITS


def format_amount(amount: Decimal) -> str:
    """Signed, with thousands separators: +750, -1,500, +12.5 (ASCII minus, for copying);
    absurdly large amounts in scientific notation (+1.5E+300)."""
    if not amount.is_finite():
        return f"{amount:+}"
    if _huge(amount):
        return f"{amount.normalize():+E}"
    if amount == amount.to_integral_value():
        return f"{int(amount):+,}"
    return f"{amount.normalize():+,f}"


def json_number(amount: Decimal) -> int | float | None:
    """The amount as a JSON number: an integer when it is whole; None (null) when no JSON number
    can hold it, so that the output stays strict JSON."""
    if not amount.is_finite():
        return None
    if amount == amount.to_integral_value() and amount.adjusted() < 4000:
        return int(amount)
    number = float(amount)
    return number if math.isfinite(number) else None


def period_text(period: str | None) -> str:
    return PERIOD_TEXT.get(period, period or "no period stated")


def money_text(amount: Decimal, currency: str | None, period: str | None) -> str:
    """`+750 USD per month`; an amount without a currency says so."""
    if currency is None:
        return f"{format_amount(amount)} (no currency)"
    suffix = "" if period is None else f" {period_text(period)}"
    return f"{format_amount(amount)} {currency}{suffix}"


@dataclass(frozen=True, slots=True)
class Total:
    """The sum of the amounts of one currency and one period."""

    currency: str
    period: str | None
    amount: Decimal
    count: int

    @property
    def text(self) -> str:
        return money_text(self.amount, self.currency, self.period)


def totals(items: Iterable[tuple[Decimal, str, str | None]]) -> list[Total]:
    """Totals of (amount, currency, period) triples, one per currency and period, sorted."""
    sums: dict[tuple[str, str | None], tuple[Decimal, int]] = {}
    for amount, currency, period in items:
        total, count = sums.get((currency, period), (Decimal(0), 0))
        sums[(currency, period)] = (total + amount, count + 1)
    keys = sorted(sums, key=lambda k: (k[0], PERIOD_ORDER.get(k[1], 5), k[1] or ""))
    return [Total(c, p, sums[(c, p)][0], sums[(c, p)][1]) for c, p in keys]


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
