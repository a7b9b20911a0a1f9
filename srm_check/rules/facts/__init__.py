"""Facts: the flat views of an agreement that rules select with `given` and test with `then`.

One module per kind of fact, each with its documented fields beside its builder. Rules
may name only those fields, which is checked when the policy loads. Some kinds also have
fields of the run (`RUN_FIELDS`): what depends on the day agreements are judged on or on
git history, filled in by `run_values` when the run judges them, never stored with a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from srm_check.rules.context import RunContext
from srm_check.rules.facts import (
    agreement,
    approval,
    assignment,
    dates,
    own_party,
    party_ref,
    responsibility,
)
from srm_check.rules.facts.agreement import agreement_fact
from srm_check.rules.facts.approval import approval_facts
from srm_check.rules.facts.assignment import assignment_facts
from srm_check.rules.facts.dates import date_facts
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.own_party import own_party_facts

__all__ = [
    "FIELDS",
    "KINDS",
    "RUN_FIELDS",
    "RUN_VALUES",
    "WORDS",
    "Fact",
    "agreement_fact",
    "approval_facts",
    "assignment_facts",
    "date_facts",
    "not_a_field",
    "own_party_facts",
]

_MODULES = (agreement, responsibility, assignment, party_ref, own_party, dates, approval)

KINDS: tuple[str, ...] = tuple(m.KIND for m in _MODULES)
"""The kinds of fact a rule's `given` may name, in the order the docs list them."""
RUN_FIELDS: dict[str, dict[str, str]] = {m.KIND: getattr(m, "RUN_FIELDS", {}) for m in _MODULES}
"""Per kind, its fields of the run and what each means."""
FIELDS: dict[str, dict[str, str]] = {m.KIND: {**m.FIELDS, **RUN_FIELDS[m.KIND]} for m in _MODULES}
"""Per kind, its fields (those of the run included) and what each means."""
WORDS: dict[str, str] = {m.KIND: m.WORDS for m in _MODULES}
"""Per kind, which facts there are, in words ("each agreement")."""

RunValues = Callable[[Mapping[str, Any], RunContext, str], dict[str, Any]]
RUN_VALUES: dict[str, RunValues] = {m.KIND: m.run_values for m in _MODULES if hasattr(m, "run_values")}
"""Per kind with fields of the run: (a fact's values, the run, the file's path) -> those fields."""


def not_a_field(name: str, given: str) -> str | None:
    """Why a rule may not name `name` with `given`, or None when it may."""
    fields = FIELDS[given]
    if name in fields:
        return None
    return f"'{name}' is not a field of {given} facts (fields: {', '.join(sorted(fields))})"
