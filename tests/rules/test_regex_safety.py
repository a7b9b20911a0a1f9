"""rules/functions/regex_safety.py and the `pattern` function: no rule's regex can stall a run.

Catastrophic shapes are refused when the policy is loaded (and by validate-policy); patterns
whose time grows with the square of the text see at most MAX_PATTERN_TEXT characters. The
refusals below are known ReDoS shapes; the accepted ones are plain patterns rules use. How
the check holds against thousands of random patterns is measured by bench/regex_safety.py.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES, run_cli

from srm_check.rules.functions import pattern
from srm_check.rules.functions.regex_safety import judge

REFUSED = [
    r"^([A-Za-z]+\s?)+$",  # the issue's community-name rule
    r"(a+)+",
    r"(a*)*",
    r"(\w+\s?)*$",
    r"(a|aa)+",
    r"(ab|\wb)+",
    r"(?:\d+|[a-z]+)+",
    r"(x+x+)+y",
    r"^(a|b|ab)*$",
    r"(.*){1,32}[bc]",
    r"(?:[^x]+b{1,3}a)*",
    r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
    r"\d+\d+x",  # cubic with the search's own loop
    r".*a.*b",
    r".*a.*a.*b",
    r"(?:\w+\s+)+(?:[^x]+)x+$",
]
LINEAR = [
    r"^[a-z0-9-]+$",
    r"TODO|TBD",
    r"[0-9]",
    r"(?i)^[a-z][a-z0-9-]*$",
    r"^(\d{1,3}\.){3}\d{1,3}$",
    r"^https?://[^\s/$.?#].[^\s]*$",
    r"x\d+y",
]
QUADRATIC = [r"\d+x", r"^.*a.*b", r"([a-z]+-)+", r"(\s+\w+)+", r"(?>a+)+", r"\b\w+\b", r"^\S+@\S+$"]


@pytest.mark.parametrize("regex", REFUSED)
def test_catastrophic_shapes_are_refused(regex: str) -> None:
    verdict = judge(regex)
    assert verdict.refused is not None
    assert verdict.refused.endswith(("exponential time", "to the power 3", "to the power 4"))


@pytest.mark.parametrize("regex", LINEAR)
def test_linear_patterns_are_accepted_without_a_bound(regex: str) -> None:
    assert judge(regex) == (None, 0)


@pytest.mark.parametrize("regex", QUADRATIC)
def test_quadratic_patterns_are_accepted_with_a_bound(regex: str) -> None:
    assert judge(regex) == (None, 1)


def test_check_options_refuses_unsafe_and_overlong_expressions() -> None:
    assert pattern.check_options({"match": "^[a-z]+$", "not_match": "TODO"}, "") == []
    (unsafe,) = pattern.check_options({"match": r"^([A-Za-z]+\s?)+$"}, "")
    assert unsafe.key == "match" and unsafe.message.startswith("unsafe regular expression: a repeated group")
    (long,) = pattern.check_options({"not_match": "a" * (pattern.MAX_REGEX_LENGTH + 1)}, "")
    assert long.message == "regular expression of 1,001 characters, over the 1,000 limit"


def test_quadratic_patterns_see_bounded_text_linear_ones_all_of_it() -> None:
    long_text = "1" * (pattern.MAX_PATTERN_TEXT + 1)
    assert pattern.run(long_text, {"match": r"\d+x"}, None) == {
        "pattern": r"\d+x (not matched: the text has 1,001 characters, over the 1,000 limit)"
    }
    assert pattern.run(long_text, {"not_match": r"\d+x"}, None) is not None
    assert pattern.run(long_text, {"match": "^[0-9]+$"}, None) is None  # linear: no bound
    assert pattern.run(long_text[:999] + "x", {"match": r"\d+x"}, None) is None  # at the limit


def test_validate_policy_rejects_the_issue_rule() -> None:
    run = run_cli(["validate-policy", "policies", str(FIXTURES / "catalogues" / "broken" / "redos-regex")])
    assert run.exit_code == 2
    expected = "rules.yaml:13:24: unsafe regular expression: a repeated group can match"
    assert expected in run.stderr + run.stdout
