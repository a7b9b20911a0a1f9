"""Small pieces of wording that every output shares, and the one way text from data is shown.

Agreements, policies and file names are data that anyone can write. `visible` is the one
function that every human-facing output (text, GitHub annotations, job summary, reports,
`test`, `explain`, error messages) passes such text through, so that no control character
reaches a terminal, a log viewer or a browser as itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

# Characters that can move a cursor, erase or rewrite what a person sees, or reorder it:
# C0 controls (tab and line feed included), DEL, C1 controls, the Unicode line and
# paragraph separators, and the bidirectional controls ("Trojan Source", CVE-2021-42574).
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_END = (".", "!", "?")


@cache
def _unsafe(newlines: bool) -> re.Pattern[str]:
    """The characters `visible` escapes (compiled on first use: start-up matters)."""
    return re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]" if newlines else f"[\x00-\x1f{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` with every control character written visibly: ESC as `\\x1b`, CR as `\\r`,
    U+202E as `\\u202e`. Line feeds are kept only with `newlines` (for multi-line blocks);
    one-line outputs get `\\n`, so that data can never start a line of its own."""
    pattern = _unsafe(newlines)
    if pattern.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return pattern.sub(_escape, text)


def sentence(text: str) -> str:
    """A message as a complete sentence, as SARIF asks of `message.text`: a first word of
    plain lower-case letters capitalised (an id such as `foo-bar` or `2i2c` is left as it
    is), and a full stop at the end unless it ends with . ! or ?"""
    text = text.rstrip()
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.isascii() and first.islower():
        text = text[0].upper() + text[1:]
    if not text or text.endswith(_END):
        return text
    return text + "."


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


def closest(word: str, options: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The option closest to `word` (a likely typo of it), or None when none is close.

    Closeness is difflib's ratio; among options equally close by it, the one the fewest edits
    away wins (SRM1O1 is SRM101 mistyped, not SRM112), then the first listed.
    """
    import difflib  # only when something is misspelt

    listed = list(options)
    close = difflib.get_close_matches(word, listed, n=len(listed) or 1, cutoff=cutoff)
    if not close:
        return None
    best = difflib.SequenceMatcher(None, word, close[0]).ratio()
    tied = [c for c in close if difflib.SequenceMatcher(None, word, c).ratio() == best]
    return min(tied, key=lambda c: (_edits(word, c), listed.index(c)))


def did_you_mean(word: str, options: Sequence[str], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` with the closest option, or '' when none is close."""
    close = closest(word, options, cutoff)
    return f" (did you mean '{close}'?)" if close else ""
