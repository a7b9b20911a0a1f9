"""core/tuples.py: NamedTuple classes made without compiling source, alike in every use to
typing.NamedTuple's."""

from __future__ import annotations

import copy
import pickle
import typing
from typing import Any

import pytest

from srm_check.core import tuples
from srm_check.core.tuples import NamedTuple


class Fast(NamedTuple):
    """A record."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = ()

    def double(self) -> int:
        return self.a * 2

    @property
    def twice(self) -> str:
        return self.b * 2


class Slow(typing.NamedTuple):
    """A record."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = ()

    def double(self) -> int:
        return self.a * 2

    @property
    def twice(self) -> str:
        return self.b * 2


def _uses(cls: Any) -> list[Any]:
    made = [cls(1), cls(2, "y", c=(1,)), cls(a=3), cls._make([4, "z", (2,)])]
    first = made[0]
    return [
        [tuple(m) for m in made],
        [repr(m).split("(", 1)[1] for m in made],
        first.double(),
        first.twice,
        tuple(first._replace(b="k")),
        first._asdict(),
        cls._fields,
        cls._field_defaults,
        cls.__match_args__,
        cls.__doc__,
        cls.a.__doc__,
        first == (1, "x", ()),
        hash(first) == hash((1, "x", ())),
        first.a + first[0],
    ]


def test_a_class_behaves_as_typing_makes_it() -> None:
    assert _uses(Fast) == _uses(Slow)
    assert isinstance(Fast(1), tuple)
    assert repr(Fast(1, "y")) == "Fast(a=1, b='y', c=())"


@pytest.mark.parametrize(
    "call",
    [
        lambda cls: cls(),
        lambda cls: cls(1, "b", (), 4),
        lambda cls: cls(1, a=2),
        lambda cls: cls(1, d=2),
        lambda cls: cls(1)._replace(d=1),
        lambda cls: cls._make([1]),
    ],
)
def test_wrong_arguments_fail_as_with_typing(call: Any) -> None:
    with pytest.raises(Exception) as fast:
        call(Fast)
    with pytest.raises(Exception) as slow:
        call(Slow)
    assert type(fast.value) is type(slow.value)


def test_instances_pickle_and_copy() -> None:
    made = Fast(5, "p", (1, 2))
    again = pickle.loads(pickle.dumps(made))
    assert (type(again), again) == (Fast, made)
    assert copy.copy(made) == made
    assert copy.deepcopy(made) == made


def test_a_class_made_often_gets_the_compiled_constructor() -> None:
    class Often(NamedTuple):
        a: int
        b: int = 0

    bound = Often.__new__
    made = [Often(i, b=i) for i in range(tuples.COMPILE_AFTER + 2)]
    assert Often.__new__ is not bound  # collections.namedtuple's, from then on
    assert made == [(i, i) for i in range(tuples.COMPILE_AFTER + 2)]
    assert (Often(7), Often(a=1, b=2)) == ((7, 0), (1, 2))
    with pytest.raises(TypeError):
        Often()


def test_a_default_before_a_field_without_one_is_refused() -> None:
    with pytest.raises(TypeError):

        class Wrong(NamedTuple):  # type: ignore[misc]  # mypy refuses it too
            a: int = 0
            b: int


def test_fields_are_read_without_cpythons_tuplegetter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where `_collections` has no `_tuplegetter` (another Python), fields are plain properties."""
    import importlib.util
    import sys
    import types

    monkeypatch.setitem(sys.modules, "_collections", types.ModuleType("_collections"))
    spec = importlib.util.spec_from_file_location("tuples_elsewhere", tuples.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class Point(module.NamedTuple):
        x: int
        y: int = 2

    point = Point(1)
    assert (point.x, point.y) == (1, 2)
    assert isinstance(type(point).__dict__["x"], property)
