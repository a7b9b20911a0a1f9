"""The closed vocabulary of check functions that rules are built from.

Each function takes a fact's field value, the rule's options (already validated by
the rules schema) and a context, and returns None when the check passes or a dict
of extra message values when it fails. Rules can only name these functions: there is
no way to run code from a policy. Their options are defined in `schemas/models/rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from srm_check.core.dates import parse_date

Outcome = dict[str, Any] | None
_FAIL: dict[str, Any] = {}


class Context(NamedTuple):
    """What a function may see besides the value: the fact, and for cross-file functions
    the values seen so far in the run and where this one is."""

    fact: dict[str, Any]
    seen: dict[Any, dict[str, Any]] | None = None
    location: dict[str, Any] | None = None


def _truthy(value: Any, _o: dict[str, Any], _c: Context | None) -> Outcome:
    return None if value else {}


def _falsy(value: Any, _o: dict[str, Any], _c: Context | None) -> Outcome:
    return {} if value else None


def _defined(value: Any, _o: dict[str, Any], _c: Context | None) -> Outcome:
    return {} if value is None else None


def _undefined(value: Any, _o: dict[str, Any], _c: Context | None) -> Outcome:
    return None if value is None else {}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _minimum(value: Any, options: dict[str, Any], _c: Context | None) -> Outcome:
    if _is_number(value) and value < options["value"]:
        return {"limit": options["value"]}
    return None


def _maximum(value: Any, options: dict[str, Any], _c: Context | None) -> Outcome:
    if _is_number(value) and value > options["value"]:
        return {"limit": options["value"]}
    return None


def _enumeration(value: Any, options: dict[str, Any], _c: Context | None) -> Outcome:
    if value is None or value in options["values"]:
        return None
    return {"allowed": ", ".join(str(v) for v in options["values"])}


def _pattern(value: Any, options: dict[str, Any], _c: Context | None) -> Outcome:
    if not isinstance(value, str):
        return None
    match, not_match = options.get("match"), options.get("not_match")
    if match is not None and not re.search(match, value):
        return {"pattern": match}
    if not_match is not None and re.search(not_match, value):
        return {"pattern": not_match}
    return None


def _text(value: Any, options: dict[str, Any], _c: Context | None) -> Outcome:
    text = value.strip() if isinstance(value, str) else ""
    placeholders = {p.strip().casefold() for p in options.get("placeholders", ())}
    if not text:
        return {"reason": "missing or empty"}
    if text.casefold() in placeholders:
        return {"reason": f"'{text}' is a placeholder"}
    if len(text) < options.get("min_length", 1):
        return {"reason": "too short"}
    return None


def _date(value: Any, _o: dict[str, Any], _c: Context | None) -> Outcome:
    if value is None or parse_date(value) is not None:
        return None
    return {}


def _after(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    assert context is not None
    other_value = context.fact.get(options["field"])
    this, other = parse_date(value), parse_date(other_value)
    if this is None or other is None or this > other:
        return None
    return {"other": other_value}


def _unique(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    assert context is not None and context.seen is not None and context.location is not None
    if value is None:
        return None
    key = value.casefold() if options.get("ignore_case") and isinstance(value, str) else value
    first = context.seen.get(key)
    if first is None:
        context.seen[key] = context.location
        return None
    return {"first_path": first["path"], "first_line": first["line"], "_related": first}


class Function(NamedTuple):
    """A check function and the extra values its message may use."""

    run: Callable[[Any, dict[str, Any], Context | None], Outcome]
    extras: tuple[str, ...] = ()
    needs_context: bool = False
    cross_file: bool = False


FUNCTIONS: dict[str, Function] = {
    "truthy": Function(_truthy),
    "falsy": Function(_falsy),
    "defined": Function(_defined),
    "undefined": Function(_undefined),
    "minimum": Function(_minimum, ("limit",)),
    "maximum": Function(_maximum, ("limit",)),
    "enumeration": Function(_enumeration, ("allowed",)),
    "pattern": Function(_pattern, ("pattern",)),
    "text": Function(_text, ("reason",)),
    "date": Function(_date),
    "after": Function(_after, ("other",), needs_context=True),
    "unique": Function(_unique, ("first_path", "first_line"), needs_context=True, cross_file=True),
}
