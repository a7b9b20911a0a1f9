"""The words of changes: a move, a cost note's change (an amount's difference where one can be
taken, otherwise what the note says), and totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from srm_check.core.money import Total
from srm_check.formats.changes.phrases import Item, cost_words, move_words, responsibility, totals_words
from srm_check.pipeline.history.compare import CostChange, Move
from srm_check.pipeline.history.snapshot import Cost

USD = Cost("note", Decimal(750), "USD", "month")


def _change(kind: str, old: Cost | None, new: Cost | None) -> CostChange:
    return CostChange("x", 3, "Support", kind, old, new)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (None, USD, "cost +750 USD/month"),
        (None, Cost("Free of charge.", None, None, None), 'cost note added: "Free of charge."'),
        (USD, None, "cost -750 USD/month (cost note removed)"),
        (Cost("Text only.", None, None, None), None, "cost note removed"),
        (
            USD,
            Cost("n", Decimal(800), "USD", "month"),
            "cost +50 USD/month (+750 USD/month to +800 USD/month)",
        ),
        (
            USD,
            Cost("n", Decimal(9000), "USD", "year"),
            "cost note changed from +750 USD/month to +9,000 USD/year",
        ),
        (USD, Cost("n", None, None, None), 'cost note changed from +750 USD/month to "n"'),
        (USD, Cost("other text", Decimal(750), "USD", "month"), 'cost note text changed to "other text"'),
        (
            Cost("n", Decimal(5), None, "month"),
            Cost("n", Decimal(6), None, "month"),
            "cost note changed from +5 (no currency)/month to +6 (no currency)/month",
        ),
    ],
)
def test_cost_words(old: Cost | None, new: Cost | None, words: str) -> None:
    kind = "added" if old is None else "removed" if new is None else "changed"
    assert cost_words(_change(kind, old, new)) == words


def test_move_words_and_items() -> None:
    move = Move(
        "x",
        13,
        "Communicate with cloud provider",
        "2i2c",
        "community",
        "2i2c",
        "community-more",
        "leaves-default",
    )
    assert move_words(move) == "from 2i2c to community (towards the community; off its default, 2i2c)"
    item = Item(
        responsibility("x", 13, "Communicate with cloud provider"), move_words(move), "cost -200 USD/month"
    )
    assert item.words() == (
        "moves #13 Communicate with cloud provider from 2i2c to community (towards the community; off its "
        "default, 2i2c); cost -200 USD/month"
    )
    assert Item("'x'", None, "cost +1 EUR one-off").words() == "'x': cost +1 EUR one-off"
    assert responsibility("unknown-id", None, "") == "'unknown-id'"


def test_totals_words() -> None:
    assert totals_words([]) == "none"
    assert totals_words([Total("USD", "month", Decimal(-200), 1), Total("EUR", None, Decimal("1.5"), 1)]) == (
        "-200 USD/month, +1.5 EUR"
    )
