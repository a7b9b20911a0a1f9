"""source/scalars.py: plain scalars resolved by the YAML 1.2 core schema; anything else stays text."""

from __future__ import annotations

import math

import pytest

from srm_check.source.scalars import resolve_plain


@pytest.mark.parametrize("text", ["", "~", "null", "Null", "NULL"])
def test_null(text: str) -> None:
    assert resolve_plain(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False)],
)
def test_booleans_in_the_three_core_spellings(text: str, value: bool) -> None:
    assert resolve_plain(text) is value


@pytest.mark.parametrize(
    "text",
    # YAML 1.1's booleans and other spellings are text in 1.2: no "Norway problem".
    ["yes", "no", "on", "off", "y", "n", "tRUE", "nULL", "None", "nil"],
)
def test_other_spellings_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("+12", 12),
        ("-3", -3),
        ("-0", 0),
        ("012", 12),  # decimal: 1.2 has no leading-zero octal
        ("0o17", 15),
        ("0o0", 0),
        ("0x1F", 31),
        ("0xff", 255),
        ("0x0", 0),
    ],
)
def test_integers_decimal_octal_and_hex(text: str, value: int) -> None:
    result = resolve_plain(text)
    assert type(result) is int and result == value


@pytest.mark.parametrize(
    "text",
    # Not core-schema integers: signs on octal/hex, capital prefixes, bad digits, underscores.
    ["0o8", "0o", "-0o17", "+0x1F", "0X1F", "0O17", "0xG", "0x", "1_000", "0b101", "1,000"],
)
def test_near_integers_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5", 1.5),
        ("-1.5", -1.5),
        ("+.5", 0.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("1E3", 1000.0),
        ("-1.5e-3", -0.0015),
        ("2.5E+2", 250.0),
    ],
)
def test_floats(text: str, value: float) -> None:
    result = resolve_plain(text)
    assert type(result) is float and result == value


@pytest.mark.parametrize(
    ("text", "value"),
    [(".inf", math.inf), (".Inf", math.inf), ("+.INF", math.inf), ("-.inf", -math.inf), ("-.Inf", -math.inf)],
)
def test_infinities(text: str, value: float) -> None:
    assert resolve_plain(text) == value


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_not_a_number(text: str) -> None:
    result = resolve_plain(text)
    assert isinstance(result, float) and math.isnan(result)


@pytest.mark.parametrize(
    "text", ["-.nan", ".inF", "inf", "nan", "NaN", ".", "-", "+", "1.2.3", "e3", "1e", "--1"]
)
def test_near_floats_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(
    "text",
    # Dates and times stay text: rules judge them, and a timestamp type is not in the core schema.
    ["2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01 10:00:00", "12:30", "10:00:00"],
)
def test_dates_and_times_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(
    "text", ["2i2c", "community", "1st", "0.5x", "-v", "~home", "true-ish", "nullable", "Fa"]
)
def test_other_text_stays_text(text: str) -> None:
    assert resolve_plain(text) == text


@pytest.mark.parametrize(
    "text",
    ["9" * 4301, "-" + "9" * 5000, "0x" + "f" * 5000, "0o" + "7" * 6000],
)
def test_integers_too_long_to_print_read_as_infinite(text: str) -> None:
    """Python will not turn them into text (a denial-of-service guard), so they would crash
    every message that shows them; like 1e999999, they read as infinity."""
    value = resolve_plain(text)
    assert isinstance(value, float) and math.isinf(value)
    assert (value < 0) == text.startswith("-")


@pytest.mark.parametrize("text", ["9" * 4300, "0x" + "f" * 3000, "0o" + "7" * 4000])
def test_long_integers_within_the_limit_stay_integers(text: str) -> None:
    value = resolve_plain(text)
    assert isinstance(value, int) and len(str(value)) <= 4300


def test_a_repeated_plain_scalar_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builder looks plain scalars up in `RESOLVED` (a repeat costs no Python call); what
    is not there yet is resolved once and kept, within a bound; floats are not kept."""
    from srm_check.source import scalars
    from srm_check.source.reader import parse_text

    resolved = scalars._Resolved()
    monkeypatch.setattr(scalars, "RESOLVED", resolved)
    monkeypatch.setattr("srm_check.source.events.RESOLVED", resolved)
    seen: list[str] = []
    original = scalars._resolve_special

    def counting(text: str) -> object:
        seen.append(text)
        return original(text)

    monkeypatch.setattr(scalars, "_resolve_special", counting)
    docs, _ = parse_text("a: 2i2c\nb: 2i2c\nc: 12\nd: 12\ne: 1.5\nh: 1.5\ng:\n")
    assert docs[0].value == {"a": "2i2c", "b": "2i2c", "c": 12, "d": 12, "e": 1.5, "h": 1.5, "g": None}
    assert seen == ["2i2c", "12", "1.5", "1.5"]
    assert resolve_plain("2i2c") == "2i2c" and seen[-1] == "1.5"
    monkeypatch.setattr(scalars, "_SEEN_LIMIT", 2)
    resolved["7"]  # full: starts afresh
    assert list(resolved) == ["7"]
