"""`agreement` facts: one per agreement document, its metadata and its life over time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srm_check.core.dates import parse_date
from srm_check.core.text import plural
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.context import RunContext
from srm_check.rules.facts.fact import Fact
from srm_check.rules.lifecycle import days_between, in_force

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


def agreement_fact(
    data: AgreementData,
    catalogues: Catalogues,
    holders: Mapping[str, int] | None = None,
    approved: list[tuple[str | None, str | None]] | None = None,
) -> Fact:
    """`holders` are the parties that hold responsibilities, with how many each (None when the
    catalogue is unknown or the assignments unusable); `approved` the (party, date) of each
    approval, the party resolved (a team counts as its party)."""
    doc = data.document
    life = data.lifecycle
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    values: dict[str, Any] = {
        "id": data.id,
        "community": data.community,
        "catalogue": data.catalogue,
        "catalogue_known": catalogue is not None,
        "catalogues": ", ".join(sorted(catalogues)) or "none",
        "effective": data.effective,
        "end": data.end,
        "expires": life.expires,
        "supersedes": life.supersedes,
        "hubs": list(life.hubs),
        "hub": ", ".join(life.hubs) or "every hub",
        "review_by": life.review_by,
        "approvals_recorded": life.approvals_recorded,
        # For the fields of the run (not fields rules can name).
        "_holders": dict(holders) if holders is not None else None,
        "_approved": approved if approved is not None else [(a.party, a.date) for a in life.approvals],
    }
    fields = {name: (f"/{key}", doc.span(f"/{key}")) for name, key in _KEYS.items()}
    return Fact(KIND, values, "", doc.span(""), fields)


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


def run_values(values: Mapping[str, Any], run: RunContext, _path: str) -> dict[str, Any]:
    """The fields that depend on the day the run judges (see RUN_FIELDS)."""
    on = run.on
    expires, review_by = parse_date(values.get("expires")), parse_date(values.get("review_by"))
    return {
        "on": on.isoformat(),
        "in_force": in_force(values.get("effective"), values.get("end"), on),
        "expired": None if expires is None else expires < on,
        "days_expired": days_between(values.get("expires"), on)
        if expires is not None and expires < on
        else None,
        "review_overdue": None if review_by is None else review_by < on,
        "unapproved": _unapproved(values, run),
    }
