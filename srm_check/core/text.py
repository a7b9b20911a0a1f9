"""Small pieces of wording that every output shares."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files` (or `many` for an irregular plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: the fewest single-character edits that turn `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def did_you_mean(word: str, options: Sequence[str], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` with the closest option, or '' when none is close.

    Closeness is difflib's ratio; among options equally close by it, the one the fewest edits
    away wins (SRM1O1 is SRM101 mistyped, not SRM112), then the first listed.
    """
    close = difflib.get_close_matches(word, list(options), n=len(options) or 1, cutoff=cutoff)
    if not close:
        return ""
    best = difflib.SequenceMatcher(None, word, close[0]).ratio()
    tied = [c for c in close if difflib.SequenceMatcher(None, word, c).ratio() == best]
    choice = min(tied, key=lambda c: (_edits(word, c), list(options).index(c)))
    return f" (did you mean '{choice}'?)"
