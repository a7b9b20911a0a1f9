"""`approval` facts: one per entry of `approvals`, who approved the agreement for a party, and when.

Whether an approval is stale (dated before the last change to the agreement's assignments)
comes from git, through the run's context: without history it is null, and rules on it
find nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srm_check.core.dates import parse_date
from srm_check.core.text import did_you_mean
from srm_check.rules.agreement import AgreementData
from srm_check.rules.context import RunContext
from srm_check.rules.facts.fact import Fact
from srm_check.rules.facts.party_ref import Parties
from srm_check.rules.lifecycle import in_force

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


def approval_facts(data: AgreementData, parties: Parties | None) -> list[Fact]:
    """A fact per approval; `parties` (None when the catalogue is unknown) resolves its party."""
    doc = data.document
    facts: list[Fact] = []
    for approval in data.lifecycle.approvals:
        written = approval.party
        resolved = parties.resolve(written) if parties is not None and written else None
        known = None if parties is None else resolved is not None
        hint = did_you_mean(written, parties.known) if parties is not None and written and not known else ""
        values: dict[str, Any] = {
            "party": written,
            "resolved": resolved,
            "party_known": known,
            "did_you_mean": hint,
            "name": approval.name,
            "role": approval.role,
            "date": approval.date,
            "agreement": data.id,
            "_effective": data.effective,
            "_end": data.end,
        }
        fields = {
            name: (f"{approval.pointer}/{key}", doc.span(f"{approval.pointer}/{key}"))
            for name, key in _KEYS.items()
        }
        facts.append(Fact(KIND, values, approval.pointer, approval.span, fields))
    return facts


def run_values(values: Mapping[str, Any], run: RunContext, path: str) -> dict[str, Any]:
    """The fields that depend on the day the run judges and on git history (see RUN_FIELDS)."""
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
