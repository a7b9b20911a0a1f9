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
from srm_check.core.codes import WRONG_TYPE, builtin_rules
from srm_check.core.problem import Problem, SrmError
from srm_check.core.span import FILE_START
from srm_check.policy.loader import load_policy, policy_files
from srm_check.policy.model import Policy
from srm_check.policy.sources import PolicySources


@dataclass(slots=True)
class PolicyReport:
    """Every problem found, in file and line order; warnings; what was validated (counts are of
    the folders named, `beside_shipped` when the shipped policy was loaded without being named)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    catalogues: int = 0
    rules: int = 0
    overrides: int = 0
    cases: int = 0
    test_files: int = 0
    beside_shipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_policy(sources: PolicySources) -> PolicyReport:
    """Every problem of the policy folders (the shipped policy loaded too, unless left out):
    their catalogues, rules and overrides, and the tests of the folders named."""
    problems: list[Problem] = []
    folders, named = sources.folders, sources.named
    policy = _load(folders, problems)
    broken = {p.path for p in problems}
    files = read_files(p for d in folders if d.is_dir() for p in policy_files(d))
    catalogues = [f for f in files if f.holds("catalogue")]
    known = _check_catalogues(catalogues, broken, problems)
    rule_files = [f for f in files if f.holds("rules") or f.holds("overrides")]
    rule_ids = _check_rule_files(rule_files, broken, known, problems)
    tests = validate_test_files(named, rule_ids)
    report = PolicyReport(
        problems=_unique_sorted(problems + tests.problems),
        rules=len(rule_ids) - len(builtin_rules()),
        cases=tests.cases,
        test_files=tests.files,
        beside_shipped=sources.shipped is not None and not any(sources.is_shipped(d) for d in named),
    )
    _count(report, policy, catalogues, named)
    return report


def _count(
    report: PolicyReport, policy: Policy | None, catalogues: list[YamlFile], named: list[Path]
) -> None:
    """What the folders named hold (catalogues, rules, overrides), and the catalogues no rule checks."""
    report.catalogues = sum(1 for f in catalogues if any(_under(f.path, d) for d in named))
    if policy is not None:
        report.rules = len(policy.rules_in(named))
        report.overrides = sum(1 for o in policy.overrides if policy.in_folders(o.path, named))
        report.warnings = unchecked_warnings(policy, catalogues)


def _under(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def unchecked_warnings(policy: Policy, catalogues: list[YamlFile]) -> list[Problem]:
    """A warning for each catalogue whose assignments no rule checks (every agreement on it gets
    SRM030), located at its `catalogue` key."""
    out = []
    by_path = {f.display: f for f in catalogues}
    for ref in sorted(policy.composition.unchecked):
        index = policy.catalogues[ref]
        file = by_path.get(index.path)
        message = (
            f"no rule of the policy checks the assignments of catalogue {ref} (none applies to it, or "
            "each is turned off for it): every agreement on it gets SRM030"
        )
        out.append(Problem(message, file.doc.span("/catalogue") if file else FILE_START, path=index.path))
    return out


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
        if not found and known is not None and file.display not in broken:
            problems.extend(dead_conditions(file, known))
        if not found:
            problems.extend(_unfixable(file))
    return rule_ids


def _unfixable(file: YamlFile) -> list[Problem]:
    """A `fix` description on a rule whose check `srm-check fix` does not know how to fix."""
    from srm_check.authoring.fix.kinds import fix_kind, fixable_checks

    out = []
    for index, rule in enumerate(file.doc.value.get("rules") or []):
        if rule.get("fix") and fix_kind(rule) is None:
            message = (
                f"rule {rule['id']} describes a fix, but srm-check fix has none for its check "
                f"(given: {rule['given']} with field {rule['then']['field']}); fixes exist for "
                f"{fixable_checks()}; remove `fix`"
            )
            out.append(
                Problem(message, file.doc.span(f"/rules/{index}/fix"), path=file.display, code=WRONG_TYPE)
            )
    return out


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
