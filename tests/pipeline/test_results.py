"""pipeline/results.py, and `--fail-on` followed from the settings to the run's verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from srm_check.core.exit_codes import ExitCode
from srm_check.core.finding import Finding, WaiverRef
from srm_check.core.severity import FailOn, Severity
from srm_check.core.span import Span
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Overrides, Settings

FAILING = Path("tests/fixtures/outputs/failing")


def _finding(severity: Severity, **extra: object) -> Finding:
    return Finding("SRM999", severity, "m", "a.yaml", Span(1, 1, 1, 2))._replace(**extra)


def test_a_finding_fails_the_run_at_or_above_fail_on_unless_waived_or_baselined() -> None:
    run = RunResult(files=[], rules=[], fail_on=FailOn.warning)
    assert run.fails(_finding(Severity.error)) and run.fails(_finding(Severity.warning))
    assert not run.fails(_finding(Severity.note))
    waiver = WaiverRef("w.yaml", 1, "r", "o", "2099-01-01")
    assert not run.fails(_finding(Severity.error, waiver=waiver))
    assert run.fails(_finding(Severity.error, waiver=waiver._replace(expired=True)))
    assert not run.fails(_finding(Severity.error, baseline="unchanged"))


def test_counts_and_exit_codes() -> None:
    files = [FileResult("a.yaml", [_finding(Severity.note), _finding(Severity.note, baseline="unchanged")])]
    run = RunResult(files=files, rules=[], fail_on=FailOn.error)
    assert run.counts() == {Severity.error: 0, Severity.warning: 0, Severity.note: 1}
    assert len(run.baselined()) == 1 and run.exit_code is ExitCode.OK
    run.fail_on = FailOn.note
    assert run.failed and run.exit_code is ExitCode.FINDINGS
    run.fail_on = FailOn.never  # a soft fail: the same findings, exit code 0
    assert not run.failed and run.exit_code is ExitCode.OK and run.counts()[Severity.note] == 1


@pytest.mark.parametrize(
    ("file_value", "flag", "expected"),
    [
        (None, None, FailOn.error),
        ("note", None, FailOn.note),
        ("note", FailOn.warning, FailOn.warning),
        ("never", None, FailOn.never),
        ("error", FailOn.never, FailOn.never),
    ],
)
def test_fail_on_goes_from_the_flag_to_the_run_s_verdict(
    file_value: str | None, flag: FailOn | None, expected: FailOn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    values = {} if file_value is None else {"fail-on": file_value}
    settings = Settings.from_values(values, {}).with_overrides(Overrides(fail_on=flag))
    assert settings.fail_on is expected
    run = execute(prepare(settings, paths=[FAILING], use_waivers=False))
    assert run.fail_on is expected
    failing = {f.severity for f in run.findings if run.fails(f)}
    if expected is FailOn.never:
        assert failing == set() and run.findings and run.exit_code is ExitCode.OK
    else:
        assert failing == {s for s in Severity if s.rank >= Severity(expected.value).rank}


def test_a_tally_counts_what_the_files_hold() -> None:
    """What formats and the exit code read: counted file by file, as a streamed run does."""
    from srm_check.pipeline.results import Tally

    waiver = WaiverRef("w.yaml", 1, "r", "o", "2099-01-01")
    files = [
        FileResult("a.yaml", [_finding(Severity.error), _finding(Severity.note, waiver=waiver)], documents=2),
        FileResult("b.yaml", [_finding(Severity.warning, baseline="unchanged")], documents=1),
        FileResult("c.yaml", [], documents=1),
        FileResult("w.yaml", [_finding(Severity.warning)], kind="waivers"),
    ]
    tally = Tally(FailOn.warning)
    for file in files:
        tally.add(file)
    assert (tally.checked, tally.documents) == (3, 4)  # the waivers file is read, not checked
    assert tally.counts == {Severity.error: 1, Severity.warning: 1, Severity.note: 0}
    assert (tally.waived, tally.baselined, tally.failing) == (1, 1, 2)
    assert (tally.with_findings, tally.with_counted, tally.waivers_counted) == (2, 1, True)
    streamed = RunResult(files=[], rules=[], fail_on=FailOn.warning, tally=tally)
    kept = RunResult(files=files, rules=[], fail_on=FailOn.warning)
    for run in (streamed, kept):
        assert run.counts() == tally.counts and run.exit_code is ExitCode.FINDINGS
        assert (run.checked_count, run.agreement_count) == (3, 4)
    assert not Tally.of(files, FailOn.never).failing
