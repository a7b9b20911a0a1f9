"""`enumeration`: the value is one of `values` (null passes)."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, Options, Outcome
from srm_check.rules.words import code_list

OPTIONS = Options("EnumerationOptions", (Option("values", list[Any], constraints={"min_length": 1}),))


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if value is None or value in options["values"]:
        return None
    return {"allowed": ", ".join(str(v) for v in options["values"])}


def requirement(options: dict[str, Any]) -> str:
    return f"be one of {code_list(options['values'])} (null passes)"


FUNCTION = CheckFunction(
    name="enumeration",
    run=run,
    description="The value is one of `values`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("allowed",),
)
