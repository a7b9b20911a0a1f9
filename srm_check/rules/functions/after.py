"""`after`: a date strictly after the date in another field of the same fact."""

from __future__ import annotations

from typing import Any

from srm_check.core.dates import parse_date
from srm_check.rules.facts import not_a_field
from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome

OPTIONS = Options(
    "AfterOptions",
    (Option("field", str, description="The fact field holding the date to be after.", fact_field=True),),
)


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    assert context is not None
    other_value = context.fact.get(options["field"])
    this, other = parse_date(value), parse_date(other_value)
    if this is None or other is None or this > other:
        return None
    return {"other": other_value}


def requirement(options: dict[str, Any]) -> str:
    return f"be a date after the date in `{options['field']}` (skipped when either is not a date)"


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    """The other field must be one the facts have, or the rule would silently never fail."""
    message = not_a_field(options["field"], given)
    return [OptionProblem(message, "field")] if message else []


FUNCTION = CheckFunction(
    name="after",
    run=run,
    description="A date strictly after the date in field `field` (skipped if either is not a date).",
    requirement=requirement,
    options=OPTIONS,
    extras=("other",),
    needs_context=True,
    check_options=check_options,
    reads_fact=False,
)
