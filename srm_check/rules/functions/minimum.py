"""`minimum`: a number is at least `value` (anything that is not a number passes)."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, Options, Outcome, is_number

# Shared with `maximum`: one schema model for both.
BOUND_OPTIONS = Options("BoundOptions", (Option("value", int | float, description="The bound."),))


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if is_number(value) and value < options["value"]:
        return {"limit": options["value"]}
    return None


def requirement(options: dict[str, Any]) -> str:
    return f"be at least {options['value']}"


FUNCTION = CheckFunction(
    name="minimum",
    run=run,
    description="A number is at least `value`.",
    requirement=requirement,
    options=BOUND_OPTIONS,
    extras=("limit",),
)
