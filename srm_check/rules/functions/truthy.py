"""`truthy`: the value is set and not false, zero or empty."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Outcome


def run(value: Any, _options: dict[str, Any], _context: Context | None) -> Outcome:
    return None if value else {}


def requirement(_options: dict[str, Any]) -> str:
    return "be set, and not false, zero or empty"


FUNCTION = CheckFunction(
    name="truthy",
    run=run,
    description="The value is set and not false, zero or empty.",
    requirement=requirement,
)
