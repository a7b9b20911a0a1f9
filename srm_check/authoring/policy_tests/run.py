"""Run policy test cases: check their agreements as `srm-check check` does, and compare.

A case's findings come from `pipeline.document.check_sources`, the one per-document
check, so a case passes exactly when `check` would give those findings.
"""

from __future__ import annotations

import copy
from datetime import date

from srm_check.authoring.policy_tests.coverage import coverage
from srm_check.authoring.policy_tests.locate import inside, value_at
from srm_check.authoring.policy_tests.model import (
    CaseResult,
    DiffLine,
    Expectation,
    PolicyCase,
    Source,
    SuiteResult,
)
from srm_check.core.codes import UNSUPPORTED_TAG
from srm_check.core.finding import Finding
from srm_check.core.paths import display_path
from srm_check.pipeline.document import check_sources
from srm_check.policy.model import Policy
from srm_check.rules.agreement import ASSIGNMENTS_POINTER
from srm_check.rules.context import AssignmentsChange, RunContext
from srm_check.source.document import Document, DuplicateKey, SourceFile
from srm_check.source.reader import duplicate_problems, load_file


def inline_document(doc: Document, pointer: str) -> Document:
    """The agreement held at `pointer` of a test file, as a document of its own.

    Pointers are re-rooted (so that findings read `/assignments/x`), while spans keep
    the test file's lines and columns.
    """
    size = len(pointer)

    def under(p: str) -> bool:
        return p == pointer or p.startswith(pointer + "/")

    spans = {p[size:]: s for p, s in doc.spans.items() if under(p)}
    key_spans = {p[size:]: s for p, s in doc.key_spans.items() if under(p) and p != pointer}
    duplicates = [
        DuplicateKey(d.mapping_pointer[size:], d.key, d.first, d.duplicate, d.value, d.value_span)
        for d in doc.duplicates
        if under(d.mapping_pointer)
    ]
    return Document(0, copy.deepcopy(value_at(doc.value, pointer)), spans, key_spans, duplicates)


def _inline_source(case: PolicyCase, source: Source) -> SourceFile:
    """The inline agreement as a file of its own, with what the loader would report on it."""
    doc = inline_document(case.document, source.pointer)
    outer = case.document.span(source.pointer)
    problems = duplicate_problems([doc], (ASSIGNMENTS_POINTER,))
    problems += [p for p in case.loader_problems if p.code == UNSUPPORTED_TAG and inside(p.span, outer)]
    return SourceFile(case.display, [doc], [p.at(case.display) for p in problems])


class Runner:
    """Runs cases against one policy, checking agreements exactly as `srm-check check` does."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def source(self, case: PolicyCase, source: Source) -> SourceFile:
        """One agreement source of a case, loaded."""
        if source.inline:
            return _inline_source(case, source)
        return load_file(source.path, display_path(source.path), judged_elsewhere=(ASSIGNMENTS_POINTER,))

    def findings(self, case: PolicyCase) -> list[Finding]:
        """Every finding on the case's agreements, checked together as one run would, on the
        case's day (`on`, default today) with its stand-in for git history, if any."""
        sources = [self.source(case, source) for source in case.sources]
        policy = self.policy
        return check_sources(sources, policy.catalogues, policy.rules, policy.composition, case_context(case))

    def run(self, case: PolicyCase) -> CaseResult:
        findings = self.findings(case)
        return CaseResult(case, findings, compare(case, findings))


STAND_IN_COMMIT = "0000000"


def case_context(case: PolicyCase) -> RunContext:
    """The run a case stands for: judged on its day; git, if the case stands in for it, saying
    that every agreement's assignments last changed on `assignments_changed` (commit 0000000)."""
    changed = case.assignments_changed
    if changed is None:
        return RunContext(case.on or date.today())
    change = AssignmentsChange(changed, STAND_IN_COMMIT)

    def history(_path: str, _agreement: str | None) -> AssignmentsChange:
        return change

    return RunContext(case.on or date.today(), history)


def describe_finding(finding: Finding) -> str:
    where = f"{finding.path}:{finding.span.line}:{finding.span.column}"
    return f"{finding.rule_id} {where} at {finding.pointer or '/'}: {finding.message}"


def _match(expect: list[Expectation], found: list[Finding]) -> dict[int, int]:
    """A largest pairing of expectations with findings they match (expectation -> finding)."""
    pair_of_finding: dict[int, int] = {}

    def augment(e: int, seen: set[int]) -> bool:
        for f, finding in enumerate(found):
            if f in seen or not expect[e].matches(finding):
                continue
            seen.add(f)
            if f not in pair_of_finding or augment(pair_of_finding[f], seen):
                pair_of_finding[f] = e
                return True
        return False

    for e in range(len(expect)):
        augment(e, set())
    return {e: f for f, e in pair_of_finding.items()}


def compare(case: PolicyCase, findings: list[Finding]) -> list[DiffLine]:
    """The case's expectations against the findings, as diff lines (all ' ' when it passes)."""
    watched = case.failing_rules | case.passing_rules
    relevant = [f for f in findings if case.strict or f.rule_id in watched]
    pairs = _match(case.expect, relevant)
    lines: list[DiffLine] = []
    for e, expectation in enumerate(case.expect):
        if e in pairs:
            lines.append(DiffLine(" ", describe_finding(relevant[pairs[e]])))
        else:
            lines.append(DiffLine("-", expectation.describe()))
    used = set(pairs.values())
    for f, finding in enumerate(relevant):
        if f not in used:
            note = " (must stay silent)" if finding.rule_id in case.passing_rules else ""
            lines.append(DiffLine("+", describe_finding(finding) + note))
    return lines


def run_suite(cases: list[PolicyCase], policy: Policy, covered: list[str] | None = None) -> SuiteResult:
    """Run every case, in order, and measure coverage of the rules `covered` (default: all the
    policy's; `srm-check test` passes those of the folders whose tests it runs)."""
    runner = Runner(policy)
    results = [runner.run(case) for case in cases]
    ids = [r["id"] for r in policy.rules] if covered is None else covered
    return SuiteResult(results, coverage(cases, ids))
