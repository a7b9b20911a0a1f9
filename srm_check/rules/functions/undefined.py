"""`undefined`: the value is null."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Outcome


def run(value: Any, _options: dict[str, Any], _context: Context | None) -> Outcome:
    return None if value is None else {}


def requirement(_options: dict[str, Any]) -> str:
    return "be null"


FUNCTION = CheckFunction(
    name="undefined",
    run=run,
    description="The value is null.",
    requirement=requirement,
)
