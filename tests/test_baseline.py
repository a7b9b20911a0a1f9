"""Baselines: record today's findings, then fail only on new ones; lines may move."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import AGREEMENTS, run_cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two agreements, one with two findings (a missing cost note and an unknown party)."""
    target = tmp_path / "project" / "agreements"
    target.mkdir(parents=True)
    shutil.copy(AGREEMENTS / "cascadia-climate-collective.yaml", target / "a.yaml")
    text = (AGREEMENTS / "riverbend-community-college.yaml").read_text()
    text = text.replace("  guide-2i2c: 2i2c", "  guide-2i2c: community")
    text = text.replace("  monitor-for-incidents: 2i2c", "  monitor-for-incidents: 2ic2")
    (target / "b.yaml").write_text(text)
    monkeypatch.chdir(target.parent)
    return target.parent


def test_write_then_check_against_the_baseline(project: Path) -> None:
    before = run_cli(["check", "-f", "json"])
    assert before.exit_code == 1
    count = len(json.loads(before.stdout)["findings"])
    assert count >= 2
    written = run_cli(["check", "--write-baseline", "baseline.json"])
    assert written.exit_code == 0
    assert f"recorded {count} findings in the baseline" in written.stderr
    data = json.loads((project / "baseline.json").read_text())
    assert data["version"] == 1
    assert len(data["findings"]) == count
    assert {"SRM201", "SRM104"} <= {f["rule_id"] for f in data["findings"]}
    assert all("line" not in f for f in data["findings"])
    again = run_cli(["check", "--baseline", "baseline.json"])
    assert again.exit_code == 0
    assert f"{count} in the baseline" in again.stdout


def test_baseline_survives_inserted_lines(project: Path) -> None:
    run_cli(["check", "--write-baseline", "baseline.json"])
    b = project / "agreements" / "b.yaml"
    b.write_text("# moved down\n\n# by comments\n\n" + b.read_text())
    moved = run_cli(["check", "--baseline", "baseline.json", "-f", "json"])
    assert moved.exit_code == 0
    states = {f["rule_id"]: f["baseline"] for f in json.loads(moved.stdout)["findings"]}
    assert set(states.values()) == {"unchanged"}


def test_new_finding_fails_and_fixed_ones_are_reported(project: Path) -> None:
    run_cli(["check", "--write-baseline", "baseline.json"])
    b = project / "agreements" / "b.yaml"
    text = b.read_text().replace("monitor-for-incidents: 2ic2", "monitor-for-incidents: 2i2c")
    text = text.replace("  escalate-to-2i2c: 2i2c", "  escalate-to-2i2c: community")
    b.write_text(text)
    run = run_cli(["check", "--baseline", "baseline.json", "-f", "json"])
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    new = [f for f in data["findings"] if f["baseline"] == "new" and f["severity"] == "error"]
    assert [f["pointer"] for f in new] == ["/assignments/escalate-to-2i2c"]
    assert [a["rule_id"] for a in data["baseline_absent"]] == ["SRM104"]
    text_run = run_cli(["check", "--baseline", "baseline.json"])
    assert "Fixed since the baseline (1):" in text_run.stdout


def test_sarif_baseline_state(project: Path) -> None:
    run_cli(["check", "--write-baseline", "baseline.json"])
    b = project / "agreements" / "b.yaml"
    b.write_text(b.read_text().replace("monitor-for-incidents: 2ic2", "monitor-for-incidents: 2i2c"))
    run_cli(["check", "--baseline", "baseline.json", "--report", "sarif=out.sarif"])
    sarif_run = json.loads((project / "out.sarif").read_text())["runs"][0]
    states = sorted(
        (r["ruleId"], r["baselineState"]) for r in sarif_run["results"] if r["ruleId"] != "SRM401"
    )
    # A fixed finding is not a result (GitHub would show it as an open alert, without a line):
    # the run's properties list it.
    assert states == [("SRM201", "unchanged")]
    fixed = sarif_run["properties"]["fixedSinceBaseline"]
    assert [(f["ruleId"], f["uri"], f["pointer"]) for f in fixed] == [
        ("SRM104", "agreements/b.yaml", "/assignments/monitor-for-incidents")
    ]
    assert all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in sarif_run["results"]
    )


def test_a_baseline_written_before_numbered_fingerprints_still_matches(project: Path) -> None:
    """Baselines of earlier versions hold the plain hash; it is the first of its fingerprint."""
    run_cli(["check", "--write-baseline", "baseline.json"])
    path = project / "baseline.json"
    data = json.loads(path.read_text())
    assert all(f["fingerprint"].endswith(":1") for f in data["findings"])
    for entry in data["findings"]:
        entry["fingerprint"] = entry["fingerprint"].rsplit(":", 1)[0]
    path.write_text(json.dumps(data))
    again = run_cli(["check", "--baseline", "baseline.json", "-f", "json"])
    assert again.exit_code == 0
    assert {f["baseline"] for f in json.loads(again.stdout)["findings"]} == {"unchanged"}


@pytest.mark.parametrize("text", ["not json", '{"version": 9}', '{"version": 1, "findings": [{}]}'])
def test_bad_baseline_is_a_usage_error(project: Path, text: str) -> None:
    (project / "baseline.json").write_text(text)
    run = run_cli(["check", "--baseline", "baseline.json"])
    assert run.exit_code == 2
    assert "baseline.json" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_missing_baseline_says_so_once_with_its_id(project: Path) -> None:
    run = run_cli(["check", "--baseline", "nope.json"])
    assert run.exit_code == 2 and run.stdout == ""
    assert (
        run.stderr
        == "nope.json:1:1: baseline file not found [SRM013]\nsrm-check: error: the baseline cannot be used\n"
    )


def test_a_baseline_that_cannot_be_written_is_a_usage_error(project: Path) -> None:
    (project / "blocker").write_text("a file, not a folder\n")
    run = run_cli(["check", "--write-baseline", "blocker/baseline.json"])
    assert run.exit_code == 2 and "cannot write" in run.stderr and "Traceback" not in run.stderr
