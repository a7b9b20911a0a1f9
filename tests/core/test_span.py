"""core/span.py: JSON pointer tokens escaped as RFC 6901 says, and remembered for repeats."""

from __future__ import annotations

import pytest

from srm_check.core import span
from srm_check.core.span import escape_pointer_token, unescape_pointer_token


@pytest.mark.parametrize(
    ("key", "token"), [("use-hub", "use-hub"), ("a/b", "a~1b"), ("a~b", "a~0b"), ("~/", "~0~1")]
)
def test_escaped_tokens_are_remembered_and_say_what_escape_says(
    key: str, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = span._Escaped()
    assert memo[key] == escape_pointer_token(key) == token
    assert unescape_pointer_token(memo[key]) == key
    assert dict(memo) == {key: token}


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(span, "_ESCAPED_LIMIT", 2)
    memo = span._Escaped()
    for key in ("a", "b", "c"):
        assert memo[key] == key
    assert list(memo) == ["c"]  # full: started afresh
    long = "x/" * 40
    assert memo[long] == "x~1" * 40
    assert long not in memo  # longer keys are not kept
