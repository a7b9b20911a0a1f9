"""rules/crossfile.py: the rules across the run are compiled only once a fact must be judged or
remembered; before that, nothing waits and nothing is left to finish."""

from __future__ import annotations

from datetime import date

from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.rules.context import RunContext
from srm_check.rules.crossfile import CrossFileRules
from srm_check.rules.pending import Pending

RULE = {
    "id": "T1",
    "name": "supersedes-unknown",
    "severity": Severity.warning,
    "title": "t",
    "message": "'{id}' supersedes unknown '{value}'",
    "description": "d",
    "help_uri": None,
    "tags": [],
    "given": "agreement",
    "where": [],
    "catalogues": None,
    "then": {"field": "supersedes", "function": "known", "options": {"among": "id"}},
}


def _pending(own: str, ref: str | None) -> Pending:
    values = {"id": own, "supersedes": ref}
    span = Span(3, 1, 3, 2)
    return Pending("T1", Severity.warning, "supersedes", ref, values, "/supersedes", span, "a.yaml", own, 0)


def test_nothing_is_compiled_until_a_fact_is_judged() -> None:
    run = RunContext(date(2026, 1, 2))
    cross = CrossFileRules([RULE], run)  # type: ignore[list-item]
    assert (cross.waiting, cross.finish(), cross.run) == (False, [], run)
    assert cross._judge is None
    assert cross.resolve([_pending("new", "old")]) == []  # waits for a later file
    assert cross._judge is not None
    assert cross.waiting
    assert [f.message for f in cross.finish()] == ["'new' supersedes unknown 'old'"]


def test_what_the_rules_are_is_asked_of_them_compiled() -> None:
    cross = CrossFileRules([RULE])  # type: ignore[list-item]
    assert cross.active
    assert cross.comparing == frozenset({"T1"})
    assert cross.run.on == date.today()
    assert not CrossFileRules([]).active
