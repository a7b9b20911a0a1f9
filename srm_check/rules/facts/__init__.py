"""Facts: the flat views of an agreement that rules select with `given` and test with `then`.

One module per kind of fact, each with its documented fields (`FIELDS`) beside a getter per
field (`GETTERS`) and the subjects its facts are about. Rules may name only those fields,
which is checked when the policy loads; the engine reads only the fields its rules use.
A new field is one entry in FIELDS and one in GETTERS; a new kind is one module, listed
here and built by `subjects_of`. Some kinds also have fields of the run (`RUN_FIELDS`):
what depends on the day agreements are judged on or on git history, filled in by
`run_values` when the run judges them (from the fields `RUN_INPUTS` names), never stored
with a file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from srm_check.rules.catalogue import CatalogueIndex, Catalogues
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
from srm_check.rules.facts.agreement import AgreementSubject, agreement_fact
from srm_check.rules.facts.approval import approval_facts, approval_subjects
from srm_check.rules.facts.assignment import assignment_facts, assignment_subjects
from srm_check.rules.facts.dates import date_facts, date_subjects
from srm_check.rules.facts.fact import Fact, Getter
from srm_check.rules.facts.own_party import own_party_facts, own_party_subjects
from srm_check.rules.facts.party_ref import Parties

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

__all__ = [
    "FIELDS",
    "GETTERS",
    "KINDS",
    "RUN_FIELDS",
    "RUN_HISTORY",
    "RUN_INPUTS",
    "RUN_VALUES",
    "SUBJECTS",
    "WORDS",
    "Fact",
    "Getter",
    "agreement_fact",
    "approval_facts",
    "assignment_facts",
    "date_facts",
    "not_a_field",
    "own_party_facts",
    "subjects_of",
]

_MODULES = (agreement, responsibility, assignment, party_ref, own_party, dates, approval)

KINDS: tuple[str, ...] = tuple(m.KIND for m in _MODULES)
"""The kinds of fact a rule's `given` may name, in the order the docs list them."""
RUN_FIELDS: dict[str, dict[str, str]] = {m.KIND: getattr(m, "RUN_FIELDS", {}) for m in _MODULES}
"""Per kind, its fields of the run and what each means."""
RUN_INPUTS: dict[str, dict[str, tuple[str, ...]]] = {m.KIND: getattr(m, "RUN_INPUTS", {}) for m in _MODULES}
"""Per kind, each field of the run and the fields of the file it is computed from."""
FIELDS: dict[str, dict[str, str]] = {m.KIND: {**m.FIELDS, **RUN_FIELDS[m.KIND]} for m in _MODULES}
"""Per kind, its fields (those of the run included) and what each means."""
WORDS: dict[str, str] = {m.KIND: m.WORDS for m in _MODULES}
"""Per kind, which facts there are, in words ("each agreement")."""
GETTERS: dict[str, dict[str, Getter]] = {m.KIND: m.GETTERS for m in _MODULES}
"""Per kind, a getter per field of the file (in the order of FIELDS; none for fields of the run)."""
SUBJECTS: dict[str, type] = {m.KIND: m.SUBJECT for m in _MODULES}
"""Per kind, the class of its subjects: each field is an attribute, annotated with its type."""

RunValues = Callable[[Mapping[str, Any], RunContext, str, Collection[str] | None], dict[str, Any]]
RUN_VALUES: dict[str, RunValues] = {m.KIND: m.run_values for m in _MODULES if hasattr(m, "run_values")}
"""Per kind with fields of the run: (a fact's values, the run, the file's path) -> those fields."""
RUN_HISTORY: frozenset[str] = frozenset(m.KIND for m in _MODULES if getattr(m, "RUN_HISTORY", False))
"""The kinds whose fields of the run read git history (not only the day judged)."""

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
    subject = AgreementSubject(data, catalogue, catalogues)
    out: dict[str, list[Any]] = {agreement.KIND: [subject]}
    if own_party.KIND in kinds:
        out[own_party.KIND] = own_party_subjects(data, catalogue)
    if dates.KIND in kinds:
        out[dates.KIND] = date_subjects(data)
    if approval.KIND in kinds and data.lifecycle.approvals:
        parties = Parties(data, catalogue) if catalogue is not None else None
        out[approval.KIND] = approval_subjects(data, parties)
    if catalogue is not None and data.assignments_usable and not _ASSIGNMENT_KINDS.isdisjoint(kinds):
        found = assignment_subjects(data, catalogue)
        out[responsibility.KIND] = found.responsibility
        subject._responsibilities = found.responsibility  # for `unapproved`, not built twice
        out[assignment.KIND] = found.assignment
        out[party_ref.KIND] = found.party_ref
    return out
