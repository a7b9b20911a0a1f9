"""Turn pydantic validation errors into located, stable-id problems.

Pydantic reports a location as a tuple of keys, mixed with union member tags;
we walk it against the real data so that every problem lands on a real node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from srm_check.diagnostics import REQUIRED_KEY, UNKNOWN_KEY, WRONG_TYPE
from srm_check.yamlsource import Document, Span, escape_pointer_token


@dataclass(frozen=True, slots=True)
class Located:
    """A structural problem at a node of a document."""

    code: str
    message: str
    pointer: str
    span: Span


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[list[str], str | None]:
    """Follow `loc` through `data`; return the tokens that exist and the first missing key."""
    tokens: list[str] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            tokens.append(escape_pointer_token(part))
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            tokens.append(str(part))
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part.isidentifier():
            return tokens, part
    return tokens, None


def _field_label(tokens: list[str], missing: str | None) -> str:
    parts = [t for t in tokens]
    if missing:
        parts.append(missing)
    return ".".join(parts) if parts else "document"


def locate_errors(
    errors: Iterable[dict[str, Any]],
    data: Any,
    document: Document,
    prefix: str = "",
) -> list[Located]:
    """Map pydantic errors for `data` (found at `prefix` in `document`) to located problems."""
    out: dict[tuple[str, str], Located] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        kind = error.get("type", "")
        tokens, missing = _walk(data, loc)
        pointer = prefix + "".join(f"/{t}" for t in tokens)
        label = _field_label(tokens, missing if kind == "missing" else None)
        if kind == "missing" and missing:
            code = REQUIRED_KEY
            message = f"missing required key '{missing}'"
            span = document.span(pointer)
            pointer = f"{pointer}/{escape_pointer_token(missing)}"
        elif kind == "extra_forbidden":
            code = UNKNOWN_KEY
            key = tokens[-1] if tokens else "?"
            parent = label.rsplit(".", 1)[0] if "." in label else "the document"
            message = f"unknown key '{key}' in {parent}"
            span = document.key_spans.get(pointer) or document.span(pointer)
        else:
            code = WRONG_TYPE
            message = f"'{label}': {_clean(error.get('msg', 'invalid value'))}"
            span = document.span(pointer)
        out.setdefault((pointer, code), Located(code, message, pointer, span))
    return list(out.values())


def _clean(msg: str) -> str:
    """Pydantic's messages, made to read as ours."""
    msg = msg.replace("Input should be", "should be").replace("Value error, ", "")
    return msg.replace("a valid dictionary", "a mapping").replace("a valid list", "a list")
