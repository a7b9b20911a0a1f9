"""How rule documentation shows a value: as JSON in backticks, so that text, numbers and null read apart."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def code(value: Any) -> str:
    """One value: `"text"`, `3`, `null`."""
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def code_list(values: Iterable[Any]) -> str:
    """Several values, comma separated."""
    return ", ".join(code(v) for v in values)
