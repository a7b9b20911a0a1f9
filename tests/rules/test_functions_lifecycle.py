"""The cross-file functions of the lifecycle rules, directly: `no_overlap` (periods of a group),
`acyclic` (chains of references) and `known` (a reference decided once every file is seen)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from srm_check.core.span import Span
from srm_check.rules.context import RunContext
from srm_check.rules.functions import FUNCTIONS, Context
from srm_check.rules.functions.memory import Store
from srm_check.rules.functions.spec import Location, waits

OVERLAP = {"start": "effective", "end": "end", "within": "hubs", "name": "id"}


def memory(name: str, store: Store | None = None) -> Any:
    """What the function remembers across a run, as the engine makes it."""
    make = FUNCTIONS[name].memory
    assert make is not None
    return make(store or Store())


def _at(line: int) -> Location:
    return Location(f"f{line}.yaml", line, 1, line, 5)


def overlap(seen: Any, line: int, value: Any, options: dict[str, Any] | None = None, **fact: Any) -> Any:
    fact = {"id": f"a{line}", "end": None, "hubs": [], **fact}
    return FUNCTIONS["no_overlap"].run(value, options or OVERLAP, Context(fact, seen, _at(line)))


def test_two_periods_of_one_group_that_share_a_day_overlap() -> None:
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", effective="2026-01-01", end="2026-06-30") is None
    outcome = overlap(seen, 2, "Lab", effective="2026-06-30", end="2026-12-31")
    assert outcome == {
        "other": "a1",
        "first_path": "f1.yaml",
        "first_line": 1,
        "overlap_from": "2026-06-30",
        "overlap_until": "2026-06-30",
        "overlap_scope": "every hub",
        "_related": _at(1),
        "_related_message": "in force on the same days",
    }


def test_periods_one_after_the_other_and_other_groups_do_not_overlap() -> None:
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", effective="2026-01-01", end="2026-06-30") is None
    assert overlap(seen, 2, "Lab", effective="2026-07-01", end="2026-12-31") is None
    assert overlap(seen, 3, "Lab", effective="2025-01-01", end="2025-12-31") is None  # before every one
    assert overlap(seen, 4, "Other", effective="2026-01-01") is None
    assert overlap(seen, 5, "lab", effective="2026-03-01") is None  # groups compare as written...
    outcome = overlap(seen, 6, "LAB", {**OVERLAP, "ignore_case": True}, effective="2026-03-01")
    assert outcome is not None and outcome["other"] == "a5"  # ...unless asked: the first one found


def test_an_open_period_overlaps_everything_after_it() -> None:
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", effective="2020-01-01") is None
    outcome = overlap(seen, 2, "Lab", effective="2030-01-01")
    assert outcome["overlap_from"] == "2030-01-01" and outcome["overlap_until"] == "no end"


def test_scopes_overlap_only_where_they_meet() -> None:
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", effective="2026-01-01", hubs=["staging"]) is None
    assert overlap(seen, 2, "Lab", effective="2026-01-01", hubs=["prod"]) is None
    found = overlap(seen, 3, "Lab", effective="2026-01-01", hubs=["prod", "teach"])
    assert found["other"] == "a2" and found["overlap_scope"] == "prod"
    whole = overlap(seen, 4, "Lab", effective="2026-01-01")  # every hub: meets the first
    assert whole["other"] == "a1" and whole["overlap_scope"] == "staging"


@pytest.mark.parametrize(
    "fact",
    [
        {"effective": "2026-02-30"},  # no real date: SRM302's
        {"effective": "2026-06-01", "end": "2026-01-01"},  # ends before it starts: SRM304's
        {"effective": "2026-06-01", "end": "soon"},
    ],
)
def test_a_period_that_cannot_be_judged_is_neither_reported_nor_remembered(fact: dict[str, Any]) -> None:
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", **fact) is None
    assert overlap(seen, 2, "Lab", effective="2026-01-01") is None
    assert overlap(seen, 3, None, effective="2026-01-01") is None  # no group: nothing to compare


def test_many_periods_one_after_another_take_linear_time() -> None:
    seen = memory("no_overlap")
    for year in range(2000, 3000):  # 1,000 agreements of one community, one a year
        assert overlap(seen, year, "Lab", effective=f"{year}-01-01", end=f"{year}-12-31") is None


def cycle(seen: Any, line: int, own: str, ref: str | None) -> Any:
    return FUNCTIONS["acyclic"].run(ref, {"id": "id"}, Context({"id": own}, seen, _at(line)))


def test_a_chain_that_comes_back_is_reported_where_it_closes() -> None:
    seen = memory("acyclic")
    assert cycle(seen, 1, "c", "b") is None
    assert cycle(seen, 2, "b", "a") is None
    assert cycle(seen, 3, "d", None) is None
    outcome = cycle(seen, 4, "a", "c")
    assert outcome == {
        "cycle": "a -> c -> b -> a",
        "_related": _at(1),
        "_related_message": "the next in the cycle",
    }


def test_a_chain_that_ends_and_a_self_reference() -> None:
    seen = memory("acyclic")
    assert cycle(seen, 1, "b", "a") is None
    assert cycle(seen, 2, "c", "b") is None  # c -> b -> a: ends
    assert cycle(seen, 3, "x", "x") == {"cycle": "x -> x", "_related": None}
    assert cycle(seen, 4, "y", "c") is None
    # a loop elsewhere is not this fact's: following stops instead of going round
    assert cycle(seen, 5, "p", "q") is None and cycle(seen, 6, "q", "p")["cycle"] == "q -> p -> q"
    assert cycle(seen, 7, "z", "p") is None


def known(seen: Any, own: str, ref: str | None, partial: bool = False) -> Any:
    context = Context({"id": own}, seen, _at(1), run=RunContext(date(2026, 1, 1), partial=partial))
    return FUNCTIONS["known"].run(ref, {"among": "id"}, context), context


def test_known_decides_at_once_when_it_can_and_waits_otherwise() -> None:
    seen = memory("known")
    assert known(seen, "a", None)[0] is None
    assert known(seen, "b", "a")[0] is None  # a is known already
    outcome, context = known(seen, "c", "later")
    assert waits(outcome)
    settle = FUNCTIONS["known"].settle
    assert settle is not None
    assert waits(settle("later", {"among": "id"}, context, False))
    known(seen, "later", None)
    assert settle("later", {"among": "id"}, context, False) is None


def test_known_fails_once_every_file_is_seen_with_a_suggestion() -> None:
    seen = memory("known")
    known(seen, "riverbend-2025", None)
    _, context = known(seen, "riverbend-2026", "riverbend-2205")
    settle = FUNCTIONS["known"].settle
    assert settle is not None
    assert settle("riverbend-2205", {"among": "id"}, context, True) == {
        "did_you_mean": " (did you mean 'riverbend-2025'?)"
    }


def test_known_does_not_judge_a_partial_run() -> None:
    seen = memory("known")
    outcome, context = known(seen, "b", "elsewhere", partial=True)
    settle = FUNCTIONS["known"].settle
    assert settle is not None
    assert waits(outcome) and settle("elsewhere", {"among": "id"}, context, True) is None


@pytest.mark.parametrize("name", ["no_overlap", "acyclic", "known"])
def test_cross_file_functions_check_their_field_options(name: str) -> None:
    function = FUNCTIONS[name]
    assert function.cross_file and function.needs_context
    wrong = {o.name: "nonsense" for o in function.options.fields if o.fact_field}
    problems = function.check_options(wrong, "agreement")
    assert {p.key for p in problems} == set(wrong)
    assert all("'nonsense' is not a field of agreement facts" in p.message for p in problems)


def test_cross_file_functions_give_back_the_place_they_were_given() -> None:
    """A function remembers the engine's `Location` packed (functions/memory.py), and the
    related place of a failure is that place again, equal to the record given."""
    first, later = Location("a.yaml", 3, 5, 3, 9), Location("b.yaml", 7, 5, 7, 9)
    seen = memory("no_overlap")
    fact: dict[str, Any] = {"id": "a", "end": None, "hubs": [], "effective": "2026-01-01"}
    assert FUNCTIONS["no_overlap"].run("Lab", OVERLAP, Context(fact, seen, first)) is None
    outcome = FUNCTIONS["no_overlap"].run(
        "lab", {**OVERLAP, "ignore_case": True}, Context(fact, memory("no_overlap"), later)
    )
    assert outcome is None  # another rule's state: nothing seen there
    outcome = FUNCTIONS["no_overlap"].run("Lab", OVERLAP, Context({**fact, "id": "b"}, seen, later))
    assert outcome is not None and outcome["_related"] == first
    assert first.span == Span(3, 5, 3, 9) and Location.at("a.yaml", Span(3, 5, 3, 9)) == first
    unique = memory("unique")
    assert FUNCTIONS["unique"].run("x", {}, Context({}, unique, first)) is None
    again = FUNCTIONS["unique"].run("x", {}, Context({}, unique, later))
    assert again is not None and again["_related"] == first


def test_a_group_of_one_period_then_many_keeps_every_period() -> None:
    """A group is kept as its one period until a second comes; then every period of it is
    still compared, in file order."""
    seen = memory("no_overlap")
    assert overlap(seen, 1, "Lab", effective="2026-01-01", end="2026-01-31") is None
    assert overlap(seen, 2, "Lab", effective="2026-03-01", end="2026-03-31") is None
    assert overlap(seen, 3, "Lab", effective="2026-05-01", end="2026-05-31") is None
    assert overlap(seen, 4, "Lab", effective="2026-01-15", end="2026-01-20")["other"] == "a1"
    assert overlap(seen, 5, "Lab", effective="2026-03-31", end="2026-04-01")["other"] == "a2"
    assert overlap(seen, 6, "Other", effective="2026-03-31", end="2026-04-01") is None
