"""The result of one run, as handed to output formats: findings, rules, and what was checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from srm_check.checker import FileResult
from srm_check.findings import Finding, at_or_above
from srm_check.records import RuleInfo

if TYPE_CHECKING:
    from srm_check.baseline import Entry
    from srm_check.fingerprints import SourceRoot
    from srm_check.policy import Policy, PolicyProblem

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


@dataclass(slots=True)
class RunResult:
    """Everything a format needs; formats never look at files or the policy themselves."""

    files: list[FileResult]
    rules: list[RuleInfo]
    fail_on: str = "error"
    tool_version: str = ""
    policy: Policy | None = None
    # Policy problems: nothing was checked; formats that can record them do (SARIF, JUnit).
    problems: list[PolicyProblem] = field(default_factory=list)
    # Where the repository root is, for formats that give paths from it (SARIF, JUnit).
    root: SourceRoot | None = None
    # The waivers in force, as plain data with their status (see waivers.describe).
    waivers: list[dict[str, Any]] = field(default_factory=list)
    # With --baseline: recorded findings that are gone now (fixed).
    baseline_absent: list[Entry] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def agreement_count(self) -> int:
        return sum(r.documents for r in self.files)

    def counts(self) -> dict[str, int]:
        """Findings that count, by severity (zero when none): waived findings and findings
        already in the baseline are counted apart, by `waived()` and `baselined()`."""
        counter = Counter(f.severity for f in self.findings if f.counts)
        return {s: counter.get(s, 0) for s in ("error", "warning", "note")}

    def waived(self) -> list[Finding]:
        """Findings accepted by a waiver that has not expired."""
        return [f for f in self.findings if f.waived]

    def baselined(self) -> list[Finding]:
        """Findings already recorded in the baseline (not waived)."""
        return [f for f in self.findings if f.baseline == "unchanged" and not f.waived]

    def fails(self, finding: Finding) -> bool:
        """Whether this finding fails the run: at or above --fail-on, and not waived or baselined."""
        return finding.counts and at_or_above(finding.severity, self.fail_on)

    @property
    def failed(self) -> bool:
        return any(self.fails(f) for f in self.findings)

    @property
    def exit_code(self) -> int:
        if self.problems:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failed else EXIT_OK
