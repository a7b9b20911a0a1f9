"""libyaml's most frequent parser events, made without ruamel's chain of Python `__init__`s.

ruamel.yaml.clib builds each event by calling the class of that name in its own module, and
ruamel's `ScalarEvent.__init__` calls `NodeEvent.__init__`, which calls `Event.__init__`: three
Python frames for every scalar, about a sixth of the parser's own CPU on an agreement. The
subclasses here set the same attributes in one frame. Being subclasses, they are still what
any ruamel code that checks an event's class expects, and nothing else about an event changes.
"""

from __future__ import annotations

import sys
from typing import Any

from ruamel.yaml import CParser  # type: ignore[attr-defined]  # None without ruamel.yaml.clib
from ruamel.yaml import events as ev

__all__ = ["CParser", "MappingStartEvent", "ScalarEvent", "SequenceStartEvent", "ev", "install"]


class ScalarEvent(ev.ScalarEvent):
    """ruamel's ScalarEvent, its attributes set in one frame (the same arguments, same values)."""

    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
    ) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = comment
        self.anchor = anchor
        self.ctag = tag
        self.implicit = implicit
        self.value = value
        self.style = style


def _collection_init(
    self: Any,
    anchor: Any,
    tag: Any,
    implicit: Any,
    start_mark: Any = None,
    end_mark: Any = None,
    flow_style: Any = None,
    comment: Any = None,
    nr_items: int | None = None,
) -> None:
    """CollectionStartEvent's `__init__` in one frame."""
    self.start_mark = start_mark
    self.end_mark = end_mark
    self.comment = comment
    self.anchor = anchor
    self.ctag = tag
    self.implicit = implicit
    self.flow_style = flow_style
    self.nr_items = nr_items


class MappingStartEvent(ev.MappingStartEvent):
    __slots__ = ()
    __init__ = _collection_init


class SequenceStartEvent(ev.SequenceStartEvent):
    __slots__ = ()
    __init__ = _collection_init


_CLIB = "_ruamel_yaml"  # the module of ruamel.yaml.clib's CParser, whose names make the events
_FLAT = {
    "ScalarEvent": ScalarEvent,
    "MappingStartEvent": MappingStartEvent,
    "SequenceStartEvent": SequenceStartEvent,
}
_PAIRS = tuple((flat, flat.__mro__[1]) for flat in _FLAT.values())  # each flat class and its base


def install(module: Any = None) -> bool:
    """Have the C parser (`module`, by default ruamel.yaml.clib's) make the flat events; whether
    it does. Only when each name there is still ruamel's own class (or already ours): a clib
    that builds its events some other way is left as it is."""
    if module is None:
        module = sys.modules.get(_CLIB)
        if module is None:
            return False
    if getattr(module, "ScalarEvent", None) is ScalarEvent:
        return True
    for name, flat in _FLAT.items():
        current = getattr(module, name, None)
        if current is not flat and current is not flat.__mro__[1]:
            return False
    for name, flat in _FLAT.items():
        setattr(module, name, flat)
    return True


def scalar_class() -> Any:
    """The class of the scalars the C parser makes now (the builder's fast path is for it)."""
    module = sys.modules.get(_CLIB)
    return ScalarEvent if module is not None and module.ScalarEvent is ScalarEvent else ev.ScalarEvent


def with_flat(handlers: dict[type, Any]) -> dict[type, Any]:
    """Event handlers by class, extended to the flat classes (each handled as its base)."""
    for flat, base in _PAIRS:
        if base in handlers:
            handlers[flat] = handlers[base]
    return handlers
