"""Facts: the flat views of an agreement that rules select with `given` and test with `then`.

One module per kind of fact, each with its documented fields (`FIELDS`) beside a getter per
field (`GETTERS`) and the subjects its facts are about. Rules may name only those fields,
which is checked when the policy loads; the engine reads only the fields its rules use.
A new field is one entry in FIELDS and one in GETTERS; a new kind is one module, listed
here and built by `subjects_of`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.facts import agreement, assignment, own_party, party_ref, responsibility
from srm_check.rules.facts.agreement import AgreementSubject, agreement_fact
from srm_check.rules.facts.assignment import assignment_facts, assignment_subjects
from srm_check.rules.facts.fact import Fact, Getter
from srm_check.rules.facts.own_party import own_party_facts, own_party_subjects

__all__ = [
    "FIELDS",
    "GETTERS",
    "KINDS",
    "SUBJECTS",
    "WORDS",
    "Fact",
    "Getter",
    "agreement_fact",
    "assignment_facts",
    "not_a_field",
    "own_party_facts",
    "subjects_of",
]

_MODULES = (agreement, responsibility, assignment, party_ref, own_party)

KINDS: tuple[str, ...] = tuple(m.KIND for m in _MODULES)
"""The kinds of fact a rule's `given` may name, in the order the docs list them."""
FIELDS: dict[str, dict[str, str]] = {m.KIND: m.FIELDS for m in _MODULES}
"""Per kind, its fields and what each means."""
WORDS: dict[str, str] = {m.KIND: m.WORDS for m in _MODULES}
"""Per kind, which facts there are, in words ("each agreement")."""
GETTERS: dict[str, dict[str, Getter]] = {m.KIND: m.GETTERS for m in _MODULES}
"""Per kind, a getter per field (in the order of FIELDS)."""
SUBJECTS: dict[str, type] = {m.KIND: m.SUBJECT for m in _MODULES}
"""Per kind, the class of its subjects: each field is an attribute, annotated with its type."""

# The kinds read from an agreement's assignments, built together (they depend on each other).
_ASSIGNMENT_KINDS = frozenset({responsibility.KIND, assignment.KIND, party_ref.KIND})


def not_a_field(name: str, given: str) -> str | None:
    """Why a rule may not name `name` with `given`, or None when it may."""
    fields = FIELDS[given]
    if name in fields:
        return None
    return f"'{name}' is not a field of {given} facts (fields: {', '.join(sorted(fields))})"


def subjects_of(
    data: AgreementData, catalogue: CatalogueIndex | None, catalogues: Catalogues, kinds: Collection[str]
) -> dict[str, list[Any]]:
    """The subjects of one agreement's facts, for each of `kinds` that it has (the agreement
    itself always): none of the assignments' kinds without a known catalogue and usable
    assignments."""
    out: dict[str, list[Any]] = {agreement.KIND: [AgreementSubject(data, catalogue, catalogues)]}
    if own_party.KIND in kinds:
        out[own_party.KIND] = own_party_subjects(data, catalogue)
    if catalogue is not None and data.assignments_usable and not _ASSIGNMENT_KINDS.isdisjoint(kinds):
        found = assignment_subjects(data, catalogue)
        out[responsibility.KIND] = found.responsibility
        out[assignment.KIND] = found.assignment
        out[party_ref.KIND] = found.party_ref
    return out
