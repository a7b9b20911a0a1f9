"""The result of one run, as handed to output formats: findings, rules, and what was checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from srm_check.checker import FileResult
from srm_check.findings import Finding, at_or_above
from srm_check.records import RuleInfo

if TYPE_CHECKING:
    from srm_check.policy import Policy

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

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def agreement_count(self) -> int:
        return sum(r.documents for r in self.files)

    def counts(self) -> dict[str, int]:
        """Findings by severity, every severity present (zero when none)."""
        counter = Counter(f.severity for f in self.findings)
        return {s: counter.get(s, 0) for s in ("error", "warning", "note")}

    @property
    def failed(self) -> bool:
        return any(at_or_above(f.severity, self.fail_on) for f in self.findings)

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.failed else EXIT_OK
