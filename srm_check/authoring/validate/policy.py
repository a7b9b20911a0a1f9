"""Validate policy folders as a whole: load them, then run every deep check on their files.

A file that loading already found broken gets no second report of the same mistake from
its model; problems are reported once each, in file and line order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srm_check.authoring.validate.boundary import boundary_problems
from srm_check.authoring.validate.cases import validate_test_files
from srm_check.authoring.validate.conditions import Known, dead_conditions
from srm_check.authoring.validate.files import YamlFile, read_files
from srm_check.authoring.validate.models import model_problems
from srm_check.core.codes import builtin_rules
from srm_check.core.problem import Problem, SrmError
from srm_check.policy.loader import load_policy, policy_files
from srm_check.policy.model import Policy


@dataclass(slots=True)
class PolicyReport:
    """Every problem found, in file and line order, and what was validated."""

    problems: list[Problem] = field(default_factory=list)
    catalogues: int = 0
    rules: int = 0
    cases: int = 0
    test_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_policy(directories: list[Path]) -> PolicyReport:
    """Every problem of the policy folders: their catalogues, rules and tests."""
    problems: list[Problem] = []
    policy = _load(directories, problems)
    broken = {p.path for p in problems}
    files = read_files(p for d in directories if d.is_dir() for p in policy_files(d))
    catalogues = [f for f in files if f.holds("catalogue")]
    known = _check_catalogues(catalogues, broken, problems)
    rule_ids = _check_rule_files([f for f in files if f.holds("rules")], broken, known, problems)
    tests = validate_test_files(directories, rule_ids)
    return PolicyReport(
        problems=_unique_sorted(problems + tests.problems),
        catalogues=len(policy.catalogues) if policy else len(catalogues),
        rules=len(policy.rules) if policy else len(rule_ids) - len(builtin_rules()),
        cases=tests.cases,
        test_files=tests.files,
    )


def _load(directories: list[Path], problems: list[Problem]) -> Policy | None:
    """The policy as a run loads it, or None (its problems added)."""
    try:
        return load_policy(directories)
    except SrmError as exc:
        problems.extend(exc.problems)
        return None


def _check_catalogues(files: list[YamlFile], broken: set[str], problems: list[Problem]) -> Known | None:
    """Model and boundary problems of the catalogues; what the valid ones hold (None: none is)."""
    from srm_check.schemas.models.catalogue import Catalogue

    valid = []
    for file in files:
        found = model_problems(file, Catalogue)
        if file.display not in broken:
            problems.extend(found)
        if not found:
            problems.extend(boundary_problems(file))
            valid.append(file.doc.value)
    if not valid:
        return None
    responsibilities = {r["id"] for c in valid for r in c["responsibilities"]}
    return Known(responsibilities, {p["id"] for c in valid for p in c["parties"]})


def _check_rule_files(
    files: list[YamlFile], broken: set[str], known: Known | None, problems: list[Problem]
) -> set[str]:
    """Model problems and dead conditions of the rule files; every rule id they (and srm-check) define."""
    from srm_check.authoring.schemas import RuleFile

    rule_ids: set[str] = {r["id"] for r in builtin_rules()}
    for file in files:
        found = model_problems(file, RuleFile)
        if file.display not in broken:
            problems.extend(found)
        rule_ids.update(_rule_ids(file))
        if not found and known is not None:
            problems.extend(dead_conditions(file, known))
    return rule_ids


def _rule_ids(file: YamlFile) -> list[str]:
    """The ids of a rule file's rules, as far as they can be read."""
    rules = file.doc.value.get("rules")
    return [
        rule["id"]
        for rule in (rules if isinstance(rules, list) else [])
        if isinstance(rule, dict) and isinstance(rule.get("id"), str)
    ]


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    """Each problem once (as printed), in path, line, column and message order."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.path, p.span.line, p.span.column, p.message)):
        key = (p.path, p.span.line, p.span.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
