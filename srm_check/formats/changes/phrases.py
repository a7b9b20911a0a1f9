"""The words every output of changes uses: a responsibility, a move, a cost change, a field.

Each returns plain text from data; the text format makes it terminal-safe and the Markdown
format escapes it, so that the words are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from srm_check.core.money import Total
from srm_check.pipeline.history.compare import (
    LEAVES_DEFAULT,
    OFF_DEFAULT,
    RETURNS_TO_DEFAULT,
    AgreementChange,
    CostChange,
    Move,
)
from srm_check.pipeline.history.snapshot import Cost, money_short
from srm_check.rules.catalogue import COMMUNITY_MORE, PROVIDER_MORE, THIRD_PARTY

DIRECTION = {
    PROVIDER_MORE: "towards the provider",
    COMMUNITY_MORE: "towards the community",
    THIRD_PARTY: "to a party outside the catalogue",
}
KIND = {"added": "agreement added", "removed": "agreement removed", "changed": "", "unreadable": ""}


def responsibility(rid: str, number: int | None, title: str) -> str:
    """`#13 Communicate with cloud provider`, or the id when the catalogue does not know it."""
    return f"#{number} {title}" if number is not None and title else f"'{rid}'"


def move_words(move: Move) -> str:
    """`from 2i2c to community (towards the community; off its default, 2i2c)`."""
    notes = []
    if move.direction in DIRECTION:
        notes.append(DIRECTION[move.direction])
    if move.boundary == LEAVES_DEFAULT:
        notes.append(f"off its default, {move.default}")
    elif move.boundary == RETURNS_TO_DEFAULT:
        notes.append("back to its default")
    elif move.boundary == OFF_DEFAULT:
        notes.append(f"still off its default, {move.default}")
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"from {move.old} to {move.new}{tail}"


def _amount(cost: Cost | None) -> Decimal | None:
    return cost.amount if cost is not None and cost.currency is not None else None


def cost_words(change: CostChange, quote: Callable[[str], str] = lambda t: f'"{t}"') -> str:
    """What a cost note's change does: `cost -200 USD/month`, or what changed in its text."""
    old, new = change.old, change.new
    if new is None or old is None:
        return _added_or_removed(old, new, quote)
    before, after = _amount(old), _amount(new)
    same_unit = (old.currency, old.period) == (new.currency, new.period)
    if before is not None and after is not None and same_unit and before != after:
        return f"cost {money_short(after - before, new.currency, new.period)} ({old.money} to {new.money})"
    if old.money != new.money:
        return f"cost note changed from {old.money or quote(old.text)} to {new.money or quote(new.text)}"
    return f"cost note text changed to {quote(new.text)}"


def _added_or_removed(old: Cost | None, new: Cost | None, quote: Callable[[str], str]) -> str:
    if new is not None:
        return f"cost {new.money}" if new.money else f"cost note added: {quote(new.text)}"
    before = _amount(old)
    if old is not None and before is not None:
        return f"cost {money_short(-before, old.currency, old.period)} (cost note removed)"
    return "cost note removed"


class Item(NamedTuple):
    """One responsibility that changed: what it is, its move (words after `moves X`), its cost."""

    subject: str
    move: str | None
    cost: str | None

    def words(self, subject: str | None = None) -> str:
        """`moves #13 X from 2i2c to community (...); cost -200 USD/month`, or `#3 Y: cost ...`."""
        shown = self.subject if subject is None else subject
        if self.move is None:
            return f"{shown}: {self.cost}"
        return f"moves {shown} {self.move}" + (f"; {self.cost}" if self.cost else "")


def items(change: AgreementChange, quote: Callable[[str], str] = lambda t: f'"{t}"') -> list[Item]:
    """One item per responsibility changed, its move and its cost together, moves first."""
    costs = {c.responsibility: c for c in change.costs}
    out: list[Item] = []
    for move in change.moves:
        cost = costs.pop(move.responsibility, None)
        subject = responsibility(move.responsibility, move.number, move.title)
        out.append(Item(subject, move_words(move), cost_words(cost, quote) if cost is not None else None))
    for cost in costs.values():
        out.append(
            Item(responsibility(cost.responsibility, cost.number, cost.title), None, cost_words(cost, quote))
        )
    return out


def change_words(change: AgreementChange) -> list[str]:
    """One line per responsibility changed and per field changed, as every format says them."""
    lines = [item.words() for item in items(change)]
    return lines + [field_words(f.name, f.old, f.new) for f in change.fields]


def field_words(name: str, old: str | None, new: str | None) -> str:
    """`expires: 2026-12-31 -> 2027-12-31` (none for a key not given)."""
    return f"{name}: {old if old is not None else 'none'} -> {new if new is not None else 'none'}"


def headline(change: AgreementChange) -> str:
    """`Lakeside Ocean Lab (lakeside, agreements/lakeside.yaml): agreement added`."""
    name = change.community or "(no community named)"
    where = ", ".join(p for p in (change.agreement, change.path) if p)
    renamed = f", renamed from {change.old_path}" if change.old_path else ""
    kind = KIND.get(change.kind, "")
    if change.kind == "unreadable":
        return f"{change.path}: {change.problem}"
    return f"{name} ({where}{renamed})" + (f": {kind}" if kind else "")


def event_words(change: AgreementChange) -> str | None:
    """What happened to the agreement as a whole, in a history: `agreement 'lakeside' added in
    agreements/lakeside.yaml`, a rename, a version that cannot be read; None for a plain change."""
    if change.kind == "unreadable":
        return f"{change.path} {change.problem}"
    name = f"agreement '{change.agreement}'" if change.agreement else "an agreement without an id"
    renamed = f", renamed from {change.old_path}" if change.old_path else ""
    if change.kind in ("added", "removed"):
        return f"{name} {change.kind} in {change.path}{renamed}"
    return f"{name} in {change.path}{renamed}" if renamed else None


def totals_words(totals: list[Total]) -> str:
    """`+550 USD/month, -1,200 EUR/year`, or `none` when nothing changed."""
    return ", ".join(money_short(t.amount, t.currency, t.period) for t in totals) or "none"
