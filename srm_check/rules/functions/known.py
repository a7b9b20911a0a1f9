"""`known`: the value names a fact of the run, by the value of field `among` (such as an id).

Decided once every file is seen: the fact it names may come later in the run. A run of
named PATHS checks only some agreements, so there a value that names none of them is not
reported (the agreement it names may be in a file not checked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from srm_check.core.text import did_you_mean
from srm_check.rules.functions.fields import field_problems
from srm_check.rules.functions.memory import Store, flagged
from srm_check.rules.functions.spec import (
    CheckFunction,
    Context,
    Option,
    OptionProblem,
    Options,
    Outcome,
    wait,
)

OPTIONS = Options(
    "KnownOptions",
    (
        Option(
            "among",
            str,
            description="The fact field whose values, over the facts of the run, are the known ones.",
            fact_field=True,
        ),
    ),
)


class Known:
    """The values of `among` seen so far: a flag (one byte) by the value's number in the
    run's `Store`, which holds the values themselves for every rule."""

    __slots__ = ("_flags", "_store")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._flags = bytearray()

    def add(self, value: Any) -> None:
        number = self._store.keys.add(value)
        flags = self._flags
        if number >= len(flags):
            flags.extend(bytes(number + 1 - len(flags) + len(flags) // 2))
        flags[number] = 1

    def __contains__(self, value: Any) -> bool:
        number = self._store.keys.find(value)
        return 0 <= number < len(self._flags) and self._flags[number] == 1

    def __iter__(self) -> Iterator[Any]:
        keys = self._store.keys
        return (keys.value(number) for number in flagged(self._flags))


def _known(context: Context) -> Known:
    known: Known = context.seen
    assert known is not None
    return known


def run(value: Any, options: dict[str, Any], context: Context | None) -> Outcome:
    """Counts this fact's own value as known; its reference is decided now if possible."""
    assert context is not None
    known = _known(context)
    own = context.fact.get(options["among"])
    if own is not None:
        known.add(own)
    if value is None or value in known:
        return None
    return wait()


def settle(value: Any, options: dict[str, Any], context: Context, final: bool) -> Outcome:
    known = _known(context)
    if value in known:
        return None
    if not final:
        return wait()
    if context.run is not None and context.run.partial:
        return None
    own = context.fact.get(options["among"])
    names = sorted(str(k) for k in known if k != own)  # a fact never names itself here
    return {"did_you_mean": did_you_mean(str(value), names)}


def requirement(options: dict[str, Any]) -> str:
    return (
        f"be the `{options['among']}` of a fact of the run (decided once every file is seen; not "
        "judged when the run checks only named files)"
    )


def check_options(options: dict[str, Any], given: str) -> list[OptionProblem]:
    return field_problems(options, given, ("among",))


FUNCTION = CheckFunction(
    name="known",
    run=run,
    description="The value is the `among` field of some fact of the run (null passes).",
    requirement=requirement,
    options=OPTIONS,
    extras=("did_you_mean",),
    needs_context=True,
    cross_file=True,
    reads_fact=False,  # only the value and the fields its options name
    check_options=check_options,
    settle=settle,
    memory=Known,
)
