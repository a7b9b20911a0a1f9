"""Cost totals in reports: per currency and per period, never across them.

An amount without a currency (allowed by the agreement schema: currency is optional)
is reported and flagged, never summed. Fixtures: tests/fixtures/report/currencies/.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, run_cli

CURRENCIES = FIXTURES / "report" / "currencies"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    output = tmp_path / "costs.json"
    run = run_cli(["report", str(CURRENCIES), "--format", "json", "-o", str(output)])
    assert run.exit_code == 0, run.stderr
    loaded: dict[str, Any] = json.loads(output.read_text("utf-8"))
    return loaded


def _totals(items: list[dict[str, Any]]) -> dict[tuple[str, str | None], tuple[Decimal, int]]:
    return {(t["currency"], t["period"]): (Decimal(str(t["amount"])), t["deviations"]) for t in items}


def test_currencies_and_periods_are_totalled_apart(data: dict[str, Any]) -> None:
    assert _totals(data["cost_totals"]) == {
        ("EUR", "month"): (Decimal(50), 1),
        ("GBP", "one-off"): (Decimal("0.3"), 2),
        ("USD", "month"): (Decimal("125.5"), 2),
        ("USD", "year"): (Decimal(1000), 1),
        ("USD", None): (Decimal(-40), 1),
    }


def test_totals_per_agreement(data: dict[str, Any]) -> None:
    per = {a["id"]: _totals(a["cost_totals"]) for a in data["agreements"]}
    assert per["alpha-currencies"] == {
        ("EUR", "month"): (Decimal(50), 1),
        ("GBP", "one-off"): (Decimal("0.1"), 1),
        ("USD", "month"): (Decimal(100), 1),
    }
    assert per["beta-currencies"] == {
        ("GBP", "one-off"): (Decimal("0.2"), 1),
        ("USD", "month"): (Decimal("25.5"), 1),
        ("USD", "year"): (Decimal(1000), 1),
        ("USD", None): (Decimal(-40), 1),
    }


def test_an_amount_without_a_currency_is_reported_not_summed(data: dict[str, Any]) -> None:
    uncounted = [
        (d["agreement"], d["responsibility"], d["cost_note"]["amount"]) for d in data["uncounted_amounts"]
    ]
    assert uncounted == [
        ("alpha-currencies", "develop-domain-software", 30),
        ("beta-currencies", "develop-domain-software", 12),
    ]
    register = {(d["agreement"], d["responsibility"]): d for d in data["deviations"]}
    flagged = register[("alpha-currencies", "develop-domain-software")]
    assert flagged["counted"] is False and "not summed" in flagged["flag"]
    assert (
        register[("beta-currencies", "communicate-with-cloud-provider")]["flag"]
        == "no period: totalled apart"
    )
    # 30 and 12 are in no total: a currency-less figure cannot be added to any currency.
    assert all(t["currency"] for t in data["cost_totals"])
    assert sum(t["deviations"] for t in data["cost_totals"]) == sum(
        1 for d in data["deviations"] if d["counted"]
    )


def test_markdown_and_html_say_which_amounts_were_not_summed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli(["report", str(CURRENCIES), "-o", "r.md"])
    assert run.exit_code == 0
    markdown = (tmp_path / "r.md").read_text("utf-8")
    assert (
        "Not summed: 2 amounts without a currency: alpha-currencies #5 +30 (no currency); "
        "beta-currencies #5 +12 (no currency)." in markdown
    )
    assert "| GBP | one-off | +0.3 | 2 |" in markdown
    assert "| USD | no period stated | -40 | 1 |" in markdown
    run_cli(["report", str(CURRENCIES), "-o", "r.html"])
    html = (tmp_path / "r.html").read_text("utf-8")
    assert '<ul id="uncounted-amounts">' in html and "+30 (no currency)" in html
