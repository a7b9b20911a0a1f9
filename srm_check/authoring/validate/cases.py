"""The test files of policy folders: loaded as `srm-check test` loads them, then their model."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from srm_check.authoring.policy_tests import find_test_files, load_cases
from srm_check.authoring.validate.files import read_files
from srm_check.authoring.validate.models import model_problems
from srm_check.core.problem import Problem


class TestFiles(NamedTuple):
    """What validating the test files found, and how many cases and files there are."""

    problems: list[Problem]
    cases: int
    files: int


def validate_test_files(directories: list[Path], rule_ids: Collection[str]) -> TestFiles:
    """Problems of the test files (as loading them finds), and their model's on the others."""
    from srm_check.schemas.models.policytest import PolicyTestFile

    cases, problems = load_cases(directories, rule_ids)
    paths = [p for d in directories if d.is_dir() for p in find_test_files(d)]
    broken = {p.path for p in problems}
    for file in read_files(paths):
        if file.display not in broken:
            problems.extend(model_problems(file, PolicyTestFile))
    return TestFiles(problems, len(cases), len(paths))
