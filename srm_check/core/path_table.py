"""A packed, read-only list of paths: every path in one `str` and an array of where each ends.

A run names each of its files once (their display paths, in order) and keeps the list to the
end; as a `list[str]`, 100,000 paths cost about 82 bytes each (a `str` object and a pointer),
packed about their length plus 4 bytes. It is a `Sequence[str]`: indexed, sliced (a slice is
a table of its own), iterated, compared with any sequence of strings, and cheap to pickle.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, pairwise
from typing import overload

# The offsets' array type: 4-byte unsigned cells while the text fits, else 8-byte ones.
_SMALL, _LARGE = "I", "Q"
_SMALL_MAX = (1 << 32) - 1


class PathTable(Sequence[str]):
    """Paths packed as one text and the end of each (see the module's docstring)."""

    __slots__ = ("_ends", "_text")

    _text: str
    _ends: array[int]

    def __init__(self, paths: Iterable[str] = ()) -> None:
        items = paths if isinstance(paths, (list, tuple)) else list(paths)
        try:
            self._text = "".join(items)  # which takes str only
        except TypeError:
            wrong = next(type(path).__name__ for path in items if not isinstance(path, str))
            raise TypeError(f"a path table holds str, not {wrong}") from None
        ends = accumulate(map(len, items))
        self._ends = array(_SMALL if len(self._text) <= _SMALL_MAX else _LARGE, ends)

    @classmethod
    def _packed(cls, text: str, ends: array[int]) -> PathTable:
        table = object.__new__(cls)
        table._text = text
        table._ends = ends
        return table

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> PathTable: ...

    def __getitem__(self, index: int | slice) -> str | PathTable:
        ends = self._ends
        if isinstance(index, slice):
            start, stop, step = index.indices(len(ends))
            if step != 1:
                return PathTable([self[i] for i in range(start, stop, step)])
            if start >= stop:
                return PathTable()
            base = ends[start - 1] if start else 0
            text = self._text[base : ends[stop - 1]]
            return PathTable._packed(text, array(ends.typecode, (end - base for end in ends[start:stop])))
        if index < 0:
            index += len(ends)
        if not 0 <= index < len(ends):
            raise IndexError("path table index out of range")
        return self._text[ends[index - 1] if index else 0 : ends[index]]

    def __iter__(self) -> Iterator[str]:
        # Each path sliced from the text, by an iterator made of built-ins (no Python frame a path).
        starts = chain((0,), self._ends)
        return map(self._text.__getitem__, map(slice, starts, self._ends))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PathTable):
            return self._text == other._text and self._ends == other._ends
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are not hashable

    def __repr__(self) -> str:
        return f"PathTable({list(self)!r})"

    def __reduce__(self) -> tuple[object, tuple[str, str, bytes]]:
        """Pickled as its text and its offsets' bytes: two objects, whatever the number of paths."""
        return (_unpickled, (self._text, self._ends.typecode, self._ends.tobytes()))


def _unpickled(text: str, typecode: str, ends: bytes) -> PathTable:
    cells = array(typecode)
    cells.frombytes(ends)
    if (cells[-1] if cells else 0) != len(text) or any(a > b for a, b in pairwise(cells)):
        raise ValueError("not a pickled path table")
    return PathTable._packed(text, cells)
