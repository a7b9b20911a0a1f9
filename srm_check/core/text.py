"""Small pieces of wording that every output shares."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files` (or `many` for an irregular plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def did_you_mean(word: str, options: Sequence[str]) -> str:
    """` (did you mean 'x'?)` with the closest option, or '' when none is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
