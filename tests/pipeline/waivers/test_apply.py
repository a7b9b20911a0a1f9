"""pipeline/waivers/apply.py: waivers indexed, so each finding meets a few candidates; first match wins."""

from __future__ import annotations

from datetime import date

from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.waivers.apply import WaiverIndex, apply_waivers
from srm_check.pipeline.waivers.model import Waiver, WaiverSettings

SETTINGS = WaiverSettings(today=date(2026, 5, 1))
NAMES = {"SRM201": "deviation-cost-note", "SRM101": "responsibility-unassigned"}


def waiver(
    rule: str, agreement: str, reason: str, *, line: int | None = None, pointer: str | None = None
) -> Waiver:
    return Waiver(
        rule,
        agreement,
        None,
        pointer,
        reason,
        "o@x",
        date(2026, 6, 30),
        None,
        "w.yaml",
        Span(1, 1, 1, 2),
        target_line=line,
    )


def finding(rule: str = "SRM201", agreement: str = "pilot", line: int = 7) -> Finding:
    return Finding(
        rule, Severity.error, "m", "agreements/pilot.yaml", Span(line, 1, line, 2), "/x", agreement
    )


def reason(found: list[Finding]) -> list[str | None]:
    return [f.waiver.reason if f.waiver else None for f in found]


def test_the_first_matching_waiver_wins_whatever_its_kind() -> None:
    by_glob = waiver("SRM201", "agreements/*.yaml", "glob")
    by_id = waiver("deviation-cost-note", "pilot", "id, by name")
    by_pointer = waiver("SRM201", "pilot", "pointer", pointer="/x")
    assert reason(apply_waivers([finding()], [by_glob, by_id, by_pointer], NAMES, SETTINGS)) == ["glob"]
    assert reason(apply_waivers([finding()], [by_pointer, by_glob, by_id], NAMES, SETTINGS)) == ["pointer"]
    assert reason(apply_waivers([finding()], [by_id, by_glob], NAMES, SETTINGS)) == ["id, by name"]


def test_inline_waivers_come_first_and_only_on_their_line() -> None:
    file_index = WaiverIndex([waiver("SRM201", "pilot", "file")])
    here = WaiverIndex([_inline("inline", 7)], file_index)
    found = apply_waivers([finding(line=7), finding(line=8), finding("SRM101")], here, NAMES, SETTINGS)
    assert reason(found) == ["inline", "file", None]


def _inline(reason: str, line: int) -> Waiver:
    item = waiver("SRM201", "agreements/pilot.yaml", reason, line=line)
    item.path = "agreements/pilot.yaml"
    return item


def test_many_waivers_and_findings_match_as_one_by_one_would() -> None:
    waivers = [waiver("SRM201", f"agreement-{i}", f"w{i}") for i in range(2000)]
    waivers.append(waiver("SRM201", "agreements/*.yaml", "glob"))  # on the file path
    findings = [finding(agreement=f"agreement-{i}") for i in range(0, 4000, 3)]
    found = apply_waivers(findings, waivers, NAMES, SETTINGS)
    expected = [f"w{i}" if i < 2000 else "glob" for i in range(0, 4000, 3)]
    assert reason(found) == expected
