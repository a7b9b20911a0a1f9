"""What changed between two versions of one agreement: its metadata, who holds each
responsibility (and which way that moves it across the default boundary), its cost notes,
and the change in cost per currency and period.

A new agreement is compared with the default boundary (every responsibility on its
default party, no cost), so that its moves and costs count from there; a removed one
takes its cost notes with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from srm_check.core.money import Total, totals
from srm_check.pipeline.history.snapshot import Cost, Held, Snapshot, document_key
from srm_check.rules.catalogue import COMMUNITY_MORE, MOVED, PROVIDER_MORE, THIRD_PARTY, CatalogueIndex

LEAVES_DEFAULT = "leaves-default"
RETURNS_TO_DEFAULT = "returns-to-default"
OFF_DEFAULT = "off-default"


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Move:
    """A responsibility that changed holder.

    `direction` is which way it moves along the catalogue's technical order (provider-more,
    community-more, third-party, moved) and `boundary` how it stands to its default party
    (leaves-default, returns-to-default, off-default; None without a default)."""

    responsibility: str
    number: int | None
    title: str
    old: str
    new: str
    default: str | None
    direction: str | None
    boundary: str | None


@dataclass(frozen=True, slots=True)
class CostChange:
    """A cost note added, changed or removed."""

    responsibility: str
    number: int | None
    title: str
    kind: str
    old: Cost | None
    new: Cost | None


@dataclass(slots=True)
class AgreementChange:
    """What changed in one agreement between two versions (`kind`: added, removed, changed,
    unreadable). `uncounted` counts amounts left out of `cost_change`: without a currency."""

    agreement: str | None
    community: str | None
    path: str
    old_path: str | None
    kind: str
    fields: list[FieldChange] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    costs: list[CostChange] = field(default_factory=list)
    cost_change: list[Total] = field(default_factory=list)
    uncounted: int = 0
    problem: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing this history tracks changed (a comment, a description, a reordering), and the
        agreement stayed in its file."""
        return self.kind == "changed" and not (self.fields or self.moves or self.costs or self.old_path)


def direction(catalogue: CatalogueIndex | None, old: str | None, new: str | None) -> str | None:
    """Which way a move from party `old` to party `new` goes along the technical order."""
    if old is None or new is None or old == new:
        return None
    rank = catalogue.party_rank if catalogue is not None else {}
    if new not in rank:
        return THIRD_PARTY
    if old not in rank or catalogue is None or not catalogue.ordered:
        return MOVED
    return PROVIDER_MORE if rank[new] > rank[old] else COMMUNITY_MORE


def _boundary(default: str | None, old: str | None, new: str | None) -> str | None:
    if default is None:
        return None
    if new == default:
        return RETURNS_TO_DEFAULT
    return LEAVES_DEFAULT if old == default else OFF_DEFAULT


def _about(catalogue: CatalogueIndex | None, rid: str) -> tuple[int | None, str, str | None]:
    """A responsibility's number, title and default party (unknown: none, '', none)."""
    resp = catalogue.responsibilities.get(rid) if catalogue is not None else None
    if resp is None:
        return None, "", None
    return resp["number"], resp["title"], resp["default_party"]


def _default_held(catalogue: CatalogueIndex | None, rid: str) -> Held | None:
    """How a responsibility stands before an agreement exists: on its default party, no cost."""
    default = _about(catalogue, rid)[2]
    return Held(rid, default, default, None) if default is not None else None


def _move(catalogue: CatalogueIndex | None, rid: str, old: Held | None, new: Held | None) -> Move | None:
    before = old.party or old.holder if old is not None else None
    after = new.party or new.holder if new is not None else None
    if new is None or before == after or (old is not None and old.holder == new.holder):
        return None
    number, title, default = _about(catalogue, rid)
    return Move(
        rid,
        number,
        title,
        old.holder if old is not None else "nobody",
        new.holder,
        default,
        direction(catalogue, old.party if old else None, new.party),
        _boundary(default, old.party if old else None, new.party),
    )


def _cost_change(
    catalogue: CatalogueIndex | None, rid: str, old: Cost | None, new: Cost | None
) -> CostChange | None:
    if old == new:
        return None
    kind = "added" if old is None else "removed" if new is None else "changed"
    number, title, _ = _about(catalogue, rid)
    return CostChange(rid, number, title, kind, old, new)


def _amounts(held: Iterable[Held], sign: int) -> tuple[list[tuple[Decimal, str, str | None]], int]:
    counted: list[tuple[Decimal, str, str | None]] = []
    uncounted = 0
    for item in held:
        cost = item.cost
        if cost is None or cost.amount is None:
            continue
        if cost.currency is None:
            uncounted += 1
            continue
        counted.append((cost.amount * sign, cost.currency, cost.period))
    return counted, uncounted


def cost_difference(old: Iterable[Held], new: Iterable[Held]) -> tuple[list[Total], int]:
    """New costs minus old, per currency and period (zero sums left out), and how many amounts
    had no currency and could not be counted."""
    removed, uncounted_old = _amounts(old, -1)
    added, uncounted_new = _amounts(new, 1)
    return [t for t in totals([*removed, *added]) if t.amount != 0], uncounted_old + uncounted_new


def _fields(old: Snapshot | None, new: Snapshot | None) -> list[FieldChange]:
    if old is None or new is None:
        return []
    before = dict(old.fields)
    return [
        FieldChange(name, before.get(name), value) for name, value in new.fields if before.get(name) != value
    ]


def compare(old: Snapshot | None, new: Snapshot | None, old_path: str | None = None) -> AgreementChange:
    """What changed from `old` to `new` (either may be None: added, removed)."""
    current = new or old
    assert current is not None
    kind = "added" if old is None else "removed" if new is None else "changed"
    catalogue = current.catalogue
    old_held = dict(old.held) if old is not None else {}
    new_held = dict(new.held) if new is not None else {}
    change = AgreementChange(
        current.id,
        current.community,
        current.path,
        old_path if old_path and old_path != current.path else None,
        kind,
        _fields(old, new),
    )
    for rid in dict.fromkeys([*new_held, *old_held]):
        _responsibility(
            change, catalogue, rid, old_held.get(rid) if old is not None else None, new_held.get(rid)
        )
    change.cost_change, change.uncounted = cost_difference(old_held.values(), new_held.values())
    return change


def _responsibility(
    change: AgreementChange, catalogue: CatalogueIndex | None, rid: str, old: Held | None, new: Held | None
) -> None:
    """Add one responsibility's move and cost change; a new agreement moves from the default."""
    added = change.kind == "added"
    before = _default_held(catalogue, rid) if added else old
    if change.kind != "removed" and (before is not None or not added):
        move = _move(catalogue, rid, before, new)
        if move is not None:
            change.moves.append(move)
    cost = _cost_change(catalogue, rid, before.cost if before else None, new.cost if new else None)
    if cost is not None:
        change.costs.append(cost)


def pair(
    old: Iterable[Snapshot], new: Iterable[Snapshot], loose: bool = False
) -> list[tuple[Snapshot | None, Snapshot | None]]:
    """The agreements of two versions, matched by id (else by place in the file); `loose`
    matches one agreement with one even when their ids differ (two files named on purpose)."""
    before, after = list(old), list(new)
    if loose and len(before) == 1 and len(after) == 1:
        return [(before[0], after[0])]
    by_key = {document_key(s): s for s in reversed(before)}
    pairs: list[tuple[Snapshot | None, Snapshot | None]] = []
    used: set[int] = set()
    for item in after:
        match = by_key.get(document_key(item))
        if match is not None and id(match) not in used:
            used.add(id(match))
            pairs.append((match, item))
        else:
            pairs.append((None, item))
    pairs += [(s, None) for s in before if id(s) not in used]
    return pairs
