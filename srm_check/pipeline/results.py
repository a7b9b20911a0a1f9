"""The result of checking: per file, and of one run as handed to output formats."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from srm_check.core.exit_codes import ExitCode
from srm_check.core.finding import Finding
from srm_check.core.problem import Problem
from srm_check.core.record import Record
from srm_check.core.rule import RuleInfo
from srm_check.core.severity import SEVERITIES, FailOn, Severity

if TYPE_CHECKING:
    from srm_check.pipeline.baseline import Entry
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.waivers.model import Waiver
    from srm_check.policy.model import Policy
    from srm_check.rules.agreement import AgreementData


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


class Tally:
    """A run's totals, counted as each file's final result passes (`add`), so that a run need
    not keep its files to say how it went: what formats write at the end, and the exit code."""

    __slots__ = (
        "baselined",
        "checked",
        "counts",
        "documents",
        "fail_on",
        "failing",
        "fails",
        "waived",
        "waivers_counted",
        "with_counted",
        "with_findings",
    )

    def __init__(self, fail_on: FailOn) -> None:
        self.fail_on = fail_on
        self.fails = frozenset(s for s in SEVERITIES if fail_on.fails(s))  # asked once a finding
        self.checked = 0  # files checked (the waivers file is read, not checked)
        self.documents = 0  # documents read, in every file
        self.counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)  # findings that count
        self.waived = 0  # findings accepted by a waiver that has not expired
        self.baselined = 0  # findings already in the baseline (not waived)
        self.failing = 0  # findings that fail the run (see `RunResult.fails`)
        self.with_findings = 0  # checked files with any finding
        self.with_counted = 0  # checked files with a finding that counts
        self.waivers_counted = False  # whether the waivers file has a finding that counts

    @classmethod
    def of(cls, files: Iterable[FileResult], fail_on: FailOn) -> Tally:
        """The totals of files kept whole (a run that was not counted as it went)."""
        tally = cls(fail_on)
        for file in files:
            tally.add(file)
        return tally

    def add(self, file: FileResult) -> None:
        """Count one file's final result (selected, waived and marked against the baseline)."""
        self.documents += file.documents
        if not file.findings and file.kind != "waivers":  # most files
            self.checked += 1
            return
        counted = 0
        for f in file.findings:
            if f.counts:
                counted += 1
                self.counts[f.severity] += 1
                if f.severity in self.fails:
                    self.failing += 1
            elif f.waived:
                self.waived += 1
            else:  # neither counted nor waived: already in the baseline
                self.baselined += 1
        if file.kind == "waivers":
            self.waivers_counted = self.waivers_counted or counted > 0
            return
        self.checked += 1
        self.with_findings += bool(file.findings)
        self.with_counted += counted > 0


class RunResult(Record):
    """Everything a format needs; formats never look at files or the policy themselves.

    A streamed run (pipeline/stream.py) counts its totals as files pass (`tally`) and keeps
    no file in `files` (each went past the outputs, which keep what their end needs): its
    totals are in `totals`. Without a tally, the totals are counted from `files`.
    """

    __slots__ = (
        "baseline_absent",
        "excluded",
        "fail_on",
        "files",
        "policy",
        "problems",
        "root",
        "rules",
        "tally",
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
    tally: Tally | None

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
        tally: Tally | None = None,
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
        self.tally = tally

    @property
    def totals(self) -> Tally:
        """The run's totals: as counted while it ran, else from the files it kept."""
        return self.tally if self.tally is not None else Tally.of(self.files, self.fail_on)

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
        return self.totals.checked

    @property
    def agreement_count(self) -> int:
        return self.totals.documents

    def counts(self) -> dict[Severity, int]:
        """Findings that count, by severity (zero when none): waived findings and findings
        already in the baseline are counted apart (`totals.waived`, `totals.baselined`)."""
        return dict(self.totals.counts)

    def waived(self) -> list[Finding]:
        """Findings accepted by a waiver that has not expired, of the files kept."""
        return [f for f in self.findings if f.waived]

    def baselined(self) -> list[Finding]:
        """Findings already recorded in the baseline (not waived), of the files kept."""
        return [f for f in self.findings if f.baseline == "unchanged" and not f.waived]

    def fails(self, finding: Finding) -> bool:
        """Whether this finding fails the run: at or above --fail-on, and not waived or baselined."""
        return finding.counts and self.fail_on.fails(finding.severity)

    @property
    def failed(self) -> bool:
        return self.totals.failing > 0

    @property
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.ERROR
        return ExitCode.FINDINGS if self.failed else ExitCode.OK
