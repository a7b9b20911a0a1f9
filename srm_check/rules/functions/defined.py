"""`defined`: the value is not null."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Outcome


def run(value: Any, _options: dict[str, Any], _context: Context | None) -> Outcome:
    return {} if value is None else None


def requirement(_options: dict[str, Any]) -> str:
    return "be set (not null)"


FUNCTION = CheckFunction(
    name="defined",
    run=run,
    description="The value is not null.",
    requirement=requirement,
)
