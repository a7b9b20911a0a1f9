"""`no_overlap`: no two facts of a group, with scopes in common, cover the same day (in file order).

For agreements: two agreements of one community, for the same hub (or one for every hub),
both in force on some day. Each fact is a period, from the date in field `start` to the
date in field `end` (both days included; none: no last day); `within` names a field
holding the fact's scopes (a list; empty: the whole group). The later fact of a pair is
reported, with the earlier one as the related place, as `unique` does.
"""

from __future__ import annotations

from array import array
from datetime import date
from typing import Any, NamedTuple

from srm_check.core.dates import parse_date
from srm_check.rules.functions.fields import field_problems
from srm_check.rules.functions.memory import Store, grow
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
    "NoOverlapOptions",
    (
        Option("start", str, description="The fact field holding the first day.", fact_field=True),
        Option(
            "end",
            str | None,
            None,
            "The fact field holding the last day (null in it: no last day).",
            fact_field=True,
        ),
        Option(
            "within",
            str | None,
            None,
            "The fact field holding a list of scopes (such as hubs); an empty list covers the whole group.",
            fact_field=True,
        ),
        Option("name", str | None, None, "The fact field that names a fact in messages.", fact_field=True),
        Option("ignore_case", bool, False, "Compare groups ignoring case."),
    ),
)
_LAST = date.max


class _Period(NamedTuple):
    start: date
    end: date
    scopes: frozenset[str] | None  # None: the whole group
    location: Location
    name: Any


class Periods:
    """The periods seen, by group, packed: each period as five 4-byte numbers (first and
    last day as ordinals, its scopes, its place, its name) and a link to the next period of
    its group; each group as its first and last period and the first and last day they
    cover. A group is found by its value's number in the run's `Store`. A period is made
    back into a `_Period` only to be compared, and only within a group whose days it meets."""

    __slots__ = ("_cells", "_group_of", "_groups", "_odd_names", "_scope_numbers", "_scopes", "_store")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._group_of = array("i")  # by value number: the group's number
        self._groups = array("i")  # by group: first period, last period, first day, last day
        self._cells = array("i")  # by period: start, end, scopes, place, name, next period
        self._scopes: list[frozenset[str]] = []
        self._scope_numbers: dict[frozenset[str], int] = {}
        self._odd_names: dict[int, Any] = {}  # names that are no string (or None), by period

    def clash(self, key: Any, period: _Period) -> _Period | None:
        """The earliest period of `key`'s group sharing a day and a scope with `period`, which
        then joins the group."""
        number = self._store.keys.add(key)
        grow(self._group_of, number + 1)
        group = self._group_of[number]
        added = self._add(period)
        if group < 0:
            self._group_of[number] = len(self._groups) // 4
            self._groups.extend((added, added, period.start.toordinal(), period.end.toordinal()))
            return None
        groups, at = self._groups, 4 * group
        found = None
        # Most groups hold periods one after another: a period after (or before) all of them is clear.
        if period.start.toordinal() <= groups[at + 3] and period.end.toordinal() >= groups[at + 2]:
            found = self._first_clash(groups[at], period)
        self._cells[6 * groups[at + 1] + 5] = added
        groups[at + 1] = added
        groups[at + 2] = min(groups[at + 2], period.start.toordinal())
        groups[at + 3] = max(groups[at + 3], period.end.toordinal())
        return found

    def _first_clash(self, number: int, period: _Period) -> _Period | None:
        while number >= 0:
            other = self._period(number)
            if _clash(other, period):
                return other
            number = self._cells[6 * number + 5]
        return None

    def _add(self, period: _Period) -> int:
        number = len(self._cells) // 6
        scopes = period.scopes
        scope = -1
        if scopes is not None:
            scope = self._scope_numbers.setdefault(scopes, len(self._scopes))
            if scope == len(self._scopes):
                self._scopes.append(scopes)
        name = period.name
        if isinstance(name, str):
            named = self._store.keys.add(name)
        else:
            named = -1
            if name is not None:
                self._odd_names[number] = name
        place = self._store.places.add(period.location)
        self._cells.extend((period.start.toordinal(), period.end.toordinal(), scope, place, named, -1))
        return number

    def _period(self, number: int) -> _Period:
        start, end, scope, place, named = self._cells[6 * number : 6 * number + 5]
        return _Period(
            date.fromordinal(start),
            date.fromordinal(end),
            self._scopes[scope] if scope >= 0 else None,
            self._store.places.location(place),
            self._store.keys.value(named) if named >= 0 else self._odd_names.get(number),
        )


def _period(fact: Any, options: dict[str, Any], location: Location) -> _Period | None:
    """The fact's period, or None when it has none that can be judged (a date that is no date,
    an end before the start: other rules report those)."""
    start = parse_date(fact.get(options["start"]))
    end_field = options.get("end")
    written = fact.get(end_field) if end_field else None
    end = parse_date(written) if written is not None else _LAST
    if start is None or end is None or end < start:
        return None
    within = options.get("within")
    scopes = fact.get(within) if within else None
    scope = frozenset(str(s) for s in scopes) if isinstance(scopes, list) and scopes else None
    name = fact.get(options["name"]) if options.get("name") else None
    return _Period(start, end, scope, location, name)


def _shared(a: frozenset[str] | None, b: frozenset[str] | None) -> str | None:
    """The scopes two periods have in common, as text, or None when none."""
    if a is None and b is None:
        return "every hub"
    if a is None or b is None:
        return ", ".join(sorted(b if a is None else a))  # type: ignore[arg-type]
    common = a & b
    return ", ".join(sorted(common)) if common else None


def _text(day: date) -> str:
    return "no end" if day == _LAST else day.isoformat()


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Compares the fact's period with the earlier ones of its group, then remembers it."""
    assert context is not None and context.seen is not None and context.location is not None
    if value is None:
        return None
    period = _period(context.fact, options, context.location)
    if period is None:
        return None
    key = value.casefold() if options.get("ignore_case") and isinstance(value, str) else value
    periods: Periods = context.seen
    found = periods.clash(key, period)
    if found is None:
        return None
    return {
        "other": found.name,
        "first_path": found.location.path,
        "first_line": found.location.line,
        "overlap_from": max(found.start, period.start).isoformat(),
        "overlap_until": _text(min(found.end, period.end)),
        "overlap_scope": _shared(found.scopes, period.scopes),
        "_related": found.location,
        "_related_message": "in force on the same days",
    }


def _clash(a: _Period, b: _Period) -> bool:
    return a.start <= b.end and b.start <= a.end and _shared(a.scopes, b.scopes) is not None


def requirement(options: dict[str, Any]) -> str:
    end = f"`{options['end']}`" if options.get("end") else "no last day"
    scope = f", for scopes in common in `{options['within']}`" if options.get("within") else ""
    return (
        f"not share a day with an earlier fact of the same value in the same run{scope} (period: "
        f"`{options['start']}` to {end}, both included)"
    )


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    return field_problems(options, given, ("start", "end", "within", "name"))


FUNCTION = CheckFunction(
    name="no_overlap",
    run=run,
    description="No earlier fact of the run with the same value (a group) and a scope in common "
    "covers a day of this one's period, from field `start` to field `end`.",
    requirement=requirement,
    options=OPTIONS,
    extras=("other", "first_path", "first_line", "overlap_from", "overlap_until", "overlap_scope"),
    needs_context=True,
    cross_file=True,
    reads_fact=False,  # only the value and the fields its options name
    check_options=check_options,
    memory=Periods,
)
