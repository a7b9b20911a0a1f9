"""`date`: a real calendar date written YYYY-MM-DD (null passes)."""

from __future__ import annotations

from typing import Any

from srm_check.core.dates import parse_date
from srm_check.rules.functions.spec import CheckFunction, Context, Outcome


def run(value: Any, _options: dict[str, Any], _context: Context | None) -> Outcome:
    if value is None or parse_date(value) is not None:
        return None
    return {}


def requirement(_options: dict[str, Any]) -> str:
    return "be a real calendar date written YYYY-MM-DD (null passes)"


FUNCTION = CheckFunction(
    name="date",
    run=run,
    description="A real calendar date written YYYY-MM-DD (null passes).",
    requirement=requirement,
)
