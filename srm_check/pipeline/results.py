"""The result of checking: per file, and of one run as handed to output formats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from srm_check.core.exit_codes import ExitCode
from srm_check.core.finding import Finding
from srm_check.core.problem import Problem
from srm_check.core.rule import RuleInfo
from srm_check.core.severity import SEVERITIES, Severity, at_or_above
from srm_check.rules.agreement import AgreementData

if TYPE_CHECKING:
    from srm_check.pipeline.baseline import Entry
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.waivers.model import Waiver
    from srm_check.policy.model import Policy


@dataclass(slots=True)
class FileResult:
    """What checking one file found; `agreements` only when the caller asked to keep them."""

    path: str
    findings: list[Finding]
    agreements: list[AgreementData] = field(default_factory=list)
    readable: bool = True
    documents: int = 0
    # The agreement id of each document (None where it has none), to name documents in output.
    agreement_ids: list[str | None] = field(default_factory=list)
    # "agreement", or "waivers" for the findings about the waivers file itself.
    kind: str = "agreement"
    # Waivers written as comments in this file (only when the run reads them).
    inline_waivers: list[Waiver] = field(default_factory=list)


@dataclass(slots=True)
class RunResult:
    """Everything a format needs; formats never look at files or the policy themselves."""

    files: list[FileResult]
    rules: list[RuleInfo]
    fail_on: Severity = Severity.error
    tool_version: str = ""
    policy: Policy | None = None
    # Policy problems: nothing was checked; formats that can record them do (SARIF, JUnit).
    problems: list[Problem] = field(default_factory=list)
    # Where the repository root is, for formats that give paths from it (SARIF, JUnit).
    root: SourceRoot | None = None
    # The waivers in force, as plain data with their status (see waivers.apply.describe).
    waivers: list[dict[str, Any]] = field(default_factory=list)
    # With --baseline: recorded findings that are gone now (fixed).
    baseline_absent: list[Entry] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def agreement_count(self) -> int:
        return sum(r.documents for r in self.files)

    def counts(self) -> dict[Severity, int]:
        """Findings that count, by severity (zero when none): waived findings and findings
        already in the baseline are counted apart, by `waived()` and `baselined()`."""
        counter = Counter(f.severity for f in self.findings if f.counts)
        return {s: counter.get(s, 0) for s in SEVERITIES}

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
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if self.failed else ExitCode.OK
