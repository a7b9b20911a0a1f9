"""Agreements on a given day, from a checked run: which are in force, their lifecycle, their
approvals; and the run narrowed to the agreements in force (`report --on DATE`).

Computed with the same facts and fields of the run as the rules (`rules.facts`), so that a
report cannot say "in force" or "approved" where `check` says otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from srm_check.core.dates import parse_date
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.facts import agreement_fact, approval_facts, assignment_facts
from srm_check.rules.facts.agreement import run_values
from srm_check.rules.facts.party_ref import Parties
from srm_check.rules.lifecycle import in_force

IN_FORCE = "in force"
PAST_EXPIRY = "in force past its expiry"
NOT_YET = "not yet in force"
ENDED = "ended"
UNKNOWN = "dates not readable"


@dataclass(frozen=True, slots=True)
class ApprovalView:
    """One approval as written."""

    party: str | None
    name: str | None
    role: str
    date: str | None


@dataclass(frozen=True, slots=True)
class AgreementLifecycle:
    """One agreement on the day judged: its dates, what it replaces and what replaces it, its
    status (IN_FORCE, PAST_EXPIRY, NOT_YET, ENDED or UNKNOWN), its approvals and the parties
    holding responsibilities whose approval is missing that day (as text, or None)."""

    path: str
    agreement: str | None
    community: str | None
    hubs: tuple[str, ...]
    effective: str | None
    expires: str | None
    end: str | None
    supersedes: str | None
    superseded_by: tuple[str, ...]
    review_by: str | None
    review_overdue: bool | None
    status: str
    in_force: bool | None
    approvals_recorded: bool
    approvals: tuple[ApprovalView, ...]
    unapproved: str | None


def _fields_of_the_day(data: AgreementData, catalogues: Catalogues, on: date, path: str) -> dict[str, Any]:
    """The agreement's fields of the run on `on`, as the rules compute them."""
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    holders = None
    parties = None
    if catalogue is not None and data.assignments_usable:
        responsibilities, _, _ = assignment_facts(data, catalogue)
        holders = Counter(p for f in responsibilities if (p := f.values["party"]) is not None)
        parties = Parties(data, catalogue)
    approved = [
        (f.values["resolved"] or f.values["party"], f.values["date"]) for f in approval_facts(data, parties)
    ]
    fact = agreement_fact(data, catalogues, holders, approved)
    return run_values(fact.values, RunContext(on), path)


def _status(values: dict[str, Any], data: AgreementData, on: date) -> str:
    in_force = values["in_force"]
    if in_force is None:
        return UNKNOWN
    if in_force:
        return PAST_EXPIRY if values["expired"] else IN_FORCE
    start = parse_date(data.effective)
    return NOT_YET if start is not None and on < start else ENDED


def _agreements(run: RunResult) -> list[tuple[FileResult, AgreementData]]:
    return [(result, data) for result in run.files for data in result.agreements]


def lifecycles(run: RunResult, on: date) -> list[AgreementLifecycle]:
    """Each agreement of a run kept with its agreements (`execute(..., keep_agreements=True)`),
    in file and document order, on the day `on`."""
    catalogues = run.policy.catalogues if run.policy is not None else Catalogues()
    found = _agreements(run)
    successors: dict[str, list[str]] = {}
    for _, data in found:
        if data.lifecycle.supersedes is not None and data.id is not None:
            successors.setdefault(data.lifecycle.supersedes, []).append(data.id)
    return [
        lifecycle_of(result.path, data, catalogues, on, tuple(successors.get(data.id, ())) if data.id else ())
        for result, data in found
    ]


def lifecycle_of(
    path: str, data: AgreementData, catalogues: Catalogues, on: date, superseded_by: tuple[str, ...] = ()
) -> AgreementLifecycle:
    """One agreement on the day `on` (the report summarises each as its file finishes)."""
    values = _fields_of_the_day(data, catalogues, on, path)
    life = data.lifecycle
    return AgreementLifecycle(
        path=path,
        agreement=data.id,
        community=data.community,
        hubs=life.hubs,
        effective=data.effective,
        expires=life.expires,
        end=data.end,
        supersedes=life.supersedes,
        superseded_by=superseded_by,
        review_by=life.review_by,
        review_overdue=values["review_overdue"],
        status=_status(values, data, on),
        in_force=values["in_force"],
        approvals_recorded=life.approvals_recorded,
        approvals=tuple(ApprovalView(a.party, a.name, a.role, a.date) for a in life.approvals),
        unapproved=values["unapproved"],
    )


def in_force_on(run: RunResult, on: date) -> RunResult:
    """The run narrowed to the agreements in force on `on` (and their findings). A file none of
    whose agreements is in force is left out; one whose agreement's dates cannot be read, or
    that holds no agreement at all (unreadable), is kept: it cannot be said not to be in force."""
    kept_files = [narrowed for result in run.files if (narrowed := narrow_file(result, on)) is not None]
    narrowed_run: RunResult = run.copy(files=kept_files)
    return narrowed_run


def narrow_file(result: FileResult, on: date) -> FileResult | None:
    """One file's result narrowed to its agreements in force on `on` and their findings; None
    when it holds agreements and none of them is in force (see `in_force_on`)."""
    if result.kind != "agreement" or not result.agreements:
        return result
    kept = [d for d in result.agreements if _in_force_or_unknown(d, on)]
    if not kept:
        return None
    if len(kept) == len(result.agreements):
        return result
    documents = {d.document.index for d in kept}
    left_out = {d.document.index for d in result.agreements} - documents
    findings = [f for f in result.findings if f.document not in left_out]
    ids = [d.id for d in kept]
    narrowed: FileResult = result.copy(
        agreements=kept, findings=findings, documents=len(kept), agreement_ids=ids
    )
    return narrowed


class InForce:
    """A `keep` for `execute` that narrows each file to the agreements in force on `on` before
    handing it on (`report --on` with a report that summarises files as they finish); `drop`
    then removes the files left out, and the counts say how many agreements were."""

    def __init__(self, on: date, then: Callable[[FileResult], FileResult]) -> None:
        self.on = on
        self.then = then
        self.left_out: set[int] = set()
        self.seen = 0
        self.kept = 0

    def __call__(self, result: FileResult) -> FileResult:
        self.seen += len(result.agreements)
        narrowed = narrow_file(result, self.on)
        if narrowed is None:
            empty: FileResult = result.copy(agreements=[], findings=[], documents=0, agreement_ids=[])
            self.left_out.add(id(empty))
            return empty
        self.kept += len(narrowed.agreements)
        return self.then(narrowed)

    def drop(self, run: RunResult) -> RunResult:
        """The run without the files whose agreements were all left out."""
        kept: RunResult = run.copy(files=[f for f in run.files if id(f) not in self.left_out])
        return kept


def _in_force_or_unknown(data: AgreementData, on: date) -> bool:
    return in_force(data.effective, data.end, on) is not False
