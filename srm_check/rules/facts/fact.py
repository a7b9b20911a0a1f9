"""One fact: the flat view of a part of an agreement that rules select with `given` and test with `then`.

A fact is a *subject*: what it is about, as read from the agreement, with one attribute per
documented field of its kind (a plain attribute, or a property computed when read). Nothing
is computed until asked: the engine reads only the fields its rules test (all at once, with
`operator.attrgetter`), and a fact's full values, its locations and related places only when
a rule fails on it (most facts pass, and messages and spans cost more than the tests). The
subject's own helpers start with `_`, which no field name does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any, Protocol

from srm_check.core.span import Span
from srm_check.core.text import did_you_mean

Getter = Callable[[Any], Any]
"""One field of a kind: its value, computed from a subject."""

Location = tuple[str, Span]
"""A JSON pointer and the span it names."""


class Subject(Protocol):
    """What a fact is about: its fields as attributes, where it was written, what explains it."""

    def _where(self) -> Location:
        """Where a finding about the fact points by default."""
        ...

    def _location(self, name: str) -> Location:
        """Where a finding about field `name` points (the fact's own place unless the field has one)."""
        ...

    def _related(self) -> list[tuple[Span, str]]:
        """Other places that explain the fact (the first of two duplicates), with a message each."""
        ...


class Fact:
    """One fact: its kind, its subject and its kind's getters; values are computed once, when asked."""

    __slots__ = ("_values", "getters", "kind", "subject")

    def __init__(self, kind: str, subject: Subject, getters: Mapping[str, Getter]) -> None:
        self.kind = kind
        self.subject = subject
        self.getters = getters
        self._values: dict[str, Any] | None = None

    @property
    def values(self) -> dict[str, Any]:
        """Every field, in the order the kind documents them."""
        if self._values is None:
            subject = self.subject
            self._values = {name: get(subject) for name, get in self.getters.items()}
        return self._values

    @property
    def pointer(self) -> str:
        return self.subject._where()[0]

    @property
    def span(self) -> Span:
        return self.subject._where()[1]

    @property
    def related(self) -> list[tuple[Span, str]]:
        return self.subject._related()

    def location(self, name: str) -> Location:
        """Where a finding about field `name` points: the field's own place, else the fact's."""
        return self.subject._location(name)

    def __repr__(self) -> str:
        return f"Fact({self.kind!r}, {self.values!r})"


class Placed:
    """A subject at one place, with no place of its own for any field (the common case)."""

    __slots__ = ()

    def _where(self) -> Location:
        raise NotImplementedError

    def _location(self, name: str) -> Location:
        return self._where()

    def _related(self) -> list[tuple[Span, str]]:
        return []


def getters_of(fields: Mapping[str, str]) -> dict[str, Getter]:
    """A getter per field: the subject's attribute of the same name."""
    return {name: attrgetter(name) for name in fields}


# Suggestions remembered for names up to this long (a hostile file's long names are not kept).
_SUGGESTED_LENGTH = 200


@lru_cache(maxsize=256)
def _suggestion(word: str, options: tuple[str, ...]) -> str:
    return did_you_mean(word, options)


def suggestion(word: str, options: Sequence[str]) -> str:
    """`did_you_mean`, remembered: agreements repeat the same misspelt names, and each search
    compares the name with every option (40-100 us)."""
    if len(word) > _SUGGESTED_LENGTH:
        return did_you_mean(word, options)
    return _suggestion(word, tuple(options))
