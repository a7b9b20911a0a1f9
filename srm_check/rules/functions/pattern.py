"""`pattern`: text contains a match of `match` and none of `not_match` (anything else passes)."""

from __future__ import annotations

import re
from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome

OPTIONS = Options(
    "PatternOptions",
    (
        Option("match", str | None, None, "A regular expression the text must contain."),
        Option("not_match", str | None, None, "A regular expression it must not contain."),
    ),
)


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if not isinstance(value, str):
        return None
    match, not_match = options.get("match"), options.get("not_match")
    if match is not None and not re.search(match, value):
        return {"pattern": match}
    if not_match is not None and re.search(not_match, value):
        return {"pattern": not_match}
    return None


def requirement(options: dict[str, Any]) -> str:
    parts = []
    if options.get("match") is not None:
        parts.append(f"match the regular expression `{options['match']}`")
    if options.get("not_match") is not None:
        parts.append(f"not match `{options['not_match']}`")
    return " and ".join(parts) or "be text (any text passes)"


def check_options(options: dict[str, Any], _given: str) -> list[OptionProblem]:
    """Both expressions must compile, or the rule would fail on the first agreement."""
    problems = []
    for key in ("match", "not_match"):
        regex = options.get(key)
        if isinstance(regex, str):
            try:
                re.compile(regex)
            except re.error as err:
                problems.append(OptionProblem(f"invalid regular expression: {err}", key))
    return problems


FUNCTION = CheckFunction(
    name="pattern",
    run=run,
    description="Text matches `match` and does not match `not_match`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("pattern",),
    check_options=check_options,
)
