"""When an agreement's assignments last changed, from git: for rules on stale approvals.

Asked lazily, once per agreement, only when a rule needs it (an approval to judge): a run
without such rules never starts git. The work tree counts first (assignments changed and
not committed yet: changed today), then the file's log, newest commit first, following
renames: the newest commit in which the agreement's assignments differ from the version
before it. The commit that adds an agreement is no change (approvals may well predate the
commit of what they approved). No git, no repository, an untracked file, no change since
the agreement was added, or a shallow clone whose history stops before the change: None,
and the rule finds nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srm_check.rules.context import AssignmentsChange, History

if TYPE_CHECKING:
    from srm_check.pipeline.history.repo import LoggedCommit, Repository

# Commits whose versions of the file are read from git at a time, newest first.
STEP = 20
_UNSET: Any = object()


def _assignments(content: bytes | None, agreement: str | None) -> Any:
    """The `assignments` value of agreement `agreement` in one version of a file (_UNSET when
    the version does not hold it)."""
    if content is None:
        return _UNSET
    from srm_check.source.reader import load_data

    source = load_data(content, "")
    for doc in source.documents:
        value = doc.value
        if isinstance(value, dict) and (agreement is None or value.get("agreement") == agreement):
            return value.get("assignments")
    return _UNSET


class AssignmentHistory:
    """The History of a run: (file as shown, agreement id) -> its last assignments change."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._repos: dict[Path, Repository | None] = {}
        self._found: dict[tuple[str, str | None], AssignmentsChange | None] = {}

    def __call__(self, path: str, agreement: str | None) -> AssignmentsChange | None:
        key = (path, agreement)
        if key not in self._found:
            from srm_check.pipeline.history import HistoryError

            try:
                self._found[key] = self._find(Path(path), agreement)
            except HistoryError:
                self._found[key] = None
        return self._found[key]

    def _repository(self, folder: Path) -> Repository | None:
        from srm_check.pipeline.history import HistoryError
        from srm_check.pipeline.history.repo import Repository

        if folder not in self._repos:
            try:
                self._repos[folder] = Repository.at(folder)
            except HistoryError:
                self._repos[folder] = None
        return self._repos[folder]

    def _find(self, file: Path, agreement: str | None) -> AssignmentsChange | None:
        from srm_check.source.reader import read_bytes

        repo = self._repository(file.resolve().parent)
        rel = repo.relative(file) if repo is not None else None
        if repo is None or rel is None:
            return None
        committed = repo.tree("HEAD", [rel]).get(rel) if _has_head(repo) else None
        if committed is None:
            return None  # not committed: git knows nothing of it yet
        now = _assignments(read_bytes(file)[0], agreement)
        head = _assignments(repo.blobs([committed]).get(committed), agreement)
        if now is not _UNSET and now != head:
            return AssignmentsChange(self.today, None)
        return _last_change(repo, rel, agreement)


def _has_head(repo: Repository) -> bool:
    code, _, _ = repo.call(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
    return code == 0


def _last_change(repo: Repository, rel: str, agreement: str | None) -> AssignmentsChange | None:
    """The newest commit that changed the agreement's assignments in the file's log."""
    from srm_check.pipeline.history.repo import parse_log

    commits = list(parse_log(repo.log(["HEAD"], [rel], newest_first=True)))
    boundary = repo.shallow_commits() if repo.shallow else frozenset()
    for start in range(0, len(commits), STEP):
        batch = commits[start : start + STEP]
        contents = repo.blobs(b for c in batch for ch in c.changes for b in (ch.old_blob, ch.new_blob) if b)
        for commit in batch:
            if commit.info.sha in boundary:
                return None  # its parent is not in this clone: what it changed is unknown
            found = _changed_in(commit, contents, agreement)
            if found is not None:
                return found
    return None


def _changed_in(
    commit: LoggedCommit, contents: dict[str, bytes], agreement: str | None
) -> AssignmentsChange | None:
    for change in commit.changes:
        old = _assignments(contents.get(change.old_blob) if change.old_blob else None, agreement)
        new = _assignments(contents.get(change.new_blob) if change.new_blob else None, agreement)
        if old is not _UNSET and new is not _UNSET and old != new:
            return AssignmentsChange(date.fromisoformat(commit.info.date[:10]), commit.info.short)
    return None


def assignment_history(today: date) -> History:
    """The run's source of assignment changes (nothing is asked of git until a rule needs it)."""
    return AssignmentHistory(today)
