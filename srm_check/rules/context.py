"""What a run knows beyond its files: the day agreements are judged on, git history, partiality.

Facts built from a file alone are the same on every run; fields that depend on the day
(`in_force`, `expired`) or on git (`stale`) are filled in from this context when rules
are judged across the run (`engine.CrossFileRules`), so that a file's own result never
depends on the calendar or the repository.
"""

from collections.abc import Callable
from datetime import date

from srm_check.core.tuples import NamedTuple


class AssignmentsChange(NamedTuple):
    """The last change to an agreement's assignments that git knows of.

    `commit` is the abbreviated commit id, or None for a change in the work tree that is
    not committed yet."""

    day: date
    commit: str | None


History = Callable[[str, "str | None"], "AssignmentsChange | None"]
"""(file path as shown, agreement id) -> the last change to that agreement's assignments, or
None when history cannot say (no git, a shallow clone that stops before it, an untracked file)."""


class RunContext(NamedTuple):
    """The day agreements are judged on (`--on`), git history if any, and whether the run
    checks only some of the agreements (agreement files named, as a pre-commit hook does:
    references to agreements of other files cannot be judged)."""

    on: date
    history: History | None = None
    partial: bool = False


def today_context() -> RunContext:
    """The context of a run that says nothing else: judged today, no history, every file."""
    return RunContext(date.today())
