"""The rules across the run, as a run holds them: compiled and judged (`rules.judge`) only once a
file's facts must be judged or remembered. A run whose verdicts across the run are all replayed
from the result cache's memo never needs them, nor the engine's modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from srm_check.rules.context import RunContext, today_context

if TYPE_CHECKING:
    from srm_check.core.finding import Finding
    from srm_check.rules.judge import Judge
    from srm_check.rules.pending import Pending
    from srm_check.schemas.records import RuleRecord


class CrossFileRules:
    """Judges the rules across the run, in file order: rules that compare agreements (keeping
    only what their functions need) and rules on fields of the run, filled in from `run`.

    A function that cannot decide before more files are seen (`known`) leaves its fact
    waiting: `waiting` says so, each later `resolve` may settle it, and `finish` decides
    what is left once every file is seen. Its findings belong to the waiting fact's file.
    """

    def __init__(self, rules: Iterable[RuleRecord], run: RunContext | None = None) -> None:
        self.rules = list(rules)
        self.run = run if run is not None else today_context()
        self._judge: Judge | None = None

    @property
    def judge(self) -> Judge:
        """The rules compiled, at the first question only they can answer."""
        judge = self._judge
        if judge is None:
            from srm_check.rules.judge import Judge

            judge = self._judge = Judge(self.rules, self.run)
        return judge

    @property
    def active(self) -> bool:
        """Whether any rule is judged across the run (else there is nothing to resolve)."""
        return self.judge.active

    @property
    def comparing(self) -> frozenset[str]:
        """The rules that compare agreements: the only ones whose facts a context file gives."""
        return self.judge.comparing

    @property
    def waiting(self) -> bool:
        """Whether a fact waits for files not seen yet (its file's findings are not complete):
        never before a fact was judged."""
        return self._judge is not None and self._judge.waiting

    def replayable(self, pending: list[Pending]) -> bool:
        """Whether the verdicts on these facts depend only on them, the day judged and the facts
        judged before them (not on git history), so that a memo of them may replay them."""
        return self.judge.replayable(pending)

    def resolve(self, pending: list[Pending]) -> list[Finding]:
        """The findings on one file's facts; waiting facts of earlier files that this file
        settles stop waiting (they pass: a failure is only decided by `finish`)."""
        return self.judge.resolve(pending)

    def remember(self, pending: list[Pending]) -> None:
        """What the rules that compare agreements remember of the facts of a file that is only
        context of the run, as `resolve` leaves it, without judging them."""
        self.judge.remember(pending)

    def finish(self) -> list[Finding]:
        """The findings of the facts still waiting once every file is seen, in file order (none
        when no fact was judged)."""
        return [] if self._judge is None else self._judge.finish()
