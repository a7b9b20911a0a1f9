"""`srm-check validate-policy`: each kind of inconsistency is found, located, and exits 2."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.authoring.validate import validate_policy

INVALID = FIXTURES / "policy_authoring" / "invalid"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# (fixture folder, file within it, line, column, message)
CASES = [
    (
        "unknown-function",
        "rules/mini.yaml",
        13,
        17,
        "'function' should be one of truthy, falsy, defined, undefined, minimum, maximum, "
        "enumeration, pattern, text, date, after, unique, not 'enumerate' (at /rules/0/then/function)",
    ),
    (
        "undeclared-default-party",
        "catalogues/mini.yaml",
        13,
        80,
        "default party 'provider' is not declared in parties",
    ),
    (
        "duplicate-rule-id",
        "rules/more.yaml",
        2,
        9,
        "rule id 'MINI001' is already used at "
        "tests/fixtures/policy_authoring/invalid/duplicate-rule-id/rules/mini.yaml:2",
    ),
    (
        "duplicate-responsibility-id",
        "catalogues/mini.yaml",
        13,
        10,
        "responsibility id 'run' is repeated",
    ),
    (
        "boundary-inconsistent",
        "catalogues/mini.yaml",
        13,
        80,
        "'fix' (#3) defaults to 'community', but boundary.begins_at 2 says a later party holds "
        "#2 onwards by default",
    ),
    (
        "boundary-unknown-number",
        "catalogues/mini.yaml",
        9,
        14,
        "boundary.begins_at is 7, but no responsibility has that number",
    ),
    (
        "unknown-fact-field",
        "rules/mini.yaml",
        10,
        17,
        "'colour' is not a field of responsibility facts (fields: assigned, cost_note, ",
    ),
    (
        "unknown-placeholder",
        "rules/mini.yaml",
        6,
        14,
        "message uses '{holder}', which responsibility facts and function enumeration do not provide",
    ),
    (
        "dead-condition",
        "rules/mini.yaml",
        10,
        29,
        "rule MINI001: no catalogue of the policy has the responsibility 'runn', so this "
        "condition never holds",
    ),
    (
        "test-unknown-rule",
        "tests/mini.yaml",
        8,
        14,
        "unknown rule 'MINI01' (did you mean 'MINI001'?)",
    ),
    (
        "test-missing-fixture",
        "tests/mini.yaml",
        7,
        16,
        "fixture file 'fixtures/gone.yaml' not found",
    ),
    (
        "test-malformed",
        "tests/mini.yaml",
        4,
        5,
        "unknown key 'expects' (did you mean 'expect'? expected one of: agreement, agreements, "
        "description, expect, name, silent, strict) (at /tests/0/expects)",
    ),
    ("test-empty", "tests/mini.yaml", 1, 1, "file is empty: it holds no YAML document"),
    (
        "test-asserts-nothing",
        "tests/mini.yaml",
        6,
        5,
        "a test case needs 'expect', 'silent' or 'strict: true'; it asserts nothing",
    ),
]


@pytest.mark.parametrize(("folder", "file", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_inconsistency_is_located(folder: str, file: str, line: int, column: int, message: str) -> None:
    run = run_cli(["validate-policy", str(INVALID / folder)])
    assert run.exit_code == 2
    problems = run.stdout.splitlines()
    assert len(problems) == 1, problems  # one mistake, one problem: no cascade
    where = f"tests/fixtures/policy_authoring/invalid/{folder}/{file}:{line}:{column}: "
    assert problems[0].startswith(where)
    assert message in problems[0][len(where) :]
    assert run.stderr == "srm-check: error: the policy has 1 problem\n"


def test_every_case_is_also_valid_without_its_mistake() -> None:
    """The fixtures differ from `valid/` by one mistake each, and `valid/` is clean."""
    run = run_cli(["validate-policy", str(INVALID / "valid")])
    assert run.exit_code == 0, run.stdout
    assert run.stdout == "policy valid: 1 catalogue, 1 rule, 2 test cases in 1 test file\n"
    assert sorted(p.name for p in INVALID.iterdir()) == sorted([c[0] for c in CASES] + ["valid"])


def test_shipped_policy_is_valid() -> None:
    run = run_cli(["validate-policy"])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.startswith("policy valid: 1 catalogue, 14 rules, ")


def test_problems_of_several_folders_are_reported_together_in_order() -> None:
    folders = [INVALID / "test-unknown-rule", INVALID / "boundary-unknown-number"]
    report = validate_policy(folders)
    # Both folders define catalogue mini@1, which is one more (located) problem.
    located = [(p.path.split("/invalid/")[1], p.span.line) for p in report.problems]
    assert located == sorted(located)
    assert ("boundary-unknown-number/catalogues/mini.yaml", 9) in located
    assert ("test-unknown-rule/tests/mini.yaml", 8) in located
    assert any("is also defined in" in p.message for p in report.problems)


def test_pydantic_models_catch_what_they_define() -> None:
    """The deep check validates test files with the pydantic model too (its rules, same verdict)."""
    from srm_check.schemas.models.policytest import PolicyTestFile

    with pytest.raises(ValueError, match="exactly one of 'agreement' and 'agreements'"):
        PolicyTestFile.model_validate({"tests": [{"name": "x", "silent": ["A1"]}]})
    with pytest.raises(ValueError, match="needs 'expect', 'silent' or 'strict: true'"):
        PolicyTestFile.model_validate({"tests": [{"name": "x", "agreement": "a.yaml"}]})
    ok = PolicyTestFile.model_validate({"tests": [{"name": "x", "agreement": {"a": 1}, "strict": True}]})
    assert ok.tests[0].strict


def test_a_missing_folder_is_a_problem() -> None:
    run = run_cli(["validate-policy", "no/such/policy"])
    assert run.exit_code == 2
    assert "no/such/policy:1:1: policy folder not found" in run.stdout


def test_shipped_test_files_follow_their_schema_and_model() -> None:
    """The generated JSON Schema (what editors use) and the model agree on the shipped tests."""
    import json

    import jsonschema

    from srm_check.authoring.policy_tests import find_test_files
    from srm_check.schemas import schema_text
    from srm_check.schemas.models.policytest import PolicyTestFile
    from srm_check.source.reader import load_file

    schema = json.loads(schema_text("policytest"))
    files = find_test_files(ROOT / "policies")
    assert files
    for path in files:
        (doc,) = load_file(path, path.name).documents
        jsonschema.validate(doc.value, schema, cls=jsonschema.Draft202012Validator)
        PolicyTestFile.model_validate(doc.value)
    malformed = INVALID / "test-malformed" / "tests" / "mini.yaml"
    (doc,) = load_file(malformed, malformed.name).documents
    with pytest.raises(jsonschema.ValidationError, match="'expects' was unexpected"):
        jsonschema.validate(doc.value, schema, cls=jsonschema.Draft202012Validator)
