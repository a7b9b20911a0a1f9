"""JUnit XML output: valid for Jenkins' xUnit schema, stable unique names, honest counts.

Every JUnit document produced here is validated against ../shared's
jenkins-xunit-junit-10.xsd. Golden files in tests/golden/*.xml are regenerated with
`UPDATE_GOLDEN=1 python -m pytest tests/test_sarif.py tests/test_junit.py`.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import xmlschema
from conftest import BROKEN_POLICY, GOLDEN, OUTPUTS, ROOT, SCENARIOS, SHARED, run_cli, shared_file

from srm_check.core.codes import builtin_rules
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.formats import junit
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@cache
def _schema() -> Any:
    """The Jenkins xUnit JUnit schema, or None when ../shared is absent."""
    path = SHARED / "formats" / "jenkins-xunit-junit-10.xsd"
    return xmlschema.XMLSchema(str(path)) if path.is_file() else None


def assert_valid(text: str) -> ET.Element:
    """The document is valid against the Jenkins xUnit JUnit schema (checked where ../shared
    exists; test_schema_valid skips, saying so, where it does not); returns its root."""
    schema = _schema()
    if schema is not None:
        errors = list(schema.iter_errors(text))
        assert not errors, "\n".join(str(e.reason) for e in errors[:10])
    return ET.fromstring(text.encode("utf-8"))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run UPDATE_GOLDEN=1 python -m pytest {__file__}"
    assert text == path.read_text("utf-8"), f"{name} differs from its golden file"


def run_junit(tmp_path: Path, args: Sequence[str], code: int | None = None) -> str:
    out = tmp_path / "junit.xml"
    run = run_cli(["check", "--format", "junit", "--output", str(out), *args])
    if code is not None:
        assert run.exit_code == code, run.stderr
    assert run.stdout == ""
    return out.read_text("utf-8")


def cases(root: ET.Element) -> list[ET.Element]:
    return root.findall("./testsuite/testcase")


def assert_counts_match(root: ET.Element) -> None:
    """Every count attribute equals what the test cases show, per suite and in total."""
    totals: Counter[str] = Counter()
    for suite in root.findall("testsuite"):
        found = Counter(
            {
                "tests": len(suite.findall("testcase")),
                "failures": len(suite.findall("testcase/failure")),
                "errors": len(suite.findall("testcase/error")),
                "skipped": len(suite.findall("testcase/skipped")),
            }
        )
        for key in ("tests", "failures", "errors", "skipped"):
            assert int(suite.get(key, "-1")) == found[key], (suite.get("name"), key)
        totals += found
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key, "-1")) == totals[key], key


@pytest.mark.parametrize("name", SCENARIOS)
def test_golden_and_counted(tmp_path: Path, name: str) -> None:
    args, code = SCENARIOS[name]
    text = run_junit(tmp_path, args, code)
    assert_counts_match(ET.fromstring(text.encode("utf-8")))
    assert str(ROOT) not in text
    assert_golden(f"{name}.xml", text)
    assert text == run_junit(tmp_path, args, code)


@pytest.mark.parametrize("name", SCENARIOS)
def test_schema_valid(tmp_path: Path, name: str) -> None:
    shared_file("formats/jenkins-xunit-junit-10.xsd")  # skips, with the reason, without ../shared
    assert_valid(run_junit(tmp_path, SCENARIOS[name][0]))


@pytest.mark.parametrize("name", SCENARIOS)
def test_names_are_unique(tmp_path: Path, name: str) -> None:
    root = ET.fromstring(run_junit(tmp_path, SCENARIOS[name][0]))
    keys = [(c.get("classname"), c.get("name")) for c in cases(root)]
    assert len(keys) == len(set(keys))
    assert all(c.get("time") == "0.000" for c in cases(root))


def test_a_clean_run_lists_every_rule_as_a_passing_test(tmp_path: Path) -> None:
    root = assert_valid(run_junit(tmp_path, [f"{OUTPUTS}/clean"], 0))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == suite.get("file") == f"{OUTPUTS}/clean/northfield-state-university.yaml"
    rules = [r for r in load_policy([default_policy_dir()]).rules]
    names = [c.get("name") for c in cases(root)]
    assert [f"{r['id']} {r['name']}" for r in rules] == names[-len(rules) :]
    assert "SRM001 yaml-syntax" in names
    # Rules about the waivers file are not tests of an agreement.
    assert not any(n and n.startswith("SRM02") for n in names)
    assert {c.get("classname") for c in cases(root)} == {
        "tests.fixtures.outputs.clean.northfield-state-university"
    }
    assert not root.findall(".//failure") and not root.findall(".//error")


def test_failures_carry_type_message_location_rule_and_help(tmp_path: Path) -> None:
    root = assert_valid(run_junit(tmp_path, [f"{OUTPUTS}/failing"], 1))
    by_name = {(c.get("classname"), c.get("name")): c for c in cases(root)}
    cost = by_name[("tests.fixtures.outputs.failing.cost-notes", "SRM201 deviation-cost-note")]
    failure = cost.find("failure")
    assert failure is not None
    assert failure.get("type") == "error"
    assert failure.get("message") == (
        "responsibility 'general-user-support' moves from community to 2i2c without a cost note "
        "(missing or empty)"
    )
    body = failure.text or ""
    assert f"{OUTPUTS}/failing/cost-notes.yaml:12:25: error [SRM201]" in body
    assert "Rule: SRM201 deviation-cost-note" in body
    assert "Help: https://github.com/srm-check/srm-check/blob/main/docs/rules.md#srm201" in body


def test_several_documents_are_told_apart_by_agreement_id(tmp_path: Path) -> None:
    root = assert_valid(run_junit(tmp_path, [f"{OUTPUTS}/failing"], 1))
    suite = root.find(f"testsuite[@name='{OUTPUTS}/failing/two-agreements.yaml']")
    assert suite is not None
    names = [c.get("name") for c in suite.findall("testcase")]
    assert "SRM101 responsibility-unassigned [harbor-school]" in names
    assert "SRM101 responsibility-unassigned [hill-observatory]" in names
    shared = suite.find("testcase[@name='SRM102 responsibility-shared [hill-observatory]']")
    assert shared is not None and shared.find("failure") is not None
    clean = suite.find("testcase[@name='SRM102 responsibility-shared [harbor-school]']")
    assert clean is not None and len(clean) == 0


def test_notes_below_fail_on_pass_and_are_shown(tmp_path: Path) -> None:
    root = assert_valid(run_junit(tmp_path, [f"{OUTPUTS}/failing"], 1))
    order = root.find(".//testcase[@name='SRM401 technical-order']")
    assert order is not None
    assert order.find("failure") is None
    out = order.find("system-out")
    assert out is not None and out.text is not None
    assert out.text.count("note [SRM401]") == 1  # once per move, not once per line
    assert "below --fail-on error" in out.text
    stale = root.find(".//testcase[@name='SRM202 cost-note-stale']")
    assert stale is not None and stale.find("failure") is None and stale.find("system-out") is not None
    # With --fail-on note the same findings fail their test cases.
    root = assert_valid(run_junit(tmp_path, ["--fail-on", "note", f"{OUTPUTS}/failing"], 1))
    order = root.find(".//testcase[@name='SRM401 technical-order']")
    assert order is not None
    failure = order.find("failure")
    assert failure is not None and failure.get("type") == "note"
    assert (failure.get("message") or "").startswith("'general-user-support' (#3) moves to 2i2c")
    assert (failure.text or "").count("note [SRM401]") == 1
    assert_counts_match(root)


def test_unreadable_files_are_errors(tmp_path: Path) -> None:
    root = assert_valid(run_junit(tmp_path, [f"{OUTPUTS}/unparseable"], 1))
    errors = root.findall(".//testcase[error]")
    assert [(c.get("classname"), c.get("name")) for c in errors] == [
        ("tests.fixtures.outputs.unparseable.broken-brackets", "SRM001 yaml-syntax"),
        ("tests.fixtures.outputs.unparseable.empty", "SRM005 file-empty"),
    ]
    first = errors[0].find("error")
    assert first is not None
    assert f"{OUTPUTS}/unparseable/broken-brackets.yaml:4:14: error [SRM001]" in (first.text or "")
    # An unreadable file lists only what stopped it; a readable one beside it, every rule.
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert suites[f"{OUTPUTS}/unparseable/empty.yaml"].get("tests") == "1"
    assert int(suites[f"{OUTPUTS}/unparseable/northfield-state-university.yaml"].get("tests", "0")) > 20
    assert root.get("errors") == "2" and root.get("failures") == "0"


def test_policy_errors_are_an_error_test_case(tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    run = run_cli(["check", *BROKEN_POLICY, "--format", "junit", "-o", str(out), f"{OUTPUTS}/clean"])
    assert run.exit_code == 2
    assert "the policy has 2 problem(s); nothing was checked" in run.stderr
    root = assert_valid(out.read_text("utf-8"))
    (suite,) = root.findall("testsuite")
    (case,) = suite.findall("testcase")
    assert case.get("classname") == "tests.fixtures.outputs.broken-policy.rules.broken"
    error = case.find("error")
    assert error is not None and error.get("type") == "policy-error"
    assert f"{OUTPUTS}/broken-policy/rules/broken.yaml:14:14: 'cost_amount'" in (error.text or "")
    assert (root.get("tests"), root.get("errors"), root.get("failures")) == ("1", "1", "0")


def test_junit_is_never_written_to_stdout() -> None:
    run = run_cli(["check", "--format", "junit", f"{OUTPUTS}/clean"])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "--format junit writes a file for a CI system" in run.stderr
    assert "--output FILE" in run.stderr


def test_file_attribute_for_gitlab_is_opt_in(tmp_path: Path) -> None:
    plain = ET.fromstring(run_junit(tmp_path, [f"{OUTPUTS}/failing"]))
    assert all(c.get("file") is None for c in cases(plain))
    text = run_junit(tmp_path, ["--junit-file-attribute", f"{OUTPUTS}/failing"], 1)
    root = ET.fromstring(text)
    files = {c.get("file") for c in cases(root)}
    assert files == {f"{OUTPUTS}/failing/cost-notes.yaml", f"{OUTPUTS}/failing/two-agreements.yaml"}
    # Why it is off by default: the Jenkins xUnit schema has no `file` on a test case.
    assert not xmlschema.XMLSchema(str(shared_file("formats/jenkins-xunit-junit-10.xsd"))).is_valid(text)


def test_file_attribute_applies_to_junit_reports_too(tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    args = ["--junit-file-attribute", "--report", f"junit={report}", f"{OUTPUTS}/failing"]
    assert run_cli(["check", *args]).exit_code == 1
    assert report.read_text("utf-8") == run_junit(tmp_path, ["--junit-file-attribute", f"{OUTPUTS}/failing"])
    assert all(c.get("file") for c in cases(ET.fromstring(report.read_text("utf-8"))))


# --- units --------------------------------------------------------------------------------


def test_class_names() -> None:
    assert junit.classname("agreements/riverbend.yaml") == "agreements.riverbend"
    assert junit.classname("a/v1.2/b.c.yml") == "a.v1_2.b_c"
    assert junit.classname("/abs/path/x.yaml") == "abs.path.x"
    assert junit.classname("notes.txt") == "notes_txt"


@pytest.mark.parametrize(
    "path",
    [
        "",
        ".",
        "/",
        "//",
        "///x.yaml",
        "//net/share/a.yaml",
        "a//b/./c.yaml",
        "./a.yaml",
        "../up/b.yml",
        "a/.yaml",
        "a/b.yaml.",
        "a/b.YAML",
        "a/b.tar.yaml",
        "dir.yaml/",
        "a/..",
        "x/y.yml/",
        "we ird/ü.yaml",
    ],
)
def test_class_names_split_paths_as_pathlib_does(path: str) -> None:
    """The same parts and suffix as PurePosixPath (which classname no longer builds)."""
    pure = PurePosixPath(path)
    if pure.suffix in (".yaml", ".yml"):
        pure = pure.with_suffix("")
    expected = ".".join(p.replace(".", "_") for p in pure.parts if p not in ("/", "")) or "_"
    assert junit.classname(path) == expected


def result_of(files: list[FileResult], fail_on: Severity = Severity.error) -> RunResult:
    return RunResult(files, builtin_rules()[:3], fail_on=fail_on, tool_version="0")


def test_colliding_class_names_are_numbered() -> None:
    files = [
        FileResult("a/b.yaml", [], documents=1, agreement_ids=["x"]),
        FileResult("a/b.yml", [], documents=1, agreement_ids=["y"]),
    ]
    root = assert_valid(junit.render(result_of(files)))
    names = [{c.get("classname") for c in s.findall("testcase")} for s in root.findall("testsuite")]
    assert names == [{"a.b"}, {"a.b_2"}]


def test_documents_without_or_with_shared_ids_are_numbered() -> None:
    span = Span(1, 1, 1, 2)
    findings = [Finding("SRM002", Severity.error, "dup", "x.yaml", span, "/k", "same", 1)]
    files = [FileResult("x.yaml", findings, documents=3, agreement_ids=["same", "same", None])]
    root = assert_valid(junit.render(result_of(files)))
    names = [c.get("name") for c in cases(root)]
    assert names[:3] == [
        "SRM001 yaml-syntax [document 1]",
        "SRM002 yaml-duplicate-key [document 1]",
        "SRM003 file-encoding [document 1]",
    ]
    assert "SRM002 yaml-duplicate-key [document 2]" in names
    assert "SRM003 file-encoding [document 3]" in names
    failed = root.find(".//testcase[failure]")
    assert failed is not None and failed.get("name") == "SRM002 yaml-duplicate-key [document 2]"


def test_text_xml_cannot_carry_is_escaped() -> None:
    message = 'bad \x01 value <&> "quoted" \ufffe and a\nnew line'
    findings = [Finding("SRM002", Severity.error, message, "x.yaml", Span(1, 1, 1, 2), "/k", "id\x1b")]
    text = junit.render(result_of([FileResult("x.yaml", findings, documents=1, agreement_ids=["id\x1b"])]))
    root = assert_valid(text)
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == 'bad \\x01 value <&> "quoted" \\ufffe and a\nnew line'
    assert "in agreement id\\x1b" in (failure.text or "")


def test_counts_with_mixed_outcomes() -> None:
    span = Span(1, 1, 1, 2)
    findings = [
        Finding("SRM001", Severity.error, "syntax", "x.yaml", span),
        Finding("SRM002", Severity.error, "dup", "x.yaml", span, "/a", "x"),
        Finding("SRM002", Severity.error, "dup again", "x.yaml", span, "/b", "x"),
        Finding("SRM003", Severity.error, "encoding", "x.yaml", span, "/c", "x"),
    ]
    root = assert_valid(
        junit.render(result_of([FileResult("x.yaml", findings, documents=1, agreement_ids=["x"])]))
    )
    assert_counts_match(root)
    # SRM001 and SRM003 mean the file could not be read: errors; SRM002's two findings: one failure.
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "2")


def test_a_file_met_again_keeps_its_class_name_and_others_keep_their_numbers() -> None:
    names = junit._Classnames()
    assert [names(p, p) for p in ("a/b.yaml", "a/b.yml", "c.yaml", "a/b.yaml", "a.b.yaml")] == [
        "a.b",
        "a.b_2",
        "c",
        "a.b",  # the same file again (the waivers file read as an agreement too): the same name
        "a_b",
    ]
    assert names("a/b_2.yaml", "a/b_2.yaml") == "a.b_2_2"  # a name already taken by another file
