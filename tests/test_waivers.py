"""Waivers: accountable, time-limited acceptance of known findings, enforced by the checker."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from srm_check.core.finding import Finding
from srm_check.core.problem import SrmError
from srm_check.pipeline.config_file import load_settings
from srm_check.pipeline.results import RunResult
from srm_check.pipeline.run import execute, prepare

PROJECT = Path(__file__).parent / "fixtures" / "waivers" / "project"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the waiver fixture project, as the working folder."""
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target)
    monkeypatch.chdir(target)
    return target


def run(today: date, *, use_waivers: bool = True) -> RunResult:
    return execute(prepare(load_settings(), use_waivers=use_waivers, today=today))


def by_rule(result: RunResult, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule_id == rule_id]


def manage_data(result: RunResult) -> Finding:
    [finding] = [f for f in by_rule(result, "SRM201") if f.pointer == "/assignments/manage-data"]
    return finding


@pytest.mark.parametrize(
    ("today", "waived"),
    [(date(2026, 6, 29), True), (date(2026, 6, 30), True), (date(2026, 7, 1), False)],
    ids=["day-before", "day-of", "day-after"],
)
def test_expiry_boundaries(project: Path, today: date, waived: bool) -> None:
    result = run(today)
    finding = manage_data(result)
    assert finding.waived is waived
    assert finding.waiver is not None
    assert finding.waiver.owner == "finance@pilot.example"
    if waived:
        assert "expired" not in finding.message
    else:
        assert "waivers.yaml:3" in finding.message
        assert "expired on 2026-06-30" in finding.message
        [expired] = by_rule(result, "SRM020")
        assert (expired.path, expired.span.line) == ("waivers.yaml", 3)


def test_a_waived_finding_does_not_fail_the_run(project: Path) -> None:
    (project / "agreements" / "pilot.yaml").write_text(
        (project / "agreements" / "pilot.yaml")
        .read_text()
        .replace("  guide-2i2c: community", "  guide-2i2c: 2i2c")
    )
    assert run(date(2026, 6, 1)).failed is False
    assert run(date(2026, 7, 1)).failed is True


def test_the_other_deviation_is_not_covered(project: Path) -> None:
    """The waiver is narrowed to manage-data; guide-2i2c still fails."""
    result = run(date(2026, 6, 1))
    others = [f for f in by_rule(result, "SRM201") if f.pointer == "/assignments/guide-2i2c"]
    assert len(others) == 1 and not others[0].waived
    assert result.failed


def test_expiring_soon_warns(project: Path) -> None:
    [warning] = by_rule(run(date(2026, 6, 1)), "SRM021")
    assert warning.severity == "warning"
    assert "expires in 29 day(s)" in warning.message
    assert not by_rule(run(date(2026, 5, 1)), "SRM021")


def test_unused_waiver_is_reported(project: Path) -> None:
    (project / "waivers.yaml").write_text(
        (project / "waivers.yaml").read_text().replace("agreement: pilot-community", "agreement: other")
    )
    [unused] = by_rule(run(date(2026, 5, 1)), "SRM022")
    assert (unused.path, unused.span.line, unused.severity) == ("waivers.yaml", 3, "warning")


def test_too_long_expiry_does_not_apply(project: Path) -> None:
    result = run(date(2025, 1, 1))
    [long] = by_rule(result, "SRM023")
    assert long.severity == "error"
    assert "longer than the 365 days allowed" in long.message
    assert manage_data(result).waived is False


def test_configured_maximum(project: Path) -> None:
    (project / ".srm-check.yaml").write_text("waiver-max-days: 30\n")
    assert by_rule(run(date(2026, 5, 1)), "SRM023")
    assert not by_rule(run(date(2026, 6, 1)), "SRM023")


HEAD = "waivers:\n  - rule: SRM201\n    agreement: a\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (HEAD + "    owner: me\n    expires: 2026-01-01\n", 2, "reason"),
        (HEAD + "    reason: because\n    owner: me\n    expires: soon\n", 6, "expires"),
        (HEAD + "    reason: because\n    owner: me\n    expires: 2026-02-30\n", 6, "not a real date"),
        (HEAD + "    reason: because\n    owner: me\n    expires: 2026-01-01\n    until: x\n", 7, "'until'"),
        ("waivers: [\n", 1, "invalid YAML: the '[' here is not closed"),
    ],
)
def test_malformed_waiver_is_located(project: Path, text: str, line: int, needle: str) -> None:
    (project / "waivers.yaml").write_text(text)
    with pytest.raises(SrmError) as caught:
        run(date(2026, 1, 1))
    problem = caught.value.problems[0]
    assert problem.path == "waivers.yaml"
    assert problem.span.line == line
    assert needle in problem.message


def test_no_waivers_shows_everything(project: Path) -> None:
    result = run(date(2026, 6, 1), use_waivers=False)
    assert not any(f.waived for f in result.findings)
    assert not [f for f in result.findings if f.path == "waivers.yaml"]


def test_agreement_glob_and_pointer(project: Path) -> None:
    (project / "waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: deviation-cost-note\n"
        "    agreement: agreements/*.yaml\n"
        "    pointer: /assignments/guide-2i2c\n"
        "    reason: Guidance is free during the pilot.\n"
        "    owner: lead@pilot.example\n"
        "    expires: 2026-12-31\n"
    )
    result = run(date(2026, 6, 1))
    waived = [f.pointer for f in result.findings if f.waived]
    assert waived == ["/assignments/guide-2i2c"]


def test_unused_is_judged_only_for_agreements_checked(project: Path) -> None:
    """A partial run (a pre-commit hook naming some files) cannot call a waiver unused
    when its agreement was not checked; a full run can."""
    other = project / "agreements" / "other.yaml"
    other.write_text(
        (project / "agreements" / "pilot.yaml").read_text().replace("pilot-community", "other-community")
    )
    (project / "agreements" / "pilot.yaml").unlink()
    partial = execute(prepare(load_settings(), paths=[other], today=date(2026, 5, 1)))
    assert not by_rule(partial, "SRM022")
    full = execute(prepare(load_settings(), today=date(2026, 5, 1)))
    assert by_rule(full, "SRM022")


def test_a_partial_run_judges_a_glob_waiver_only_when_a_file_it_matches_is_checked(project: Path) -> None:
    """What a partial run keeps of the files it checked is only what some waiver is about
    (ids it names, paths its glob matches): a glob waiver is judged by the files it matches."""
    pilot = project / "agreements" / "pilot.yaml"
    other = project / "agreements" / "other.yaml"
    other.write_text(pilot.read_text().replace("pilot-community", "other-community"))
    (project / "waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: deviation-cost-note\n"
        "    agreement: agreements/oth*.yaml\n"
        "    pointer: /no/such/place\n"
        "    reason: Nothing here needs it any more.\n"
        "    owner: lead@pilot.example\n"
        "    expires: 2026-12-31\n"
    )
    matched = execute(prepare(load_settings(), paths=[other], today=date(2026, 5, 1)))
    assert [f.span.line for f in by_rule(matched, "SRM022")] == [2]
    unmatched = execute(prepare(load_settings(), paths=[pilot], today=date(2026, 5, 1)))
    assert not by_rule(unmatched, "SRM022")


def test_waiver_findings_follow_rule_selection(project: Path) -> None:
    (project / ".srm-check.yaml").write_text("ignore: [waiver-expiring]\n")
    assert not by_rule(run(date(2026, 6, 1)), "SRM021")
