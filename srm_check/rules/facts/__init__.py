"""Facts: the flat views of an agreement that rules select with `given` and test with `then`.

One module per kind of fact, each with its documented fields beside its builder. Rules
may name only those fields, which is checked when the policy loads.
"""

from __future__ import annotations

from srm_check.rules.facts import agreement, assignment, own_party, party_ref, responsibility
from srm_check.rules.facts.agreement import agreement_fact
from srm_check.rules.facts.assignment import assignment_facts
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.own_party import own_party_facts

__all__ = [
    "FIELDS",
    "KINDS",
    "WORDS",
    "Fact",
    "agreement_fact",
    "assignment_facts",
    "not_a_field",
    "own_party_facts",
]

_MODULES = (agreement, responsibility, assignment, party_ref, own_party)

KINDS: tuple[str, ...] = tuple(m.KIND for m in _MODULES)
"""The kinds of fact a rule's `given` may name, in the order the docs list them."""
FIELDS: dict[str, dict[str, str]] = {m.KIND: m.FIELDS for m in _MODULES}
"""Per kind, its fields and what each means."""
WORDS: dict[str, str] = {m.KIND: m.WORDS for m in _MODULES}
"""Per kind, which facts there are, in words ("each agreement")."""


def not_a_field(name: str, given: str) -> str | None:
    """Why a rule may not name `name` with `given`, or None when it may."""
    fields = FIELDS[given]
    if name in fields:
        return None
    return f"'{name}' is not a field of {given} facts (fields: {', '.join(sorted(fields))})"
