"""`approval` facts: one per entry of `approvals`, who approved the agreement for a party, and when.

Whether an approval is stale (dated before the last change to the agreement's assignments)
comes from git, through the run's context: without history it is null, and rules on it
find nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from srm_check.core.dates import parse_date
from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.rules.context import RunContext
from srm_check.rules.facts.fact import Fact, Getter, Location, getters_of
from srm_check.rules.facts.party_ref import Parties
from srm_check.rules.lifecycle import ApprovalData, in_force

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

KIND = "approval"
WORDS = "each entry of `approvals`"
FIELDS: dict[str, str] = {
    "party": "the party as written",
    "resolved": "the party it counts as (a team counts as its party), or null when unknown",
    "party_known": "whether the catalogue or the agreement declares that party or team (null when "
    "the catalogue is unknown)",
    "did_you_mean": "' (did you mean x?)' with the closest known party, or ''",
    "name": "who approved",
    "role": "their role, or ''",
    "date": "the day of the approval as written",
    "agreement": "the agreement's id",
}
RUN_FIELDS: dict[str, str] = {
    "on": "the day the run judges agreements on (`--on`, default today), YYYY-MM-DD",
    "in_force": "whether the agreement is in force on that day (null when its dates are not real dates)",
    "changed": "the day of the last change to the agreement's assignments that git knows of, or null "
    "(no git history, or none that reaches it)",
    "changed_in": "where that change is: 'commit 1a2b3c4' or 'the work tree (not committed)', or null",
    "stale": "whether the approval is dated before that change (null when either date is unknown)",
}
# Its fields of the run read git history (`run_values` asks it whichever field a rule names).
RUN_HISTORY = True
# Field of the run -> the fields of the file `run_values` computes it from.
RUN_INPUTS: dict[str, tuple[str, ...]] = {
    "on": (),
    "in_force": ("_effective", "_end"),
    "changed": ("agreement",),
    "changed_in": ("agreement",),
    "stale": ("agreement", "date"),
}
# Field -> the key of the entry a finding about it points at.
_KEYS = {
    "party": "party",
    "resolved": "party",
    "party_known": "party",
    "did_you_mean": "party",
    "name": "name",
    "role": "role",
    "date": "date",
    "stale": "date",
    "changed": "date",
    "changed_in": "date",
}


class ApprovalSubject:
    """One entry of `approvals`; its party resolved only when a rule reads it."""

    __slots__ = ("_approval", "_data", "_parties", "agreement", "date", "name", "party", "role")

    party: str | None
    name: str | None
    role: str
    date: str | None
    agreement: str | None

    def __init__(self, approval: ApprovalData, data: AgreementData, parties: Parties | None) -> None:
        self._approval = approval
        self._data = data
        self._parties = parties
        self.party = approval.party
        self.name = approval.name
        self.role = approval.role
        self.date = approval.date
        self.agreement = data.id

    @property
    def resolved(self) -> str | None:
        parties, written = self._parties, self.party
        return parties.resolve(written) if parties is not None and written else None

    @property
    def party_known(self) -> bool | None:
        return None if self._parties is None else self.resolved is not None

    @property
    def did_you_mean(self) -> str:
        parties, written = self._parties, self.party
        if parties is None or not written or self.party_known:
            return ""
        return did_you_mean(written, parties.known)

    @property
    def _effective(self) -> str | None:
        return self._data.effective

    @property
    def _end(self) -> str | None:
        return self._data.end

    def _where(self) -> Location:
        return self._approval.pointer, self._approval.span

    def _location(self, name: str) -> Location:
        key = _KEYS.get(name)
        if key is None:
            return self._where()
        pointer = f"{self._approval.pointer}/{key}"
        return pointer, self._data.document.span(pointer)

    def _related(self) -> list[tuple[Span, str]]:
        return []


SUBJECT = ApprovalSubject
GETTERS: dict[str, Getter] = {
    **getters_of(FIELDS),
    # For the fields of the run (not fields rules can name).
    "_effective": attrgetter("_effective"),
    "_end": attrgetter("_end"),
}


def approval_subjects(data: AgreementData, parties: Parties | None) -> list[ApprovalSubject]:
    """A subject per approval; `parties` (None when the catalogue is unknown) resolves its party."""
    return [ApprovalSubject(approval, data, parties) for approval in data.lifecycle.approvals]


def approval_facts(data: AgreementData, parties: Parties | None) -> list[Fact]:
    """A fact per approval; `parties` (None when the catalogue is unknown) resolves its party."""
    return [Fact(KIND, subject, GETTERS) for subject in approval_subjects(data, parties)]


def run_values(
    values: Mapping[str, Any], run: RunContext, path: str, _fields: Collection[str] | None = None
) -> dict[str, Any]:
    """The fields that depend on the day the run judges and on git history (see RUN_FIELDS);
    all of them, whichever a rule names (one history lookup gives most of them)."""
    change = run.history(path, values.get("agreement")) if run.history is not None else None
    day = parse_date(values.get("date"))
    where = None
    if change is not None:
        where = "the work tree (not committed)" if change.commit is None else f"commit {change.commit}"
    return {
        "on": run.on.isoformat(),
        "in_force": in_force(values.get("_effective"), values.get("_end"), run.on),
        "changed": change.day.isoformat() if change is not None else None,
        "changed_in": where,
        "stale": None if change is None or day is None else day < change.day,
    }
