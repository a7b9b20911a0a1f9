"""The flat parser events: the same attributes as ruamel's own, installed only where they fit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from ruamel.yaml import CParser  # type: ignore[attr-defined]
from ruamel.yaml import events as ev

from srm_check.source import flat_events
from srm_check.source.reader import parse_text

MARKS = (object(), object())


def _slots(event: Any) -> dict[str, Any]:
    names = [name for cls in type(event).__mro__ for name in getattr(cls, "__slots__", ())]
    return {name: getattr(event, name) for name in names}


@pytest.mark.parametrize(
    ("flat", "base", "args"),
    [
        (flat_events.ScalarEvent, ev.ScalarEvent, (None, None, (True, False), "v", *MARKS, "")),
        (flat_events.ScalarEvent, ev.ScalarEvent, ("a", "!t", (False, False), "'v'", *MARKS, "'")),
        (flat_events.MappingStartEvent, ev.MappingStartEvent, ("m", None, True, *MARKS, False)),
        (flat_events.SequenceStartEvent, ev.SequenceStartEvent, (None, "!s", False, *MARKS, True)),
    ],
)
def test_a_flat_event_holds_what_ruamels_own_would(
    flat: type[Any], base: type[Any], args: tuple[Any, ...]
) -> None:
    made, expected = flat(*args), base(*args)
    assert isinstance(made, base)
    assert _slots(made) == _slots(expected)
    assert made.tag == expected.tag


def test_the_c_parser_makes_flat_events_once_a_file_is_parsed() -> None:
    parse_text("a: [1]\n")
    parser = CParser("a: [1]\n")
    kinds = [type(parser.get_event()) for _ in range(6)]
    assert kinds[2:6] == [
        flat_events.MappingStartEvent,
        flat_events.ScalarEvent,
        flat_events.SequenceStartEvent,
        flat_events.ScalarEvent,
    ]
    assert flat_events.scalar_class() is flat_events.ScalarEvent


def test_a_module_making_other_events_is_left_alone() -> None:
    foreign = SimpleNamespace(
        ScalarEvent=type("ScalarEvent", (), {}),
        MappingStartEvent=ev.MappingStartEvent,
        SequenceStartEvent=ev.SequenceStartEvent,
    )
    assert not flat_events.install(foreign)
    assert foreign.MappingStartEvent is ev.MappingStartEvent
    ours = SimpleNamespace(
        ScalarEvent=ev.ScalarEvent,
        MappingStartEvent=ev.MappingStartEvent,
        SequenceStartEvent=ev.SequenceStartEvent,
    )
    assert flat_events.install(ours)
    assert (ours.ScalarEvent, ours.SequenceStartEvent) == (
        flat_events.ScalarEvent,
        flat_events.SequenceStartEvent,
    )


def test_handlers_of_the_base_classes_handle_the_flat_ones() -> None:
    handlers = flat_events.with_flat({ev.ScalarEvent: "scalar", ev.MappingEndEvent: "end"})
    assert handlers[flat_events.ScalarEvent] == "scalar"
    assert flat_events.MappingStartEvent not in handlers
