"""Evaluate declarative rules over the facts of each agreement, one file at a time.

The only state kept across files is what cross-file functions need (the values
seen by `unique`), so memory grows with the number of agreement ids, not files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from srm_check.core.finding import Finding, Related
from srm_check.core.span import Span
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.conditions import Test, condition_test
from srm_check.rules.facts import Fact, agreement_fact, assignment_facts, own_party_facts
from srm_check.rules.functions import FUNCTIONS, CheckFunction, Context
from srm_check.schemas.records import RuleRecord

# A `{field}` in a rule's message template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


def _conjunction(tests: list[Test]) -> Test | None:
    """One test for all of `where` (None: no condition), without a generator per fact: rules
    run over every fact of their kind, so this is the engine's innermost loop."""
    if not tests:
        return None
    combined = tests[0]
    for test in tests[1:]:
        combined = (lambda first, then: lambda values: first(values) and then(values))(combined, test)
    return combined


class _Compiled:
    __slots__ = ("accept", "field", "function", "options", "rule")

    def __init__(self, rule: RuleRecord) -> None:
        self.rule = rule
        self.field = rule["then"]["field"]
        self.function: CheckFunction = FUNCTIONS[rule["then"]["function"]]
        self.options: dict[str, Any] = rule["then"].get("options") or {}
        self.accept = _conjunction([condition_test(c) for c in rule["where"]])


class Pending(NamedTuple):
    """A fact that a cross-file rule must see; resolved in file order by `CrossFileRules`."""

    rule_id: str
    field: str
    value: Any
    values: dict[str, Any]
    pointer: str
    span: Span
    path: str
    agreement: str | None
    document: int


def _finding(
    rule: RuleRecord,
    values: dict[str, Any],
    value: Any,
    outcome: dict[str, Any],
    where: tuple[str, Span, str, str | None, int],
    related: list[Related],
) -> Finding:
    pointer, span, path, agreement, document = where
    return Finding(
        rule_id=rule["id"],
        severity=rule["severity"],
        message=render(rule["message"], {**values, "value": value, **outcome}),
        path=path,
        span=span,
        pointer=pointer,
        agreement=agreement,
        document=document,
        related=tuple(related),
    )


def _split(rules: Iterable[RuleRecord]) -> tuple[list[RuleRecord], list[RuleRecord]]:
    selected = list(rules)
    local = [r for r in selected if not FUNCTIONS[r["then"]["function"]].cross_file]
    cross = [r for r in selected if FUNCTIONS[r["then"]["function"]].cross_file]
    return local, cross


class Engine:
    """Runs the rules that look at one agreement at a time; safe to run in worker processes.

    Rules whose function compares agreements with each other (`unique`) are not
    evaluated here: their facts come back as `Pending`, for `CrossFileRules`.
    """

    def __init__(self, catalogues: Catalogues, rules: Iterable[RuleRecord]) -> None:
        self.catalogues = catalogues
        local, cross = _split(rules)
        self._by_given: dict[str, list[_Compiled]] = {}
        for rule in local:
            self._by_given.setdefault(rule["given"], []).append(_Compiled(rule))
        self._cross: dict[str, list[RuleRecord]] = {}
        for rule in cross:
            self._cross.setdefault(rule["given"], []).append(rule)

    def evaluate(self, data: AgreementData, path: str) -> tuple[list[Finding], list[Pending]]:
        """Findings of the per-agreement rules, and the facts cross-file rules need."""
        findings: list[Finding] = []
        pending: list[Pending] = []
        agreement = agreement_fact(data, self.catalogues)
        self._run("agreement", [agreement], data, path, findings, pending)
        catalogue = self.catalogues.find(data.catalogue) if data.catalogue else None
        if "own_party" in self._by_given or "own_party" in self._cross:
            self._run("own_party", own_party_facts(data, catalogue), data, path, findings, pending)
        if catalogue is None or not data.assignments_usable:
            return findings, pending
        responsibilities, assignments, party_refs = assignment_facts(data, catalogue)
        self._run("responsibility", responsibilities, data, path, findings, pending)
        self._run("assignment", assignments, data, path, findings, pending)
        self._run("party_ref", party_refs, data, path, findings, pending)
        return findings, pending

    def _run(
        self,
        given: str,
        facts: list[Fact],
        data: AgreementData,
        path: str,
        findings: list[Finding],
        pending: list[Pending],
    ) -> None:
        for rule in self._cross.get(given, ()):
            pending.extend(self._pending(rule, facts, data, path))
        for compiled in self._by_given.get(given, ()):
            findings.extend(self._judge(compiled, facts, data, path))

    @staticmethod
    def _pending(rule: RuleRecord, facts: list[Fact], data: AgreementData, path: str) -> Iterable[Pending]:
        """The facts a cross-file rule applies to, to be judged later in file order."""
        tests = [condition_test(c) for c in rule["where"]]
        name = rule["then"]["field"]
        for fact in facts:
            if all(test(fact.values) for test in tests):
                pointer, span = fact.location(name)
                value = fact.values.get(name)
                yield Pending(
                    rule["id"], name, value, fact.values, pointer, span, path, data.id, data.document.index
                )

    @staticmethod
    def _judge(compiled: _Compiled, facts: list[Fact], data: AgreementData, path: str) -> Iterable[Finding]:
        """The findings of one per-agreement rule over the facts of its kind."""
        name, run, options, accept = compiled.field, compiled.function.run, compiled.options, compiled.accept
        needs_context = compiled.function.needs_context
        for fact in facts:
            values = fact.values
            if accept is not None and not accept(values):
                continue
            value = values.get(name)
            outcome = run(value, options, Context(values) if needs_context else None)
            if outcome is not None:
                pointer, span = fact.location(name)
                related = [Related(path, s, m) for s, m in fact.related]
                where = (pointer, span, path, data.id, data.document.index)
                yield _finding(compiled.rule, values, value, outcome, where, related)


class CrossFileRules:
    """Evaluates the rules that compare agreements, in file order, keeping only their values."""

    def __init__(self, rules: Iterable[RuleRecord]) -> None:
        _, cross = _split(rules)
        self._rules = {r["id"]: r for r in cross}
        self._seen: dict[str, dict[Any, dict[str, Any]]] = {r["id"]: {} for r in cross}

    def resolve(self, pending: list[Pending]) -> list[Finding]:
        findings: list[Finding] = []
        for item in pending:
            rule = self._rules[item.rule_id]
            then = rule["then"]
            function = FUNCTIONS[then["function"]]
            location = {"path": item.path, "line": item.span.line, "span": item.span}
            context = Context(item.values, self._seen[item.rule_id], location)
            outcome = function.run(item.value, then.get("options") or {}, context)
            if outcome is None:
                continue
            related = []
            first = outcome.pop("_related", None)
            if first is not None:
                related.append(Related(first["path"], first["span"], "first used here"))
            where = (item.pointer, item.span, item.path, item.agreement, item.document)
            findings.append(_finding(rule, item.values, item.value, outcome, where, related))
        return findings
