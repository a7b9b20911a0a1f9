"""`unique`: the value is not repeated across the files of one run (compared in file order)."""

from __future__ import annotations

from array import array
from typing import Any, Literal

from srm_check.rules.functions.memory import Store, grow
from srm_check.rules.functions.spec import CheckFunction, Context, Location, Option, Options, Outcome

OPTIONS = Options(
    "UniqueOptions",
    (
        Option("scope", Literal["run"], "run", "Unique across all files of one run."),
        Option("ignore_case", bool, False),
    ),
)


class Firsts:
    """The first place of each value seen: the number of its place, by the value's number in
    the run's `Store` (4 bytes a value, where a dict of `Location` records took 250)."""

    __slots__ = ("_first", "_store")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._first = array("i")

    def first(self, key: Any, location: Location) -> Location | None:
        """Where `key` was first seen, or None when this is its first place (now remembered)."""
        number = self._store.keys.add(key)
        first = self._first
        grow(first, number + 1)
        place = first[number]
        if place < 0:
            first[number] = self._store.places.add(location)
            return None
        return self._store.places.location(place)


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Remembers the first place of each value (`context.seen`, a `Firsts`); a repeat fails,
    naming it."""
    assert context is not None and context.seen is not None and context.location is not None
    if value is None:
        return None
    key = value.casefold() if options.get("ignore_case") and isinstance(value, str) else value
    first = context.seen.first(key, context.location)
    if first is None:
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
    memory=Firsts,
)
