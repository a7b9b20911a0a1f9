"""report.json_report: findings in the JSON report are serialised as `check -f json` does."""

from __future__ import annotations

from srm_check.core.finding import Finding, Related, WaiverRef, finding_dict
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.formats import json_format
from srm_check.report import json_report

FINDING = Finding(
    "SRM002",
    Severity.warning,
    "duplicate key 'use-hub'",
    "a.yaml",
    Span(9, 3, 9, 10),
    "/assignments/use-hub",
    "pilot",
    1,
    (Related("a.yaml", Span(7, 3, 7, 10), "first defined here"),),
    WaiverRef("waivers.yaml", 3, "known", "ops@example.org", "2026-06-30", "OPS-1"),
    "new",
)


def test_one_serialiser_for_check_and_report() -> None:
    assert json_format.finding_dict is finding_dict
    assert json_report.finding_dict is finding_dict


def test_a_finding_as_plain_data() -> None:
    data = finding_dict(FINDING)
    assert list(data) == [
        "rule_id",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
        "agreement",
        "document",
        "related",
        "waiver",
        "waived",
        "baseline",
    ]
    assert data["related"] == [{"path": "a.yaml", "line": 7, "column": 3, "message": "first defined here"}]
    assert data["waiver"] == {
        "path": "waivers.yaml",
        "line": 3,
        "reason": "known",
        "owner": "ops@example.org",
        "expires": "2026-06-30",
        "ticket": "OPS-1",
        "expired": False,
    }
    assert (data["line"], data["end_column"], data["waived"], data["baseline"]) == (9, 10, True, "new")
    unwaived = finding_dict(FINDING._replace(related=(), waiver=None, baseline=None))
    assert (unwaived["related"], unwaived["waiver"], unwaived["waived"]) == ([], None, False)
