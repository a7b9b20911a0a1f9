"""`NamedTuple`: typing.NamedTuple's classes, made for a fraction of their cost at import.

typing.NamedTuple compiles source for each class's `__new__` (collections.namedtuple) and checks
each annotation: about 0.4 ms a class, a tenth of a start served by the cache. Classes made here
are the same kind of tuple (fields, defaults, `_replace`, `_make`, `_asdict`, repr, pickling);
their `__new__` binds arguments in Python until COMPILE_AFTER instances were made, then the
compiled one of collections.namedtuple takes over, so a class made often costs as much per
instance as before. Type checkers see typing.NamedTuple itself.
"""

from collections import namedtuple
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

try:  # namedtuple's own field descriptor, in C (CPython)
    from _collections import _tuplegetter  # type: ignore[import-not-found]
except ImportError:  # as collections.namedtuple falls back

    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)


# Instances made through the bound `__new__` before a class's compiled one takes over.
COMPILE_AFTER = 16
_tuple_new = tuple.__new__
_compiled_class: Callable[..., Any] = namedtuple  # a class with a compiled `__new__`
# What a class body holds that the class is not given as it is: its fields are tuple items.
_OWN = frozenset({"__annotations__", "__slots__", "__new__"})


def _bind(
    name: str,
    fields: tuple[str, ...],
    defaults: dict[str, Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...]:
    """The values of `fields` from the arguments of a call, as the compiled `__new__` takes them."""
    if len(args) > len(fields):
        raise TypeError(
            f"{name}.__new__() takes {len(fields) + 1} positional arguments but {len(args) + 1} were given"
        )
    values = list(args)
    for field in fields[len(args) :]:
        if field in kwargs:
            values.append(kwargs.pop(field))
        elif field in defaults:
            values.append(defaults[field])
        else:
            raise TypeError(f"{name}.__new__() missing required argument: {field!r}")
    for key in kwargs:
        said = "got multiple values for argument" if key in fields else "got an unexpected keyword argument"
        raise TypeError(f"{name}.__new__() {said} {key!r}")
    return tuple(values)


def _constructor(name: str, fields: tuple[str, ...], defaults: dict[str, Any]) -> Callable[..., Any]:
    """A class's first `__new__`: binds its arguments, and installs the compiled one once the class
    is seen to be made often."""
    made = 0
    size = len(fields)

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        nonlocal made
        values = args if not kwargs and len(args) == size else _bind(name, fields, defaults, args, kwargs)
        made += 1
        if made == COMPILE_AFTER:
            compiled = _compiled_class(name, fields, defaults=tuple(defaults.values()))
            owner = next(c for c in cls.__mro__ if c.__dict__.get("_fields") is fields)
            type.__setattr__(owner, "__new__", staticmethod(compiled.__new__))
        return _tuple_new(cls, values)

    return __new__


def _make(cls: type, iterable: Iterable[Any]) -> Any:
    result: tuple[Any, ...] = _tuple_new(cls, iterable)
    expected = len(cls._fields)  # type: ignore[attr-defined]
    if len(result) != expected:
        raise TypeError(f"Expected {expected} arguments, got {len(result)}")
    return result


def _replace(self: Any, /, **changes: Any) -> Any:
    result = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return result


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
    return f"{self.__class__.__name__}({shown})"


def _asdict(self: Any) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


def _getnewargs(self: Any) -> tuple[Any, ...]:
    return tuple(self)


def _named_tuple(typename: str, body: dict[str, Any]) -> type:
    """The tuple class that `class TYPENAME(NamedTuple): BODY` defines."""
    fields = tuple(body.get("__annotations__", {}))
    defaults = {name: body[name] for name in fields if name in body}
    if any(name in defaults for name in fields[: len(fields) - len(defaults)]):
        raise TypeError(f"{typename}: a field without a default follows one with a default")
    namespace = {key: value for key, value in body.items() if key not in _OWN and key not in defaults}
    namespace.update(
        __slots__=(),
        __doc__=body.get("__doc__") or f"{typename}({', '.join(fields)})",
        __annotations__=body.get("__annotations__", {}),
        __new__=_constructor(typename, fields, defaults),
        __repr__=_repr,
        __getnewargs__=_getnewargs,
        __match_args__=fields,
        _fields=fields,
        _field_defaults=defaults,
        _make=classmethod(_make),
        _replace=_replace,
        _asdict=_asdict,
    )
    for index, name in enumerate(fields):
        namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
    return type(typename, (tuple,), namespace)


class _Maker(type):
    """The metaclass of `NamedTuple`: a class deriving from it is made by `_named_tuple`."""

    def __new__(cls, typename: str, bases: tuple[type, ...], body: dict[str, Any]) -> type:
        if len(bases) != 1:
            raise TypeError(f"{typename}: a NamedTuple derives from NamedTuple alone")
        return _named_tuple(typename, body)


if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    NamedTuple = type.__new__(_Maker, "NamedTuple", (), {})
