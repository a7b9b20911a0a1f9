"""Policy test cases: agreements, and the findings that rules must (and must not) give on them.

Test files live in a policy folder's `tests/` folder: every `*.yaml`/`*.yml` there,
except under a `fixtures/` folder, which holds agreement files that cases name. A case
names fixture files (relative to its test file) or holds agreements inline; line
numbers of inline agreements are the test file's own lines, since that is where their
findings are located. For each rule named in `expect`, the case passes only when the
rule finds exactly the findings listed; rules in `silent` must find nothing; with
`strict: true` every finding not listed fails the case.

This package loads cases (`load`, `case`), runs them (`run`) and measures coverage
(`coverage`); it prints nothing.
"""

from __future__ import annotations

from srm_check.authoring.policy_tests.coverage import coverage
from srm_check.authoring.policy_tests.files import FIXTURES_DIR, SUFFIXES, TESTS_DIR, find_test_files
from srm_check.authoring.policy_tests.load import load_cases
from srm_check.authoring.policy_tests.model import (
    CaseResult,
    Coverage,
    DiffLine,
    Expectation,
    PolicyCase,
    Source,
    SuiteResult,
)
from srm_check.authoring.policy_tests.run import Runner, compare, describe_finding, inline_document, run_suite

__all__ = [
    "FIXTURES_DIR",
    "SUFFIXES",
    "TESTS_DIR",
    "CaseResult",
    "Coverage",
    "DiffLine",
    "Expectation",
    "PolicyCase",
    "Runner",
    "Source",
    "SuiteResult",
    "compare",
    "coverage",
    "describe_finding",
    "find_test_files",
    "inline_document",
    "load_cases",
    "run_suite",
]
