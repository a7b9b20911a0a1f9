"""`falsy`: the value is unset, false, zero or empty."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Outcome


def run(value: Any, _options: dict[str, Any], _context: Context | None) -> Outcome:
    return {} if value else None


def requirement(_options: dict[str, Any]) -> str:
    return "be unset, false, zero or empty"


FUNCTION = CheckFunction(
    name="falsy",
    run=run,
    description="The value is unset, false, zero or empty.",
    requirement=requirement,
)
