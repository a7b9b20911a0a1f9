"""The rules across the run, compiled and judged (`rules.crossfile.CrossFileRules` builds this at
the first file whose facts it needs: a run whose verdicts are all replayed never compiles them).

Rules that compare agreements, or that name fields of the run (the day agreements are judged
on, git history), are judged in file order from the facts a file's check hands over
(`Pending`). The only state kept across files is what cross-file functions need (the values
seen by `unique`, periods by `no_overlap`), so memory grows with the agreements, not files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srm_check.core.finding import Finding, Related
from srm_check.core.span import Span
from srm_check.rules.context import RunContext
from srm_check.rules.facts import RUN_HISTORY, RUN_VALUES
from srm_check.rules.functions import Context
from srm_check.rules.functions.memory import Store
from srm_check.rules.functions.spec import Location, Outcome, waits
from srm_check.rules.messages import finding_on
from srm_check.rules.pending import Pending
from srm_check.rules.plan import Compiled, split
from srm_check.schemas.records import RuleRecord

_new = tuple.__new__  # a NamedTuple made without its Python-level __new__, for each fact's context


class Judge:
    """Judges the rules across the run, in file order: rules that compare agreements (keeping
    only what their functions need) and rules on fields of the run, filled in from `run`.

    A function that cannot decide before more files are seen (`known`) leaves its fact
    waiting: `waiting` says so, each later `resolve` may settle it, and `finish` decides
    what is left once every file is seen. Its findings belong to the waiting fact's file.
    """

    def __init__(self, rules: Iterable[RuleRecord], run: RunContext) -> None:
        _, across = split(rules)
        self.run = run
        self._rules = {r["id"]: Compiled(r) for r in across}
        store = Store()  # what every rule remembers, packed once for all (functions/memory.py)
        self._seen: dict[str, Any] = {
            key: {} if (memory := c.function.memory) is None else memory(store)
            for key, c in self._rules.items()
        }
        # Rules whose verdicts read git history: not the same on every run of the same files.
        self._history = {k for k, c in self._rules.items() if c.run_fields and c.rule["given"] in RUN_HISTORY}
        # For `remember`, by rule comparing agreements: its function, options, whether it names
        # fields of the run, its test on them (if any) and memory (None: it needs no context).
        self._remembers = {
            key: (
                c.function.run,
                c.options,
                bool(c.run_fields),
                c.accept_run,
                self._seen[key] if c.needs_context else None,
            )
            for key, c in self._rules.items()
            if c.function.cross_file
        }
        self._waiting: list[Pending] = []
        self._place: Location | None = None  # the last fact's place, for its other rules
        self._span: Span | None = None  # ... and the span it was made from

    @property
    def active(self) -> bool:
        """Whether any rule is judged across the run (else there is nothing to resolve)."""
        return bool(self._rules)

    @property
    def comparing(self) -> frozenset[str]:
        """The rules that compare agreements: the only ones whose facts a context file gives."""
        return frozenset(key for key, c in self._rules.items() if c.function.cross_file)

    @property
    def waiting(self) -> bool:
        """Whether a fact waits for files not seen yet (its file's findings are not complete)."""
        return bool(self._waiting)

    def replayable(self, pending: list[Pending]) -> bool:
        """Whether the verdicts on these facts depend only on them, the day judged and the facts
        judged before them (not on git history), so that a memo of them may replay them."""
        history = self._history
        return not history or not any(item.rule_id in history for item in pending)

    def resolve(self, pending: list[Pending]) -> list[Finding]:
        """The findings on one file's facts; waiting facts of earlier files that this file
        settles stop waiting (they pass: a failure is only decided by `finish`)."""
        findings = [f for item in pending if (f := self._judge(item)) is not None]
        if self._waiting:
            self._waiting = [item for item in self._waiting if waits(self._settle(item, final=False)[0])]
        return findings

    def remember(self, pending: list[Pending]) -> None:
        """What the rules that compare agreements remember of the facts of a file that is only
        context of the run, as `resolve` leaves it, without judging them: the context's own
        findings are never reported, and a context fact left waiting is forgotten anyway."""
        get, run = self._remembers.get, self.run
        place, last = self._place, self._span
        for item in pending:
            rule = get(item.rule_id)
            if rule is None:
                continue
            function, options, run_fields, accept, seen = rule
            values = self._values(self._rules[item.rule_id], item) if run_fields else item.values
            if accept is not None and not accept(values):
                continue
            context = None
            if seen is not None:  # `_location` and `_context`, inlined: this runs for every fact
                span = item.span
                if place is None or span != last or item.path != place.path:
                    place, last = Location.at(item.path, span), span
                context = _new(Context, (values, seen, place, None, item.field, run))
            function(values.get(item.field), options, context)
        self._place, self._span = place, last

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
        extra = RUN_VALUES[compiled.rule["given"]](item.values, self.run, item.path, compiled.run_fields)
        return {**item.values, **extra}

    def _location(self, item: Pending) -> Location:
        """Where the fact is: one record for the rules of a fact that test the same field (they
        come one after another), kept by whichever function remembers it."""
        place, span = self._place, item.span
        if place is None or span != self._span or item.path != place.path:
            place = self._place = Location.at(item.path, span)
            self._span = span
        return place

    def _context(self, item: Pending, values: dict[str, Any]) -> Context:
        seen = self._seen[item.rule_id]
        return _new(Context, (values, seen, self._location(item), None, item.field, self.run))

    def _judge(self, item: Pending) -> Finding | None:
        compiled = self._rules[item.rule_id]
        values = self._values(compiled, item) if compiled.run_fields else item.values
        accept = compiled.accept_run
        if accept is not None and not accept(values):
            return None
        value = values.get(item.field)
        function = compiled.function
        context = self._context(item, values) if function.needs_context else None
        outcome = function.run(value, compiled.options, context)
        if outcome is None:
            return None
        if function.settle is not None and waits(outcome):  # only a function that settles waits
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
            related.append(Related(first.path, first.span, message))
        where = (item.pointer, item.span, item.path, item.agreement, item.document)
        return finding_on(compiled.rule, item.severity, values, value, outcome, where, related)
