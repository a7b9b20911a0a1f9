"""Inline waivers: a `# srm-check: waive ...` comment in an agreement, with the same rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

PILOT = FIXTURES / "inline_waivers" / "pilot.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "agreements").mkdir()
    shutil.copy(PILOT, tmp_path / "agreements" / "pilot.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args: str) -> tuple[int, list[dict[str, object]]]:
    run = run_cli(["check", "-f", "json", *args])
    return run.exit_code, json.loads(run.stdout)["findings"]


def edit(project: Path, old: str, new: str) -> None:
    path = project / "agreements" / "pilot.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_trailing_and_preceding_comments_waive_their_line(project: Path) -> None:
    code, found = findings("--today", "2026-05-01")
    assert code == 0
    waived = {(f["rule_id"], f["line"]): f["waiver"] for f in found if f["waived"]}
    assert set(waived) == {("SRM201", 16), ("SRM201", 18)}
    trailing = waived[("SRM201", 16)]
    assert isinstance(trailing, dict)
    assert trailing["path"] == "agreements/pilot.yaml" and trailing["line"] == 16
    assert (trailing["owner"], trailing["expires"], trailing["ticket"]) == (
        "ana@example.org",
        "2026-06-30",
        "FIN-7",
    )


def test_expiry_applies_as_in_the_waivers_file(project: Path) -> None:
    code, found = findings("--today", "2026-07-01")
    assert code == 1
    expired = [f for f in found if f["rule_id"] == "SRM020"]
    assert sorted(f["line"] for f in expired) == [16, 17]
    failing = [f for f in found if f["rule_id"] == "SRM201"]
    assert all("expired on 2026-06-30" in str(f["message"]) for f in failing)
    soon = [f for f in findings("--today", "2026-06-15")[1] if f["rule_id"] == "SRM021"]
    assert len(soon) == 2


def test_unused_inline_waiver(project: Path) -> None:
    edit(project, "  manage-data: community  #", "  manage-data: 2i2c  #")
    code, found = findings("--today", "2026-05-01")
    assert code == 0
    [unused] = [f for f in found if f["rule_id"] == "SRM022"]
    assert unused["line"] == 16


@pytest.mark.parametrize(
    ("comment", "needle"),
    [
        ("waive SRM201 owner=a expires=2026-06-30", "missing reason"),
        ('waive SRM201 owner=a expires=2026-13-01 reason="r r"', "not a real date"),
        ('waive NOPE owner=a expires=2026-06-30 reason="r r"', "unknown rule 'NOPE'"),
        ('waive SRM201 owner=a expires=2026-06-30 reason="r r" colour=red', "unknown field(s) colour"),
        ('waive SRM201 owner=a reason="unclosed', "No closing quotation"),
        ("ignore SRM201", "expected `# srm-check: waive RULE"),
    ],
)
def test_malformed_inline_waiver_is_a_located_finding(project: Path, comment: str, needle: str) -> None:
    original = PILOT.read_text().splitlines()[15]
    edit(project, original[original.index("# srm-check:") :], f"# srm-check: {comment}")
    code, found = findings("--today", "2026-05-01")
    assert code == 1
    [bad] = [f for f in found if f["rule_id"] == "SRM024"]
    assert (bad["line"], bad["column"]) == (16, 27)
    assert needle in str(bad["message"])
    assert not [f for f in found if f["rule_id"] == "SRM201" and f["line"] == 16 and f["waived"]]


@pytest.mark.parametrize("forbidden", ["[SRM201]", "[deviation-cost-note]", "['*']"])
def test_configuration_forbids_inline_waivers(project: Path, forbidden: str) -> None:
    (project / ".srm-check.yaml").write_text(f"forbid-inline-waivers: {forbidden}\n")
    code, found = findings("--today", "2026-05-01")
    assert code == 1
    assert sorted(f["line"] for f in found if f["rule_id"] == "SRM025") == [16, 17]
    assert not [f for f in found if f["waived"]]


def test_unknown_rule_in_forbid_list_is_a_config_error(project: Path) -> None:
    (project / ".srm-check.yaml").write_text("forbid-inline-waivers: [NOPE]\n")
    run = run_cli(["check"])
    assert run.exit_code == 2 and "forbid-inline-waivers: unknown rule 'NOPE'" in run.stderr


def test_no_waivers_ignores_inline_ones(project: Path) -> None:
    code, found = findings("--today", "2026-05-01", "--no-waivers")
    assert code == 1
    assert not [f for f in found if f["waived"] or str(f["rule_id"]).startswith("SRM02")]


def test_inline_waivers_in_sarif_junit_and_report(project: Path) -> None:
    run_cli(["check", "--today", "2026-05-01", "--report", "sarif=o.sarif", "--report", "junit=o.xml"])
    results = json.loads((project / "o.sarif").read_text())["runs"][0]["results"]
    assert sum(1 for r in results if r.get("suppressions")) == 2
    assert "<skipped" in (project / "o.xml").read_text()
    register = json.loads(run_cli(["report", "--today", "2026-05-01", "-f", "json"]).stdout)["waivers"]
    rows = [(w["line"], w["inline"], w["status"]) for w in register]
    assert rows == [(16, True, "active"), (17, True, "active")]


def test_same_result_with_worker_processes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        shutil.copy(PILOT, project / "agreements" / f"copy{n}.yaml")
    # A pool for four files: one file per worker allowed, and two CPUs, whatever the machine.
    monkeypatch.setattr("srm_check.pipeline.sizing.FILES_PER_WORKER", 1)
    monkeypatch.setattr("srm_check.pipeline.sizing.usable_cpus", lambda: 2)
    serial = run_cli(["check", "-f", "json", "--today", "2026-05-01", "--jobs", "1"]).stdout
    parallel = run_cli(["check", "-f", "json", "--today", "2026-05-01", "--jobs", "2"]).stdout
    assert serial == parallel
    assert json.loads(parallel)["summary"]["waived"] == 8
