"""`agreement` facts: one per agreement document, its metadata and its life over time."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from srm_check.core.dates import parse_date
from srm_check.core.text import plural
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.facts.fact import Fact, Getter, Location, Placed, getters_of
from srm_check.rules.lifecycle import days_between, in_force

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

KIND = "agreement"
WORDS = "each agreement"
FIELDS: dict[str, str] = {
    "id": "the agreement's id",
    "community": "the community's name",
    "catalogue": "the catalogue reference as written (id@version)",
    "catalogue_known": "whether that catalogue is in the policy",
    "catalogues": "the catalogues the policy holds, as text",
    "effective": "the effective date as written",
    "end": "the end date as written, or null",
    "expires": "the expiry date (last day of the agreed term) as written, or null",
    "supersedes": "the id of the agreement it replaces, or null",
    "hubs": "the hubs it covers, as a list (empty: every hub of the community)",
    "hub": "those hubs as text, or 'every hub'",
    "review_by": "the review date as written, or null",
    "approvals_recorded": "whether it records approvals (an `approvals` key, even empty)",
}
RUN_FIELDS: dict[str, str] = {
    "on": "the day the run judges agreements on (`--on`, default today), YYYY-MM-DD",
    "in_force": "whether it is in force on that day: from `effective` to `end` (null when either is "
    "not a real date)",
    "expired": "whether `expires` is before that day (null without a real `expires`)",
    "days_expired": "how many days before that day it expired, or null",
    "review_overdue": "whether `review_by` is before that day (null without a real `review_by`)",
    "unapproved": "the parties holding responsibilities with no approval dated on or before that day, "
    "as text, or null when there are none (or the catalogue is unknown)",
}
# Field of the run -> the fields of the file `run_values` computes it from (what a pending
# fact carries for it: the run's values are never stored with a file).
RUN_INPUTS: dict[str, tuple[str, ...]] = {
    "on": (),
    "in_force": ("effective", "end"),
    "expired": ("expires",),
    "days_expired": ("expires",),
    "review_overdue": ("review_by",),
    "unapproved": ("_holders", "_approved"),
}
# Field -> the top-level key a finding about it points at.
_KEYS = {
    "id": "agreement",
    "catalogue": "catalogue",
    "catalogue_known": "catalogue",
    "effective": "effective",
    "end": "end",
    "community": "community",
    "expires": "expires",
    "expired": "expires",
    "days_expired": "expires",
    "supersedes": "supersedes",
    "hubs": "hub",
    "hub": "hub",
    "review_by": "review_by",
    "review_overdue": "review_by",
    "approvals_recorded": "approvals",
    "unapproved": "approvals",
}

Holders = dict[str, int]
Approved = list[list[str | None]] | list[tuple[str | None, str | None]]


class AgreementSubject(Placed):
    """One agreement document, its catalogue (if the policy has it) and the policy's catalogues.

    `_holders` and `_approved` (who holds responsibilities, who approved when) are read only
    for the fields of the run (`unapproved`), and computed only then."""

    __slots__ = (
        "_catalogue",
        "_catalogues",
        "_data",
        "_given",
        "_responsibilities",
        "catalogue",
        "catalogue_known",
        "community",
        "effective",
        "end",
        "id",
    )

    id: str | None
    community: str | None
    catalogue: str | None
    catalogue_known: bool
    effective: str | None
    end: str | None

    def __init__(
        self,
        data: AgreementData,
        catalogue: CatalogueIndex | None,
        catalogues: Catalogues,
        given: tuple[Holders | None, Approved] | None = None,
    ) -> None:
        self._data = data
        self._catalogue = catalogue
        self._catalogues = catalogues
        self._given = given  # `_holders` and `_approved` as the caller has them (see agreement_fact)
        # The agreement's responsibility subjects, when built already (see `subjects_of`).
        self._responsibilities: list[Any] | None = None
        self.id = data.id
        self.community = data.community
        self.catalogue = data.catalogue
        self.catalogue_known = catalogue is not None
        self.effective = data.effective
        self.end = data.end

    @property
    def catalogues(self) -> str:
        return ", ".join(sorted(self._catalogues)) or "none"

    @property
    def expires(self) -> str | None:
        return self._data.lifecycle.expires

    @property
    def supersedes(self) -> str | None:
        return self._data.lifecycle.supersedes

    @property
    def hubs(self) -> list[str]:
        return list(self._data.lifecycle.hubs)

    @property
    def hub(self) -> str:
        return ", ".join(self._data.lifecycle.hubs) or "every hub"

    @property
    def review_by(self) -> str | None:
        return self._data.lifecycle.review_by

    @property
    def approvals_recorded(self) -> bool:
        return self._data.lifecycle.approvals_recorded

    @property
    def _holders(self) -> Holders | None:
        """The parties holding responsibilities, with how many each (None when the catalogue is
        unknown or the assignments unusable)."""
        if self._given is not None:
            return self._given[0]
        data, catalogue = self._data, self._catalogue
        if catalogue is None or not data.assignments_usable:
            return None
        found = self._responsibilities
        if found is None:
            from srm_check.rules.facts.assignment import assignment_subjects

            # Kept: each rule comparing agreements reads `_holders` (a context file has no
            # responsibilities of its own checked, so nothing else set them).
            found = self._responsibilities = assignment_subjects(data, catalogue).responsibility
        holders: Holders = {}  # in the order first held, as a Counter would keep them
        for subject in found:
            party = subject.party
            if party is not None:
                holders[party] = holders.get(party, 0) + 1
        return holders

    @property
    def _approved(self) -> Approved:
        """The (party, date) of each approval, the party resolved (a team counts as its party)."""
        if self._given is not None:
            return self._given[1]
        if not self._data.lifecycle.approvals:
            return []
        from srm_check.rules.facts.approval import approval_subjects
        from srm_check.rules.facts.party_ref import Parties

        data, catalogue = self._data, self._catalogue
        parties = Parties(data, catalogue) if catalogue is not None and data.lifecycle.approvals else None
        # Lists, not tuples: a pending fact carries them, and the result cache keeps them as JSON.
        return [[s.resolved or s.party, s.date] for s in approval_subjects(data, parties)]

    def _where(self) -> Location:
        return "", self._data.document.span("")

    def _location(self, name: str) -> Location:
        key = _KEYS.get(name)
        if key is None:
            return self._where()
        return f"/{key}", self._data.document.span(f"/{key}")


SUBJECT = AgreementSubject
GETTERS: dict[str, Getter] = {
    **getters_of(FIELDS),
    # For the fields of the run (not fields rules can name).
    "_holders": attrgetter("_holders"),
    "_approved": attrgetter("_approved"),
}


def agreement_subject(data: AgreementData, catalogues: Catalogues) -> AgreementSubject:
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    return AgreementSubject(data, catalogue, catalogues)


def agreement_fact(
    data: AgreementData,
    catalogues: Catalogues,
    holders: Mapping[str, int] | None = None,
    approved: Approved | None = None,
) -> Fact:
    """The agreement's fact, for callers outside the engine (which reads `AgreementSubject`s).

    `holders` are the parties that hold responsibilities, with how many each (None when the
    catalogue is unknown or the assignments unusable); `approved` the (party, date) of each
    approval, the party resolved (a team counts as its party; default: as written)."""
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    written = approved if approved is not None else [(a.party, a.date) for a in data.lifecycle.approvals]
    given = (dict(holders) if holders is not None else None, written)
    return Fact(KIND, AgreementSubject(data, catalogue, catalogues, given), GETTERS)


def _unapproved(values: Mapping[str, Any], run: RunContext) -> str | None:
    holders: dict[str, int] | None = values.get("_holders")
    if not holders:
        return None
    approved = set()
    for party, written in values.get("_approved") or ():
        day = parse_date(written)
        if party is not None and day is not None and day <= run.on:
            approved.add(party)
    missing = [
        f"{party} ({plural(count, 'responsibility', 'responsibilities')})"
        for party, count in holders.items()
        if party not in approved
    ]
    return ", ".join(missing) or None


def _expired(values: Mapping[str, Any], on: date) -> bool | None:
    expires = parse_date(values.get("expires"))
    return None if expires is None else expires < on


def _days_expired(values: Mapping[str, Any], on: date) -> int | None:
    expires = parse_date(values.get("expires"))
    return days_between(values.get("expires"), on) if expires is not None and expires < on else None


def _review_overdue(values: Mapping[str, Any], on: date) -> bool | None:
    review_by = parse_date(values.get("review_by"))
    return None if review_by is None else review_by < on


# Each field of the run from the fields of the file and the day (`unapproved` takes the run).
_RUN: dict[str, Callable[[Mapping[str, Any], RunContext], Any]] = {
    "on": lambda values, run: run.on.isoformat(),
    "in_force": lambda values, run: in_force(values.get("effective"), values.get("end"), run.on),
    "expired": lambda values, run: _expired(values, run.on),
    "days_expired": lambda values, run: _days_expired(values, run.on),
    "review_overdue": lambda values, run: _review_overdue(values, run.on),
    "unapproved": _unapproved,
}


def run_values(
    values: Mapping[str, Any], run: RunContext, _path: str, fields: Collection[str] | None = None
) -> dict[str, Any]:
    """The fields that depend on the day the run judges (see RUN_FIELDS): those in `fields`
    only, when given (a rule reads only the ones it names: the others cost a date parse each)."""
    names = RUN_FIELDS if fields is None else [name for name in RUN_FIELDS if name in fields]
    return {name: _RUN[name](values, run) for name in names}
