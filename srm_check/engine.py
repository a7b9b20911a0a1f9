"""Evaluate declarative rules over the facts of each agreement, one file at a time.

The only state kept across files is what cross-file functions need (the values
seen by `unique`), so memory grows with the number of agreement ids, not files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from srm_check.agreement import AgreementData
from srm_check.facts import Fact, agreement_fact, assignment_facts
from srm_check.findings import Finding, Related
from srm_check.functions import FUNCTIONS, Context, Options
from srm_check.models import Condition, Rule
from srm_check.policy import PLACEHOLDER, Policy


def _holds(condition: Condition, values: dict[str, Any]) -> bool:
    value = values.get(condition.field)
    if condition.defined is not None:
        return (value is not None) == condition.defined
    if condition.in_ is not None:
        return value in condition.in_
    if condition.not_in is not None:
        return value not in condition.not_in
    if "not_equals" in condition.model_fields_set:
        return value != condition.not_equals
    return value == condition.equals


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: Any) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    options: Options


class Engine:
    """Runs a policy's rules; one instance per run, fed agreements in a stable order."""

    def __init__(self, policy: Policy, rules: Iterable[Rule] | None = None) -> None:
        self.policy = policy
        selected = list(policy.rules if rules is None else rules)
        self._by_given: dict[str, list[_Compiled]] = {}
        for rule in selected:
            options = FUNCTIONS[rule.then.function].options.model_validate(rule.then.options)
            self._by_given.setdefault(rule.given, []).append(_Compiled(rule, options))
        self._seen: dict[str, dict[Any, dict[str, Any]]] = {r.id: {} for r in selected}

    def evaluate(self, data: AgreementData, path: str) -> list[Finding]:
        """All rule findings for one agreement document."""
        findings: list[Finding] = []
        agreement = agreement_fact(data, self.policy)
        self._run("agreement", [agreement], data, path, findings)
        catalogue = self.policy.find_catalogue(data.catalogue) if data.catalogue else None
        if catalogue is None or not data.assignments_usable:
            return findings
        responsibilities, assignments, party_refs = assignment_facts(data, catalogue)
        self._run("responsibility", responsibilities, data, path, findings)
        self._run("assignment", assignments, data, path, findings)
        self._run("party_ref", party_refs, data, path, findings)
        return findings

    def _run(
        self,
        given: str,
        facts: list[Fact],
        data: AgreementData,
        path: str,
        findings: list[Finding],
    ) -> None:
        for compiled in self._by_given.get(given, ()):
            rule = compiled.rule
            then = rule.then
            function = FUNCTIONS[then.function]
            seen = self._seen[rule.id]
            for fact in facts:
                values = fact.values
                if not all(_holds(c, values) for c in rule.where):
                    continue
                pointer, span = fact.location(then.field)
                value = values.get(then.field)
                context = Context(values, seen, {"path": path, "line": span.line, "span": span})
                outcome = function.run(value, compiled.options, context)
                if outcome is None:
                    continue
                related = [Related(path, s, m) for s, m in fact.related]
                first = outcome.pop("_related", None)
                if first is not None:
                    related.append(Related(first["path"], first["span"], "first used here"))
                message = render(rule.message, {**values, "value": value, **outcome})
                findings.append(
                    Finding(
                        rule_id=rule.id,
                        severity=rule.severity,
                        message=message,
                        path=path,
                        span=span,
                        pointer=pointer,
                        agreement=data.id,
                        document=data.document.index,
                        related=tuple(related),
                    )
                )
