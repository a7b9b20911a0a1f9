"""Evaluate declarative rules over the facts of each agreement, one file at a time.

Which rules run on an agreement, and at which severity, depends on its catalogue (the
policy's `Composition`: rule scopes and overrides); an agreement on a catalogue that no
rule checks gets SRM030 instead of a silent pass. The only state kept across files is
what cross-file functions need (the values seen by `unique`), so memory grows with the
number of agreement ids, not files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from srm_check.core.codes import CATALOGUE_UNCHECKED, SEVERITY
from srm_check.core.finding import Finding, Related
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.conditions import OF, Test, condition_test
from srm_check.rules.facts import Fact, agreement_fact, assignment_facts, own_party_facts
from srm_check.rules.functions import FUNCTIONS, CheckFunction, Context
from srm_check.rules.scope import Composition
from srm_check.schemas.records import RuleRecord

Peers = dict[str, dict[str, Any]]
"""The responsibility facts of one agreement, by responsibility id."""

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
    """A rule ready to run: its function, options, and `where` tests on the fact's own fields
    (`accept`, all in one) and on other responsibilities' fields (`peer_tests`, by id)."""

    __slots__ = ("accept", "field", "function", "options", "peer_tests", "rule")

    def __init__(self, rule: RuleRecord) -> None:
        self.rule = rule
        self.field = rule["then"]["field"]
        self.function: CheckFunction = FUNCTIONS[rule["then"]["function"]]
        self.options: dict[str, Any] = rule["then"].get("options") or {}
        self.accept = _conjunction([condition_test(c) for c in rule["where"] if not c.get(OF)])
        self.peer_tests: list[tuple[str, Test]] = [
            (c[OF], condition_test(c)) for c in rule["where"] if c.get(OF)
        ]

    @property
    def needs_peers(self) -> bool:
        return bool(self.peer_tests) or self.function.peer_option is not None

    def applies(self, values: dict[str, Any], peers: Peers) -> bool:
        """Whether every `where` condition holds."""
        if self.accept is not None and not self.accept(values):
            return False
        return not self.peer_tests or self.peers_hold(peers)

    def peers_hold(self, peers: Peers) -> bool:
        """Whether the conditions on other responsibilities hold; one the catalogue lacks does not."""
        for other, test in self.peer_tests:
            peer = peers.get(other)
            if peer is None or not test(peer):
                return False
        return True


class Pending(NamedTuple):
    """A fact that a cross-file rule must see; resolved in file order by `CrossFileRules`."""

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


def _finding(
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


def _split(rules: Iterable[RuleRecord]) -> tuple[list[RuleRecord], list[RuleRecord]]:
    selected = list(rules)
    local = [r for r in selected if not FUNCTIONS[r["then"]["function"]].cross_file]
    cross = [r for r in selected if FUNCTIONS[r["then"]["function"]].cross_file]
    return local, cross


class _Plan:
    """The rules that run on agreements of one catalogue, at their severity there, by fact kind."""

    __slots__ = ("cross", "local", "needs_peers")

    def __init__(self, rules: list[RuleRecord]) -> None:
        local, cross = _split(rules)
        self.local: dict[str, list[_Compiled]] = {}
        for rule in local:
            self.local.setdefault(rule["given"], []).append(_Compiled(rule))
        self.cross: dict[str, list[_Compiled]] = {}
        for rule in cross:
            self.cross.setdefault(rule["given"], []).append(_Compiled(rule))
        compiled = [c for group in (*self.local.values(), *self.cross.values()) for c in group]
        self.needs_peers = any(c.needs_peers for c in compiled)


class Engine:
    """Runs the rules that look at one agreement at a time; safe to run in worker processes.

    Rules whose function compares agreements with each other (`unique`) are not
    evaluated here: their facts come back as `Pending`, for `CrossFileRules`.
    """

    def __init__(
        self, catalogues: Catalogues, rules: Iterable[RuleRecord], composition: Composition | None = None
    ) -> None:
        self.catalogues = catalogues
        self.rules = list(rules)
        self.composition = composition or Composition()
        self._plans: dict[str | None, _Plan] = {}

    def _plan(self, catalogue: str | None) -> _Plan:
        """The rules for agreements of `catalogue` (None: an unknown one), compiled once."""
        plan = self._plans.get(catalogue)
        if plan is None:
            plan = self._plans[catalogue] = _Plan(self.composition.rules_for(self.rules, catalogue))
        return plan

    def evaluate(self, data: AgreementData, path: str) -> tuple[list[Finding], list[Pending]]:
        """Findings of the per-agreement rules, and the facts cross-file rules need."""
        findings: list[Finding] = []
        pending: list[Pending] = []
        catalogue = self.catalogues.find(data.catalogue) if data.catalogue else None
        plan = self._plan(catalogue.ref if catalogue else None)
        agreement = agreement_fact(data, self.catalogues)
        run = _Run(plan, data, path, findings, pending)
        run.kind("agreement", [agreement])
        if "own_party" in plan.local or "own_party" in plan.cross:
            run.kind("own_party", own_party_facts(data, catalogue))
        if catalogue is None:
            return findings, pending
        if catalogue.ref in self.composition.unchecked:
            findings.append(_unchecked(data, path, catalogue.ref))
        if not data.assignments_usable:
            return findings, pending
        responsibilities, assignments, party_refs = assignment_facts(data, catalogue)
        if plan.needs_peers:
            run.peers = {fact.values["id"]: fact.values for fact in responsibilities}
        run.kind("responsibility", responsibilities)
        run.kind("assignment", assignments)
        run.kind("party_ref", party_refs)
        return findings, pending


def _unchecked(data: AgreementData, path: str, ref: str) -> Finding:
    """SRM030: no rule of the policy looks at this catalogue's assignments."""
    message = (
        f"no rule of the policy checks the assignments of catalogue {ref} (none applies to it, or each "
        "is turned off for it), so nothing in this agreement's assignments was checked"
    )
    span = data.document.span("/catalogue")
    return Finding(
        CATALOGUE_UNCHECKED,
        SEVERITY[CATALOGUE_UNCHECKED],
        message,
        path,
        span,
        "/catalogue",
        data.id,
        data.document.index,
    )


class _Run:
    """One agreement's evaluation: its plan, where findings go, and its responsibilities by id."""

    __slots__ = ("data", "findings", "path", "peers", "pending", "plan")

    def __init__(
        self, plan: _Plan, data: AgreementData, path: str, findings: list[Finding], pending: list[Pending]
    ) -> None:
        self.plan = plan
        self.data = data
        self.path = path
        self.findings = findings
        self.pending = pending
        self.peers: Peers = {}

    def kind(self, given: str, facts: list[Fact]) -> None:
        for compiled in self.plan.cross.get(given, ()):
            self.pending.extend(self._pending(compiled, facts))
        for compiled in self.plan.local.get(given, ()):
            self.findings.extend(self._judge(compiled, facts))

    def _pending(self, compiled: _Compiled, facts: list[Fact]) -> Iterable[Pending]:
        """The facts a cross-file rule applies to, to be judged later in file order."""
        rule, name, data = compiled.rule, compiled.field, self.data
        for fact in facts:
            if compiled.applies(fact.values, self.peers):
                pointer, span = fact.location(name)
                value = fact.values.get(name)
                yield Pending(
                    rule["id"],
                    rule["severity"],
                    name,
                    value,
                    fact.values,
                    pointer,
                    span,
                    self.path,
                    data.id,
                    data.document.index,
                )

    def _judge(self, compiled: _Compiled, facts: list[Fact]) -> Iterable[Finding]:
        """The findings of one per-agreement rule over the facts of its kind."""
        name, run, options, accept = compiled.field, compiled.function.run, compiled.options, compiled.accept
        needs_context, peers, path, data = compiled.function.needs_context, self.peers, self.path, self.data
        rule = compiled.rule
        if compiled.peer_tests and not compiled.peers_hold(peers):
            return  # the same for every fact of the agreement
        for fact in facts:
            values = fact.values
            if accept is not None and not accept(values):
                continue
            value = values.get(name)
            context = Context(values, peers=peers, field=name) if needs_context else None
            outcome = run(value, options, context)
            if outcome is not None:
                pointer, span = fact.location(name)
                related = [Related(path, s, m) for s, m in fact.related]
                where = (pointer, span, path, data.id, data.document.index)
                yield _finding(rule, rule["severity"], values, value, outcome, where, related)


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
            findings.append(_finding(rule, item.severity, item.values, item.value, outcome, where, related))
        return findings
