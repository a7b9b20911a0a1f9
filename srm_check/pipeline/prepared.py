"""A run resolved and validated (`Prepared`, made by `pipeline.run.prepare`), and what the
later steps derive from it; apart from run.py so that the checker, the stream and the cache
can use it without importing the whole of a run's preparation."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from srm_check.core.problem import Problem
from srm_check.core.tuples import NamedTuple
from srm_check.pipeline.discovery import StdinInput, opened
from srm_check.pipeline.selection import Selection, evaluated_rules, rule_index
from srm_check.pipeline.settings import Settings
from srm_check.pipeline.waivers.model import InlineWaivers, Waiver, WaiverSettings
from srm_check.policy.model import Policy
from srm_check.rules.context import AssignmentsChange, History, RunContext


class Prepared(NamedTuple):
    """Everything a run needs, resolved and validated."""

    settings: Settings
    # The files checked, as their paths are shown (display paths), in order: a packed table
    # (core.path_table), since a run keeps it to the end (about 30 bytes a path, not 82).
    shown: Sequence[str]
    policy: Policy
    selection: Selection
    waivers: list[Waiver] | None
    waiver_settings: WaiverSettings
    waivers_path: str | None = None
    # True when PATHS were named (a pre-commit hook, a partial run), not the configured ones.
    partial: bool = False
    # Files named on the command line that the configuration's include/exclude left out.
    excluded: tuple[str, ...] = ()
    # The agreement read from standard input (`check -`), checked after `files`.
    stdin: StdinInput | None = None
    # Paths found but not read (a link out of the tree, a dangling link, a folder not listed).
    skipped: tuple[Problem, ...] = ()
    # Display path -> the path to open, for the few files not opened by their display path.
    sources: dict[str, str] = {}  # noqa: RUF012 - never mutated
    # For a partial run: the repository's other agreement files (the configured paths), whose
    # facts rules comparing agreements see before the named files' (see `context_files`).
    context: tuple[str, ...] = ()
    # The day agreements are judged on (`--on`); None: the day waivers are judged on (`--today`).
    on: date | None = None
    # True when PATHS named agreement files (a pre-commit hook) or standard input, not folders:
    # a reference to an agreement of another file cannot be judged (SRM503).
    named_files: bool = False

    @property
    def files(self) -> list[Path]:
        """The files checked, as paths to open."""
        return [Path(opened(shown, self.sources)) for shown in self.shown]


def inline_settings(prepared: Prepared) -> InlineWaivers | None:
    """How to read inline waivers: only when waivers are in use (not with --no-waivers)."""
    if prepared.waivers is None:
        return None
    index = rule_index(evaluated_rules(prepared.policy.rules))
    forbidden = {index.get(ref, ref) for ref in prepared.settings.forbid_inline_waivers}
    return InlineWaivers(index, frozenset(forbidden))


def run_context(prepared: Prepared) -> RunContext:
    """What the rules across the run are judged with: the day agreements are judged on, git
    history for the files (asked only if a rule needs it), and whether agreement files were
    named rather than folders (references to agreements of other files are not judged)."""
    on = prepared.on or prepared.waiver_settings.today
    return RunContext(on, _History(prepared.waiver_settings.today), prepared.named_files)


class _History:
    """Git history of the run's files (pipeline.history.assignments), its modules imported at
    the first question: most runs never ask one."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.ask: History | None = None

    def __call__(self, path: str, agreement: str | None) -> AssignmentsChange | None:
        if self.ask is None:
            from srm_check.pipeline.history.assignments import assignment_history

            self.ask = assignment_history(self.today)
        return self.ask(path, agreement)
