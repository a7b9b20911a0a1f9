"""core/text.py: the one way control characters are shown, and messages as sentences."""

from __future__ import annotations

import pytest

from srm_check.core.text import closest, did_you_mean, sentence, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, é ✕ ▲ 2i2c", "plain text, é ✕ ▲ 2i2c"),
        ("\x1b[1A\x1b[2K", "\\x1b[1A\\x1b[2K"),
        ("a\rb\nc\td", "a\\rb\\nc\\td"),
        ("nul\x00 bel\x07 del\x7f", "nul\\x00 bel\\x07 del\\x7f"),
        ("c1 \x85 \x9b31m", "c1 \\x85 \\x9b31m"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("bidi \u202e\u2066\u2069\u200e\u200f\u061c", "bidi \\u202e\\u2066\\u2069\\u200e\\u200f\\u061c"),
    ],
)
def test_visible_shows_every_control_character_escaped(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_keeps_line_feeds_only_when_asked() -> None:
    assert visible("one\ntwo\x1b\tthree", newlines=True) == "one\ntwo\\x1b\\tthree"
    assert visible("one\r\ntwo", newlines=True) == "one\\r\ntwo"


def test_visible_leaves_no_raw_control_character_for_any_code_point() -> None:
    every = "".join(chr(c) for c in range(0x2100))
    shown = visible(every)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e" for c in shown)


@pytest.mark.parametrize(
    ("message", "as_sentence"),
    [
        ("responsibility 'x' is held by nobody", "Responsibility 'x' is held by nobody."),
        ("'x' is not a party (did you mean 'y'?)", "'x' is not a party (did you mean 'y'?)."),
        ("2i2c holds it", "2i2c holds it."),
        ("foo-bar is wrong", "foo-bar is wrong."),
        ("Already a sentence.", "Already a sentence."),
        ("A question?", "A question?"),
        ("trailing space  ", "Trailing space."),
        ("", ""),
    ],
)
def test_sentence(message: str, as_sentence: str) -> None:
    assert sentence(message) == as_sentence


def test_closest_and_did_you_mean() -> None:
    keys = ["agreement", "assignments", "catalogue"]
    assert closest("asignments", keys) == "assignments"
    assert closest("zzz", keys) is None
    assert did_you_mean("catalog", keys) == " (did you mean 'catalogue'?)"


def test_a_tie_goes_to_the_option_fewest_edits_away() -> None:
    # difflib rates SRM101 and SRM112 the same for SRM1O1; one edit away is SRM101.
    assert did_you_mean("SRM1O1", ["SRM101", "SRM102", "SRM112"]) == " (did you mean 'SRM101'?)"
    assert did_you_mean("SRM1O1", ["SRM112", "SRM101"]) == " (did you mean 'SRM101'?)"
