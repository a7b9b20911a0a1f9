"""The closed vocabulary of check functions that rules are built from.

Each function takes a fact's field value and its validated options and returns
None when the check passes, or a dict of extra message values when it fails.
Rules can only name these functions: there is no way to run code from a policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = dict[str, Any] | None


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NoOptions(Options):
    """This function takes no options."""


class BoundOptions(Options):
    value: int | float


class EnumerationOptions(Options):
    values: list[Any] = Field(min_length=1)


class PatternOptions(Options):
    match: str | None = None
    not_match: str | None = None


class TextOptions(Options):
    placeholders: list[str] = Field(default_factory=list)
    min_length: int = 1


class AfterOptions(Options):
    field: str


class UniqueOptions(Options):
    scope: Literal["run"] = "run"
    ignore_case: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What a function may see besides the value: the fact and the run's shared state."""

    fact: dict[str, Any]
    seen: dict[Any, dict[str, Any]]
    location: dict[str, Any]


def _truthy(value: Any, _o: Any, _c: Context) -> Outcome:
    return None if value else {}


def _falsy(value: Any, _o: Any, _c: Context) -> Outcome:
    return {} if value else None


def _defined(value: Any, _o: Any, _c: Context) -> Outcome:
    return {} if value is None else None


def _undefined(value: Any, _o: Any, _c: Context) -> Outcome:
    return None if value is None else {}


def _minimum(value: Any, options: BoundOptions, _c: Context) -> Outcome:
    if isinstance(value, int | float) and value < options.value:
        return {"limit": options.value}
    return None


def _maximum(value: Any, options: BoundOptions, _c: Context) -> Outcome:
    if isinstance(value, int | float) and value > options.value:
        return {"limit": options.value}
    return None


def _enumeration(value: Any, options: EnumerationOptions, _c: Context) -> Outcome:
    if value is None or value in options.values:
        return None
    return {"allowed": ", ".join(str(v) for v in options.values)}


def _pattern(value: Any, options: PatternOptions, _c: Context) -> Outcome:
    if not isinstance(value, str):
        return None
    if options.match is not None and not re.search(options.match, value):
        return {"pattern": options.match}
    if options.not_match is not None and re.search(options.not_match, value):
        return {"pattern": options.not_match}
    return None


def _text(value: Any, options: TextOptions, _c: Context) -> Outcome:
    text = value.strip() if isinstance(value, str) else ""
    placeholders = {p.strip().casefold() for p in options.placeholders}
    if len(text) < options.min_length or text.casefold() in placeholders:
        return {"reason": "a placeholder" if text else "missing or empty"}
    return None


def parse_date(value: Any) -> date | None:
    """A strict YYYY-MM-DD date, or None."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date(value: Any, _o: Any, _c: Context) -> Outcome:
    if value is None or parse_date(value) is not None:
        return None
    return {}


def _after(value: Any, options: AfterOptions, context: Context) -> Outcome:
    this, other = parse_date(value), parse_date(context.fact.get(options.field))
    if this is None or other is None or this > other:
        return None
    return {"other": context.fact.get(options.field)}


def _unique(value: Any, options: UniqueOptions, context: Context) -> Outcome:
    if value is None:
        return None
    key = value.casefold() if options.ignore_case and isinstance(value, str) else value
    first = context.seen.get(key)
    if first is None:
        context.seen[key] = context.location
        return None
    return {"first_path": first["path"], "first_line": first["line"], "_related": first}


@dataclass(frozen=True, slots=True)
class Function:
    """A check function, its options model, and the extra values its message may use."""

    run: Callable[[Any, Any, Context], Outcome]
    options: type[Options]
    extras: tuple[str, ...] = ()
    doc: str = ""


FUNCTIONS: dict[str, Function] = {
    "truthy": Function(_truthy, NoOptions, doc="the value is set and not false, zero or empty"),
    "falsy": Function(_falsy, NoOptions, doc="the value is unset, false, zero or empty"),
    "defined": Function(_defined, NoOptions, doc="the value is not null"),
    "undefined": Function(_undefined, NoOptions, doc="the value is null"),
    "minimum": Function(_minimum, BoundOptions, ("limit",), "a number is at least `value`"),
    "maximum": Function(_maximum, BoundOptions, ("limit",), "a number is at most `value`"),
    "enumeration": Function(
        _enumeration, EnumerationOptions, ("allowed",), "the value is one of `values`"
    ),
    "pattern": Function(
        _pattern,
        PatternOptions,
        ("pattern",),
        "text matches the regular expression `match` and not `not_match`",
    ),
    "text": Function(
        _text,
        TextOptions,
        ("reason",),
        "non-empty text of at least `min_length` characters that is not one of `placeholders`",
    ),
    "date": Function(_date, NoOptions, doc="a real calendar date written YYYY-MM-DD"),
    "after": Function(
        _after, AfterOptions, ("other",), "a date strictly after the date in field `field`"
    ),
    "unique": Function(
        _unique,
        UniqueOptions,
        ("first_path", "first_line"),
        "the value is not repeated across all files checked in one run",
    ),
}
