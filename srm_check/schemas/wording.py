"""The validator's words: JSON Schema types as Python types and as prose, and its messages."""

from __future__ import annotations

import json
from typing import Any

from srm_check.core.codes import WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.text import closest
from srm_check.source.document import Document

TYPE_NAMES = {
    "string": "text",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "array": "a list",
    "object": "a mapping",
}


PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}


def plain(value: Any) -> str:
    """A value as a message quotes it: JSON (text in quotes), cut to 60 characters."""
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def wrong(out: list[Problem], doc: Document, pointer: str, message: str) -> None:
    """A problem of the wrong type or value, where `pointer` is."""
    out.append(Problem(message, doc.span(pointer), code=WRONG_TYPE, pointer=pointer))


def unknown_key(key: str, known: list[str]) -> str:
    """The message for a key the format does not define, with the likely one when it is a typo."""
    guess = closest(key, known)
    hint = f"did you mean '{guess}'? " if guess else ""
    return f"unknown key '{key}' ({hint}expected one of: {', '.join(known)})"
