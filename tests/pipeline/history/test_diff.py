"""`changes_since`: what a run's agreement files changed since a revision, up to the work tree as
it is now (the "changes since REV" a report will show), and the error when git cannot say."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from history_repo import DEFAULT_SPLIT, PATH, build

from srm_check.core.money import Total
from srm_check.pipeline.history import HistoryError
from srm_check.pipeline.history.diff import changes_since
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir
from srm_check.rules.catalogue import Catalogues

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CATALOGUES: Catalogues = load_policy([default_policy_dir()]).catalogues


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    root = tmp_path / "lab"
    commits = build(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root, commits


def test_changes_since_a_revision_up_to_the_work_tree(lab: tuple[Path, list[str]]) -> None:
    root, (add, _move, _back) = lab
    diff = changes_since("HEAD~2", [root / PATH], CATALOGUES)
    assert (diff.old, diff.new) == (f"HEAD~2 ({add[:7]})", "the work tree")
    [change] = diff.changes
    assert (change.agreement, change.kind) == ("lakeside", "changed")
    assert [(m.number, m.old, m.new) for m in change.moves] == [(13, "2i2c", "community")]
    assert diff.cost_change == [Total("USD", "month", Decimal(-200), 1)]


def test_changes_not_committed_yet_count(lab: tuple[Path, list[str]]) -> None:
    root, _ = lab
    (root / PATH).write_text(DEFAULT_SPLIT, "utf-8")
    assert changes_since("HEAD~2", [root / PATH], CATALOGUES).changes == []
    [change] = changes_since("HEAD", [root / PATH], CATALOGUES).changes
    assert [(m.number, m.old, m.new) for m in change.moves] == [(13, "community", "2i2c")]


def test_a_revision_git_does_not_know_is_a_history_error(lab: tuple[Path, list[str]]) -> None:
    root, _ = lab
    with pytest.raises(HistoryError, match=r"revision 'v9\.9' is not in this repository"):
        changes_since("v9.9", [root / PATH], CATALOGUES)
