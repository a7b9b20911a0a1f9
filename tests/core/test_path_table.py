"""core.path_table: a packed list of paths behaves as the list it replaces."""

from __future__ import annotations

import pickle
from collections.abc import Sequence

import pytest

from srm_check.core.path_table import PathTable

PATHS = ["agreements/a.yaml", "", "b/é.yaml", "c/\udcff.yaml", "agreements/d.yaml"]


def test_indexing_and_length_match_the_list() -> None:
    table = PathTable(PATHS)
    assert len(table) == len(PATHS)
    assert [table[i] for i in range(len(PATHS))] == PATHS
    assert [table[-i] for i in range(1, len(PATHS) + 1)] == [PATHS[-i] for i in range(1, len(PATHS) + 1)]
    assert list(table) == PATHS
    assert isinstance(table, Sequence)
    assert table.index("b/é.yaml") == 2
    assert "agreements/d.yaml" in table and "nope" not in table


@pytest.mark.parametrize("index", [5, -6, 100])
def test_an_index_out_of_range_raises_index_error(index: int) -> None:
    with pytest.raises(IndexError):
        PathTable(PATHS)[index]


@pytest.mark.parametrize(
    "cut",
    [
        slice(1, 4),
        slice(0, 0),
        slice(3, None),
        slice(None, -2),
        slice(4, 1),
        slice(None, None, 2),
        slice(-1, None, -1),
    ],
)
def test_a_slice_is_a_table_of_the_same_paths(cut: slice) -> None:
    part = PathTable(PATHS)[cut]
    assert isinstance(part, PathTable)
    assert list(part) == PATHS[cut]
    assert len(part) == len(PATHS[cut])
    assert [part[i] for i in range(len(part))] == PATHS[cut]


def test_equality_with_lists_and_tables() -> None:
    table = PathTable(PATHS)
    assert table == PATHS
    assert PATHS == table  # noqa: SIM300 - a list asks the table (reflected)
    assert table == PathTable(iter(PATHS))
    assert table != PATHS[:-1]
    assert table != [*PATHS[:-1], "other"]
    assert PathTable(["ab", "c"]) != PathTable(["a", "bc"])  # the same text, cut elsewhere
    assert table != "agreements/a.yaml"
    assert PathTable() == []


def test_pickled_it_comes_back_equal_and_small() -> None:
    many = [f"agreements/team-{n % 7}/agreement-{n:06d}.yaml" for n in range(2000)]
    table = PathTable(many)
    data = pickle.dumps(table)
    assert pickle.loads(data) == many
    # About as small as the list's pickle, and loaded as two objects, not 2,000.
    assert len(data) < len(pickle.dumps(many)) * 1.05
    part = pickle.loads(pickle.dumps(table[500:510]))
    assert list(part) == many[500:510]


def test_only_strings_are_held() -> None:
    with pytest.raises(TypeError):
        PathTable(["a.yaml", b"b.yaml"])  # type: ignore[list-item]


def test_unhashable_like_a_list() -> None:
    with pytest.raises(TypeError):
        hash(PathTable(PATHS))
