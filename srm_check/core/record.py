"""Records: small mutable classes with slots, written out by hand.

A dataclass costs about 0.5 ms to create when its module is imported, and a pre-commit
hook pays start-up on every commit; the records on the check path are plain classes
with `__slots__` and an `__init__`, and take equality and repr from here.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Equality and repr by the slots a subclass declares, as a dataclass would give them."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = type(self).__slots__
        return names

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._names())

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable, as a dataclass

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__name__}({fields})"

    def copy(self, **changes: Any) -> Any:
        """A shallow copy with some attributes changed (what dataclasses.replace gives)."""
        clone = object.__new__(type(self))
        for name in self._names():
            object.__setattr__(clone, name, changes.pop(name, getattr(self, name)))
        if changes:
            raise TypeError(f"{type(self).__name__} has no attribute(s) {', '.join(changes)}")
        return clone
