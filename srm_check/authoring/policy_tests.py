"""Policy test cases: agreements, and the findings that rules must (and must not) give on them.

Test files live in a policy folder's `tests/` folder: every `*.yaml`/`*.yml` there,
except under a `fixtures/` folder, which holds agreement files that cases name. A case
names fixture files (relative to its test file) or holds agreements inline; line
numbers of inline agreements are the test file's own lines, since that is where their
findings are located. For each rule named in `expect`, the case passes only when the
rule finds exactly the findings listed; rules in `silent` must find nothing; with
`strict: true` every finding not listed fails the case.

This module loads and runs cases and measures coverage; it prints nothing.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_check.core.codes import DUPLICATE_KEY, UNSUPPORTED_TAG
from srm_check.core.finding import Finding
from srm_check.core.paths import display_path
from srm_check.core.problem import Problem
from srm_check.core.span import Span
from srm_check.core.text import did_you_mean
from srm_check.pipeline.document import check_sources
from srm_check.policy.model import Policy
from srm_check.rules.agreement import ASSIGNMENTS_POINTER
from srm_check.schemas.validator import validator
from srm_check.source.document import Document, DuplicateKey, SourceFile
from srm_check.source.reader import duplicate_problems, load_file

TESTS_DIR = "tests"
FIXTURES_DIR = "fixtures"
SUFFIXES = (".yaml", ".yml")
# Loader problems that do not make a test file unreadable; inside an inline agreement they
# belong to that agreement, as they would in a file of its own.
_SOFT = frozenset({DUPLICATE_KEY, UNSUPPORTED_TAG})
_INLINE = re.compile(r"^/tests/\d+/(?:agreement|agreements/\d+)(?=/|$)")


@dataclass(frozen=True, slots=True)
class Source:
    """One agreement source of a case: a fixture file, or a mapping inline in the test file."""

    path: Path
    written: str | None  # the fixture path as written; None for an inline agreement
    pointer: str  # where the test file names or holds it
    span: Span

    @property
    def inline(self) -> bool:
        return self.written is None


@dataclass(frozen=True, slots=True)
class Expectation:
    """A finding that a case expects; the keys left out match anything."""

    rule: str
    span: Span
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    message: str | None = None
    file: str | None = None  # as written in the case
    file_display: str | None = None  # as findings show that file

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule_id == self.rule
            and (self.pointer is None or finding.pointer == self.pointer)
            and (self.line is None or finding.span.line == self.line)
            and (self.column is None or finding.span.column == self.column)
            and (self.message is None or self.message in finding.message)
            and (self.file_display is None or finding.path == self.file_display)
        )

    def describe(self) -> str:
        parts = [self.rule]
        if self.file is not None:
            parts.append(f"in {self.file}")
        if self.line is not None:
            parts.append(f"line {self.line}" + (f" column {self.column}" if self.column else ""))
        elif self.column is not None:
            parts.append(f"column {self.column}")
        if self.pointer is not None:
            parts.append(f"at {self.pointer or '/'}")
        if self.message is not None:
            parts.append(f"message containing {self.message!r}")
        return " ".join(parts)


@dataclass(slots=True)
class PolicyCase:
    """One test case, as loaded and checked for consistency."""

    path: Path
    display: str
    index: int
    name: str
    description: str
    span: Span
    sources: list[Source]
    expect: list[Expectation]
    silent: list[str]
    strict: bool
    document: Document = field(repr=False)
    # Duplicate keys and odd tags found while reading the test file (they may be inline).
    loader_problems: list[Problem] = field(default_factory=list, repr=False)

    @property
    def where(self) -> str:
        return f"{self.display}:{self.span.line}"

    @property
    def failing_rules(self) -> set[str]:
        """Rules this case shows failing: it expects findings of them."""
        return {e.rule for e in self.expect}

    @property
    def passing_rules(self) -> set[str]:
        """Rules this case shows passing: it names them as silent."""
        return set(self.silent)


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of a case's result: ' ' expected and found, '-' expected only, '+' found only."""

    mark: str
    text: str


@dataclass(slots=True)
class CaseResult:
    case: PolicyCase
    findings: list[Finding]
    diff: list[DiffLine]

    @property
    def passed(self) -> bool:
        return all(line.mark == " " for line in self.diff)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many cases show a rule failing and passing."""

    rule_id: str
    failing: int
    passing: int

    @property
    def missing(self) -> list[str]:
        return [kind for kind, count in (("failing", self.failing), ("passing", self.passing)) if not count]


@dataclass(slots=True)
class SuiteResult:
    """The outcome of running every case of a policy."""

    results: list[CaseResult]
    coverage: list[Coverage]

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def uncovered(self) -> list[Coverage]:
        return [c for c in self.coverage if c.missing]


# --- finding and loading ----------------------------------------------------------------------


def find_test_files(directory: Path) -> list[Path]:
    """The test files of a policy folder, sorted: `tests/**/*.yaml` outside `fixtures/` folders."""
    root = directory / TESTS_DIR
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if (
            path.suffix in SUFFIXES
            and not any(p.startswith(".") for p in parts)
            and FIXTURES_DIR not in parts[:-1]
            and path.is_file()
        ):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


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


def _inside(span: Span, outer: Span) -> bool:
    """Whether `span` lies within `outer`."""
    starts_after = (outer.line, outer.column) <= (span.line, span.column)
    ends_before = (span.end_line, span.end_column) <= (outer.end_line, outer.end_column)
    return starts_after and ends_before


def _load_file(path: Path, rule_ids: Collection[str], problems: list[Problem]) -> list[PolicyCase]:
    display = display_path(path)
    source = load_file(path, display)
    hard = [p for p in source.problems if p.code not in _SOFT]
    for problem in hard:
        problems.append(problem.at(display))
    if hard:
        return []
    if len(source.documents) != 1:
        problems.append(Problem("a test file must hold exactly one YAML document", path=display))
        return []
    doc = source.documents[0]
    if not isinstance(doc.value, dict) or "tests" not in doc.value:
        problems.append(
            Problem("not a test file: expected a mapping with key 'tests'", doc.span(""), path=display)
        )
        return []
    before = len(problems)
    for located in validator("policytest").validate(doc.value, doc):
        problems.append(
            located._replace(path=display, message=f"{located.message} (at {located.pointer or '/'})")
        )
    if len(problems) > before:
        return []
    # Soft loader problems outside inline agreements are mistakes in the test file itself.
    inline_spans = [
        doc.spans[p] for p in doc.spans if _INLINE.fullmatch(p) and isinstance(_at(doc.value, p), dict)
    ]
    for problem in source.problems:
        if not any(_inside(problem.span, outer) for outer in inline_spans):
            problems.append(problem.at(display))
    cases: list[PolicyCase] = []
    soft = list(source.problems)
    names: dict[str, int] = {}
    for index, raw in enumerate(doc.value["tests"]):
        case = _load_case(path, display, doc, index, raw, rule_ids, problems)
        if case is not None:
            case.loader_problems = soft
        name = raw["name"]
        if name in names:
            problems.append(
                Problem(
                    f"test case name '{name}' is already used at line {names[name]}",
                    doc.span(f"/tests/{index}/name"),
                    path=display,
                )
            )
        names.setdefault(name, doc.span(f"/tests/{index}/name").line)
        if case is not None:
            cases.append(case)
    return cases if len(problems) == before else []


def _at(value: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _load_case(
    path: Path,
    display: str,
    doc: Document,
    index: int,
    raw: dict[str, Any],
    rule_ids: Collection[str],
    problems: list[Problem],
) -> PolicyCase | None:
    base = f"/tests/{index}"
    before = len(problems)

    def problem(pointer: str, message: str) -> None:
        problems.append(Problem(message, doc.span(pointer), path=display))

    single, several = raw.get("agreement"), raw.get("agreements")
    if (single is None) == (several is None):
        problem(base, "a test case needs exactly one of 'agreement' and 'agreements'")
    expect_raw: list[dict[str, Any]] = raw.get("expect") or []
    silent: list[str] = raw.get("silent") or []
    strict = bool(raw.get("strict", False))
    if not (expect_raw or silent or strict):
        problem(base, "a test case needs 'expect', 'silent' or 'strict: true'; it asserts nothing")
    written: list[tuple[Any, str]] = []
    if single is not None:
        written.append((single, f"{base}/agreement"))
    for j, item in enumerate(several or []):
        written.append((item, f"{base}/agreements/{j}"))
    sources: list[Source] = []
    fixtures: dict[str, str] = {}
    for value, pointer in written:
        if isinstance(value, str):
            fixture = Path(os.path.normpath(path.parent / value))
            if not fixture.is_file():
                what = "is not a file" if fixture.exists() else "not found"
                problem(pointer, f"fixture file '{value}' {what} (looked for {display_path(fixture)})")
                continue
            fixtures[value] = display_path(fixture)
            sources.append(Source(fixture, value, pointer, doc.span(pointer)))
        else:
            sources.append(Source(path, None, pointer, doc.span(pointer)))

    def known(rule: str, pointer: str) -> None:
        if rule not in rule_ids:
            problem(pointer, f"unknown rule '{rule}'{did_you_mean(rule, sorted(rule_ids))}")

    expectations: list[Expectation] = []
    for j, item in enumerate(expect_raw):
        pointer = f"{base}/expect/{j}"
        known(item["rule"], f"{pointer}/rule")
        file = item.get("file")
        if file is not None and file not in fixtures:
            choices = ", ".join(repr(f) for f in fixtures) or "none: the agreements are inline"
            problem(f"{pointer}/file", f"'file' must be a fixture file of this case ({choices})")
        expectations.append(
            Expectation(
                rule=item["rule"],
                span=doc.span(pointer),
                pointer=item.get("pointer"),
                line=item.get("line"),
                column=item.get("column"),
                message=item.get("message"),
                file=file,
                file_display=fixtures.get(file) if file is not None else None,
            )
        )
    expected_rules = {e.rule for e in expectations}
    for j, rule in enumerate(silent):
        known(rule, f"{base}/silent/{j}")
        if rule in expected_rules:
            problem(f"{base}/silent/{j}", f"rule '{rule}' is both expected and silent")
    if len(problems) > before:
        return None
    return PolicyCase(
        path=path,
        display=display,
        index=index,
        name=raw["name"],
        description=raw.get("description") or "",
        span=doc.span(base),
        sources=sources,
        expect=expectations,
        silent=list(silent),
        strict=strict,
        document=doc,
    )


# --- running ----------------------------------------------------------------------------------


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
    return Document(0, copy.deepcopy(_at(doc.value, pointer)), spans, key_spans, duplicates)


def _inline_source(case: PolicyCase, source: Source) -> SourceFile:
    """The inline agreement as a file of its own, with what the loader would report on it."""
    doc = inline_document(case.document, source.pointer)
    outer = case.document.span(source.pointer)
    problems = duplicate_problems([doc], (ASSIGNMENTS_POINTER,))
    problems += [p for p in case.loader_problems if p.code == UNSUPPORTED_TAG and _inside(p.span, outer)]
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
        """Every finding on the case's agreements, checked together as one run would."""
        sources = [self.source(case, source) for source in case.sources]
        return check_sources(sources, self.policy.catalogues, self.policy.rules)

    def run(self, case: PolicyCase) -> CaseResult:
        findings = self.findings(case)
        return CaseResult(case, findings, compare(case, findings))


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


def coverage(cases: Iterable[PolicyCase], rule_ids: Iterable[str]) -> list[Coverage]:
    """For each rule, how many cases show it failing and how many show it passing."""
    cases = list(cases)
    return [
        Coverage(
            rule_id,
            sum(rule_id in c.failing_rules for c in cases),
            sum(rule_id in c.passing_rules for c in cases),
        )
        for rule_id in rule_ids
    ]


def run_suite(cases: list[PolicyCase], policy: Policy) -> SuiteResult:
    """Run every case, in order, and measure coverage of the policy's rules."""
    runner = Runner(policy)
    results = [runner.run(case) for case in cases]
    return SuiteResult(results, coverage(cases, [r["id"] for r in policy.rules]))
