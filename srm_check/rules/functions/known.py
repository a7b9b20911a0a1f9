"""`known`: the value names a fact of the run, by the value of field `among` (such as an id).

Decided once every file is seen: the fact it names may come later in the run. A run of
named PATHS checks only some agreements, so there a value that names none of them is not
reported (the agreement it names may be in a file not checked).
"""

from __future__ import annotations

from typing import Any

from srm_check.core.text import did_you_mean
from srm_check.rules.functions.fields import field_problems
from srm_check.rules.functions.spec import (
    CheckFunction,
    Context,
    Option,
    OptionProblem,
    Options,
    Outcome,
    wait,
)

OPTIONS = Options(
    "KnownOptions",
    (
        Option(
            "among",
            str,
            description="The fact field whose values, over the facts of the run, are the known ones.",
            fact_field=True,
        ),
    ),
)


def _known(context: Context) -> dict[Any, None]:
    """The values of `among` seen so far: the keys of `context.seen` itself (no container of
    their own inside it)."""
    assert context.seen is not None
    return context.seen


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Counts this fact's own value as known; its reference is decided now if possible."""
    assert context is not None
    known = _known(context)
    own = context.fact.get(options["among"])
    if own is not None:
        known[own] = None
    if value is None or value in known:
        return None
    return wait()


def settle(value: Any, options: dict[str, Any], context: Context, final: bool) -> Outcome:
    known = _known(context)
    if value in known:
        return None
    if not final:
        return wait()
    if context.run is not None and context.run.partial:
        return None
    own = context.fact.get(options["among"])
    names = sorted(str(k) for k in known if k != own)  # a fact never names itself here
    return {"did_you_mean": did_you_mean(str(value), names)}


def requirement(options: dict[str, Any]) -> str:
    return (
        f"be the `{options['among']}` of a fact of the run (decided once every file is seen; not "
        "judged when the run checks only named files)"
    )


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    return field_problems(options, given, ("among",))


FUNCTION = CheckFunction(
    name="known",
    run=run,
    description="The value is the `among` field of some fact of the run (null passes).",
    requirement=requirement,
    options=OPTIONS,
    extras=("did_you_mean",),
    needs_context=True,
    cross_file=True,
    check_options=check_options,
    settle=settle,
)
