"""SARIF 2.1.0 output: schema-valid, what GitHub code scanning needs, stable fingerprints, limits.

Every SARIF document produced here is validated against ../shared's official schema with
format checking on. Golden files in tests/golden/*.sarif are regenerated with
`UPDATE_GOLDEN=1 python -m pytest tests/test_sarif.py tests/test_junit.py`.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import BROKEN_POLICY, FIXTURES, GOLDEN, OUTPUTS, ROOT, SCENARIOS, SHARED, run_cli, shared_file

from srm_check import __version__
from srm_check.core.codes import builtin_rules
from srm_check.core.finding import Finding, Related, WaiverRef
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.formats import sarif
from srm_check.pipeline.discovery import discover
from srm_check.pipeline.fingerprints import SourceRoot, find_repository_root
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.selection import evaluated_rules
from srm_check.pipeline.workers import check_files
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, as CI does, so that paths are the documented ones."""
    monkeypatch.chdir(ROOT)


@cache
def _validator() -> Any:
    """A SARIF 2.1.0 validator with format checking, or None when ../shared is absent."""
    import jsonschema

    path = SHARED / "formats" / "sarif-schema-2.1.0.json"
    if not path.is_file():
        return None
    schema = json.loads(path.read_text("utf-8"))
    checker = jsonschema.FormatChecker()
    # Without rfc3986-validator, jsonschema skips these formats silently: make that a failure.
    assert {"uri", "uri-reference"} <= set(checker.checkers), "pip install rfc3986-validator"
    return jsonschema.validators.validator_for(schema)(schema, format_checker=checker)


def assert_valid(log: dict[str, Any]) -> None:
    """The document is valid SARIF 2.1.0, formats included (checked where ../shared exists;
    test_schema_valid skips, saying so, where it does not)."""
    validator = _validator()
    if validator is None:
        return
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:20])


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME, or rewrite it when UPDATE_GOLDEN is set."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run UPDATE_GOLDEN=1 python -m pytest {__file__}"
    assert text == path.read_text("utf-8"), f"{name} differs from its golden file"


def run_sarif(args: Sequence[str], code: int | None = None) -> dict[str, Any]:
    run = run_cli(["check", "--format", "sarif", *args])
    if code is not None:
        assert run.exit_code == code, run.stderr
    log: dict[str, Any] = json.loads(run.stdout)
    assert_valid(log)
    return log


def the_run(log: dict[str, Any]) -> dict[str, Any]:
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


@pytest.mark.parametrize("name", SCENARIOS)
def test_golden(name: str) -> None:
    args, code = SCENARIOS[name]
    run = run_cli(["check", "--format", "sarif", *args])
    assert run.exit_code == code, run.stderr
    assert_golden(f"{name}.sarif", run.stdout)


@pytest.mark.parametrize("name", SCENARIOS)
def test_schema_valid(name: str) -> None:
    shared_file("formats/sarif-schema-2.1.0.json")  # skips, with the reason, without ../shared
    args, _ = SCENARIOS[name]
    assert_valid(json.loads(run_cli(["check", "--format", "sarif", *args]).stdout))


@pytest.mark.parametrize("name", SCENARIOS)
def test_output_is_machine_independent(name: str) -> None:
    args, _ = SCENARIOS[name]
    text = run_cli(["check", "--format", "sarif", *args]).stdout
    assert str(ROOT) not in text and "file://" not in text
    assert text == run_cli(["check", "--format", "sarif", *args]).stdout


def test_log_header_and_driver() -> None:
    log = run_sarif([f"{OUTPUTS}/failing"], 1)
    assert log["$schema"] == sarif.SCHEMA_URI
    schema = SHARED / "formats" / "sarif-schema-2.1.0.json"
    if schema.is_file():
        assert log["$schema"] == json.loads(schema.read_text("utf-8"))["id"]
    assert log["version"] == "2.1.0"
    run = the_run(log)
    driver = run["tool"]["driver"]
    assert driver["name"] == "srm-check"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert run["automationDetails"]["id"] == "srm-check/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}


def test_every_evaluated_rule_listed_once_with_full_documentation() -> None:
    run = the_run(run_sarif([f"{OUTPUTS}/clean"], 0))
    rules = run["tool"]["driver"]["rules"]
    expected = evaluated_rules(load_policy([default_policy_dir()]).rules)
    assert [r["id"] for r in rules] == [r["id"] for r in expected]
    for descriptor, info in zip(rules, expected, strict=True):
        assert descriptor["name"] == info["name"]
        assert descriptor["shortDescription"]["text"] == info["title"]
        assert descriptor["fullDescription"]["text"] == info["description"]
        assert info["description"] in descriptor["help"]["text"]
        assert info["help_uri"] in descriptor["help"]["markdown"]
        assert descriptor["helpUri"] == info["help_uri"]
        assert descriptor["defaultConfiguration"]["level"] == info["severity"]
        assert descriptor["properties"]["tags"] == info["tags"]
    assert run["results"] == []


def test_results_point_at_their_rule_file_region_and_pointer() -> None:
    run = the_run(run_sarif([f"{OUTPUTS}/failing"], 1))
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("SRM202", "warning"),
        ("SRM201", "error"),
        ("SRM401", "note"),
        ("SRM101", "error"),
        ("SRM104", "error"),
        ("SRM102", "error"),
        ("SRM106", "error"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["artifactLocation"]["uri"].startswith(f"{OUTPUTS}/failing/")
        assert all(physical["region"][k] >= 1 for k in ("startLine", "startColumn", "endLine", "endColumn"))
        (logical,) = location["logicalLocations"]
        assert logical["fullyQualifiedName"].startswith("/assignments/")
        assert logical["kind"] == "member"
        assert set(result["partialFingerprints"]) == {"srmCheck/v1"}
    stale = results[0]
    assert stale["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 11,
        "startColumn": 16,
        "endLine": 11,
        "endColumn": 50,
    }
    assert stale["locations"][0]["logicalLocations"][0] == {
        "name": "cost_note",
        "fullyQualifiedName": "/assignments/advocate-and-onboard/cost_note",
        "kind": "member",
    }
    assert stale["properties"] == {"agreement": "lakeside-library"}
    duplicate = results[-1]
    assert duplicate["relatedLocations"][0]["message"]["text"] == "First assigned here."
    assert duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 34
    assert duplicate["properties"] == {"agreement": "hill-observatory", "document": 1}


def test_invocation_records_exit_code() -> None:
    clean = the_run(run_sarif([f"{OUTPUTS}/clean"], 0))["invocations"]
    failing = the_run(run_sarif([f"{OUTPUTS}/failing"], 1))["invocations"]
    assert clean == [{"executionSuccessful": True, "exitCode": 0}]
    assert failing == [{"executionSuccessful": True, "exitCode": 1}]


def test_warnings_fail_only_with_fail_on_warning() -> None:
    run = the_run(run_sarif(["--fail-on", "note", f"{OUTPUTS}/clean"], 0))
    assert run["invocations"][0]["exitCode"] == 0
    run = the_run(run_sarif(["--fail-on", "note", f"{OUTPUTS}/failing"], 1))
    assert run["invocations"][0]["exitCode"] == 1


def test_unreadable_files_are_results_and_notifications() -> None:
    run = the_run(run_sarif([f"{OUTPUTS}/unparseable"], 1))
    rules = run["tool"]["driver"]["rules"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    ] == [
        ("SRM001", f"{OUTPUTS}/unparseable/broken-brackets.yaml"),
        ("SRM005", f"{OUTPUTS}/unparseable/empty.yaml"),
    ]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == ["SRM001", "SRM005"]
    for note in notes:
        assert note["level"] == "error"
        assert rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]
        descriptor = run["tool"]["driver"]["notifications"][note["descriptor"]["index"]]
        assert descriptor["id"] == note["descriptor"]["id"] == "file-unreadable"
    where = notes[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == f"{OUTPUTS}/unparseable/broken-brackets.yaml"
    assert (where["region"]["startLine"], where["region"]["startColumn"]) == (4, 14)  # the '[' never closed
    assert "invalid YAML" in notes[0]["message"]["text"]


def test_policy_errors_are_recorded_and_exit_2() -> None:
    result = run_cli(["check", "--format", "sarif", *BROKEN_POLICY, f"{OUTPUTS}/clean"])
    assert result.exit_code == 2
    # Text output of the problems is unchanged: stderr, file:line:col: message.
    rules_file = f"{OUTPUTS}/broken-policy/rules/broken.yaml"
    assert f"{rules_file}:14:14: 'cost_amount' is not a field of assignment facts" in result.stderr
    assert f"{rules_file}:8:14: message uses '{{currency}}'" in result.stderr
    log = json.loads(result.stdout)
    assert_valid(log)
    run = the_run(log)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    notes = invocation["toolExecutionNotifications"]
    located = [n for n in notes if "locations" in n]
    assert len(located) == 2
    for note in located:
        assert note["level"] == "error"
        assert note["descriptor"]["id"] == "policy-error"
        physical = note["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": rules_file, "uriBaseId": "%SRCROOT%"}
    assert {n["locations"][0]["physicalLocation"]["region"]["startLine"] for n in located} == {8, 14}
    assert "nothing was checked" in notes[-1]["message"]["text"]
    assert run["results"] == []


def test_policy_errors_written_to_file_too(tmp_path: Path) -> None:
    out = tmp_path / "srm.sarif"
    result = run_cli(["check", *BROKEN_POLICY, "--format", "sarif", "-o", str(out), f"{OUTPUTS}/clean"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_valid(json.loads(out.read_text("utf-8")))


# --- paths and fingerprints ------------------------------------------------------------------


def fingerprints(run: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(rule, pointer) -> fingerprint, for every result of a run."""
    out = {}
    for r in run["results"]:
        pointer = r["locations"][0].get("logicalLocations", [{}])[0].get("fullyQualifiedName", "")
        out[(r["ruleId"], pointer)] = r["partialFingerprints"]["srmCheck/v1"]
    return out


def regions(run: dict[str, Any]) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]


def make_repo(tmp_path: Path) -> Path:
    """A repository (a folder with .git) holding a copy of the failing fixtures."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURES / "outputs" / "failing", repo / "agreements")
    return repo


def test_fingerprints_survive_lines_moving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    monkeypatch.chdir(repo)
    before = the_run(run_sarif(["agreements"], 1))
    for file in (repo / "agreements").iterdir():
        text = file.read_text("utf-8")
        file.write_text("# reviewed 2026-06-01\n\n\n# by the board\n\n" + text, encoding="utf-8")
    after = the_run(run_sarif(["agreements"], 1))
    assert [line + 5 for line in regions(before)] == regions(after)
    assert fingerprints(before) == fingerprints(after)
    assert len(set(fingerprints(before).values())) == len(before["results"])


def test_fingerprints_ignore_unrelated_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    monkeypatch.chdir(repo)
    before = fingerprints(the_run(run_sarif(["agreements"], 1)))
    file = repo / "agreements" / "cost-notes.yaml"
    # Hand responsibility 5 to 2i2c: the SRM401 message about #3 changes ("and 1 more" now),
    # and #5 gets findings of its own; the findings that were there keep their fingerprints.
    text = file.read_text("utf-8").replace(
        "develop-domain-software: community", "develop-domain-software: 2i2c"
    )
    file.write_text(text, encoding="utf-8")
    after = fingerprints(the_run(run_sarif(["agreements"], 1)))
    new = {
        ("SRM401", "/assignments/develop-domain-software"),
        ("SRM201", "/assignments/develop-domain-software"),
    }
    assert new <= set(after) and not new & set(before)
    assert ("SRM401", "/assignments/general-user-support") in before
    for key, value in before.items():
        assert after[key] == value, key


def test_paths_are_from_the_repository_root_wherever_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path)
    monkeypatch.chdir(repo)
    from_root = the_run(run_sarif(["agreements"], 1))
    monkeypatch.chdir(repo / "agreements")
    from_inside = the_run(run_sarif(["."], 1))
    (repo / "elsewhere").mkdir()
    monkeypatch.chdir(repo / "elsewhere")
    from_beside = the_run(run_sarif(["../agreements"], 1))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in from_root["results"]}
    assert uris == {"agreements/cost-notes.yaml", "agreements/two-agreements.yaml"}
    for other in (from_inside, from_beside):
        assert other["results"] == from_root["results"]


def test_without_git_the_working_folder_is_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(FIXTURES / "outputs" / "failing", folder / "agreements")
    monkeypatch.chdir(folder / "agreements")
    assert find_repository_root(tmp_path) is None, "the temporary folder lies in a git repository"
    assert SourceRoot.discover().root == str((folder / "agreements").resolve())
    run = the_run(run_sarif(["cost-notes.yaml"], 1))
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "cost-notes.yaml"


def test_uris_are_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "agreements").mkdir()
    shutil.copy(FIXTURES / "outputs" / "failing" / "cost-notes.yaml", repo / "agreements" / "café #1.yaml")
    monkeypatch.chdir(repo)
    run = the_run(run_sarif(["agreements"], 1))
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "agreements/caf%C3%A9%20%231.yaml"


def test_a_file_outside_the_repository_gets_an_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path)
    outside = tmp_path / "outside.yaml"
    shutil.copy(repo / "agreements" / "cost-notes.yaml", outside)
    monkeypatch.chdir(repo)
    run = the_run(run_sarif([str(outside)], 1))
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.resolve().as_uri()}


# --- GitHub's limits -------------------------------------------------------------------------


def failing_run() -> RunResult:
    policy = load_policy([default_policy_dir()])
    files = list(check_files(discover([Path(OUTPUTS) / "failing"]), policy.catalogues, policy.rules))
    return RunResult(
        files, evaluated_rules(policy.rules), tool_version=__version__, root=SourceRoot.discover()
    )


def limit_notes(log: dict[str, Any]) -> list[str]:
    notes = the_run(log)["invocations"][0].get("toolExecutionNotifications", [])
    return [n["message"]["text"] for n in notes if n["descriptor"]["id"] == "output-limit"]


def test_result_limit_keeps_the_most_severe_and_says_so() -> None:
    result = failing_run()
    text = sarif.render(result, limits=sarif.Limits(results=4))
    assert text == sarif.render(result, limits=sarif.Limits(results=4))
    log = json.loads(text)
    assert_valid(log)
    kept = the_run(log)["results"]
    assert len(kept) == 4
    assert all(r["level"] == "error" for r in kept)
    # Kept results stay in file order, with the fingerprints they have in a full run.
    full = {
        r["partialFingerprints"]["srmCheck/v1"] for r in the_run(json.loads(sarif.render(result)))["results"]
    }
    assert {r["partialFingerprints"]["srmCheck/v1"] for r in kept} <= full
    (note,) = limit_notes(log)
    assert note.startswith("3 of 7 results were left out (GitHub accepts 4 results per run)")
    assert limit_notes(json.loads(sarif.render(result))) == []


def test_tag_limit() -> None:
    result = failing_run()
    log = json.loads(sarif.render(result, limits=sarif.Limits(tags=1)))
    assert_valid(log)
    rules = the_run(log)["tool"]["driver"]["rules"]
    assert all(len(r["properties"]["tags"]) <= 1 for r in rules)
    notes = limit_notes(log)
    assert any(n.startswith("Rule SRM101 has 2 tags; GitHub accepts 1") for n in notes)


def test_location_limit() -> None:
    result = failing_run()
    assert any(f.related for f in result.findings)
    log = json.loads(sarif.render(result, limits=sarif.Limits(locations=1)))
    assert_valid(log)
    assert all("relatedLocations" not in r for r in the_run(log)["results"])
    (note,) = limit_notes(log)
    assert "1 result(s) had more related locations than GitHub accepts (1 locations per result)" in note


def test_upload_size_limit() -> None:
    result = failing_run()
    full = sarif.render(result)
    limit = len(gzip.compress(full.encode("utf-8"))) - 200
    text = sarif.render(result, limits=sarif.Limits(gzip_bytes=limit))
    assert len(gzip.compress(text.encode("utf-8"), mtime=0)) <= limit
    assert text == sarif.render(result, limits=sarif.Limits(gzip_bytes=limit))
    log = json.loads(text)
    assert_valid(log)
    kept = the_run(log)["results"]
    assert 0 < len(kept) < 9
    (note,) = limit_notes(log)
    assert f"the file must stay under {limit:,} bytes gzip-compressed" in note


# --- findings that formats must carry through ------------------------------------------------


def custom_run(findings: list[Finding], rules: list[Any] | None = None) -> RunResult:
    file = FileResult("agreements/x.yaml", findings, documents=1, agreement_ids=["x"])
    return RunResult([file], rules if rules is not None else builtin_rules(), tool_version="1.2.3.dev4")


def test_waived_and_baselined_findings() -> None:
    span = Span(3, 5, 3, 9)
    waiver = WaiverRef("waivers.yaml", 4, "agreed with the board", "ops@example.org", "2026-12-31", "T-1")
    findings = [
        Finding("SRM010", "error", "unknown key 'x'", "agreements/x.yaml", span, "/x", "x", waiver=waiver),
        Finding("SRM011", "error", "wrong type", "agreements/x.yaml", span, "/y", "x", baseline="unchanged"),
    ]
    log = sarif.sarif_log(custom_run(findings))
    assert_valid(log)
    waived, baselined = the_run(log)["results"]
    (suppression,) = waived["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "agreed with the board" in suppression["justification"]
    assert suppression["location"]["physicalLocation"]["region"]["startLine"] == 4
    assert baselined["baselineState"] == "unchanged"
    # A version that is not semantic is still given, without semanticVersion.
    driver = the_run(log)["tool"]["driver"]
    assert driver["version"] == "1.2.3.dev4" and "semanticVersion" not in driver
    # Neither finding counts (one waived, one already in the baseline): the run passes.
    assert the_run(log)["invocations"][0]["exitCode"] == 0


def test_rules_without_uri_or_listing_still_make_valid_sarif() -> None:
    rule = {
        "id": "ACME1",
        "name": "acme",
        "severity": "warning",
        "title": "Acme",
        "message": "m",
        "description": "",
        "help_uri": "see the wiki",
        "tags": ["a", "a", "b"],
    }
    findings = [
        Finding("ACME1", "warning", "m", "agreements/x.yaml", Span(2, 1, 2, 1), "", "x"),
        Finding("OTHER9", "note", "from nowhere", "agreements/x.yaml", Span(0, 0, 0, 0), "", None),
    ]
    log = sarif.sarif_log(custom_run(findings, [rule]))
    assert_valid(log)
    rules = the_run(log)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ACME1", "OTHER9"]
    assert "helpUri" not in rules[0] and "see the wiki" in rules[0]["help"]["text"]
    assert rules[0]["properties"]["tags"] == ["a", "b"]
    assert rules[0]["fullDescription"]["text"] == "Acme"
    region = the_run(log)["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}


def test_related_locations_numbered() -> None:
    related = (Related("agreements/x.yaml", Span(1, 1, 1, 4), "first here"),)
    finding = Finding(
        "SRM002", "error", "dup", "agreements/x.yaml", Span(2, 1, 2, 4), "/a", "x", related=related
    )
    log = sarif.sarif_log(custom_run([finding]))
    assert_valid(log)
    (rel,) = the_run(log)["results"][0]["relatedLocations"]
    assert rel["id"] == 1 and rel["message"]["text"] == "First here."


def test_no_policy_at_all_is_recorded_without_a_file_location() -> None:
    """`--no-builtin-policy` and no folder: a policy error from the command line, not from a file."""
    shared_file("formats/sarif-schema-2.1.0.json")
    log = run_sarif(["--no-builtin-policy", f"{OUTPUTS}/clean"], 2)
    (invocation,) = the_run(log)["invocations"]
    assert invocation["executionSuccessful"] is False
    first = invocation["toolExecutionNotifications"][0]
    assert first["message"]["text"].startswith("No policy to check with: the shipped policy is left out")
    assert "locations" not in first


# --- what the SARIF multitool and GitHub ask of a log (issue 13) ------------------------------------


def test_notification_kinds_have_everything_github_asks_of_a_descriptor() -> None:
    log = json.loads(sarif.render(failing_run()))
    kinds = the_run(log)["tool"]["driver"]["notifications"]
    assert [k["id"] for k in kinds] == ["policy-error", "file-unreadable", "output-limit"]
    for kind in kinds:
        assert kind["name"] != kind["id"] and kind["name"].isalpha() and kind["name"][0].isupper()
        assert kind["fullDescription"]["text"] and kind["help"]["text"] and kind["help"]["markdown"]
    for rule in the_run(log)["tool"]["driver"]["rules"]:
        assert rule.get("name") != rule["id"]


def test_a_rule_no_rule_lists_gets_no_name_equal_to_its_id() -> None:
    finding = Finding("X999", Severity.error, "m", "a.yaml", Span(1, 1, 1, 2))
    log = sarif.sarif_log(RunResult([FileResult("a.yaml", [finding])], []))
    (rule,) = the_run(log)["tool"]["driver"]["rules"]
    assert rule["id"] == "X999" and "name" not in rule and rule["fullDescription"]["text"]


def test_a_file_outside_the_repository_gets_a_normalised_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "t").mkdir()
    shutil.copy(Path(ROOT, OUTPUTS, "failing", "cost-notes.yaml"), tmp_path / "t" / "a.yaml")
    monkeypatch.chdir(repo)
    run = run_cli(["check", "../t/a.yaml", "--format", "sarif"])
    log = json.loads(run.stdout)
    assert_valid(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in the_run(log)["results"]}
    assert uris == {(tmp_path / "t" / "a.yaml").resolve().as_uri()}
    assert all(".." not in uri for uri in uris)


def test_sarif_category_names_the_analysis(tmp_path: Path) -> None:
    default = json.loads(run_cli(["check", f"{OUTPUTS}/clean", "--format", "sarif"]).stdout)
    assert the_run(default)["automationDetails"] == {"id": "srm-check/"}
    named = run_cli(["check", f"{OUTPUTS}/clean", "--format", "sarif", "--sarif-category", "policies/team-a"])
    assert the_run(json.loads(named.stdout))["automationDetails"] == {"id": "policies/team-a/"}
    bad = run_cli(["check", f"{OUTPUTS}/clean", "--sarif-category", "two words"])
    assert bad.exit_code == 2 and "--sarif-category" in bad.stderr


def test_messages_are_sentences() -> None:
    log = json.loads(sarif.render(failing_run()))
    texts = [r["message"]["text"] for r in the_run(log)["results"]]
    texts += [
        rel["message"]["text"] for r in the_run(log)["results"] for rel in r.get("relatedLocations", [])
    ]
    assert texts and all(text.endswith((".", "?", "!")) for text in texts)
    assert not any(text[0].islower() for text in texts)


def test_an_inline_waiver_is_an_in_source_suppression() -> None:
    inline = WaiverRef("agreements/a.yaml", 4, "r", "o", "2099-01-01")
    external = WaiverRef("waivers.yaml", 3, "r", "o", "2099-01-01")
    findings = [
        Finding(
            "SRM201", Severity.error, "m", "agreements/a.yaml", Span(4, 3, 4, 9), "/a", "a", waiver=inline
        ),
        Finding(
            "SRM201", Severity.error, "m", "agreements/a.yaml", Span(5, 3, 5, 9), "/b", "a", waiver=external
        ),
    ]
    log = sarif.sarif_log(RunResult([FileResult("agreements/a.yaml", findings)], []))
    kinds = [r["suppressions"][0]["kind"] for r in the_run(log)["results"]]
    assert kinds == ["inSource", "external"]
