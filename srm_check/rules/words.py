"""How rule documentation shows a value: as JSON in backticks, so that text, numbers and null read apart."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def code(value: Any) -> str:
    """One value: `"text"`, `3`, `null`."""
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def placeholder_name(value: Any) -> str | None:
    """`x` for a value written like a message placeholder, `{x}`, which rules compare as written
    (no regular expression: this runs on every policy load)."""
    if not isinstance(value, str) or not (value.startswith("{") and value.endswith("}")):
        return None
    name = value[1:-1].strip()
    return name if name and not any(c in name for c in "{} \t\n") else None


def code_list(values: Iterable[Any]) -> str:
    """Several values, comma separated."""
    return ", ".join(code(v) for v in values)
