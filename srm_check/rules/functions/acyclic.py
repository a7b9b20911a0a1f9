"""`acyclic`: references from fact to fact (such as `supersedes`) never lead back (in file order).

Each fact names itself in field `id` and another by its value; following the references
from this one must not come back to it. The fact that closes a cycle is reported, with
the whole cycle in words, and the fact it refers to as the related place.
"""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.fields import field_problems
from srm_check.rules.functions.spec import (
    CheckFunction,
    Context,
    Location,
    Option,
    OptionProblem,
    Options,
    Outcome,
)

OPTIONS = Options(
    "AcyclicOptions",
    (Option("id", str, description="The fact field holding the fact's own id.", fact_field=True),),
)


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Remembers this fact's reference, then follows the chain from it."""
    assert context is not None and context.seen is not None and context.location is not None
    own = context.fact.get(options["id"])
    if own is None or value is None:
        return None
    if value == own:
        return {"cycle": f"{own} -> {own}", "_related": None}
    refs: dict[Any, tuple[Any, Location]] = context.seen
    refs.setdefault(own, (value, context.location))  # a repeated id keeps its first reference
    chain = [own, value]
    visited = {own}
    current = value
    while current in refs and current not in visited:
        visited.add(current)
        current = refs[current][0]
        chain.append(current)
        if current == own:
            return {
                "cycle": " -> ".join(str(c) for c in chain),
                "_related": refs[value][1],
                "_related_message": "the next in the cycle",
            }
    return None


def requirement(options: dict[str, Any]) -> str:
    return (
        f"not lead back to this fact when references are followed from fact to fact (each names "
        f"itself in `{options['id']}`), across the files of the run"
    )


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    return field_problems(options, given, ("id",))


FUNCTION = CheckFunction(
    name="acyclic",
    run=run,
    description="Following the references from fact to fact (each names itself in field `id`) "
    "never comes back to this fact.",
    requirement=requirement,
    options=OPTIONS,
    extras=("cycle",),
    needs_context=True,
    cross_file=True,
    check_options=check_options,
)
