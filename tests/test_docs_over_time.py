"""The examples of docs/history.md, of "Agreements over time" in docs/agreements.md and of
`report --on` in docs/reports.md are real output: each is run again here (on the scratch
repository of tests/history_repo.py, and on tests/fixtures/lifecycle copied to agreements/) and
compared, line for line.

A `...` line in an example stands for the rest of that command's output.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli
from history_repo import build

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def examples(document: str, kind: str) -> dict[str, list[tuple[str, list[str]]]]:
    """Per example name, its commands and the lines each printed."""
    text = (ROOT / "docs" / document).read_text("utf-8")
    found: dict[str, list[tuple[str, list[str]]]] = {}
    pattern = rf"<!-- {kind}:([\w-]+) -->\n```console\n(.*?)```\n<!-- /{kind}:\1 -->"
    for name, body in re.findall(pattern, text, re.S):
        runs: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                runs.append((line[2:], []))
            else:
                runs[-1][1].append(line)
        found[name] = runs
    return found


def _compare(command: str, expected: list[str], cwd: Path) -> None:
    argv = shlex.split(command)
    if argv[0] != "srm-check":
        return  # a shell command shown for context (git clone, cd): the test does it itself
    run = run_cli(argv[1:])
    printed = (run.stdout + run.stderr).splitlines()
    if "..." in expected:
        cut = expected.index("...")
        assert printed[:cut] == expected[:cut], command
    else:
        assert printed == expected, command


HISTORY = examples("history.md", "history-example")
LIFECYCLE = examples("agreements.md", "lifecycle-example")


REPORT = examples("reports.md", "report-example")


def test_the_examples_are_found() -> None:
    assert sorted(HISTORY) == ["diff", "history", "history-markdown", "history-since", "shallow"]
    assert sorted(LIFECYCLE) == ["expired", "overlap", "unapproved"]
    assert sorted(REPORT) == ["on"]


def test_the_report_on_example_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "lifecycle", tmp_path / "agreements")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    [(command, expected)] = REPORT["on"]
    _compare(command, expected, tmp_path)
    assert (tmp_path / "in-force-2026-06-30.html").is_file()


@needs_git
@pytest.mark.parametrize("name", sorted(HISTORY))
def test_history_examples_are_real_output(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "lakeside"
    build(repo)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    if name == "shallow":
        subprocess.run(
            ["git", "clone", "-q", "--depth", "2", repo.as_uri(), str(tmp_path / "shallow")], check=True
        )
        repo = tmp_path / "shallow"
    monkeypatch.chdir(repo)
    for command, expected in HISTORY[name]:
        _compare(command.split(" && ")[0], expected, repo)


def _no_end(folder: Path) -> None:
    path = folder / "lakeside-2025.yaml"
    path.write_text(path.read_text("utf-8").replace("end: 2025-12-31\n", ""), "utf-8")


def _community_unapproved(folder: Path) -> None:
    path = folder / "lakeside-2026.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if "community-leadership, name:" not in line), "utf-8")


SCENARIOS: dict[str, Callable[[Path], None]] = {
    "expired": lambda _folder: None,
    "overlap": _no_end,
    "unapproved": _community_unapproved,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_lifecycle_examples_are_real_output(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(FIXTURES / "lifecycle", folder)
    SCENARIOS[name](folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for command, expected in LIFECYCLE[name]:
        _compare(command, expected, tmp_path)


def test_the_policy_that_requires_approvals_works_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule of docs/agreements.md that asks every agreement in force to record approvals."""
    text = (ROOT / "docs" / "agreements.md").read_text("utf-8")
    [rule] = re.findall(r"```yaml\n# my-policy/rules/approvals-required.yaml\n(.*?)```", text, re.S)
    (tmp_path / "my-policy" / "rules").mkdir(parents=True)
    (tmp_path / "my-policy" / "rules" / "approvals-required.yaml").write_text(rule, "utf-8")
    shutil.copytree(FIXTURES / "lifecycle", tmp_path / "agreements")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert run_cli(["validate-policy", "my-policy"]).exit_code == 0
    run = run_cli(["check", "--policy", "my-policy", "--on", "2026-06-30", "--select", "ORG001"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == (
        "agreements/harbour.yaml:2:1: warning [ORG001] agreement 'harbour-teaching' is in force on "
        "2026-06-30 but records no approvals"
    )
    # lakeside-2025 ended, and lakeside-2026 records its approvals: only harbour is found.
    assert "[ORG001]" not in "\n".join(run.stdout.splitlines()[1:])


def test_the_ci_step_shown_is_the_workflows_own() -> None:
    """docs/history.md shows the step of .github/workflows/srm-check.yml as it is."""
    text = (ROOT / "docs" / "history.md").read_text("utf-8")
    [step] = re.findall(r"```yaml\n(      - name: Write the pull request's changes.*?)```", text, re.S)
    assert step in (ROOT / ".github" / "workflows" / "srm-check.yml").read_text("utf-8")
