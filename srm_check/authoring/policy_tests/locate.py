"""Where things are in a test file: the value at a JSON pointer, and spans inside spans."""

from __future__ import annotations

import re
from typing import Any

from srm_check.core.span import Span

# The pointer of an agreement written inline in a case (`agreement:` or an `agreements:` item).
INLINE_AGREEMENT = re.compile(r"^/tests/\d+/(?:agreement|agreements/\d+)(?=/|$)")


def value_at(value: Any, pointer: str) -> Any:
    """The node of `value` at a JSON pointer that is known to exist."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def inside(span: Span, outer: Span) -> bool:
    """Whether `span` lies within `outer`."""
    starts_after = (outer.line, outer.column) <= (span.line, span.column)
    ends_before = (span.end_line, span.end_column) <= (outer.end_line, outer.end_column)
    return starts_after and ends_before
