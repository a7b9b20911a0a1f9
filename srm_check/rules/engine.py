"""Evaluate declarative rules over the facts of each agreement, one file at a time.

Which rules run on an agreement, and at which severity, depends on its catalogue (the
policy's `Composition`: rule scopes and overrides); an agreement on a catalogue that no
rule checks gets SRM030 instead of a silent pass. Rules are compiled per catalogue and fact
kind (`rules.plan`): a fact is read only for the fields its rules test, and its values,
locations and message are built only when a rule fails on it. The only state kept across
files is what cross-file functions need (the values seen by `unique`), so memory grows
with the number of agreement ids, not files.
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
from srm_check.rules.facts import subjects_of
from srm_check.rules.functions import FUNCTIONS, Context
from srm_check.rules.plan import Compiled, KindPlan, Peers, Plan, split
from srm_check.rules.scope import ASSIGNMENT_KINDS, Composition
from srm_check.schemas.records import RuleRecord

__all__ = ["CrossFileRules", "Engine", "Pending", "render"]

# A `{field}` in a rule's message template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


class Pending(NamedTuple):
    """A fact that a cross-file rule must see; resolved in file order by `CrossFileRules`.

    `values` holds only what the rule's message and function read from the fact, so that
    little travels back from a worker or into the cache."""

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
        self._plans: dict[str | None, Plan] = {}
        cross = [Compiled(rule) for rule in split(self.rules)[1]]
        # Whether the facts cross-file rules read come from the assignments (not only from the
        # agreement's own keys), so that a file read only for them must be read whole.
        self.cross_reads_assignments = any(
            c.rule["given"] in ASSIGNMENT_KINDS or c.needs_peers for c in cross
        )

    def _plan(self, catalogue: str | None) -> Plan:
        """The rules for agreements of `catalogue` (None: an unknown one), compiled once."""
        plan = self._plans.get(catalogue)
        if plan is None:
            plan = self._plans[catalogue] = Plan(self.composition.rules_for(self.rules, catalogue))
        return plan

    def evaluate(
        self, data: AgreementData, path: str, *, cross_only: bool = False
    ) -> tuple[list[Finding], list[Pending]]:
        """Findings of the per-agreement rules, and the facts cross-file rules need.

        `cross_only` skips the per-agreement rules: only what cross-file rules need is read
        (for files that are context of a run, not checked by it)."""
        findings: list[Finding] = []
        pending: list[Pending] = []
        catalogue = self.catalogues.find(data.catalogue) if data.catalogue else None
        plan = self._plan(catalogue.ref if catalogue else None)
        kinds = plan.cross_kinds if cross_only else plan.kinds
        subjects = subjects_of(data, catalogue, self.catalogues, kinds)
        run = _Run(data, path, findings, pending)
        if plan.needs_peers and "responsibility" in subjects:
            run.peers = plan.peers(subjects["responsibility"])
        for kind, found in subjects.items():
            kind_plan = plan.by_kind.get(kind)
            if kind_plan is None or not found:
                continue
            if kind_plan.cross:
                run.pending_of(kind_plan, found)
            if kind_plan.local and not cross_only:
                run.judge(kind_plan, found)
        if catalogue is not None and catalogue.ref in self.composition.unchecked and not cross_only:
            findings.append(_unchecked(data, path, catalogue.ref))
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
    """One agreement's evaluation: where findings go, and its responsibilities by id."""

    __slots__ = ("data", "findings", "path", "peers", "pending")

    def __init__(
        self, data: AgreementData, path: str, findings: list[Finding], pending: list[Pending]
    ) -> None:
        self.data = data
        self.path = path
        self.findings = findings
        self.pending = pending
        self.peers: Peers = {}

    def judge(self, kind: KindPlan, subjects: list[Any]) -> None:
        """The findings of the per-agreement rules of one kind over its subjects."""
        for subject, failures in kind.failures(subjects, self.peers):
            self.fail(kind, subject, failures)

    def fail(self, kind: KindPlan, subject: Any, failures: list[tuple[Compiled, dict[str, Any]]]) -> None:
        """Findings for the rules that failed on one subject: its values, places and message, now."""
        values = kind.values(subject)
        path, data = self.path, self.data
        related = [Related(path, span, message) for span, message in subject._related()]
        for compiled, outcome in failures:
            name = compiled.field
            pointer, span = subject._location(name)
            where = (pointer, span, path, data.id, data.document.index)
            rule = compiled.rule
            self.findings.append(
                _finding(rule, rule["severity"], values, values.get(name), outcome, where, related)
            )

    def pending_of(self, kind: KindPlan, subjects: list[Any]) -> None:
        """The facts a cross-file rule applies to, to be judged later in file order."""
        data, peers = self.data, self.peers
        for subject in subjects:
            for compiled in kind.cross:
                view = kind.view(subject, compiled.carried)
                if not compiled.applies(view, peers):
                    continue
                name = compiled.field
                pointer, span = subject._location(name)
                rule = compiled.rule
                self.pending.append(
                    Pending(
                        rule["id"],
                        rule["severity"],
                        name,
                        view.get(name),
                        {key: view.get(key) for key in compiled.carried},
                        pointer,
                        span,
                        self.path,
                        data.id,
                        data.document.index,
                    )
                )


class CrossFileRules:
    """Evaluates the rules that compare agreements, in file order, keeping only their values."""

    def __init__(self, rules: Iterable[RuleRecord]) -> None:
        _, cross = split(rules)
        self._rules = {r["id"]: r for r in cross}
        self._seen: dict[str, dict[Any, dict[str, Any]]] = {r["id"]: {} for r in cross}

    @property
    def active(self) -> bool:
        """Whether any rule compares agreements (else there is nothing to resolve)."""
        return bool(self._rules)

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
