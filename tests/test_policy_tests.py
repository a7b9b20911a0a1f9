"""`srm-check test`: policy test cases pass on the shipped policy, and failures read as a diff."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli, shared_file

from srm_check.authoring.policy_tests import Runner, compare, coverage, find_test_files, load_cases
from srm_check.pipeline.selection import evaluated_rules
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir

AUTHORING = FIXTURES / "policy_authoring"
POLICIES = ROOT / "policies"
SHIPPED_RULES = [
    "SRM101", "SRM102", "SRM103", "SRM104", "SRM105", "SRM106",
    "SRM107", "SRM108", "SRM109", "SRM110", "SRM111", "SRM112",
    "SRM201", "SRM202", "SRM203", "SRM204", "SRM205",
    "SRM301", "SRM302", "SRM303", "SRM304", "SRM305", "SRM306", "SRM307", "SRM401",
    "SRM501", "SRM502", "SRM503", "SRM504", "SRM505", "SRM601", "SRM602", "SRM603",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in output are relative to the working folder: run from the repository root."""
    monkeypatch.chdir(ROOT)


def test_shipped_policy_passes_with_coverage_required() -> None:
    """What CI runs (`srm-check test --require-coverage`), run here so `pytest` covers it too."""
    run = run_cli(["test", "--require-coverage"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "FAIL" not in run.stdout
    assert "Coverage: each of the 33 rules has a failing and a passing case." in run.stdout
    assert re.fullmatch(r"(\d+) test cases: \1 passed \(passed\)", run.stdout.splitlines()[-1])


def test_every_shipped_rule_has_a_failing_and_a_passing_case() -> None:
    policy = load_policy([default_policy_dir()])
    assert [r["id"] for r in policy.rules] == SHIPPED_RULES
    cases, problems = load_cases([default_policy_dir()], [r["id"] for r in evaluated_rules(policy.rules)])
    assert problems == []
    for item in coverage(cases, SHIPPED_RULES):
        assert item.failing >= 1 and item.passing >= 1, item


def test_default_is_the_shipped_policy_dir() -> None:
    assert run_cli(["test"]).stdout == run_cli(["test", str(default_policy_dir())]).stdout


def test_test_files_skip_fixture_folders() -> None:
    names = [p.relative_to(POLICIES).as_posix() for p in find_test_files(POLICIES)]
    assert names == [
        "tests/approvals.yaml",
        "tests/assignments.yaml",
        "tests/costs.yaml",
        "tests/lifecycle.yaml",
        "tests/metadata.yaml",
        "tests/order.yaml",
        "tests/parties.yaml",
        "tests/roles.yaml",
    ]


def test_wrong_expectations_fail_with_a_diff() -> None:
    run = run_cli(["test", "policies", str(AUTHORING / "wrong-expectation")])
    assert run.exit_code == 1
    test_file = "tests/fixtures/policy_authoring/wrong-expectation/tests/wrong.yaml"
    lines = run.stdout.splitlines()
    start = lines.index(f"FAIL {test_file}:4 expects-the-wrong-rule")
    assert lines[start + 1] == "    - expected SRM102 at /assignments/manage-data"
    assert lines[start + 2].startswith(
        "    + found    SRM101 policies/tests/fixtures/srm101-missing.yaml:6:3 at "
        "/assignments/manage-data: responsibility 'manage-data'"
    )
    assert lines[start + 2].endswith("(must stay silent)")
    # An inline agreement's findings are located in the test file itself.
    start = lines.index(f"FAIL {test_file}:11 expects-the-wrong-line")
    assert lines[start + 1] == "    - expected SRM302 line 15"
    assert lines[start + 2].startswith(f"    + found    SRM302 {test_file}:16:18 at /effective:")
    assert lines[-1] == "84 test cases: 82 passed, 2 failed (FAILED)"


def test_expectations_are_paired_as_a_whole() -> None:
    """A greedy pairing would give the first finding to the unspecific expectation and fail."""
    run = run_cli(["test", "policies", str(AUTHORING / "matching")])
    assert run.exit_code == 0, run.stdout
    policy = load_policy([POLICIES])
    ids = [r["id"] for r in evaluated_rules(policy.rules)]
    (case,), _ = load_cases([AUTHORING / "matching"], ids)
    findings = Runner(policy).findings(case)
    assert [f.span.line for f in findings] == [12, 13]
    assert [d.mark for d in compare(case, findings)] == [" ", " "]
    # The same two expectations fail when only one finding is left to pair.
    assert [d.mark for d in compare(case, findings[1:])] == [" ", "-"]


def test_inline_agreements_are_checked_like_files() -> None:
    """Repeated keys and unknown keys inside an inline agreement are findings, not test-file errors."""
    run = run_cli(["test", "policies", str(AUTHORING / "inline-quirks")])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "PASS tests/fixtures/policy_authoring/inline-quirks/tests/inline.yaml:3 " in run.stdout


def test_strict_case_fails_on_any_finding_not_expected() -> None:
    policy = load_policy([POLICIES])
    ids = [r["id"] for r in evaluated_rules(policy.rules)]
    cases, _ = load_cases([POLICIES], ids)
    strict = next(c for c in cases if c.name == "srm105-typo-in-responsibility")
    assert strict.strict
    findings = Runner(policy).findings(strict)
    assert {f.rule_id for f in findings} == {"SRM101", "SRM105"}
    strict.expect = [e for e in strict.expect if e.rule == "SRM105"]
    diff = compare(strict, findings)
    assert [d.mark for d in diff] == [" ", "+"]
    assert diff[1].text.startswith("SRM101 ")


@pytest.mark.parametrize(
    ("folder", "where", "message"),
    [
        (
            "malformed-yaml",
            "malformed-yaml/tests/broken.yaml:3:16:",
            "invalid YAML: the '{' here is not closed: expected ',' or '}' before line 4, column 11",
        ),
        (
            "duplicate-names",
            "duplicate-names/tests/twice.yaml:5:11:",
            "test case name 'same-name' is already used at line 2",
        ),
        (
            "invalid/test-empty",
            "invalid/test-empty/tests/mini.yaml:1:1:",
            "file is empty: it holds no YAML document",
        ),
        (
            "invalid/test-malformed",
            "invalid/test-malformed/tests/mini.yaml:4:5:",
            "unknown key 'expects'",
        ),
        (
            "invalid/test-asserts-nothing",
            "invalid/test-asserts-nothing/tests/mini.yaml:6:5:",
            "a test case needs 'expect', 'silent' or 'strict: true'",
        ),
        (
            "invalid/test-unknown-rule",
            "invalid/test-unknown-rule/tests/mini.yaml:8:14:",
            "unknown rule 'MINI01' (did you mean 'MINI001'?)",
        ),
        (
            "invalid/test-missing-fixture",
            "invalid/test-missing-fixture/tests/mini.yaml:7:16:",
            "fixture file 'fixtures/gone.yaml' not found",
        ),
    ],
)
def test_malformed_test_files_stop_the_run(folder: str, where: str, message: str) -> None:
    extra = [] if folder.startswith("invalid/") else ["policies"]
    run = run_cli(["test", *extra, str(AUTHORING / folder)])
    assert run.exit_code == 2
    assert run.stdout == ""
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"tests/fixtures/policy_authoring/{where} ")
    assert message in first
    assert "no test was run" in run.stderr


def test_a_policy_without_test_cases_is_an_error() -> None:
    run = run_cli(["test", str(AUTHORING / "custom-policy" / "catalogues")])
    assert run.exit_code == 2
    assert "no test cases found" in run.stderr


def test_missing_coverage_is_listed_and_fails_only_when_required() -> None:
    folder = str(AUTHORING / "coverage-gap")
    listed = run_cli(["test", folder])
    assert listed.exit_code == 0
    assert "  MINI001: no passing case" in listed.stdout
    required = run_cli(["test", folder, "--require-coverage"])
    assert required.exit_code == 1
    assert required.stdout.splitlines()[-1] == "1 test case: 1 passed (FAILED: --require-coverage)"
    rule_without_cases = run_cli(["test", "policies", str(AUTHORING / "no-tests")])
    assert rule_without_cases.exit_code == 0
    assert "  EXTRA001: no failing and no passing case" in rule_without_cases.stdout


def test_output_is_deterministic_and_can_go_to_a_file(tmp_path: Path) -> None:
    first = run_cli(["test"])
    assert first.stdout == run_cli(["test"]).stdout
    out = tmp_path / "report" / "tests.txt"
    run = run_cli(["test", "-o", str(out)])
    assert run.exit_code == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8") == first.stdout


# --- JUnit ------------------------------------------------------------------------------------


def _junit(args: list[str], tmp_path: Path) -> tuple[int, str]:
    out = tmp_path / "junit.xml"
    run = run_cli(["test", *args, "--format", "junit", "-o", str(out)])
    return run.exit_code, out.read_text(encoding="utf-8")


def test_junit_is_valid_and_names_are_unique(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    xsd = shared_file("formats/jenkins-xunit-junit-10.xsd")
    import xmlschema

    schema = xmlschema.XMLSchema(str(xsd))
    code, text = _junit(["policies", str(AUTHORING / "wrong-expectation"), "--require-coverage"], tmp_path)
    assert code == 1
    schema.validate(text)
    root = ET.fromstring(text)
    cases = root.findall(".//testcase")
    keys = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(keys) == len(set(keys)) == 84 + 33
    assert root.get("tests") == "117" and root.get("failures") == "2"
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["expects-the-wrong-rule", "expects-the-wrong-line"]
    failure = failed[0].find("failure")
    assert failure is not None and failure.text is not None
    assert "- expected SRM102 at /assignments/manage-data" in failure.text
    assert failed[0].get("classname") == "tests.fixtures.policy_authoring.wrong-expectation.tests.wrong"


def test_junit_reports_coverage_as_failures_only_when_required(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    xsd = shared_file("formats/jenkins-xunit-junit-10.xsd")
    import xmlschema

    schema = xmlschema.XMLSchema(str(xsd))
    folder = str(AUTHORING / "coverage-gap")
    code, text = _junit([folder], tmp_path)
    assert code == 0
    schema.validate(text)
    suite = ET.fromstring(text).find("testsuite[@name='coverage']")
    assert suite is not None and suite.get("skipped") == "1" and suite.get("failures") == "0"
    code, text = _junit([folder, "--require-coverage"], tmp_path)
    assert code == 1
    schema.validate(text)
    case = ET.fromstring(text).find("testsuite[@name='coverage']/testcase[@name='MINI001']")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "MINI001 has no passing case"


def test_junit_output_is_deterministic(tmp_path: Path) -> None:
    _, first = _junit([], tmp_path)
    _, second = _junit([], tmp_path)
    assert first == second
    assert "time=" not in first and "timestamp=" not in first


def test_junit_class_names_are_the_same_on_every_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class names come from the policy folder, not the install path: the shipped policy's
    tests are `policies.tests.*` from anywhere, and dots in names are handled as in `check`."""
    import xml.etree.ElementTree as ET

    from srm_check.formats.junit import classname

    monkeypatch.chdir(tmp_path)  # the shipped policy lies outside the working folder
    out = tmp_path / "shipped.xml"
    assert run_cli(["test", "--format", "junit", "-o", str(out)]).exit_code == 0
    names = {case.get("classname") for case in ET.parse(out).iter("testcase")}
    files = {p.stem for p in (default_policy_dir() / "tests").glob("*.yaml")}
    assert names == {f"policies.tests.{stem}" for stem in files} | {"coverage"}
    local = tmp_path / "my.policy"
    shutil.copytree(AUTHORING / "custom-policy", local)
    assert run_cli(["test", "my.policy", "--format", "junit", "-o", str(out)]).exit_code == 0
    assert (
        {case.get("classname") for case in ET.parse(out).iter("testcase")}
        == {
            classname("my.policy/tests/campus.yaml"),
            "coverage",
        }
        == {"my_policy.tests.campus", "coverage"}
    )
