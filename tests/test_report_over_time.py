"""The audit report over time: `report --since REV` adds "Changes since REV" (the words and
JSON of `srm-check diff`), `report --on DATE` describes the agreements in force that day and
says so, and every agreement's approvals are shown, in Markdown, HTML and JSON.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from history_repo import DEFAULT_SPLIT, MOVED_BACK, PATH, build, commit
from third_party import validate_html

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

APPROVED = MOVED_BACK.replace(
    "effective: 2026-01-01\n",
    "effective: 2026-01-01\n"
    "review_by: 2026-12-31\n"
    "approvals:\n"
    "  - {party: 2i2c, name: Ada Lovelace, role: partnerships lead, date: 2026-03-10}\n"
    "  - {party: community, name: Grace Hopper, role: hub champion, date: 2026-03-11}\n",
)
LATER = (
    DEFAULT_SPLIT.replace("agreement: lakeside", "agreement: lakeside-2027")
    .replace("effective: 2026-01-01", "effective: 2027-01-01")
    .replace("community: Lakeside Ocean Lab", "community: Lakeside Ocean Lab (renewal)")
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """history_repo's three commits, then approvals added in the work tree, and a later agreement."""
    root = tmp_path / "lab"
    commits = build(root)
    (root / PATH).write_text(APPROVED, "utf-8")
    (root / "agreements" / "lakeside-2027.yaml").write_text(LATER, "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return commits


def test_changes_since_rev_in_markdown_and_html(repo: list[str], tmp_path: Path) -> None:
    first = repo[0]
    run = run_cli(["report", "agreements", "--since", first])
    assert run.exit_code in (0, 1), run.stderr
    section = run.stdout.split("## Changes since ", 1)[1].split("\n## ", 1)[0]
    assert section.startswith(first)
    assert (
        "- moves #13 Communicate with cloud provider from 2i2c to community (towards the community; "
        "off its default, 2i2c); cost -200 USD/month"
    ) in section
    assert "#3 General user support" not in section  # moved and moved back: no change since
    assert "**Cost change of these agreements: -200 USD/month**" in section
    assert "agreement added" in section  # the renewal, not in git yet
    html = tmp_path / "report.html"
    assert run_cli(["report", "agreements", "--since", first, "-o", str(html)]).exit_code in (0, 1)
    page = html.read_text("utf-8")
    assert '<a href="#changes">Changes since' in page and '<section id="changes"' in page
    assert validate_html([html]) == []


def test_the_json_report_carries_the_diff_of_srm_check_diff(repo: list[str]) -> None:
    report = json.loads(run_cli(["report", "agreements", "--since", repo[0], "--format", "json"]).stdout)
    diff = json.loads(run_cli(["diff", "agreements", "--rev", repo[0], "--format", "json"]).stdout)
    # The same change of the tracked file, in the same JSON; the report also has the new file.
    tracked = [a for a in report["changes"]["agreements"] if a["path"] == PATH]
    assert tracked == [a for a in diff["agreements"] if a["path"] == PATH] and tracked[0]["moves"]
    assert [a["change"] for a in report["changes"]["agreements"] if a["path"] != PATH] == ["added"]
    plain = json.loads(run_cli(["report", "agreements", "--format", "json"]).stdout)
    assert plain["changes"] is None and plain["in_force_on"] is None


def test_a_revision_git_does_not_know_is_exit_2_and_no_report(repo: list[str], tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    run = run_cli(["report", "agreements", "--since", "no-such-tag", "-o", str(out)])
    assert run.exit_code == 2
    assert "--since no-such-tag:" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_on_a_day_the_report_describes_and_says_the_agreements_in_force(repo: list[str]) -> None:
    run = run_cli(["report", "agreements", "--on", "2026-06-30"])
    assert "This report describes the agreements in force on 2026-06-30" in run.stdout
    assert "### lakeside\n" in run.stdout and "### lakeside-2027" not in run.stdout
    assert "the report describes the 1 agreement in force on 2026-06-30 (1 of 2" in run.stderr
    later = run_cli(["report", "agreements", "--on", "2027-06-30", "--format", "json"])
    data = json.loads(later.stdout)
    assert data["in_force_on"] == "2027-06-30"
    assert [a["id"] for a in data["agreements"]] == ["lakeside-2027", "lakeside"]  # by path


def test_approvals_are_shown_per_agreement(repo: list[str], tmp_path: Path) -> None:
    markdown = run_cli(["report", "agreements"]).stdout
    assert (
        "Review by 2026-12-31, approved by 2i2c (Ada Lovelace, partnerships lead) on 2026-03-10; "
        "community (Grace Hopper, hub champion) on 2026-03-11."
    ) in markdown
    data = json.loads(run_cli(["report", "agreements", "--format", "json"]).stdout)
    lakeside = next(a for a in data["agreements"] if a["id"] == "lakeside")
    assert lakeside["review_by"] == "2026-12-31" and lakeside["approvals_recorded"] is True
    assert lakeside["approvals"][1] == {
        "party": "community",
        "name": "Grace Hopper",
        "role": "hub champion",
        "date": "2026-03-11",
    }
    renewal = next(a for a in data["agreements"] if a["id"] == "lakeside-2027")
    assert renewal["approvals"] == [] and renewal["approvals_recorded"] is False
    html = tmp_path / "r.html"
    run_cli(["report", "agreements", "-o", str(html)])
    assert '<p class="lifecycle">Review by 2026-12-31, approved by 2i2c (Ada Lovelace' in html.read_text(
        "utf-8"
    )


def test_text_from_git_and_agreements_stays_text_in_the_changes(repo: list[str], tmp_path: Path) -> None:
    hostile = APPROVED.replace("community: Lakeside Ocean Lab", "community: '<script>x</script> **b**'")
    commit(tmp_path / "lab", {PATH: hostile}, "<img src=x>", "2026-04-01T00:00:00+00:00")
    html = tmp_path / "r.html"
    run_cli(["report", "agreements", "--since", repo[0], "-o", str(html)])
    page = html.read_text("utf-8")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    markdown = run_cli(["report", "agreements", "--since", repo[0]]).stdout
    assert "<script>" not in markdown and "\\*\\*b\\*\\*" in markdown
