"""Reading git for history: the log parsed by position (so that no path, author or subject can
pass for structure), contents read with their size checked first, and revisions named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from history_repo import commit, git

from srm_check.pipeline.history import HistoryError
from srm_check.pipeline.history import repo as repo_module
from srm_check.pipeline.history.repo import TOO_LARGE, Repository, parse_log

A, B, C = "a" * 40, "b" * 40, "c" * 40
ZERO = "0" * 40


def _header(sha: str, parents: str, author: str, date: str, subject: str) -> str:
    return f"\x01{sha}\0{parents}\0{author}\0{date}\0{subject}\0"


def test_parse_log_by_position() -> None:
    output = (
        _header(A, "", "Ada", "2026-01-05T10:00:00+00:00", "Add: a subject with \x01, ':' and newlines? no")
        + f"\n:000000 100644 {ZERO} {B} A\0agreements/x.yaml\0"
        + _header(B, A, "Eve \x01 :100644", "2026-02-01T00:00:00+00:00", ":100644 100644 looks like a change")
        + f"\n:100644 100644 {B} {C} R087\0agreements/x.yaml\0\x01odd name.yaml\0"
        + f":100644 000000 {C} {ZERO} D\0:starts with a colon.yaml\0"
        + _header(C, f"{A} {B}", "Merger", "2026-03-01T00:00:00+00:00", "")
    )
    first, second, merge = parse_log(output)
    assert (first.info.sha, first.parents, first.info.author) == (A, (), "Ada")
    assert [(c.status, c.old_path, c.new_path, c.old_blob, c.new_blob) for c in first.changes] == [
        ("A", None, "agreements/x.yaml", None, B)
    ]
    assert second.info.author == "Eve \x01 :100644" and second.info.subject.startswith(":100644")
    assert [(c.status, c.old_path, c.new_path) for c in second.changes] == [
        ("R", "agreements/x.yaml", "\x01odd name.yaml"),
        ("D", ":starts with a colon.yaml", None),
    ]
    assert merge.parents == (A, B) and merge.changes == [] and merge.info.short == C[:7]
    assert merge.info.day == "2026-03-01"


def test_parse_log_of_nothing() -> None:
    assert list(parse_log("")) == []


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repository:
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, {"a.yaml": "small: 1\n", "big.yaml": "x" * 5000}, "first", "2026-01-01T00:00:00+00:00")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return Repository.at(root)


@needs_git
def test_blobs_over_the_size_limit_are_not_read(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = repo.tree("HEAD", [""])
    assert sorted(tree) == ["a.yaml", "big.yaml"]
    monkeypatch.setattr(repo_module, "MAX_FILE_BYTES", 1000)
    contents = repo.blobs([tree["a.yaml"], tree["big.yaml"], "d" * 40])
    assert contents == {tree["a.yaml"]: b"small: 1\n", tree["big.yaml"]: TOO_LARGE}  # a missing id: absent


@needs_git
def test_revisions(repo: Repository) -> None:
    assert repo.resolve("HEAD") == git(repo.root, "rev-parse", "HEAD")
    for bad, reason in [
        ("-n1", "'-n1' is not a revision"),
        ("", "'' is not a revision"),
        ("v2", "revision 'v2' is not in this repository"),
    ]:
        with pytest.raises(HistoryError, match=reason):
            repo.resolve(bad)
    assert repo.shallow is False and repo.shallow_commits() == frozenset()
    assert repo.relative(repo.root / "a.yaml") == "a.yaml" and repo.relative(Path("/")) is None


def test_a_folder_outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(HistoryError, match="is not in a git repository"):
        Repository.at(tmp_path)
