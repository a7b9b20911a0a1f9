"""Load a policy's test files: each file's format first, then its cases, with every problem located.

A file with any problem gives no case: a run on half a test file would pass for the
wrong reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from srm_check.authoring.policy_tests.case import CaseLoader
from srm_check.authoring.policy_tests.files import find_test_files
from srm_check.authoring.policy_tests.locate import INLINE_AGREEMENT, inside, value_at
from srm_check.authoring.policy_tests.model import PolicyCase
from srm_check.core.codes import DUPLICATE_KEY, EMPTY_FILE, REQUIRED_KEY, UNSUPPORTED_TAG, WRONG_TYPE
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem
from srm_check.schemas.validator import validator
from srm_check.source.document import Document, SourceFile
from srm_check.source.reader import load_file

# Loader problems that do not make a test file unreadable; inside an inline agreement they
# belong to that agreement, as they would in a file of its own.
_SOFT = frozenset({DUPLICATE_KEY, UNSUPPORTED_TAG})


def load_cases(
    directories: Iterable[Path], rule_ids: Collection[str]
) -> tuple[list[PolicyCase], list[Problem]]:
    """Every case under the policy folders' `tests/`, and every problem that makes one unusable.

    `rule_ids` are the rules cases may name (the policy's and the built-in ones).
    """
    cases: list[PolicyCase] = []
    problems: list[Problem] = []
    for directory in directories:
        for path in find_test_files(directory):
            cases.extend(_load_file(path, rule_ids, problems))
    return cases, problems


def _load_file(path: Path, rule_ids: Collection[str], problems: list[Problem]) -> list[PolicyCase]:
    """The cases of one test file, or none when the file has any problem (added to `problems`)."""
    display = display_path(path)
    source = load_file(path, display)
    doc = _test_document(source, display, problems)
    if doc is None:
        return []
    before = len(problems)
    problems.extend(_test_file_mistakes(source, doc, display))
    cases = _cases(CaseLoader(path, display, doc, rule_ids, problems), source.problems)
    return cases if len(problems) == before else []


def _test_document(source: SourceFile, display: str, problems: list[Problem]) -> Document | None:
    """The file's one document, if it is readable and valid as a test file."""
    hard = [p.at(display) for p in source.problems if p.code not in _SOFT]
    if hard:
        problems.extend(hard)
        return None
    if len(source.documents) != 1:
        code = EMPTY_FILE if not source.documents else WRONG_TYPE
        problems.append(Problem("a test file must hold exactly one YAML document", path=display, code=code))
        return None
    doc = source.documents[0]
    if not isinstance(doc.value, dict) or "tests" not in doc.value:
        problems.append(
            Problem(
                "not a test file: expected a mapping with key 'tests'",
                doc.span(""),
                path=display,
                code=REQUIRED_KEY if isinstance(doc.value, dict) else WRONG_TYPE,
            )
        )
        return None
    invalid = [
        located._replace(path=display, message=f"{located.message} (at {located.pointer or '/'})")
        for located in validator("policytest").validate(doc.value, doc)
    ]
    problems.extend(invalid)
    return None if invalid else doc


def _test_file_mistakes(source: SourceFile, doc: Document, display: str) -> list[Problem]:
    """Soft loader problems outside inline agreements: mistakes in the test file itself."""
    inline_spans = [
        doc.spans[p]
        for p in doc.spans
        if INLINE_AGREEMENT.fullmatch(p) and isinstance(value_at(doc.value, p), dict)
    ]
    return [
        problem.at(display)
        for problem in source.problems
        if not any(inside(problem.span, outer) for outer in inline_spans)
    ]


def _cases(loader: CaseLoader, soft: list[Problem]) -> list[PolicyCase]:
    """Each case of the file in order; a name used twice is a problem at its second use."""
    doc, cases = loader.doc, []
    names: dict[str, int] = {}
    for index, raw in enumerate(doc.value["tests"]):
        case = loader.load(index, raw)
        name, where = raw["name"], doc.span(f"/tests/{index}/name")
        if name in names:
            message = f"test case name '{name}' is already used at line {names[name]}"
            loader.problems.append(Problem(message, where, path=loader.display, code=DUPLICATE_KEY))
        names.setdefault(name, where.line)
        if case is not None:
            case.loader_problems = list(soft)
            cases.append(case)
    return cases
