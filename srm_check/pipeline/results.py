"""The result of checking: per file, and of one run as handed to output formats."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from srm_check.core.exit_codes import ExitCode
from srm_check.core.finding import Finding
from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.rule import RuleInfo
from srm_check.core.severity import SEVERITIES, FailOn, Severity
from srm_check.rules.agreement import AgreementData

if TYPE_CHECKING:
    from srm_check.pipeline.baseline import Entry
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.waivers.model import Waiver
    from srm_check.policy.model import Policy


class FileResult(Record):
    """What checking one file found; `agreements` only when the caller asked to keep them."""

    __slots__ = (
        "agreement_ids",
        "agreements",
        "documents",
        "findings",
        "inline_waivers",
        "kind",
        "path",
        "readable",
    )

    path: str
    findings: list[Finding]
    agreements: list[AgreementData]
    readable: bool
    documents: int
    agreement_ids: list[str | None]
    kind: str
    inline_waivers: list[Waiver]

    def __init__(
        self,
        path: str,
        findings: list[Finding],
        agreements: list[AgreementData] | None = None,
        readable: bool = True,
        documents: int = 0,
        agreement_ids: list[str | None] | None = None,
        kind: str = "agreement",
        inline_waivers: list[Waiver] | None = None,
    ) -> None:
        self.path = path
        self.findings = findings
        self.agreements = [] if agreements is None else agreements
        self.readable = readable
        self.documents = documents
        self.agreement_ids = [] if agreement_ids is None else agreement_ids
        self.kind = kind
        self.inline_waivers = [] if inline_waivers is None else inline_waivers


class RunResult(Record):
    """Everything a format needs; formats never look at files or the policy themselves.

    A streamed run (pipeline/stream.py) keeps only the files with findings in `files` (every
    file went past the outputs as it was checked) and counts the rest: `checked` and
    `documents` are then the run's totals; otherwise they are counted from `files`.
    """

    __slots__ = (
        "baseline_absent",
        "checked",
        "documents",
        "excluded",
        "fail_on",
        "files",
        "policy",
        "problems",
        "root",
        "rules",
        "tool_version",
        "waivers",
    )

    files: list[FileResult]
    rules: list[RuleInfo]
    fail_on: FailOn
    tool_version: str
    policy: Policy | None
    problems: list[Problem]
    root: SourceRoot | None
    waivers: list[dict[str, Any]]
    baseline_absent: list[Entry]
    excluded: list[str]
    checked: int | None
    documents: int | None

    def __init__(
        self,
        files: list[FileResult],
        rules: list[RuleInfo],
        fail_on: FailOn | Severity = FailOn.error,
        tool_version: str = "",
        policy: Policy | None = None,
        problems: list[Problem] | None = None,
        root: SourceRoot | None = None,
        waivers: list[dict[str, Any]] | None = None,
        baseline_absent: list[Entry] | None = None,
        excluded: list[str] | None = None,
        checked: int | None = None,
        documents: int | None = None,
    ) -> None:
        self.files = files
        self.rules = rules
        self.fail_on = FailOn(str(fail_on))  # a severity is the threshold of the same name
        self.tool_version = tool_version
        self.policy = policy
        self.problems = [] if problems is None else problems
        self.root = root
        self.waivers = [] if waivers is None else waivers
        self.baseline_absent = [] if baseline_absent is None else baseline_absent
        # Files named on the command line that the configuration excluded, as shown.
        self.excluded = [] if excluded is None else excluded
        self.checked = checked
        self.documents = documents

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def checked_files(self) -> list[FileResult]:
        """The files that were checked and kept (all of them, unless the run was streamed): the
        waivers file is read, not checked, and not counted."""
        return [f for f in self.files if f.kind != "waivers"]

    @property
    def checked_count(self) -> int:
        """How many files were checked."""
        return len(self.checked_files) if self.checked is None else self.checked

    @property
    def agreement_count(self) -> int:
        return sum(r.documents for r in self.files) if self.documents is None else self.documents

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
        return finding.counts and self.fail_on.fails(finding.severity)

    @property
    def failed(self) -> bool:
        return any(self.fails(f) for f in self.findings)

    @property
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if self.failed else ExitCode.OK
