"""The evidence behind a report: hashes of every input, the policy and the git state.

Git is asked in throwaway repositories made in tmp_path; the tests that need git skip
when it is not installed (the absent-git case is tested by hiding it from PATH).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import AGREEMENTS, ROOT, run_cli

from srm_check.report import provenance
from srm_check.report.provenance import ProvenanceError, generation_time

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _report(folder: Path) -> dict[str, Any]:
    output = folder.parent / f"{folder.name}-report.json"
    run = run_cli(["report", str(folder), "--format", "json", "-o", str(output)])
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(output.read_text("utf-8"))
    return data["provenance"]


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of agreements/ outside any git repository, as the working folder."""
    shutil.copytree(AGREEMENTS, tmp_path / "agreements")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    # Git looks no further up than tmp_path itself (where some tests make a repository).
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    return tmp_path


def test_hashes_of_inputs_catalogue_and_rules(outside: Path) -> None:
    prov = _report(outside / "agreements")
    inputs = {f["path"]: f["sha256"] for f in prov["inputs"]}
    expected = {f"agreements/{p.name}": _sha(p) for p in sorted((outside / "agreements").glob("*.yaml"))}
    assert inputs == expected
    catalogues = prov["policy"]["catalogues"]
    assert [(c["id"], c["version"]) for c in catalogues] == [
        ("2i2c-srm-areas", "late-2022"),
        ("2i2c-srm", "2022"),
    ]
    for catalogue in catalogues:
        assert catalogue["sha256"] == _sha(ROOT / "policies" / catalogue["path"])
    rule_files = prov["policy"]["rule_files"]
    assert [r["path"] for r in rule_files] == [
        f"rules/{p.name}" for p in sorted((ROOT / "policies" / "rules").glob("*.yaml"))
    ]
    for rule_file in rule_files:
        assert rule_file["sha256"] == _sha(ROOT / "policies" / rule_file["path"])
    lines = "".join(f"{r['sha256']}  {r['path']}\n" for r in rule_files)
    assert prov["policy"]["rules_sha256"] == hashlib.sha256(lines.encode()).hexdigest()
    assert prov["policy"]["folders"] == ["the policy shipped with srm-check"]


def test_not_in_a_git_repository(outside: Path) -> None:
    prov = _report(outside / "agreements")
    assert prov["git"] is None
    assert prov["git_note"] == "not in a git repository"


def test_git_not_installed_is_said_not_fatal(outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = outside / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    prov = _report(outside / "agreements")
    assert prov["git"] is None
    assert prov["git_note"] == "not in a git repository (git is not installed)"


def test_a_git_that_hangs_is_given_up_on(outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name != "posix":
        pytest.skip("the stand-in git is a shell script")
    bin_dir = outside / "slow-bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    fake.write_text("#!/bin/sh\nsleep 10\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(provenance, "GIT_TIMEOUT_SECONDS", 0.3)
    prov = _report(outside / "agreements")
    assert prov["git"] is None
    assert prov["git_note"] == "not in a git repository (git did not answer within 0.3 s)"


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
    }
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip()


@needs_git
def test_commit_and_clean_tree_inside_a_repository(outside: Path) -> None:
    repo = outside
    _git(repo, "init", "-q")
    _git(repo, "add", "agreements")
    _git(repo, "commit", "-q", "-m", "agreements")
    prov = _report(repo / "agreements")
    assert prov["git"] == {
        "commit": _git(repo, "rev-parse", "HEAD"),
        "dirty": False,
        "uncommitted_inputs": [],
    }
    assert prov["git_note"].endswith("(clean work tree)")


@needs_git
def test_dirty_tree_and_inputs_not_as_committed(outside: Path) -> None:
    repo = outside
    _git(repo, "init", "-q")
    _git(repo, "add", "agreements")
    _git(repo, "commit", "-q", "-m", "agreements")
    prov = _report(repo / "agreements")
    assert prov["git"]["dirty"] is False and prov["git"]["uncommitted_inputs"] == []
    assert "clean work tree" in prov["git_note"]
    # An untracked file that is not an input leaves the tree clean for the report.
    (repo / "notes.txt").write_text("scratch\n", "utf-8")
    assert _report(repo / "agreements")["git"]["dirty"] is False
    # An untracked agreement is an input that is not in the commit: the tree is dirty for the
    # report (`git describe --dirty` would not say so), and the input is listed.
    extra = repo / "agreements" / "zz-new.yaml"
    text = (repo / "agreements" / "cascadia-climate-collective.yaml").read_text("utf-8")
    text = text.replace("community: Cascadia Climate Collective", "community: ZZ New")  # no overlap
    extra.write_text(text.replace("agreement: cascadia-climate-collective", "agreement: zz-new"), "utf-8")
    prov = _report(repo / "agreements")
    assert prov["git"]["dirty"] is True
    assert prov["git"]["uncommitted_inputs"] == ["agreements/zz-new.yaml"]
    assert "with uncommitted changes" in prov["git_note"] and "clean work tree" not in prov["git_note"]
    # A modified tracked agreement makes the tree dirty.
    edited = repo / "agreements" / "riverbend-community-college.yaml"
    edited.write_text(edited.read_text("utf-8") + "\n# edited\n", "utf-8")
    prov = _report(repo / "agreements")
    assert prov["git"]["dirty"] is True
    assert prov["git"]["uncommitted_inputs"] == [
        "agreements/riverbend-community-college.yaml",
        "agreements/zz-new.yaml",
    ]
    assert "with uncommitted changes" in prov["git_note"]


@needs_git
def test_repository_without_commits(outside: Path) -> None:
    _git(outside, "init", "-q")
    prov = _report(outside / "agreements")
    assert prov["git"]["commit"] is None
    assert prov["git_note"].startswith("no commit yet")


def test_generation_time_from_source_date_epoch() -> None:
    assert generation_time({"SOURCE_DATE_EPOCH": "1767225600"}) == (
        "2026-01-01T00:00:00Z",
        "SOURCE_DATE_EPOCH",
    )
    assert generation_time({"SOURCE_DATE_EPOCH": "0"}) == ("1970-01-01T00:00:00Z", "SOURCE_DATE_EPOCH")
    for bad in ("-1", "1.5", "soon", "99999999999999999999"):
        with pytest.raises(ProvenanceError):
            generation_time({"SOURCE_DATE_EPOCH": bad})
    stamp, source = generation_time({})
    assert source == "clock" and stamp.endswith("Z")


@needs_git
def test_git_runs_no_command_from_a_hostile_checkout(outside: Path) -> None:
    """`report` asks git about the repository; nothing its .git/config names may run."""
    repo = outside
    (repo / ".gitattributes").write_text("*.yaml filter=evil diff=evil\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "agreements")
    ran = repo.parent / "ran"
    hooks = repo.parent / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "pre-commit", "post-checkout"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {ran}-hook\n", encoding="utf-8")
        (hooks / hook).chmod(0o755)
    for key, command in [
        ("core.fsmonitor", f"touch {ran}-fsmonitor; false"),
        ("core.hooksPath", str(hooks)),
        ("filter.evil.clean", f"touch {ran}-clean; cat"),
        ("filter.evil.smudge", f"touch {ran}-smudge; cat"),
        ("filter.evil.process", f"touch {ran}-process"),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", f"touch {ran}-textconv; cat"),
        ("diff.external", f"touch {ran}-external"),
        ("core.pager", f"touch {ran}-pager; cat"),
    ]:
        _git(repo, "config", key, command)
    agreement = repo / "agreements" / "cascadia-climate-collective.yaml"
    agreement.write_text(agreement.read_text("utf-8") + "# edited\n", encoding="utf-8")  # stat info changes
    prov = _report(repo / "agreements")
    assert sorted(p.name for p in repo.parent.glob("ran-*")) == []
    assert prov["git"]["commit"] is not None
    assert prov["git"]["uncommitted_inputs"] == ["agreements/cascadia-climate-collective.yaml"]


def test_an_input_replaced_by_a_fifo_is_not_hashed(tmp_path: Path) -> None:
    """Opened without blocking: a FIFO in place of an agreement cannot hang the report."""
    os.mkfifo(tmp_path / "a.yaml")
    assert provenance.file_sha256(tmp_path / "a.yaml") is None
    (tmp_path / "b.yaml").write_bytes(b"agreement: b\n")
    assert provenance.file_sha256(tmp_path / "b.yaml") == hashlib.sha256(b"agreement: b\n").hexdigest()
