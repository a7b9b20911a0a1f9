"""The facts that rules across the run are handed (`Pending`): shared by the engine, which hands
them on, `CrossFileRules`, which judges them, and the result cache, which keeps them."""

from __future__ import annotations

from typing import Any

from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.tuples import NamedTuple


class Pending(NamedTuple):
    """A fact that a rule across the run must see; resolved in file order by `CrossFileRules`.

    `values` holds only what the rule's message and function read from the fact (for fields
    of the run, what they are computed from: never the run's values themselves), so that
    little travels back from a worker or into the cache, and a cached entry holds nothing
    that depends on the day or on git."""

    rule_id: str
    severity: Severity
    field: str
    value: Any
    values: dict[str, Any]
    pointer: str
    span: Span
    path: str
    agreement: str | None
    document: int
