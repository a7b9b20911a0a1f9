"""Evaluate declarative rules over the facts of each agreement, one file at a time.

Which rules run on an agreement, and at which severity, depends on its catalogue (the
policy's `Composition`: rule scopes and overrides); an agreement on a catalogue that no
rule checks gets SRM030 instead of a silent pass. Rules are compiled per catalogue and fact
kind (`rules.plan`): a fact is read only for the fields its rules test, and its values,
locations and message are built only when a rule fails on it. Rules that compare agreements,
or that name fields of the run (the day agreements are judged on, git history), are judged
by `CrossFileRules` (rules/crossfile.py, rules/judge.py), in file order, from the facts a
file's check hands over (`Pending`): a file's own result never depends on other files, the
calendar or the repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from srm_check.core.codes import CATALOGUE_UNCHECKED, SEVERITY
from srm_check.core.finding import Finding, Related
from srm_check.core.span import Span
from srm_check.rules.blocks import Replay
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.crossfile import CrossFileRules
from srm_check.rules.facts import subjects_of
from srm_check.rules.facts.assignment import Rebuilt, position
from srm_check.rules.messages import PLACEHOLDER, finding_on, render
from srm_check.rules.pending import Pending
from srm_check.rules.plan import Compiled, Failures, KindPlan, Peers, Plan, split
from srm_check.rules.scope import ASSIGNMENT_KINDS, Composition
from srm_check.schemas.records import RuleRecord

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData

__all__ = ["PLACEHOLDER", "CrossFileRules", "Engine", "Pending", "render"]


_new = tuple.__new__  # a NamedTuple made without its Python-level __new__, for each pending fact


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
            c.rule["given"] in ASSIGNMENT_KINDS or c.needs_peers or "_holders" in c.carried for c in cross
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
        kinds, block, replay = plan.kinds_for(data, known=catalogue is not None, cross_only=cross_only)
        subjects = subjects_of(data, catalogue, self.catalogues, kinds)
        run = _Run(data, path, findings, pending)
        if plan.needs_peers and "responsibility" in subjects:
            run.peers = plan.peers(subjects["responsibility"])
        if block is not None:
            run.found = []
        handed = run.kinds(plan, subjects, cross_only)
        if replay and catalogue is not None:
            run.replay(plan, replay, Rebuilt(data, catalogue))
        if block is not None and not handed:
            plan.blocks.add(block, tuple(run.found or ()))
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
    """One agreement's evaluation: where findings go, and its responsibilities by id; with
    `found`, where the findings on an assignment block's facts are recorded, to replay."""

    __slots__ = ("data", "findings", "found", "path", "peers", "pending")

    def __init__(
        self, data: AgreementData, path: str, findings: list[Finding], pending: list[Pending]
    ) -> None:
        self.data = data
        self.path = path
        self.findings = findings
        self.pending = pending
        self.peers: Peers = {}
        self.found: list[tuple[str, Any, Failures]] | None = None

    def kinds(self, plan: Plan, subjects: dict[str, list[Any]], cross_only: bool) -> int:
        """Judge each kind's subjects (or hand them on, for rules across the run); how many
        pending facts the assignment kinds handed on."""
        pending = self.pending
        handed = 0
        for kind, found in subjects.items():
            kind_plan = plan.by_kind.get(kind)
            if kind_plan is None or not found:
                continue
            if kind_plan.cross:
                before = len(pending)
                self.pending_of(kind_plan, found)
                if kind in ASSIGNMENT_KINDS:
                    handed += len(pending) - before
            if kind_plan.local and not cross_only:
                self.judge(kind_plan, found, kind)
        return handed

    def judge(self, kind: KindPlan, subjects: list[Any], name: str) -> None:
        """The findings of the per-agreement rules of one kind (`name`) over its subjects; for
        an assignment block's kinds, recorded in `found` when it is being remembered."""
        recorded = self.found if name in ASSIGNMENT_KINDS else None
        for subject, failures in kind.failures(subjects, self.peers):
            if recorded is not None:
                recorded.append((name, position(name, subjects, subject, self.data), failures))
            self.fail(kind, subject, failures)

    def replay(self, plan: Plan, replay: Replay, rebuilt: Rebuilt) -> None:
        """The findings of a block known to have them, on its facts built again from this
        agreement: the same rules fail with the same outcomes; places and messages are its own."""
        for name, at, failures in replay:
            self.fail(plan.by_kind[name], rebuilt.subject(name, at), failures)

    def fail(self, kind: KindPlan, subject: Any, failures: list[tuple[Compiled, dict[str, Any]]]) -> None:
        """Findings for the rules that failed on one subject: its values, places and message, now."""
        values: dict[str, Any] = {}  # only what the messages name: `did_you_mean` costs a search
        getters = kind.getters
        for compiled, _ in failures:
            for name in compiled.shown:
                if name not in values and name in getters:
                    values[name] = getters[name](subject)
        path, data = self.path, self.data
        related = [Related(path, span, message) for span, message in subject._related()]
        for compiled, outcome in failures:
            name = compiled.field
            pointer, span = subject._location(name)
            where = (pointer, span, path, data.id, data.document.index)
            rule = compiled.rule
            self.findings.append(
                finding_on(rule, rule["severity"], values, values.get(name), outcome, where, related)
            )

    def pending_of(self, kind: KindPlan, subjects: list[Any]) -> None:
        """The facts a rule across the run applies to (as far as the file can tell), to be
        judged later in file order; what they carry is read only for those, and each field of
        a subject once, whichever rules carry it."""
        data, peers, getters, append = self.data, self.peers, kind.getters, self.pending.append
        path, agreement, document = self.path, data.id, data.document.index
        for subject in subjects:
            read: dict[str, Any] = {}
            carries: dict[tuple[str, ...], dict[str, Any]] = {}  # one dict for rules carrying alike
            places: dict[str, tuple[str, Span]] = {}  # rules on one field point at one place
            for compiled in kind.cross:
                # The conditions read only the fields they test: the others in `read` are not seen.
                if compiled.conditional:
                    for name in compiled.tested:
                        if name not in read:
                            read[name] = getters[name](subject)
                    if not compiled.applies(read, peers):
                        continue
                values = carries.get(compiled.carried)
                if values is None:
                    for name in compiled.carried:
                        if name not in read:
                            read[name] = getters[name](subject)
                    values = carries[compiled.carried] = {key: read[key] for key in compiled.carried}
                name = compiled.field
                place = places.get(name)
                if place is None:
                    place = places[name] = subject._location(name)
                rule = compiled.rule
                pointer, span = place
                item = (rule["id"], rule["severity"], name, values.get(name), values, pointer, span)
                append(_new(Pending, (*item, path, agreement, document)))
