"""A rule's message, its `{field}` placeholders filled in from a finding's values, and the finding
made with it: apart from the engine, for the rules judged across the run and the policy."""

from __future__ import annotations

import re
from typing import Any

from srm_check.core.finding import Finding, Related
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.schemas.records import RuleRecord

# A `{field}` in a rule's message template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


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
