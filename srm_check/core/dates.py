"""Calendar dates as agreements, waivers and flags write them: strictly YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def looks_like_date(value: str) -> bool:
    """Whether `value` is written YYYY-MM-DD (a real day or not, such as 2026-02-30)."""
    return bool(_DATE.match(value))


def parse_date(value: Any) -> date | None:
    """A strict YYYY-MM-DD date, or None."""
    if not isinstance(value, str):
        return None
    return _parse_text(value)


@lru_cache(maxsize=4096)
def _parse_text(value: str) -> date | None:
    """`parse_date` of a string, remembered: a run reads the same few hundred days in every
    agreement, several times each (rules across the run judge them again every run)."""
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
