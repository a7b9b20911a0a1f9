"""`acyclic`: references from fact to fact (such as `supersedes`) never lead back (in file order).

Each fact names itself in field `id` and another by its value; following the references
from this one must not come back to it. The fact that closes a cycle is reported, with
the whole cycle in words, and the fact it refers to as the related place.
"""

from __future__ import annotations

from array import array
from typing import Any

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
    "AcyclicOptions",
    (Option("id", str, description="The fact field holding the fact's own id.", fact_field=True),),
)


class References:
    """The reference of each id (its first: a repeated id keeps it) and where it is written,
    as numbers: the value's number in the run's `Store` and the number of its place."""

    __slots__ = ("_place", "_store", "_target")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._target = array("i")
        self._place = array("i")

    def remember(self, own: Any, value: Any, location: Location) -> tuple[int, int]:
        """The numbers of `own` and `value`, after `own`'s reference is remembered if it has none."""
        keys = self._store.keys
        number, target = keys.add(own), keys.add(value)
        grow(self._target, number + 1)
        grow(self._place, number + 1)
        if self._target[number] < 0:
            self._target[number] = target
            self._place[number] = self._store.places.add(location)
        return number, target

    def target(self, number: int) -> int:
        """The number of the value `number` refers to, or -1 when it refers to none."""
        return self._target[number] if number < len(self._target) else -1

    def place(self, number: int) -> Location:
        return self._store.places.location(self._place[number])

    def value(self, number: int) -> Any:
        return self._store.keys.value(number)


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Remembers this fact's reference, then follows the chain from it."""
    assert context is not None and context.seen is not None and context.location is not None
    own = context.fact.get(options["id"])
    if own is None or value is None:
        return None
    if value == own:
        return {"cycle": f"{own} -> {own}", "_related": None}
    refs: References = context.seen
    start, first = refs.remember(own, value, context.location)
    chain = [own, value]
    visited = {start}
    current = first
    while (following := refs.target(current)) >= 0 and current not in visited:
        visited.add(current)
        current = following
        chain.append(refs.value(current))
        if current == start:
            return {
                "cycle": " -> ".join(str(c) for c in chain),
                "_related": refs.place(first),
                "_related_message": "the next in the cycle",
            }
    return None


def requirement(options: dict[str, Any]) -> str:
    return (
        f"not lead back to this fact when references are followed from fact to fact (each names "
        f"itself in `{options['id']}`), across the files of the run"
    )


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    return field_problems(options, given, ("id",))


FUNCTION = CheckFunction(
    name="acyclic",
    run=run,
    description="Following the references from fact to fact (each names itself in field `id`) "
    "never comes back to this fact.",
    requirement=requirement,
    options=OPTIONS,
    extras=("cycle",),
    needs_context=True,
    cross_file=True,
    reads_fact=False,  # only the value and the fields its options name
    check_options=check_options,
    memory=References,
)
