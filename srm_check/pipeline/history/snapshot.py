"""One version of an agreement file, read as `check` reads it: who holds what, costs, lifecycle.

A version is read from bytes (a blob from git, or a file): the same loader, the same
agreement reader and the same facts as `check`, so that "held by" means the same thing in a
history as in a finding. A version that cannot be read says why, and holds no agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from srm_check.core.codes import DUPLICATE_KEY
from srm_check.core.money import as_decimal, format_amount
from srm_check.rules.agreement import AgreementData, AssignmentData, read_agreement
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.facts import assignment_facts
from srm_check.source.reader import load_data

PERIOD_SHORT = {"one-off": " one-off", "month": "/month", "quarter": "/quarter", "year": "/year"}


@dataclass(frozen=True, slots=True)
class Cost:
    """A cost note: its text, and its amount when it has a usable one."""

    text: str
    amount: Decimal | None
    currency: str | None
    period: str | None

    @property
    def money(self) -> str | None:
        """`-200 USD/month`, or None without an amount."""
        if self.amount is None:
            return None
        return money_short(self.amount, self.currency, self.period)


def money_short(amount: Decimal, currency: str | None, period: str | None) -> str:
    """An amount as a pull-request comment writes it: `+750 USD/month`, `-200 EUR one-off`."""
    unit = f" {currency}" if currency else " (no currency)"
    return f"{format_amount(amount)}{unit}{PERIOD_SHORT.get(period or '', '')}"


@dataclass(frozen=True, slots=True)
class Held:
    """Who holds one responsibility in one version: as written, the party it counts as, its cost."""

    responsibility: str
    holder: str
    party: str | None
    cost: Cost | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One agreement in one version of a file."""

    path: str
    index: int
    id: str | None
    community: str | None
    catalogue: CatalogueIndex | None
    fields: tuple[tuple[str, str | None], ...]
    held: dict[str, Held]
    assignments: Any

    def field(self, name: str) -> str | None:
        return dict(self.fields).get(name)


@dataclass(frozen=True, slots=True)
class Version:
    """A file's agreements at one version, or why it could not be read."""

    path: str
    agreements: tuple[Snapshot, ...]
    problem: str | None = None


TRACKED_FIELDS = ("community", "catalogue", "effective", "expires", "end", "supersedes", "hub", "review_by")


def _cost(item: AssignmentData) -> Cost | None:
    note = item.cost_note
    if note is None:
        return None
    amount = as_decimal(note.amount) if isinstance(note.amount, int | float) else None
    return Cost(note.text, amount, note.currency, note.period)


def _approvals(data: AgreementData) -> str | None:
    if not data.lifecycle.approvals_recorded:
        return None
    parts = []
    for a in data.lifecycle.approvals:
        role = f" ({a.role})" if a.role else ""
        parts.append(f"{a.party}: {a.name}{role}, {a.date}")
    return "; ".join(parts) or "none"


def _fields(data: AgreementData) -> tuple[tuple[str, str | None], ...]:
    life = data.lifecycle
    values = {
        "community": data.community,
        "catalogue": data.catalogue,
        "effective": data.effective,
        "expires": life.expires,
        "end": data.end,
        "supersedes": life.supersedes,
        "hub": ", ".join(life.hubs) or None,
        "review_by": life.review_by,
    }
    return (*((name, values[name]) for name in TRACKED_FIELDS), ("approvals", _approvals(data)))


def _held(data: AgreementData, catalogue: CatalogueIndex | None) -> dict[str, Held]:
    """The first entry of each responsibility (a repeat is a finding, not a holder)."""
    parties: dict[str, str | None] = {}
    if catalogue is not None and data.assignments_usable:
        responsibilities, _, _ = assignment_facts(data, catalogue)
        parties = {f.values["id"]: f.values["party"] for f in responsibilities}
    held: dict[str, Held] = {}
    for item in data.assignments:
        if item.duplicate_of is not None or item.responsibility in held:
            continue
        names = [h.text for h in item.holders]
        holder = ", ".join(names) or "nobody"
        party = parties.get(item.responsibility) if catalogue is not None else None
        if catalogue is None and len(names) == 1:
            party = names[0]
        held[item.responsibility] = Held(item.responsibility, holder, party, _cost(item))
    if catalogue is not None:  # in the catalogue's order, unknown ones after
        order = {rid: i for i, rid in enumerate(catalogue.order)}
        held = dict(sorted(held.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return held


def snapshot(data: AgreementData, path: str, catalogues: Catalogues) -> Snapshot:
    catalogue = catalogues.find(data.catalogue) if data.catalogue else None
    raw = data.document.value.get("assignments") if isinstance(data.document.value, dict) else None
    return Snapshot(
        path,
        data.document.index,
        data.id,
        data.community,
        catalogue,
        _fields(data),
        _held(data, catalogue),
        raw,
    )


def read_version(content: bytes, path: str, catalogues: Catalogues) -> Version:
    """The agreements of one version of a file (given its bytes)."""
    source = load_data(content, path)
    fatal = [
        f"{p.message} (line {p.span.line}, column {p.span.column})"
        for p in source.problems
        if p.code != DUPLICATE_KEY
    ]
    if not source.documents:
        reason = fatal[0] if fatal else "no YAML document"
        return Version(path, (), f"cannot be read: {reason}")
    found = []
    for doc in source.documents:
        if isinstance(doc.value, dict):
            found.append(snapshot(read_agreement(doc), path, catalogues))
    problem = f"partly read: {fatal[0]}" if fatal else None
    return Version(path, tuple(found), problem)


def document_key(item: Snapshot) -> tuple[str, Any]:
    """How one agreement is recognised in another version: its id, else its place in the file."""
    return ("id", item.id) if item.id is not None else ("document", (item.path, item.index))
