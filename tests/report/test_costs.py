"""report.costs: amounts are added as decimals, per currency and period, and written signed."""

from __future__ import annotations

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
