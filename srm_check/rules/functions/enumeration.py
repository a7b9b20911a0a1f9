"""`enumeration`: the value is one of `values` (null passes)."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome
from srm_check.rules.words import code_list, placeholder_name

OPTIONS = Options("EnumerationOptions", (Option("values", list[Any], constraints={"min_length": 1}),))


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if value is None or value in options["values"]:
        return None
    return {"allowed": ", ".join(str(v) for v in options["values"])}


def requirement(options: dict[str, Any]) -> str:
    return f"be one of {code_list(options['values'])} (null passes)"


def check_options(options: dict[str, Any], _given: str) -> list[OptionProblem]:
    """A value such as '{access-control}' is compared as written, never filled in: it would
    always fail. Say so, and name the function that compares with another responsibility."""
    out = []
    for i, value in enumerate(options["values"]):
        name = placeholder_name(value)
        if name:
            message = (
                f"'{value}' is compared as written, not filled in (values are not templates); to "
                f"compare with responsibility '{name}', use `function: same_as` with "
                f"`options: {{responsibility: {name}}}`"
            )
            out.append(OptionProblem(message, f"values/{i}"))
    return out


FUNCTION = CheckFunction(
    name="enumeration",
    run=run,
    description="The value is one of `values`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("allowed",),
    check_options=check_options,
)
