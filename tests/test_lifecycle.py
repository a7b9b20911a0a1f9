"""Agreements over time, end to end: `--on` and `--today` in `check` and `report`, the
lifecycle of each agreement on a day (for the report), the rules across files in any order
and in partial runs, and approvals judged against git history (a real repository)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from history_repo import commit, git

from srm_check.pipeline.lifecycle import ENDED, IN_FORCE, NOT_YET, PAST_EXPIRY, in_force_on, lifecycles
from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Settings

LIFECYCLE = FIXTURES / "lifecycle"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _rules(run_text: str) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in run_text.splitlines() if "] " in line]


@pytest.mark.parametrize(
    ("args", "rules"),
    [
        (["--on", "2026-06-30"], []),
        (["--on", "2027-02-01"], ["SRM502", "SRM505"]),  # expired, and the review overdue
        (["--today", "2027-02-01"], ["SRM502", "SRM505"]),  # --on is --today unless given
        (["--today", "2027-02-01", "--on", "2026-06-30"], []),
        (["--on", "2025-06-30"], []),  # the renewal is not in force yet: nothing is missing
    ],
)
def test_on_is_the_day_agreements_are_judged(args: list[str], rules: list[str]) -> None:
    run = run_cli(["check", str(LIFECYCLE), *args])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert _rules(run.stdout) == rules


def test_on_must_be_a_real_date() -> None:
    run = run_cli(["check", str(LIFECYCLE), "--on", "2026-02-30"])
    assert run.exit_code == 2 and "--on '2026-02-30': no such day in the calendar" in run.stderr
    run = run_cli(["check", str(LIFECYCLE), "--on", "30/02/2026"])
    assert run.exit_code == 2 and "--on '30/02/2026': expected a date written YYYY-MM-DD" in run.stderr


def _report(*args: str) -> dict[str, object]:
    run = run_cli(["report", str(LIFECYCLE), "--format", "json", *args])
    assert run.exit_code == 0, run.stderr
    data: dict[str, object] = json.loads(run.stdout)
    return data


def _described(data: dict[str, object]) -> list[str]:
    return [a["id"] for a in data["agreements"]]  # type: ignore[index, union-attr]


def test_report_on_describes_the_agreements_in_force_that_day() -> None:
    assert _described(_report()) == ["harbour-teaching", "lakeside-2025", "lakeside-2026"]
    assert _described(_report("--on", "2025-06-30")) == ["lakeside-2025"]
    assert _described(_report("--on", "2026-06-30")) == ["harbour-teaching", "lakeside-2026"]
    assert _described(_report("--on", "2026-03-01")) == ["lakeside-2026"]


def test_report_on_says_which_agreements_it_describes() -> None:
    run = run_cli(["report", str(LIFECYCLE), "--format", "json", "--on", "2020-01-01"])
    assert run.exit_code == 0 and _described(json.loads(run.stdout)) == []
    assert run.stderr == (
        "srm-check: the report describes the 0 agreements in force on 2020-01-01 "
        "(3 of 3 not in force that day left out)\n"
    )
    run = run_cli(["report", str(LIFECYCLE), "--format", "json", "--on", "2026-03-01"])
    assert "describes the 1 agreement in force on 2026-03-01 (2 of 3 not in force" in run.stderr


def _run(on: date) -> list:  # type: ignore[type-arg]
    settings = Settings.from_values({}, {}, base=LIFECYCLE)
    prepared = prepare(settings, paths=[LIFECYCLE], use_waivers=False, today=on)
    return lifecycles(execute(prepared, keep_agreements=True), on)


def test_lifecycle_of_each_agreement_on_a_day() -> None:
    harbour, first, renewal = _run(date(2026, 3, 1))
    assert (harbour.agreement, harbour.status, harbour.hubs) == ("harbour-teaching", NOT_YET, ("teaching",))
    assert (first.status, first.superseded_by, first.end) == (ENDED, ("lakeside-2026",), "2025-12-31")
    assert (renewal.status, renewal.supersedes, renewal.unapproved) == (IN_FORCE, "lakeside-2025", None)
    assert [(a.party, a.name, a.role, a.date) for a in renewal.approvals] == [
        ("2i2c", "Jordan Rivera", "Partnerships Lead", "2025-12-10"),
        ("community-leadership", "Sam Okafor", "Hub Champion", "2025-12-12"),
    ]
    # It records no approvals (so SRM602 does not judge it), but who would have to approve is known.
    assert (harbour.approvals_recorded, harbour.approvals) == (False, ())
    assert harbour.unapproved == "community (6 responsibilities), 2i2c (14 responsibilities)"
    later = _run(date(2027, 2, 1))[2]
    assert (later.status, later.review_overdue) == (PAST_EXPIRY, True)
    before = _run(date(2025, 12, 11))[2]
    assert before.status == NOT_YET and before.unapproved == "community (6 responsibilities)"


def test_in_force_on_keeps_files_that_cannot_be_judged(tmp_path: Path) -> None:
    for name in ("lakeside-2025.yaml", "harbour.yaml"):
        shutil.copy2(LIFECYCLE / name, tmp_path / name)
    (tmp_path / "broken.yaml").write_text("agreement: [unclosed\n", "utf-8")
    settings = Settings.from_values({}, {}, base=tmp_path)
    prepared = prepare(settings, paths=[tmp_path], use_waivers=False, today=date(2026, 6, 30))
    run = in_force_on(execute(prepared, keep_agreements=True), date(2026, 6, 30))
    assert [(f.path.rsplit("/", 1)[-1], f.documents) for f in run.files] == [
        ("broken.yaml", 0),
        ("harbour.yaml", 1),
    ]
    assert run.exit_code == 1  # the file that cannot be read still fails the report


def test_supersedes_is_judged_on_folders_not_on_named_files(tmp_path: Path) -> None:
    shutil.copy2(LIFECYCLE / "lakeside-2026.yaml", tmp_path / "a-lakeside-2026.yaml")
    folder = run_cli(["check", str(tmp_path), "--on", "2026-06-30"])
    assert _rules(folder.stdout) == ["SRM503"], folder.stdout
    assert "supersedes 'lakeside-2025', which is not an agreement checked in this run" in folder.stdout
    named = run_cli(["check", str(tmp_path / "a-lakeside-2026.yaml"), "--on", "2026-06-30"])
    assert _rules(named.stdout) == []  # a pre-commit hook names files: the other may exist
    shutil.copy2(LIFECYCLE / "lakeside-2025.yaml", tmp_path / "z-lakeside-2025.yaml")  # checked after it
    assert _rules(run_cli(["check", str(tmp_path), "--on", "2026-06-30"]).stdout) == []


def test_overlap_is_reported_on_the_later_file_with_the_earlier_one_related(tmp_path: Path) -> None:
    shutil.copy2(LIFECYCLE / "lakeside-2026.yaml", tmp_path / "a.yaml")
    text = (LIFECYCLE / "lakeside-2025.yaml").read_text("utf-8").replace("end: 2025-12-31\n", "")
    (tmp_path / "b.yaml").write_text(text, "utf-8")
    sarif_path = tmp_path.parent / "out.sarif"
    run = run_cli(["check", str(tmp_path), "--on", "2026-06-30", "--report", f"sarif={sarif_path}"])
    assert run.exit_code == 1
    assert _rules(run.stdout) == ["SRM501", "SRM502"]  # b has no end: in force past its expiry too
    [result] = [
        r for r in json.loads(sarif_path.read_text())["runs"][0]["results"] if r["ruleId"] == "SRM501"
    ]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("b.yaml")
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("a.yaml")
    assert related["message"]["text"] == "In force on the same days."


# --- approvals and git history ------------------------------------------------------------

APPROVED = (LIFECYCLE / "lakeside-2026.yaml").read_text("utf-8")


@pytest.fixture
def approved_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """An agreement approved on 2025-12-10/12, whose assignments changed on 2026-02-01."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, {"agreements/lakeside.yaml": APPROVED}, "Add", "2025-12-01T00:00:00+00:00")
    note = "{text: The lab keeps its data., amount: -100, currency: USD, period: month}"
    moved = APPROVED.replace(
        "  manage-data: 2i2c\n", f"  manage-data:\n    party: community\n    cost_note: {note}\n"
    )
    change = commit(root, {"agreements/lakeside.yaml": moved}, "Move data", "2026-02-01T00:00:00+00:00")
    described = moved.replace(
        "community: Lakeside Ocean Lab\n",
        "community: Lakeside Ocean Lab\ndescription: A comment-like change.\n",
    )
    commit(root, {"agreements/lakeside.yaml": described}, "Describe", "2026-03-01T00:00:00+00:00")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root, change


def _stale(args: list[str]) -> list[str]:
    run = run_cli(["check", *args, "--on", "2026-06-30", "--select", "SRM603"])
    return [line for line in run.stdout.splitlines() if "[SRM603]" in line]


@needs_git
def test_approvals_older_than_the_last_change_to_the_assignments(approved_repo: tuple[Path, str]) -> None:
    root, change = approved_repo
    found = _stale([])
    assert len(found) == 2
    assert found[0].endswith(
        f"warning [SRM603] the approval of 2i2c by Jordan Rivera on 2025-12-10 is older than the last "
        f"change to the assignments (commit {change[:7]}, 2026-02-01); ask 2i2c to approve the "
        "agreement again"
    )
    # A change not committed yet is the latest: it is today's.
    path = root / "agreements" / "lakeside.yaml"
    path.write_text(path.read_text("utf-8").replace("  use-hub: community\n", "  use-hub: 2i2c\n"), "utf-8")
    run = run_cli(["check", "--today", "2026-07-01", "--on", "2026-06-30", "--select", "SRM603"])
    assert "(the work tree (not committed), 2026-07-01)" in run.stdout


@needs_git
def test_approvals_are_not_judged_without_history(
    approved_repo: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = approved_repo
    untracked = root / "agreements" / "new.yaml"
    untracked.write_text(
        APPROVED.replace("agreement: lakeside-2026", "agreement: new").replace(
            "Lakeside Ocean Lab", "New Lab"
        ),
        "utf-8",
    )
    assert [line for line in _stale([]) if "new.yaml" in line] == []  # not committed: git knows nothing
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", root.as_uri(), str(clone)], check=True)
    monkeypatch.chdir(clone)
    assert _stale([]) == []  # the change is before the shallow clone's history
    outside = tmp_path / "outside"
    shutil.copytree(root / "agreements", outside / "agreements")
    monkeypatch.chdir(outside)
    assert _stale([]) == []


@needs_git
def test_the_history_of_assignments_is_not_asked_for_when_no_rule_needs_it(
    approved_repo: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    from srm_check.pipeline.history import repo

    original = repo.Repository.at
    monkeypatch.setattr(
        repo.Repository, "at", classmethod(lambda cls, *a, **k: calls.append(a) or original(*a, **k))
    )
    run_cli(["check", "--ignore", "SRM603"])
    assert calls == []
    run_cli(["check"])
    assert calls
