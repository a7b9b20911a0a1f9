"""`text`: non-empty text of at least `min_length` characters that is not a placeholder."""

from __future__ import annotations

from typing import Any

from srm_check.rules.functions.spec import CheckFunction, Context, Option, Options, Outcome

OPTIONS = Options(
    "TextOptions",
    (
        Option(
            "placeholders",
            list[str],
            [],
            "Values that count as empty, compared case-insensitively.",
        ),
        Option("min_length", int, 1, constraints={"ge": 1}),
    ),
)


def run(value: Any, options: dict[str, Any], _context: Context | None) -> Outcome:
    text = value.strip() if isinstance(value, str) else ""
    placeholders = {p.strip().casefold() for p in options.get("placeholders", ())}
    if not text:
        return {"reason": "missing or empty"}
    if text.casefold() in placeholders:
        return {"reason": f"'{text}' is a placeholder"}
    if len(text) < options.get("min_length", 1):
        return {"reason": "too short"}
    return None


def requirement(options: dict[str, Any]) -> str:
    words = "be non-empty text"
    if options.get("min_length", 1) > 1:
        words += f" of at least {options['min_length']} characters"
    if options.get("placeholders"):
        words += f" that is not a placeholder ({', '.join(options['placeholders'])})"
    return words


FUNCTION = CheckFunction(
    name="text",
    run=run,
    description="Non-empty text of at least `min_length` characters that is not one of `placeholders`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("reason",),
)
