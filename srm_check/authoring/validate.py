"""Deep validation of policy folders, for `srm-check validate-policy` (it may be slow).

`load_policy` already checks what every run needs (schemas, repeated ids, undeclared
default parties, unknown fact fields and message placeholders). This adds what a run
cannot afford or does not need: validation with the pydantic models themselves (the
formats' definition, a second opinion on the compiled schemas), whether a catalogue's
boundary agrees with its default parties, `where` conditions that name a responsibility
or default party no catalogue has (so the rule never applies), and the test files
(their format, the rules they name, the fixture files they need).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_check.authoring.policy_tests import find_test_files, load_cases
from srm_check.core.codes import builtin_rules
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem, SrmError
from srm_check.policy.loader import load_policy, policy_files
from srm_check.policy.model import Policy
from srm_check.source.document import Document
from srm_check.source.reader import load_file

# Fields whose values are responsibility ids, and fields whose values are catalogue parties.
RESPONSIBILITY_FIELDS = {
    "responsibility": {"id", "inversion"},
    "assignment": {"responsibility"},
    "party_ref": {"responsibility"},
}
DEFAULT_PARTY_FIELDS = {"responsibility": {"default_party"}, "assignment": {"default_party"}}


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


@dataclass(slots=True)
class _File:
    path: Path
    display: str
    doc: Document


def _read(paths: Iterable[Path]) -> list[_File]:
    """Policy files that parse to one YAML document (the others are already reported)."""
    out = []
    for path in paths:
        display = display_path(path)
        source = load_file(path, display)
        if not source.problems and len(source.documents) == 1:
            out.append(_File(path, display, source.documents[0]))
    return out


def _pointer(value: Any, loc: Iterable[Any]) -> str:
    """The JSON pointer of a pydantic error location, skipping union branch names."""
    pointer = ""
    for part in loc:
        in_dict = isinstance(value, dict) and isinstance(part, str) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_dict or in_list):
            continue
        value = value[part]
        token = str(part).replace("~", "~0").replace("/", "~1")
        pointer += f"/{token}"
    return pointer


def _model_problems(file: _File, model: Any) -> list[Problem]:
    """Validate with a pydantic model; each error located at the deepest node it names."""
    from pydantic import ValidationError

    try:
        model.model_validate(file.doc.value)
    except ValidationError as exc:
        out = []
        for error in exc.errors(include_url=False):
            pointer = _pointer(file.doc.value, error["loc"])
            message = f"{error['msg']} (at {pointer or '/'})"
            out.append(Problem(message, file.doc.span(pointer), path=file.display))
        return out
    return []


def _boundary_problems(file: _File) -> list[Problem]:
    """A catalogue's `boundary.begins_at` against its responsibilities' default parties.

    `begins_at` is the number of the first responsibility that a party other than the
    first (least technical) one holds by default: every responsibility before it
    defaults to the first party, and none from it on.
    """
    value = file.doc.value
    boundary = value.get("boundary") or {}
    begins_at = boundary.get("begins_at")
    if begins_at is None:
        return []
    doc, out = file.doc, []
    numbers = {r["number"] for r in value["responsibilities"]}
    if begins_at not in numbers:
        out.append(
            Problem(
                f"boundary.begins_at is {begins_at}, but no responsibility has that number",
                doc.span("/boundary/begins_at"),
                path=file.display,
            )
        )
        return out
    first = value["parties"][0]["id"]
    for i, resp in enumerate(value["responsibilities"]):
        number, default = resp["number"], resp["default_party"]
        if number < begins_at and default != first:
            message = (
                f"'{resp['id']}' (#{number}) defaults to '{default}', but boundary.begins_at "
                f"{begins_at} says responsibilities before #{begins_at} default to the first "
                f"party, '{first}'"
            )
        elif number >= begins_at and default == first:
            message = (
                f"'{resp['id']}' (#{number}) defaults to '{first}', but boundary.begins_at "
                f"{begins_at} says a later party holds #{begins_at} onwards by default"
            )
        else:
            continue
        out.append(Problem(message, doc.span(f"/responsibilities/{i}/default_party"), path=file.display))
    return out


def _dead_conditions(file: _File, responsibilities: set[str], parties: set[str]) -> list[Problem]:
    """`where` conditions that compare with a responsibility or default party no catalogue has."""
    out = []
    for i, rule in enumerate(file.doc.value["rules"]):
        given = rule["given"]
        for j, condition in enumerate(rule.get("where") or []):
            name = condition["field"]
            if name in RESPONSIBILITY_FIELDS.get(given, ()):
                known, what = responsibilities, "responsibility"
            elif name in DEFAULT_PARTY_FIELDS.get(given, ()):
                known, what = parties, "party"
            else:
                continue
            for key in ("equals", "in"):
                if key not in condition:
                    continue
                values = condition[key] if key == "in" else [condition[key]]
                for k, item in enumerate(values):
                    if isinstance(item, str) and item not in known:
                        pointer = f"/rules/{i}/where/{j}/{key}" + (f"/{k}" if key == "in" else "")
                        out.append(
                            Problem(
                                f"rule {rule['id']}: no catalogue of the policy has the {what} "
                                f"'{item}', so this condition never holds",
                                file.doc.span(pointer),
                                path=file.display,
                            )
                        )
    return out


def validate_policy(directories: list[Path]) -> PolicyReport:
    """Every problem of the policy folders: their catalogues, rules and tests."""
    from srm_check.authoring.schemas import RuleFile
    from srm_check.schemas.models.catalogue import Catalogue
    from srm_check.schemas.models.policytest import PolicyTestFile

    report = PolicyReport()
    policy: Policy | None = None
    try:
        policy = load_policy(directories)
    except SrmError as exc:
        report.problems.extend(exc.problems)
    broken = {p.path for p in report.problems}
    files = _read(p for d in directories if d.is_dir() for p in policy_files(d))
    catalogues = [f for f in files if isinstance(f.doc.value, dict) and "catalogue" in f.doc.value]
    rule_files = [f for f in files if isinstance(f.doc.value, dict) and "rules" in f.doc.value]
    for file in catalogues:
        problems = _model_problems(file, Catalogue)
        if file.display not in broken:
            report.problems.extend(problems)
        if not problems:
            report.problems.extend(_boundary_problems(file))
    valid_catalogues = [f.doc.value for f in catalogues if not _model_problems(f, Catalogue)]
    responsibilities = {r["id"] for c in valid_catalogues for r in c["responsibilities"]}
    parties = {p["id"] for c in valid_catalogues for p in c["parties"]}
    rule_ids: set[str] = {r["id"] for r in builtin_rules()}
    for file in rule_files:
        problems = _model_problems(file, RuleFile)
        if file.display not in broken:
            report.problems.extend(problems)
        rules = file.doc.value.get("rules")
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                rule_ids.add(rule["id"])
        if not problems and valid_catalogues:
            report.problems.extend(_dead_conditions(file, responsibilities, parties))
    cases, test_problems = load_cases(directories, rule_ids)
    report.problems.extend(test_problems)
    test_paths = [p for d in directories if d.is_dir() for p in find_test_files(d)]
    broken_tests = {p.path for p in test_problems}
    for file in _read(test_paths):
        if file.display not in broken_tests:
            report.problems.extend(_model_problems(file, PolicyTestFile))
    report.problems = _unique_sorted(report.problems)
    report.catalogues = len(policy.catalogues) if policy else len(catalogues)
    report.rules = len(policy.rules) if policy else len(rule_ids) - len(builtin_rules())
    report.cases = len(cases)
    report.test_files = len(test_paths)
    return report


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.path, p.span.line, p.span.column, p.message)):
        key = (p.path, p.span.line, p.span.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
