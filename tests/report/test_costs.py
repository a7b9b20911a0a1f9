"""report.costs: amounts are added as decimals, per currency and period, and written signed."""

from __future__ import annotations

import math
from decimal import Decimal

from srm_check.report.costs import (
    Total,
    as_decimal,
    format_amount,
    json_number,
    money_text,
    period_text,
    totals,
)


def test_totals_add_decimals_exactly() -> None:
    items = [(as_decimal(0.1), "GBP", "one-off"), (as_decimal(0.2), "GBP", "one-off")]
    (total,) = totals(items)
    assert total.amount == Decimal("0.3") and total.count == 2
    assert format_amount(total.amount) == "+0.3"
    assert format_amount(Decimal(-1500)) == "-1,500"
    assert format_amount(Decimal("1234567.25")) == "+1,234,567.25"


def test_totals_are_sorted_by_currency_then_period_order() -> None:
    items = [
        (Decimal(1), "USD", "year"),
        (Decimal(2), "EUR", None),
        (Decimal(3), "USD", "month"),
        (Decimal(4), "EUR", "one-off"),
    ]
    assert [(t.currency, t.period) for t in totals(items)] == [
        ("EUR", "one-off"),
        ("EUR", None),
        ("USD", "month"),
        ("USD", "year"),
    ]


def test_amounts_as_written_and_as_json_numbers() -> None:
    assert as_decimal(7) == Decimal(7) and as_decimal(2.675) == Decimal("2.675")
    assert json_number(Decimal("5.0")) == 5 and isinstance(json_number(Decimal("5.0")), int)
    assert json_number(Decimal("2.5")) == 2.5
    assert format_amount(Decimal(0)) == "+0"
    assert format_amount(Decimal("-0.50")) == "-0.5"


def test_money_and_period_words() -> None:
    assert money_text(Decimal(750), "USD", "month") == "+750 USD per month"
    assert money_text(Decimal(-3), "EUR", None) == "-3 EUR"
    assert money_text(Decimal(30), None, "year") == "+30 (no currency)"
    assert [period_text(p) for p in ("one-off", "quarter", None, "fortnight")] == [
        "one-off",
        "per quarter",
        "no period stated",
        "fortnight",
    ]
    assert Total("CHF", "year", Decimal("1.5"), 2).text == "+1.5 CHF per year"


def test_non_finite_amounts_are_no_amount() -> None:
    for amount in (math.inf, -math.inf, math.nan, float("1e999999")):
        assert as_decimal(amount) is None


def test_absurd_amounts_are_shown_and_written_without_overflow() -> None:
    huge = as_decimal(10**4000)
    assert huge is not None
    assert format_amount(huge) == "+1E+4000"
    assert json_number(huge) is None  # no JSON number holds it; null keeps the output strict JSON
    big = as_decimal(1e300)
    assert big is not None and format_amount(big) == "+1E+300"
    assert json_number(big) == int(Decimal("1e300"))
    (total,) = totals([(huge, "USD", None), (huge, "USD", None)])
    assert format_amount(total.amount) == "+2E+4000"


def test_non_finite_decimals_never_reach_a_number() -> None:
    assert json_number(Decimal("Infinity")) is None and json_number(Decimal("NaN")) is None
    assert format_amount(Decimal("-Infinity")) == "-Infinity"
