"""Assignment blocks that an earlier agreement showed to pass, or to fail only on some facts:
their facts need not be built again.

The agreements of one organisation repeat the same `assignments` (and own `parties`) over
and over. What the rules on responsibility, assignment and party_ref facts decide depends
only on those two values as written and on the catalogue (`Plan` is per catalogue): the
agreement's id, dates and places change where a finding points and what it says, never
whether there is one. So a block on which no such fact went to a rule across the run
(`Blocks`) is not read again for them: a block that passed is not read at all, and a block
with findings is read again only for the facts they are on (which rules failed on each, and
their outcomes, are remembered), so that every finding, its place and its message still come
from its own document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData


# Values (each block counts its values, plus one) remembered per catalogue before the memo
# starts afresh: about 75 B each, so at most about 1.2 MiB, however large or many the blocks.
NODE_LIMIT = 16_384
_MAX_NODES = 2000  # a larger block (rare, or hostile) is not remembered

Key = tuple[Any, ...]
Replay = tuple[tuple[str, Any, list[Any]], ...]
"""A block's findings on facts of its own: (kind, the fact's position, the rules that failed on
it with their outcomes), in the order they were found; empty for a block that passed."""


class _TooLarge(Exception):
    """The block has more nodes than a remembered one may."""


def _frozen(value: Any, budget: list[int]) -> Any:
    """A hashable copy of a YAML value that tells apart what rules could tell apart: the type of
    each scalar (1, 1.0 and true are equal in Python), a float's exact bits, a mapping's order.
    Text, most of a block, is kept as it is without a call."""
    kind = value.__class__
    if kind is dict:
        budget[0] -= len(value)
        if budget[0] < 0:
            raise _TooLarge
        return (dict, *[(k, v if v.__class__ is str else _frozen(v, budget)) for k, v in value.items()])
    if kind is list:
        budget[0] -= len(value)
        if budget[0] < 0:
            raise _TooLarge
        return (list, *[v if v.__class__ is str else _frozen(v, budget) for v in value])
    if kind is str:
        return value
    if kind is float:
        return (float, value.hex())
    if value is None or kind is bool or kind is int:
        return (kind, value)
    raise _TooLarge  # no other type comes from the loader; not remembered if one did


def block_key(data: AgreementData) -> Key | None:
    """What the assignment facts of an agreement are made from: its `parties` and `assignments`
    as written, after the number of values they hold (what the memo counts). None when they
    cannot be remembered: a repeated key anywhere in the document (its entries carry places of
    their own), or a block too large."""
    document = data.document
    value = document.value
    if document.duplicates or value.__class__ is not dict:
        return None
    try:
        budget = [_MAX_NODES]
        parties, assignments = (
            _frozen(value.get("parties"), budget),
            _frozen(value.get("assignments"), budget),
        )
        return (_MAX_NODES - budget[0], parties, assignments)
    except _TooLarge:
        return None


class Blocks:
    """The keys of blocks known, each with its findings to replay (none: it passed), for one
    catalogue's rules; bounded by `NODE_LIMIT` values and findings in all (a count of blocks
    would let 2,000-value blocks hold a hundred times more)."""

    __slots__ = ("_known", "_nodes")

    def __init__(self) -> None:
        self._known: dict[Key, Replay] = {}
        self._nodes = 0

    def __contains__(self, key: Key) -> bool:
        return key in self._known

    def get(self, key: Key) -> Replay | None:
        """The findings of a known block (empty: it passed); None when it is not known."""
        return self._known.get(key)

    def add(self, key: Key, replay: Replay = ()) -> None:
        known = self._known
        size = key[0] + 1 + len(replay)
        if self._nodes + size > NODE_LIMIT:
            known.clear()
            self._nodes = 0
        known[key] = replay
        self._nodes += size
