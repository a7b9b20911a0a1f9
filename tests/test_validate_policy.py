"""`srm-check validate-policy`: each kind of inconsistency is found, located, and exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from srm_check.authoring.validate import validate_policy
from srm_check.policy.sources import resolve_sources

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
        "finite, enumeration, pattern, text, date, after, unique, no_overlap, acyclic, known, same_as, "
        "different_from, not 'enumerate' "
        "(at /rules/0/then/function)",
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
        "'colour' is not a field of responsibility facts (fields: area, assigned, consulted, cost_note, ",
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
        "assignments_changed, description, expect, name, on, silent, strict) (at /tests/0/expects)",
    ),
    ("test-empty", "tests/mini.yaml", 1, 1, "file is empty: it holds no YAML document"),
    # Catalogue scopes and overrides (composition).
    (
        "scope-unknown-catalogue",
        "rules/mini.yaml",
        9,
        18,
        "unknown catalogue 'mini@2' (did you mean 'mini@1'?); the policy holds "
        "2i2c-srm-areas@late-2022, 2i2c-srm@2022, mini@1",
    ),
    (
        "override-unknown-rule",
        "rules/overrides.yaml",
        2,
        11,
        "unknown rule 'MINI01' (did you mean 'MINI001'?): overrides name a rule of the policy, by id or name",
    ),
    (
        "override-unknown-catalogue",
        "rules/overrides.yaml",
        3,
        18,
        "unknown catalogue 'minii' (did you mean 'mini'?); the policy holds "
        "2i2c-srm-areas@late-2022, 2i2c-srm@2022, mini@1",
    ),
    (
        "override-builtin",
        "rules/overrides.yaml",
        2,
        11,
        "'schema-unknown-key' is a built-in finding of srm-check, not a rule of the policy: overrides "
        "change policy rules; set its severity in the configuration (`severity:`) instead",
    ),
    (
        "override-outside-scope",
        "rules/overrides.yaml",
        3,
        18,
        "rule MINI001 does not apply to catalogue 2i2c-srm@2022 (its `catalogues:` are mini@1), so this "
        "override would change nothing",
    ),
    (
        "override-twice",
        "rules/overrides.yaml",
        6,
        18,
        "rule SRM201 is already overridden for catalogue mini@1 at "
        "tests/fixtures/policy_authoring/invalid/override-twice/rules/overrides.yaml:2",
    ),
    (
        "redefines-shipped-rule",
        "rules/extra.yaml",
        2,
        9,
        "rule id 'SRM201' is already used by the shipped policy (policies/rules/costs.yaml:5); to change "
        "a shipped rule on your catalogues, list it under `overrides:` "
        "(docs/writing-policies.md#changing-a-rule-for-some-catalogues); to replace the shipped policy, "
        "use --no-builtin-policy (configuration: builtin-policy: false)",
    ),
    # Rules over two responsibilities.
    (
        "relation-unknown-responsibility",
        "rules/mini.yaml",
        14,
        33,
        "rule MINI001: no catalogue of the policy has a responsibility 'fixx' (did you mean 'fix'?), so "
        "this comparison never holds",
    ),
    (
        "of-unknown-responsibility",
        "rules/mini.yaml",
        11,
        14,
        "rule MINI001: no catalogue of the policy has a responsibility 'fixx' (did you mean 'fix'?), so "
        "this condition never holds",
    ),
    (
        "of-on-agreement-facts",
        "rules/extra.yaml",
        10,
        14,
        "`of` compares with another responsibility of the agreement, which agreement facts do not have "
        "(use it with given: assignment, party_ref, responsibility)",
    ),
    (
        "relation-on-assignment-facts",
        "rules/extra.yaml",
        11,
        71,
        "compares one responsibility with another: it needs `given: responsibility`, not assignment",
    ),
    # Regression: `values: ["{use}"]` validated, then always failed.
    (
        "values-as-placeholder",
        "rules/mini.yaml",
        14,
        26,
        "'{use}' is compared as written, not filled in (values are not templates); to compare with "
        "responsibility 'use', use `function: same_as` with `options: {responsibility: use}`",
    ),
    (
        "where-value-as-placeholder",
        "rules/mini.yaml",
        10,
        29,
        "'{run}' is compared as written, not filled in (conditions are not templates); to test another "
        "responsibility, use `of: run` with `field`",
    ),
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
    assert (
        run.stdout
        == "policy valid: 1 catalogue, 1 rule, 2 test cases in 1 test file (beside the shipped policy)\n"
    )
    assert sorted(p.name for p in INVALID.iterdir()) == sorted([c[0] for c in CASES] + ["valid"])


def test_shipped_policy_is_valid() -> None:
    run = run_cli(["validate-policy"])
    assert run.exit_code == 0, run.stdout
    assert run.stdout.startswith("policy valid: 2 catalogues, 33 rules, ")


def test_problems_of_several_folders_are_reported_together_in_order() -> None:
    folders = [INVALID / "test-unknown-rule", INVALID / "boundary-unknown-number"]
    report = validate_policy(resolve_sources(folders, builtin=True))
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


# --- composition -------------------------------------------------------------------------------


def test_builtin_is_accepted_as_a_folder_and_named_once() -> None:
    """`@builtin` names the shipped policy in validate-policy too, however often it is given."""
    shipped = run_cli(["validate-policy"]).stdout
    assert run_cli(["validate-policy", "@builtin"]).stdout == shipped
    assert run_cli(["validate-policy", "@builtin", "policies", "@builtin"]).stdout == shipped
    both = run_cli(["validate-policy", "@builtin", str(INVALID / "valid")])
    assert both.exit_code == 0, both.stdout
    assert both.stdout.startswith("policy valid: 3 catalogues, 34 rules, ")


def test_a_catalogue_no_rule_checks_is_a_warning_not_a_problem(tmp_path: Path) -> None:
    """A catalogue-only policy without the shipped rules: its agreements would all get SRM030."""
    catalogue_only = tmp_path / "catalogue-only"
    (catalogue_only / "catalogues").mkdir(parents=True)
    shutil.copy2(INVALID / "valid" / "catalogues" / "mini.yaml", catalogue_only / "catalogues" / "mini.yaml")
    alone = run_cli(["validate-policy", "--no-builtin-policy", str(catalogue_only)])
    assert alone.exit_code == 0, alone.stdout
    where = (catalogue_only / "catalogues" / "mini.yaml").as_posix()
    assert alone.stdout.splitlines() == [
        f"{where}:1:12: warning: no rule of the policy checks the assignments of catalogue mini@1 (none "
        "applies to it, or each is turned off for it): every agreement on it gets SRM030",
        "policy valid: 1 catalogue, 0 rules, 0 test cases in 0 test files, 1 warning",
    ]
    # Beside the shipped policy, whose rules apply to every catalogue, it is checked: no warning.
    beside = run_cli(["validate-policy", str(catalogue_only)])
    assert (
        beside.stdout
        == "policy valid: 1 catalogue, 0 rules, 0 test cases in 0 test files (beside the shipped policy)\n"
    )


def test_no_policy_at_all_is_a_usage_error() -> None:
    run = run_cli(["validate-policy", "--no-builtin-policy"])
    assert run.exit_code == 2
    assert run.stderr == (
        "command line:1:1: no policy to check with: the shipped policy is left out (--no-builtin-policy, "
        "or builtin-policy: false in the configuration) and no policy folder is named [SRM012]\n"
        "srm-check: error: no policy; nothing was checked\n"
    )
