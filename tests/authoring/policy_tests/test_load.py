"""authoring/policy_tests (files, load, case): test files and cases, with every problem in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_check.authoring.policy_tests import find_test_files, load_cases
from srm_check.core.problem import Problem

RULES = ["SRM002", "SRM009", "SRM101", "SRM201", "MINI001"]
AGREEMENT = "{agreement: a, community: A, catalogue: x@1, effective: 2026-01-01, assignments: {}}"


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy" / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "policy" / "tests" / "fixtures" / "one.yaml").write_text("agreement: one\n")
    return tmp_path / "policy"


def _write(policy: Path, text: str, name: str = "cases.yaml") -> None:
    (policy / "tests" / name).write_text(text, encoding="utf-8")


def _problems(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return [(p.path, p.span.line, p.message) for p in problems]


def test_test_files_are_yaml_outside_fixture_and_hidden_folders(policy: Path) -> None:
    for name in ["b.yaml", "a.yml", "sub/c.yaml", ".hidden/d.yaml", "sub/fixtures/e.yaml", "notes.txt"]:
        (policy / "tests" / name).parent.mkdir(parents=True, exist_ok=True)
        (policy / "tests" / name).write_text("tests: []\n")
    found = [p.relative_to(policy / "tests").as_posix() for p in find_test_files(policy)]
    assert found == ["a.yml", "b.yaml", "sub/c.yaml"]
    assert find_test_files(policy / "nowhere") == []


def test_cases_name_fixtures_or_hold_agreements_inline(policy: Path) -> None:
    _write(
        policy,
        "tests:\n"
        "  - name: by-file\n"
        "    agreements: [fixtures/one.yaml]\n"
        "    expect: [{rule: SRM101, file: fixtures/one.yaml, line: 1}]\n"
        "  - name: inline\n"
        "    description: held here\n"
        f"    agreement: {AGREEMENT}\n"
        "    silent: [SRM201]\n"
        "    strict: true\n",
    )
    (by_file, inline), problems = load_cases([policy], RULES)
    assert problems == []
    assert (by_file.name, by_file.index, by_file.span.line, by_file.where) == (
        "by-file",
        0,
        2,
        "policy/tests/cases.yaml:2",
    )
    (source,) = by_file.sources
    assert (
        not source.inline
        and source.written == "fixtures/one.yaml"
        and source.pointer == "/tests/0/agreements/0"
    )
    (expected,) = by_file.expect
    assert (expected.file, expected.file_display, expected.line) == (
        "fixtures/one.yaml",
        "policy/tests/fixtures/one.yaml",
        1,
    )
    assert by_file.failing_rules == {"SRM101"} and by_file.passing_rules == set() and not by_file.strict
    assert inline.sources[0].inline and inline.sources[0].path == policy / "tests" / "cases.yaml"
    assert (inline.description, inline.strict, inline.passing_rules) == ("held here", True, {"SRM201"})


def test_a_case_s_problems_come_in_reading_order(policy: Path) -> None:
    _write(
        policy,
        "tests:\n"
        "  - name: everything-wrong\n"  # 2
        "    agreement: fixtures/gone.yaml\n"  # 3
        "    agreements: [fixtures/one.yaml, fixtures]\n"  # 4
        "    expect:\n"
        "      - {rule: SRM10, file: fixtures/two.yaml}\n"  # 6
        "    silent: [SRM101, MINI01]\n"  # 7
        "  - name: fine\n"
        "    agreement: fixtures/one.yaml\n"
        "    silent: [SRM101]\n",
    )
    cases, problems = load_cases([policy], RULES)
    assert cases == []  # one broken case makes the whole file unusable
    where = "policy/tests/cases.yaml"
    assert _problems(problems) == [
        (where, 2, "a test case needs exactly one of 'agreement' and 'agreements'"),
        (
            where,
            3,
            "fixture file 'fixtures/gone.yaml' not found (looked for policy/tests/fixtures/gone.yaml)",
        ),
        (where, 4, "fixture file 'fixtures' is not a file (looked for policy/tests/fixtures)"),
        (where, 6, "unknown rule 'SRM10' (did you mean 'SRM101'?)"),
        (where, 6, "'file' must be a fixture file of this case ('fixtures/one.yaml')"),
        (where, 7, "unknown rule 'MINI01' (did you mean 'MINI001'?)"),
    ]


def test_silent_rules_cannot_be_expected_and_inline_cases_have_no_file(policy: Path) -> None:
    _write(
        policy,
        "tests:\n"
        "  - name: both\n"
        f"    agreement: {AGREEMENT}\n"
        "    expect: [{rule: SRM101, file: x.yaml}]\n"  # 4
        "    silent: [SRM101]\n"  # 5
        "  - name: both\n"  # 6: a name used twice
        f"    agreement: {AGREEMENT}\n"
        "    strict: true\n",
    )
    _, problems = load_cases([policy], RULES)
    assert [(line, message) for _, line, message in _problems(problems)] == [
        (4, "'file' must be a fixture file of this case (none: the agreements are inline)"),
        (5, "rule 'SRM101' is both expected and silent"),
        (6, "test case name 'both' is already used at line 2"),
    ]


def test_file_problems_stop_before_its_cases(policy: Path) -> None:
    _write(policy, "tests: [\n", "a.yaml")
    _write(policy, "a: 1\n---\nb: 2\n", "b.yaml")
    _write(policy, "cases: []\n", "c.yaml")
    _write(policy, "tests:\n  - name: x\n    agreement: fixtures/one.yaml\n    expects: []\n", "d.yaml")
    _, problems = load_cases([policy], RULES)
    messages = [(path.rsplit("/", 1)[1], message) for path, _, message in _problems(problems)]
    assert messages[0][0] == "a.yaml" and messages[0][1].startswith("invalid YAML")
    assert messages[1:3] == [
        ("b.yaml", "a test file must hold exactly one YAML document"),
        ("c.yaml", "not a test file: expected a mapping with key 'tests'"),
    ]
    assert messages[3][0] == "d.yaml" and messages[3][1].endswith("(at /tests/0/expects)")
    assert len(messages) == 4


def test_repeated_keys_belong_to_an_inline_agreement_but_not_to_the_test_file(policy: Path) -> None:
    inline = (
        "tests:\n"
        "  - name: quirk\n"
        "    agreement:\n"
        "      agreement: a\n"
        "      agreement: b\n"  # 5: the agreement's own finding (SRM002), not a test-file problem
        "    expect: [{rule: SRM002, line: 5}]\n"
    )
    _write(policy, inline)
    (case,), problems = load_cases([policy], RULES)
    assert problems == []
    assert [p.span.line for p in case.loader_problems] == [5]
    _write(policy, inline + "    expect: []\n")  # 7: `expect` twice is the test file's mistake
    cases, problems = load_cases([policy], RULES)
    assert cases == []
    assert [(p.span.line, p.code) for p in problems] == [(7, "SRM002")]
