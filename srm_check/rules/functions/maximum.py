"""`maximum`: a number is at most `value` (anything that is not a number passes)."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.minimum import BOUND_OPTIONS
from srm_check.rules.functions.spec import CheckFunction, Context, Outcome, is_number


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if is_number(value) and value > options["value"]:
        return {"limit": options["value"]}
    return None


def requirement(options: dict[str, Any]) -> str:
    return f"be at most {options['value']}"


FUNCTION = CheckFunction(
    name="maximum",
    run=run,
    description="A number is at most `value`.",
    requirement=requirement,
    options=BOUND_OPTIONS,
    extras=("limit",),
)
