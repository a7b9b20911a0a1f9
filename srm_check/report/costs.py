"""Cost amounts and their totals, as the report uses them: see srm_check.core.money.

The arithmetic lives in `core` so that lower stages (the history of agreements, in
`pipeline`) total costs exactly as the report does.
"""

from __future__ import annotations

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

__all__ = [
    "MAX_SHOWN_DIGITS",
    "PERIOD_ORDER",
    "PERIOD_TEXT",
    "Total",
    "as_decimal",
    "format_amount",
    "json_number",
    "money_text",
    "period_text",
    "totals",
]
