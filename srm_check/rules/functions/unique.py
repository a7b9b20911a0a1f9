"""`unique`: the value is not repeated across the files of one run (compared in file order)."""

from __future__ import annotations

from typing import Any, Literal

from srm_check.rules.functions.spec import CheckFunction, Context, Option, Options, Outcome

OPTIONS = Options(
    "UniqueOptions",
    (
        Option("scope", Literal["run"], "run", "Unique across all files of one run."),
        Option("ignore_case", bool, False),
    ),
)


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Remembers the first place of each value in `context.seen` (its `Location`, as given); a
    repeat fails, naming it."""
    assert context is not None and context.seen is not None and context.location is not None
    if value is None:
        return None
    key = value.casefold() if options.get("ignore_case") and isinstance(value, str) else value
    first = context.seen.get(key)
    if first is None:
        context.seen[key] = context.location
        return None
    return {"first_path": first.path, "first_line": first.line, "_related": first}


def requirement(options: dict[str, Any]) -> str:
    case = ", ignoring case" if options.get("ignore_case") else ""
    return f"not repeat a value already seen in an agreement checked in the same run{case}"


FUNCTION = CheckFunction(
    name="unique",
    run=run,
    description="The value is not repeated across all files checked in one run.",
    requirement=requirement,
    options=OPTIONS,
    extras=("first_path", "first_line"),
    needs_context=True,
    cross_file=True,
    reads_fact=False,
)
