"""`text`: non-empty text of at least `min_length` characters that is not a placeholder.

A placeholder is one of `placeholders` (the whole text, case-insensitively) or matches
one of `placeholder_patterns` (regular expressions that must match the whole text,
case-insensitively, after surrounding blanks are stripped): "TBD - waiting for
finance" is as empty as "TBD".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome

OPTIONS = Options(
    "TextOptions",
    (
        Option(
            "placeholders",
            list[str],
            [],
            "Values that count as empty, compared case-insensitively.",
        ),
        Option(
            "placeholder_patterns",
            list[str],
            [],
            "Regular expressions for text that counts as empty; each must match the whole "
            "(stripped) text, case-insensitively.",
        ),
        Option("min_length", int, 1, constraints={"ge": 1}),
    ),
)


# One set of flags for checking a policy and for running it, so that the second compile of a
# pattern is a hit in `re`'s own cache (start-up is paid on every commit).
_FLAGS = re.IGNORECASE | re.DOTALL


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _FLAGS) for p in patterns)


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    text = value.strip() if isinstance(value, str) else ""
    placeholders = {p.strip().casefold() for p in options.get("placeholders", ())}
    if not text:
        return {"reason": "missing or empty"}
    shown = text if len(text) <= 60 else text[:57] + "..."
    if text.casefold() in placeholders:
        return {"reason": f"'{shown}' is a placeholder"}
    if any(p.fullmatch(text) for p in _compiled(tuple(options.get("placeholder_patterns", ())))):
        return {"reason": f"'{shown}' is a placeholder"}
    if len(text) < options.get("min_length", 1):
        return {"reason": "too short"}
    return None


def requirement(options: dict[str, Any]) -> str:
    words = "be non-empty text"
    if options.get("min_length", 1) > 1:
        words += f" of at least {options['min_length']} characters"
    if options.get("placeholders"):
        words += f" that is not a placeholder ({', '.join(options['placeholders'])})"
    patterns = options.get("placeholder_patterns")
    if patterns:
        joiner = " and" if options.get("placeholders") else " that"
        words += f"{joiner} matches none of the placeholder patterns {', '.join(f'`{p}`' for p in patterns)}"
    return words


def check_options(options: dict[str, Any], _given: str) -> list[OptionProblem]:
    """Every pattern must compile, or the rule would fail on the first agreement."""
    problems = []
    for i, pattern in enumerate(options.get("placeholder_patterns") or ()):
        try:
            re.compile(pattern, _FLAGS)
        except re.error as err:
            problems.append(OptionProblem(f"invalid regular expression: {err}", f"placeholder_patterns/{i}"))
    return problems


FUNCTION = CheckFunction(
    name="text",
    run=run,
    description=(
        "Non-empty text of at least `min_length` characters that is not one of `placeholders` "
        "and matches none of `placeholder_patterns`."
    ),
    requirement=requirement,
    options=OPTIONS,
    extras=("reason",),
    check_options=check_options,
)
