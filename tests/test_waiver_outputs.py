"""Waived findings are visible in every output: text, JSON, SARIF, JUnit, GitHub and the report."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_cli, shared_file

PROJECT = Path(__file__).parent / "fixtures" / "waivers" / "project"
TODAY = ["--today", "2026-06-01"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target)
    agreement = target / "agreements" / "pilot.yaml"
    # Leave only the waived deviation, so that the run passes because of the waiver.
    agreement.write_text(agreement.read_text().replace("guide-2i2c: community", "guide-2i2c: 2i2c"))
    monkeypatch.chdir(target)
    return target


def test_text_lists_waived_findings_apart(project: Path) -> None:
    run = run_cli(["check", *TODAY])
    assert run.exit_code == 0
    assert "Waived (1): reported, not failing" in run.stdout
    assert "waived by waivers.yaml:3 until 2026-06-30 (owner finance@pilot.example, FIN-42)" in run.stdout
    # The waivers file is read, not checked: it is named, not counted as a checked file.
    assert run.stdout.rstrip().endswith(
        "1 file checked: 1 warning in the waivers file; 1 waived (passed, fail-on error)"
    )


def test_no_waivers_fails_again(project: Path) -> None:
    run = run_cli(["check", *TODAY, "--no-waivers"])
    assert run.exit_code == 1
    assert "waived" not in run.stdout.lower()


def test_expired_waiver_fails_and_names_the_waiver(project: Path) -> None:
    run = run_cli(["check", "--today", "2026-07-01"])
    assert run.exit_code == 1
    assert "[waiver waivers.yaml:3 by finance@pilot.example expired on 2026-06-30]" in run.stdout


def test_json(project: Path) -> None:
    data = json.loads(run_cli(["check", *TODAY, "-f", "json"]).stdout)
    [waived] = [f for f in data["findings"] if f["waived"]]
    assert waived["rule_id"] == "SRM201"
    assert waived["waiver"] == {
        "path": "waivers.yaml",
        "line": 3,
        "reason": "The finance office is costing the data-management handover.",
        "owner": "finance@pilot.example",
        "expires": "2026-06-30",
        "ticket": "FIN-42",
        "expired": False,
    }
    assert data["summary"]["waived"] == 1
    assert data["summary"]["passed"] is True


def test_sarif_suppressions(project: Path) -> None:
    import jsonschema

    run_cli(["check", *TODAY, "--report", "sarif=out.sarif"])
    log = json.loads((project / "out.sarif").read_text())
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SRM201"]
    [suppression] = result["suppressions"]
    assert suppression["kind"] == "external"
    assert "The finance office is costing the data-management handover." in suppression["justification"]
    schema = json.loads(shared_file("formats/sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)


def test_junit_skipped(project: Path) -> None:
    run_cli(["check", *TODAY, "--report", "junit=out.xml"])
    tree = ET.parse(project / "out.xml")
    [case] = [c for c in tree.iter("testcase") if c.get("name", "").startswith("SRM201")]
    skipped = case.find("skipped")
    assert skipped is not None
    assert "until 2026-06-30" in skipped.get("message", "")
    assert "The finance office" in skipped.get("message", "")
    suite = next(s for s in tree.iter("testsuite") if s.get("name") == "agreements/pilot.yaml")
    assert suite.get("skipped") == "1"
    import xmlschema

    xsd = xmlschema.XMLSchema(str(shared_file("formats/jenkins-xunit-junit-10.xsd")))
    xsd.validate(str(project / "out.xml"))


def test_github_annotation_is_a_notice(project: Path) -> None:
    out = run_cli(["check", *TODAY, "-f", "github"]).stdout
    [line] = [x for x in out.splitlines() if "title=SRM201" in x]
    assert line.startswith("::notice ") and "(waived)" in line


def test_report_waiver_register(project: Path) -> None:
    run = run_cli(["report", *TODAY, "-f", "json"])
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    [waiver] = data["waivers"]
    assert (waiver["rule"], waiver["status"]) == ("SRM201", "expiring")
    assert waiver["owner"] == "finance@pilot.example"
    markdown = run_cli(["report", *TODAY]).stdout
    assert "## Waiver register" in markdown
    row = "| SRM201 | pilot-community | manage-data | finance@pilot.example | 2026-06-30 | expiring |"
    assert row in markdown


def test_waivers_flag_and_malformed_file(project: Path) -> None:
    (project / "other.yaml").write_text("waivers:\n  - rule: SRM201\n")
    run = run_cli(["check", *TODAY, "--waivers", "other.yaml"])
    assert run.exit_code == 2
    assert "other.yaml:2:5: missing required key 'agreement'" in run.stderr
    missing = run_cli(["check", *TODAY, "--waivers", "nope.yaml"])
    assert missing.exit_code == 2
    assert (
        "waivers file nope.yaml not found (command line (--waivers)); nothing was checked" in missing.stderr
    )


def test_a_waivers_file_named_in_the_configuration_must_exist_and_the_error_points_there(
    project: Path,
) -> None:
    """As docs/configuration.md says: the default waivers.yaml is read if it exists; a file
    named by `waivers:` must exist, and the error names the configuration's file:line:column."""
    (project / ".srm-check.yaml").write_text("fail-on: error\nwaivers: missing.yaml\n")
    run = run_cli(["check", *TODAY])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        ".srm-check.yaml:2:10: waivers: waivers file missing.yaml not found "
        "(a waivers file named here must exist) [SRM013]"
    )
    (project / "waivers.yaml").unlink()
    (project / ".srm-check.yaml").write_text("fail-on: error\n")
    assert run_cli(["check", *TODAY]).exit_code == 1  # the default file is optional
