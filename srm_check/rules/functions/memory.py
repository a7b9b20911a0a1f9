"""What rules across the run remember, packed: texts, keys and places in arrays, not objects.

A run of 100,000 agreements remembers a few values of each (its id, its community, where
they are written) until the last file is judged. As Python objects that is about 500 bytes
an agreement (a `str` is 49 bytes before its first character, a small record 80, a dict
slot 30 or more); packed here it is what the text itself takes plus a few 4- and 8-byte
array cells. Texts are stored once for every rule of the run (`Store`), found again through
an open-addressing table of their hashes, and always compared on the text itself, so that
two values are the same key exactly when Python's `==` says so. A value that is not a
string (rare: the schemas ask for strings) keeps the dict it would have had. Only what a
finding needs is expanded back into objects (`text`, `Places.location`), when it is made.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from srm_check.rules.functions.spec import Location

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # every str, even one with a lone surrogate (from JSON), round-trips exactly
_EMPTY = -1
_LOW = 0xFFFFFFFF  # the low 32 bits of a text's hash are kept: enough to find it (slots < 2**32)
# Array cells start at the smallest type that usually holds them, and widen on the first value
# that does not fit (`widened`): 2 bytes a span's number, 4 a text's end.
_WIDER = {"H": "i", "I": "q"}


def widened(cells: array[int], values: tuple[int, ...]) -> array[int]:
    """`cells` with `values` appended: the same array, or a wider copy when one does not fit."""
    size = len(cells)
    try:
        cells.extend(values)
    except OverflowError:
        del cells[size:]  # extend appended the values before the one that did not fit
        cells = array(_WIDER[cells.typecode], cells)
        cells.extend(values)
    return cells


def grow(cells: array[int], size: int) -> None:
    """Extend an array indexed by key to hold `size` cells, new cells `_EMPTY`."""
    missing = size - len(cells)
    if missing > 0:
        cells.extend(array(cells.typecode, (_EMPTY,)) * max(missing, len(cells) // 2))


class Keys:
    """Values turned into dense numbers (0, 1, 2... in the order first seen): texts packed in
    one bytearray (UTF-8, `_ends` marking where each stops), other hashable values in a dict.

    Lookup hashes the value with Python's `hash` and probes `_slots` linearly (kept at most
    half full); a slot holding a number whose hash is equal is confirmed on the text, so a
    clash of hashes never merges two values."""

    __slots__ = (
        "_blob",
        "_ends",
        "_hashes",
        "_last",
        "_last_number",
        "_mask",
        "_objects",
        "_others",
        "_slots",
    )

    def __init__(self) -> None:
        self._blob = bytearray()
        self._ends = array("I", (0,))  # key n's text is _blob[_ends[n]:_ends[n + 1]]
        self._hashes = array("I")  # the low 32 bits of each text's hash (0 for other values)
        self._slots = array("i", (_EMPTY,)) * 8
        self._mask = 7
        self._others: dict[Any, int] = {}  # values that are not strings, and their numbers
        self._objects: dict[int, Any] = {}  # ... and back
        # The text added last and its number: the rules of one fact add the same text one
        # after another (an agreement's id: `unique`, `known`, the name of its period).
        self._last: str | None = None
        self._last_number = _EMPTY

    def __len__(self) -> int:
        return len(self._hashes)

    def find(self, value: Any) -> int:
        """The number of `value`, or -1 when it was never added."""
        if not isinstance(value, str):
            return self._others.get(value, _EMPTY)
        return self._slots[self._probe(value, hash(value))]

    def add(self, value: Any) -> int:
        """The number of `value`, given it now if it has none."""
        if not isinstance(value, str):
            number = self._others.get(value)
            if number is None:
                number = self._others[value] = self._append(b"", 0)
                self._objects[number] = value
            return number
        if value is self._last:
            return self._last_number
        # `_probe`, inlined: this runs for several values of every agreement.
        hashed = hash(value)
        slots, hashes, mask = self._slots, self._hashes, self._mask
        low = hashed & _LOW
        slot = low & mask
        number = slots[slot]
        while number != _EMPTY and (hashes[number] != low or self.value(number) != value):
            slot = (slot + 1) & mask
            number = slots[slot]
        if number == _EMPTY:
            number = slots[slot] = self._append(value.encode(_ENCODING, _ERRORS), hashed)
            if 2 * len(hashes) > mask:
                self._rehash()
        self._last, self._last_number = value, number
        return number

    def value(self, number: int) -> Any:
        """The value of a number, as it was added (a new `str` for a text)."""
        if self._objects and number in self._objects:
            return self._objects[number]
        ends = self._ends
        return self._blob[ends[number] : ends[number + 1]].decode(_ENCODING, _ERRORS)

    def _probe(self, text: str, hashed: int) -> int:
        """The slot of `text`, or the empty slot where it would go."""
        slots, hashes, mask = self._slots, self._hashes, self._mask
        low = hashed & _LOW
        slot = low & mask
        while True:
            number = slots[slot]
            if number == _EMPTY or (hashes[number] == low and self.value(number) == text):
                return slot
            slot = (slot + 1) & mask

    def _append(self, data: bytes, hashed: int) -> int:
        blob = self._blob
        blob += data
        try:
            self._ends.append(len(blob))
        except OverflowError:  # a blob past 4 GiB: wider ends
            self._ends = widened(self._ends, (len(blob),))
        self._hashes.append(hashed & _LOW)
        return len(self._hashes) - 1

    def _rehash(self) -> None:
        """Twice the slots, each text put back by its kept hash (no text is read)."""
        mask = self._mask * 2 + 1
        slots = array("i", (_EMPTY,)) * (mask + 1)
        objects = self._objects
        for number, hashed in enumerate(self._hashes):
            if objects and number in objects:
                continue
            slot = hashed & mask
            while slots[slot] != _EMPTY:
                slot = (slot + 1) & mask
            slots[slot] = number
        self._slots, self._mask = slots, mask


class Places:
    """Places in files (a path and a span), numbered in the order remembered: each path once
    in a row, packed (facts come file by file: a path is added when it changes, and needs no
    lookup), each span as four integers. `location` makes the record a finding needs back."""

    __slots__ = ("_file", "_last", "_last_number", "_last_path", "_path_ends", "_paths", "_spans")

    def __init__(self) -> None:
        self._paths = bytearray()  # the paths, UTF-8, one after another
        self._path_ends = array("I", (0,))  # path n is _paths[_path_ends[n]:_path_ends[n + 1]]
        self._last_path: str | None = None
        self._file = array("i")  # the path's number of each place
        # Line, column, end line, end column of each place: 2 bytes each until one is larger
        # (then 4: 31 bits hold them, since no file read is larger than MAX_FILE_BYTES).
        self._spans = array("H")
        self._last: Location | None = None
        self._last_number = _EMPTY

    def __len__(self) -> int:
        return len(self._file)

    def add(self, location: Location) -> int:
        """The number of a place; the same record twice in a row (the rules of one field) is
        one place."""
        if location is self._last:
            return self._last_number
        path = location.path
        if path != self._last_path:
            self._paths += path.encode(_ENCODING, _ERRORS)
            self._path_ends = widened(self._path_ends, (len(self._paths),))
            self._last_path = path
        self._file.append(len(self._path_ends) - 2)
        spans = self._spans
        try:
            spans.extend(location[1:])
        except OverflowError:  # a line or column past 65,535: wider cells (`widened` starts over)
            del spans[4 * len(self._file) - 4 :]
            self._spans = widened(spans, location[1:])
        self._last, self._last_number = location, len(self._file) - 1
        return self._last_number

    def location(self, number: int) -> Location:
        at = 4 * number
        line, column, end_line, end_column = self._spans[at : at + 4]
        ends, path = self._path_ends, self._file[number]
        text = self._paths[ends[path] : ends[path + 1]].decode(_ENCODING, _ERRORS)
        return Location(text, line, column, end_line, end_column)


class Store:
    """What the rules across one run share: the values they remember as keys, and places."""

    __slots__ = ("keys", "places")

    def __init__(self) -> None:
        self.keys = Keys()
        self.places = Places()


def flagged(flags: bytearray) -> Iterator[int]:
    """The numbers whose flag is set, in order."""
    start = flags.find(1)
    while start != _EMPTY:
        yield start
        start = flags.find(1, start + 1)
