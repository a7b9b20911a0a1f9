"""`finite`: a number is finite (not infinite, not NaN) and, optionally, of a plausible size.

YAML can write `.inf`, `-.inf`, `.nan` and `1e999999` (infinite once read), and integers
longer than any real amount; such a value is reported, never added up or printed as a
cost. Anything that is not a number passes: whether a number is given is `defined`'s job.
"""

from __future__ import annotations

import math
from typing import Any

from srm_check.rules.functions.spec import (
    CheckFunction,
    Context,
    Option,
    OptionProblem,
    Options,
    Outcome,
    is_number,
)

OPTIONS = Options(
    "FiniteOptions",
    (
        Option(
            "max_magnitude",
            int | float | None,
            None,
            "The largest size (absolute value) a plausible number has; null: no limit.",
        ),
    ),
)


def shown(value: int | float) -> str:
    """The number as a message shows it: short, even for an integer of thousands of digits."""
    if isinstance(value, int) and value.bit_length() > 200:  # about 60 digits
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"{'-' if value < 0 else ''}an integer of about {digits:,} digits"
    return repr(value) if isinstance(value, float) else str(value)


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    if not is_number(value):
        return None
    limit = options.get("max_magnitude")
    if isinstance(value, float) and math.isnan(value):
        reason = "is not a number (NaN)"
    elif isinstance(value, float) and math.isinf(value):
        reason = f"is {'minus ' if value < 0 else ''}infinity (or too large to read as a number)"
    elif limit is not None and abs(value) > limit:
        reason = f"is implausibly large: its size is more than {limit:,}"
    else:
        return None
    return {"reason": reason, "limit": limit, "shown": shown(value)}


def check_options(options: dict[str, Any], _given: str) -> list[OptionProblem]:
    """A limit must be a positive, finite number, or nothing would pass."""
    limit = options.get("max_magnitude")
    if limit is None or (is_number(limit) and 0 < limit < math.inf):
        return []
    return [OptionProblem("max_magnitude must be a positive, finite number", "max_magnitude")]


def requirement(options: dict[str, Any]) -> str:
    limit = options.get("max_magnitude")
    words = "be a finite number"
    return words + (f" of size at most {limit:,}" if limit is not None else "")


FUNCTION = CheckFunction(
    name="finite",
    run=run,
    description="A number is finite (not infinite or NaN) and its size is at most `max_magnitude`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("reason", "limit", "shown"),
    check_options=check_options,
)
