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


def test_recurring_amounts_are_put_on_a_yearly_footing() -> None:
    from srm_check.report.costs import annualised

    assert annualised(Decimal("750"), "month") == Decimal("9000")
    assert annualised(Decimal("1200"), "quarter") == Decimal("4800")
    assert annualised(Decimal("-2000"), "year") == Decimal("-2000")
    assert annualised(Decimal("0.1"), "month") == Decimal("1.2")
    # One-off amounts and amounts without a period have no yearly footing.
    assert annualised(Decimal("500"), "one-off") is None
    assert annualised(Decimal("500"), None) is None
    assert annualised(None, "month") is None


def test_annual_totals_keep_one_off_and_periodless_amounts_apart_per_currency() -> None:
    from srm_check.report.costs import annual_totals

    items = [
        (Decimal("100"), "USD", "month"),
        (Decimal("-50"), "USD", "quarter"),
        (Decimal("700"), "USD", "one-off"),
        (Decimal("9"), "USD", None),
        (Decimal("30"), "EUR", "year"),
    ]
    (eur, usd) = annual_totals(items)
    assert (eur.currency, eur.per_year, eur.recurring, eur.one_offs, eur.count) == (
        "EUR",
        Decimal(30),
        1,
        0,
        1,
    )
    assert (usd.per_year, usd.recurring) == (Decimal(1200 - 200), 2)
    assert (usd.one_off, usd.one_offs, usd.unstated, usd.unstated_count) == (Decimal(700), 1, Decimal(9), 1)
    assert usd.count == 4
