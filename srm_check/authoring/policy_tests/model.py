"""What policy tests are made of: cases with their sources and expectations, and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from srm_check.core.finding import Finding
from srm_check.core.problem import Problem
from srm_check.core.span import Span
from srm_check.source.document import Document


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
    severity: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule_id == self.rule
            and (self.pointer is None or finding.pointer == self.pointer)
            and (self.line is None or finding.span.line == self.line)
            and (self.column is None or finding.span.column == self.column)
            and (self.message is None or self.message in finding.message)
            and (self.severity is None or finding.severity == self.severity)
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
        if self.severity is not None:
            parts.append(f"as {self.severity}")
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
    # The day agreements are judged on (None: today), and git's stand-in (None: no history).
    on: date | None = None
    assignments_changed: date | None = None

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
