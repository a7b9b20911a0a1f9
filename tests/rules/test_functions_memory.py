"""What rules across the run remember, packed (rules/functions/memory.py): a value is the same
key exactly when `==` says so, and every text and place comes back as it was given."""

from __future__ import annotations

from array import array
from typing import Any

from srm_check.rules.functions.memory import Keys, Places, flagged, widened
from srm_check.rules.functions.spec import Location


class _Clash(str):
    """A text whose hash is the same as every other's: only the text can tell them apart."""

    __slots__ = ()

    def __hash__(self) -> int:
        return 42


def test_texts_are_numbered_in_order_and_come_back_exactly() -> None:
    keys = Keys()
    texts = [f"bench-{i:06d}" for i in range(5000)] + ["", "école", "\ud800 lone surrogate", "日本"]
    numbers = [keys.add(text) for text in texts]
    assert numbers == list(range(len(texts)))  # dense, in the order first seen, through rehashes
    assert [keys.add(text) for text in texts] == numbers  # added again: the same numbers
    assert [keys.value(n) for n in numbers] == texts
    assert [keys.find(text) for text in texts] == numbers
    assert keys.find("bench-999999") == -1 and len(keys) == len(texts)


def test_a_clash_of_hashes_is_decided_on_the_text() -> None:
    keys = Keys()
    first, second = keys.add(_Clash("alpha")), keys.add(_Clash("beta"))
    assert first != second
    assert keys.find(_Clash("alpha")) == first and keys.find(_Clash("beta")) == second
    assert keys.find(_Clash("gamma")) == -1
    assert keys.value(second) == "beta"


def test_values_that_are_no_text_compare_as_a_dict_would() -> None:
    keys = Keys()
    one = keys.add(1)
    assert keys.add(True) == one and keys.add(1.0) == one  # equal in Python: one key
    assert keys.add("1") != one  # a text is never equal to a number
    assert keys.value(one) == 1 and keys.value(one).__class__ is int
    assert keys.find((1, 2)) == -1
    pair = keys.add((1, 2))
    assert keys.find((1, 2)) == pair and keys.value(pair) == (1, 2)


def test_places_come_back_as_given_with_each_path_kept_once_in_a_row() -> None:
    places = Places()
    first = Location("a.yaml", 2, 1, 2, 9)
    assert places.add(first) == 0 and places.add(first) == 0  # the same record again: one place
    second = Location("a.yaml", 5, 3, 6, 1)
    third = Location("ü/b.yaml", 1, 1, 1, 2)
    assert places.add(second) == 1 and places.add(third) == 2 and len(places) == 3
    assert [places.location(n) for n in range(3)] == [first, second, third]


def test_places_widen_for_a_large_span_and_keep_a_path_met_again() -> None:
    places = Places()
    given = [
        Location("a.yaml", 1, 1, 1, 2),
        Location("b.yaml", 3, 4, 5, 100_000),  # more than 2 bytes hold, in its last cell
        Location("b.yaml", 70_000, 3, 70_001, 100_000),
        Location("a.yaml", 4, 5, 6, 7),  # a path again, not in a row
        Location("a.yaml", 0, 0, 0, 0),
    ]
    numbers = [places.add(location) for location in given]
    assert numbers == [0, 1, 2, 3, 4]
    assert [places.location(n) for n in numbers] == given


def test_widened_keeps_every_cell_when_a_value_does_not_fit() -> None:
    cells = array("H", [1, 2])
    assert widened(cells, (3, 4)) is cells and list(cells) == [1, 2, 3, 4]
    wider = widened(cells, (5, 70_000, 6))
    assert wider.typecode == "i" and list(wider) == [1, 2, 3, 4, 5, 70_000, 6]
    assert list(widened(array("H", [1]), (-1,))) == [1, -1]
    assert widened(array("I", [0]), (1 << 40,)).typecode == "q"


def test_values_that_are_no_text_survive_rehashes_among_texts() -> None:
    keys = Keys()
    values: list[Any] = [v for i in range(300) for v in (f"t{i}", i, (i, "x"))]
    numbers = [keys.add(v) for v in values]
    assert numbers == list(range(len(values)))
    assert [keys.value(n) for n in numbers] == values
    assert [keys.find(v) for v in values] == numbers


def test_flagged_lists_the_numbers_set() -> None:
    flags: Any = bytearray(b"\x00\x01\x00\x01\x01")
    assert list(flagged(flags)) == [1, 3, 4]
    assert list(flagged(bytearray())) == []
