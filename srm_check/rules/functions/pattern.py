"""`pattern`: text contains a match of `match` and none of `not_match` (anything else passes)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome

OPTIONS = Options(
    "PatternOptions",
    (
        Option("match", str | None, None, "A regular expression the text must contain."),
        Option("not_match", str | None, None, "A regular expression it must not contain."),
    ),
)


# A rule's regular expression is at most this long (a longer one is refused with the policy).
MAX_REGEX_LENGTH = 1_000
# Text longer than this is not matched by a pattern whose time grows with the square of the
# text's length (see regex_safety): the check fails, saying so.
MAX_PATTERN_TEXT = 1_000


@lru_cache(maxsize=256)
def _degree(regex: str) -> int:
    from srm_check.rules.functions.regex_safety import judge

    return judge(regex).degree


def _too_long(regex: str, value: str) -> bool:
    return len(value) > MAX_PATTERN_TEXT and _degree(regex) > 0


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if not isinstance(value, str):
        return None
    match, not_match = options.get("match"), options.get("not_match")
    for regex in (match, not_match):
        if regex is not None and _too_long(regex, value):
            note = (
                f"(not matched: the text has {len(value):,} characters, over the {MAX_PATTERN_TEXT:,} limit)"
            )
            return {"pattern": f"{regex} {note}"}
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
    """Both expressions must compile, or the rule would fail on the first agreement, and neither
    may backtrack catastrophically (regex_safety), or one agreement could stall every run."""
    from srm_check.rules.functions.regex_safety import judge

    problems = []
    for key in ("match", "not_match"):
        regex = options.get(key)
        if not isinstance(regex, str):
            continue
        if len(regex) > MAX_REGEX_LENGTH:
            message = f"regular expression of {len(regex):,} characters, over the {MAX_REGEX_LENGTH:,} limit"
            problems.append(OptionProblem(message, key))
            continue
        try:
            re.compile(regex)
        except (re.error, RecursionError, OverflowError) as err:
            problems.append(OptionProblem(f"invalid regular expression: {err}", key))
            continue
        refused = judge(regex).refused
        if refused is not None:
            problems.append(OptionProblem(f"unsafe regular expression: {refused}; rewrite it", key))
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
