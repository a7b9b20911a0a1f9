"""Suggestions for misspelt names are remembered, and say what `did_you_mean` says (tests of
rules/facts/fact.py's `suggestion`)."""

from __future__ import annotations

import pytest

from srm_check.core.text import did_you_mean
from srm_check.rules.facts import fact

OPTIONS = ["manage-data", "use-hub", "guide-2i2c"]


@pytest.fixture(autouse=True)
def fresh() -> None:
    fact._suggestion.cache_clear()


def test_a_suggestion_is_did_you_mean_and_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[str] = []

    def counting(word: str, options: object, cutoff: float = 0.6) -> str:
        searched.append(word)
        return did_you_mean(word, list(options))  # type: ignore[call-overload]

    monkeypatch.setattr(fact, "did_you_mean", counting)
    assert fact.suggestion("manage-dta", OPTIONS) == did_you_mean("manage-dta", OPTIONS)
    assert fact.suggestion("manage-dta", list(OPTIONS)) == " (did you mean 'manage-data'?)"
    assert fact.suggestion("nothing-like-it", OPTIONS) == ""
    assert searched == ["manage-dta", "nothing-like-it"]


def test_other_options_are_another_search() -> None:
    assert fact.suggestion("2ic2", ["2i2c", "community"]) == " (did you mean '2i2c'?)"
    assert fact.suggestion("2ic2", ["community"]) == ""


def test_a_long_name_is_not_remembered() -> None:
    long = "x" * (fact._SUGGESTED_LENGTH + 1)
    assert fact.suggestion(long, OPTIONS) == ""
    assert fact._suggestion.cache_info().currsize == 0
