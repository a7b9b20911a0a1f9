"""Evaluate declarative rules over the facts of each agreement, one file at a time.

Which rules run on an agreement, and at which severity, depends on its catalogue (the
policy's `Composition`: rule scopes and overrides); an agreement on a catalogue that no
rule checks gets SRM030 instead of a silent pass. Rules that compare agreements, or that
name fields of the run (the day agreements are judged on, git history), are judged by
`CrossFileRules`, in file order, from the facts a file's check hands over (`Pending`):
a file's own result never depends on other files, the calendar or the repository. The
only state kept across files is what cross-file functions need (the values seen by
`unique`, periods by `no_overlap`), so memory grows with the agreements, not files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from srm_check.core.codes import CATALOGUE_UNCHECKED, SEVERITY
from srm_check.core.finding import Finding, Related
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.compiled import PLACEHOLDER, Compiled, Peers, render, run_fields_named
from srm_check.rules.context import RunContext, today_context
from srm_check.rules.facts import (
    RUN_VALUES,
    Fact,
    agreement_fact,
    approval_facts,
    assignment_facts,
    date_facts,
    own_party_facts,
)
from srm_check.rules.facts.party_ref import Parties
from srm_check.rules.functions import FUNCTIONS, Context
from srm_check.rules.functions.spec import Outcome, waits
from srm_check.rules.scope import Composition
from srm_check.schemas.records import RuleRecord

__all__ = ["PLACEHOLDER", "CrossFileRules", "Engine", "Pending", "render"]

AssignmentFacts = tuple[list[Fact], list[Fact], list[Fact]]
"""The responsibility, assignment and party_ref facts of an agreement."""


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


def _across(rule: RuleRecord) -> bool:
    """Whether a rule is judged across the run: it compares files, or names fields of the run."""
    return FUNCTIONS[rule["then"]["function"]].cross_file or bool(run_fields_named(rule))


def _split(rules: Iterable[RuleRecord]) -> tuple[list[RuleRecord], list[RuleRecord]]:
    selected = list(rules)
    return [r for r in selected if not _across(r)], [r for r in selected if _across(r)]


class _Plan:
    """The rules that run on agreements of one catalogue, at their severity there, by fact kind."""

    __slots__ = ("cross", "local", "needs_peers")

    def __init__(self, rules: list[RuleRecord]) -> None:
        local, cross = _split(rules)
        self.local: dict[str, list[Compiled]] = {}
        for rule in local:
            self.local.setdefault(rule["given"], []).append(Compiled(rule))
        self.cross: dict[str, list[Compiled]] = {}
        for rule in cross:
            self.cross.setdefault(rule["given"], []).append(Compiled(rule))
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

    def _agreement(
        self, data: AgreementData, catalogue: CatalogueIndex | None, facts: AssignmentFacts | None
    ) -> tuple[Fact, list[Fact]]:
        """The agreement's fact, with who holds responsibilities and who approved (for the
        fields of the run), and its approval facts."""
        parties = Parties(data, catalogue) if catalogue is not None and data.lifecycle.approvals else None
        approvals = approval_facts(data, parties)
        holders = None
        if facts is not None:
            holders = Counter(p for f in facts[0] if (p := f.values["party"]) is not None)
        approved = [(f.values["resolved"] or f.values["party"], f.values["date"]) for f in approvals]
        return agreement_fact(data, self.catalogues, holders, approved), approvals

    def evaluate(self, data: AgreementData, path: str) -> tuple[list[Finding], list[Pending]]:
        """Findings of the per-agreement rules, and the facts rules across the run need."""
        findings: list[Finding] = []
        pending: list[Pending] = []
        catalogue = self.catalogues.find(data.catalogue) if data.catalogue else None
        plan = self._plan(catalogue.ref if catalogue else None)
        facts = assignment_facts(data, catalogue) if catalogue and data.assignments_usable else None
        agreement, approvals = self._agreement(data, catalogue, facts)
        run = _Run(plan, data, path, findings, pending)
        run.kind("agreement", [agreement])
        run.kind("date", date_facts(data))
        run.kind("approval", approvals)
        if "own_party" in plan.local or "own_party" in plan.cross:
            run.kind("own_party", own_party_facts(data, catalogue))
        if catalogue is None:
            return findings, pending
        if catalogue.ref in self.composition.unchecked:
            findings.append(_unchecked(data, path, catalogue.ref))
        if facts is None:
            return findings, pending
        responsibilities, assignments, party_refs = facts
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

    def _pending(self, compiled: Compiled, facts: list[Fact]) -> Iterable[Pending]:
        """The facts a rule across the run applies to (as far as the file can tell), to be
        judged later in file order."""
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

    def _judge(self, compiled: Compiled, facts: list[Fact]) -> Iterable[Finding]:
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
    """Judges the rules across the run, in file order: rules that compare agreements (keeping
    only what their functions need) and rules on fields of the run, filled in from `run`.

    A function that cannot decide before more files are seen (`known`) leaves its fact
    waiting: `waiting` says so, each later `resolve` may settle it, and `finish` decides
    what is left once every file is seen. Its findings belong to the waiting fact's file.
    """

    def __init__(self, rules: Iterable[RuleRecord], run: RunContext | None = None) -> None:
        _, across = _split(rules)
        self.run = run if run is not None else today_context()
        self._rules = {r["id"]: Compiled(r) for r in across}
        self._seen: dict[str, dict[Any, Any]] = {r["id"]: {} for r in across}
        self._waiting: list[Pending] = []

    @property
    def waiting(self) -> bool:
        """Whether a fact waits for files not seen yet (its file's findings are not complete)."""
        return bool(self._waiting)

    def resolve(self, pending: list[Pending]) -> list[Finding]:
        """The findings on one file's facts; waiting facts of earlier files that this file
        settles stop waiting (they pass: a failure is only decided by `finish`)."""
        findings = [f for item in pending if (f := self._judge(item)) is not None]
        if self._waiting:
            self._waiting = [item for item in self._waiting if waits(self._settle(item, final=False)[0])]
        return findings

    def finish(self) -> list[Finding]:
        """The findings of the facts still waiting once every file is seen, in file order."""
        waiting, self._waiting = self._waiting, []
        findings = []
        for item in waiting:
            outcome, values, value = self._settle(item, final=True)
            found = (
                None
                if waits(outcome)
                else self._finding(self._rules[item.rule_id], item, values, value, outcome)
            )
            if found is not None:
                findings.append(found)
        return findings

    def _values(self, compiled: Compiled, item: Pending) -> dict[str, Any]:
        if not compiled.run_fields:
            return item.values
        extra = RUN_VALUES[compiled.rule["given"]](item.values, self.run, item.path)
        return {**item.values, **extra}

    def _context(self, item: Pending, values: dict[str, Any]) -> Context:
        location = {"path": item.path, "line": item.span.line, "span": item.span}
        seen = self._seen[item.rule_id]
        return Context(values, seen, location, field=item.field, run=self.run)

    def _judge(self, item: Pending) -> Finding | None:
        compiled = self._rules[item.rule_id]
        values = self._values(compiled, item)
        if compiled.accept_run is not None and not compiled.accept_run(values):
            return None
        value = values.get(item.field)
        context = self._context(item, values) if compiled.function.needs_context else None
        outcome = compiled.function.run(value, compiled.options, context)
        if waits(outcome):
            self._waiting.append(item)
            return None
        return self._finding(compiled, item, values, value, outcome)

    def _settle(self, item: Pending, *, final: bool) -> tuple[Outcome, dict[str, Any], Any]:
        """A waiting fact asked again: its outcome (`wait()` while undecided), values and value."""
        compiled = self._rules[item.rule_id]
        settle = compiled.function.settle
        assert settle is not None
        values = self._values(compiled, item)
        value = values.get(item.field)
        return settle(value, compiled.options, self._context(item, values), final), values, value

    def _finding(
        self, compiled: Compiled, item: Pending, values: dict[str, Any], value: Any, outcome: Outcome
    ) -> Finding | None:
        if outcome is None:
            return None
        related = []
        first = outcome.pop("_related", None)
        message = outcome.pop("_related_message", "first used here")
        if first is not None:
            related.append(Related(first["path"], first["span"], message))
        where = (item.pointer, item.span, item.path, item.agreement, item.document)
        return _finding(compiled.rule, item.severity, values, value, outcome, where, related)
