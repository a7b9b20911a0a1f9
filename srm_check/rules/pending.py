"""The facts that rules across the run are handed (`Pending`), and how a finding on one is made:
shared by the engine, which hands them on, and `CrossFileRules`, which judges them."""

from __future__ import annotations

from typing import Any

from srm_check.core.finding import Finding, Related
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.tuples import NamedTuple
from srm_check.rules.messages import render
from srm_check.schemas.records import RuleRecord


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


def finding_on(
    rule: RuleRecord,
    severity: Severity,
    values: dict[str, Any],
    value: Any,
    outcome: dict[str, Any],
    where: tuple[str, Span, str, str | None, int],
    related: list[Related],
) -> Finding:
    pointer, span, path, agreement, document = where
    return Finding(
        rule_id=rule["id"],
        severity=severity,
        message=render(rule["message"], {**values, "value": value, **outcome}),
        path=path,
        span=span,
        pointer=pointer,
        agreement=agreement,
        document=document,
        related=tuple(related),
    )
