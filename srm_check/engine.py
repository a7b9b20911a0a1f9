"""Evaluate declarative rules over the facts of each agreement, one file at a time.

The only state kept across files is what cross-file functions need (the values
seen by `unique`), so memory grows with the number of agreement ids, not files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from srm_check.agreement import AgreementData
from srm_check.facts import Fact, agreement_fact, assignment_facts
from srm_check.findings import Finding, Related
from srm_check.functions import FUNCTIONS, Context, Function
from srm_check.policy import PLACEHOLDER, Policy
from srm_check.records import RuleRecord

Test = Callable[[dict[str, Any]], bool]


def condition_test(condition: dict[str, Any]) -> Test:
    """A `where` condition as a function of a fact's values."""
    name = condition["field"]
    if "defined" in condition:
        wanted = bool(condition["defined"])
        return lambda values: (values.get(name) is not None) == wanted
    if "in" in condition:
        allowed = condition["in"]
        return lambda values: values.get(name) in allowed
    if "not_in" in condition:
        banned = condition["not_in"]
        return lambda values: values.get(name) not in banned
    if "not_equals" in condition:
        other = condition["not_equals"]
        return lambda values: values.get(name) != other
    expected = condition.get("equals")
    return lambda values: values.get(name) == expected


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


class _Compiled:
    __slots__ = ("field", "function", "options", "rule", "tests")

    def __init__(self, rule: RuleRecord) -> None:
        self.rule = rule
        self.field = rule["then"]["field"]
        self.function: Function = FUNCTIONS[rule["then"]["function"]]
        self.options: dict[str, Any] = rule["then"].get("options") or {}
        self.tests = [condition_test(c) for c in rule["where"]]


class Engine:
    """Runs a policy's rules; one instance per run, fed agreements in a stable order."""

    def __init__(self, policy: Policy, rules: Iterable[RuleRecord] | None = None) -> None:
        self.policy = policy
        selected = list(policy.rules if rules is None else rules)
        self._by_given: dict[str, list[_Compiled]] = {}
        for rule in selected:
            self._by_given.setdefault(rule["given"], []).append(_Compiled(rule))
        self._seen: dict[str, dict[Any, dict[str, Any]]] = {r["id"]: {} for r in selected}

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
            name, run, options, tests = (
                compiled.field,
                compiled.function.run,
                compiled.options,
                compiled.tests,
            )
            needs_context = compiled.function.needs_context
            for fact in facts:
                values = fact.values
                if tests and not all(test(values) for test in tests):
                    continue
                value = values.get(name)
                context = None
                if needs_context:
                    pointer, span = fact.location(name)
                    context = Context(
                        values, self._seen[compiled.rule["id"]], {"path": path, "line": span.line, "span": span}
                    )
                outcome = run(value, options, context)
                if outcome is not None:
                    findings.append(self._finding(compiled.rule, fact, name, value, outcome, data, path))

    @staticmethod
    def _finding(
        rule: RuleRecord,
        fact: Fact,
        name: str,
        value: Any,
        outcome: dict[str, Any],
        data: AgreementData,
        path: str,
    ) -> Finding:
        pointer, span = fact.location(name)
        related = [Related(path, s, m) for s, m in fact.related]
        first = outcome.pop("_related", None)
        if first is not None:
            related.append(Related(first["path"], first["span"], "first used here"))
        return Finding(
            rule_id=rule["id"],
            severity=rule["severity"],
            message=render(rule["message"], {**fact.values, "value": value, **outcome}),
            path=path,
            span=span,
            pointer=pointer,
            agreement=data.id,
            document=data.document.index,
            related=tuple(related),
        )
