"""Sentences and table headings that the Markdown and HTML reports share, so that they say the same."""

from __future__ import annotations

from collections.abc import Mapping

from srm_check.core.severity import SEVERITIES, Severity
from srm_check.core.text import plural
from srm_check.report.costs import money_text
from srm_check.report.model import AgreementView, Deviation, Report

SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("responsibility-matrix", "Responsibility matrix"),
    ("deviation-and-cost-register", "Deviation and cost register"),
    ("findings", "Findings"),
    ("waiver-register", "Waiver register"),
    ("agreements", "Agreements"),
    ("provenance", "Provenance"),
)


# Column headings of the tables that both Markdown and HTML show.
FINDING_COLUMNS = ("Location", "Rule", "Severity", "Message")
DEVIATION_COLUMNS = (
    "Where",
    "#",
    "Responsibility",
    "Default → holder",
    "Direction",
    "Cost note",
    "Amount",
    "Flag",
)
TOTAL_COLUMNS = ("Currency", "Period", "Total", "Deviations counted")


def summary_rows(report: Report) -> list[tuple[str, int]]:
    """The run in numbers: (measure, count), in the order of the summary table."""
    counts = report.severity_counts
    return [
        ("Files checked", report.file_count),
        ("Agreements checked", len(report.agreements)),
        ("Agreements that pass", report.agreements_passed),
        ("Agreements that fail", report.agreements_failed),
        ("Files without a readable agreement", len(report.unreadable)),
        ("Findings: errors", counts[Severity.error]),
        ("Findings: warnings", counts[Severity.warning]),
        ("Findings: notes", counts[Severity.note]),
        ("Deviations from the default", len(report.deviations)),
    ]


def severity_text(counts: Mapping[Severity, int]) -> str:
    """`2 notes`, `1 error, 3 warnings`, or `none`."""
    parts = [plural(counts[s], s) for s in SEVERITIES if counts.get(s)]
    return ", ".join(parts) if parts else "none"


def verdict(report: Report) -> str:
    return "passed" if report.passed else "FAILED"


def headline(report: Report) -> str:
    """One sentence: how many agreements, how many pass and fail, against which threshold."""
    return (
        f"{plural(len(report.agreements), 'agreement')} checked in "
        f"{plural(report.file_count, 'file')}: {report.agreements_passed} pass, "
        f"{report.agreements_failed} fail (fail-on {report.fail_on}); "
        f"findings: {severity_text(report.severity_counts)}."
    )


def agreement_result(agreement: AgreementView) -> str:
    counts = {s: sum(1 for f in agreement.findings if f.severity == s) for s in SEVERITIES}
    findings = severity_text(counts)
    state = "passes" if agreement.passed else "fails"
    return f"{state} (findings: {findings})"


def cost_text(deviation: Deviation) -> str:
    """The amount of a deviation's cost note, or why there is none."""
    cost = deviation.cost
    if cost is None:
        return "no cost note"
    if cost.amount is None:
        return "not stated"
    return money_text(cost.amount, cost.currency, cost.period)


def dates(agreement: AgreementView) -> str:
    effective = agreement.effective or "not stated"
    end = f"ends {agreement.end}" if agreement.end else "no end date"
    return f"effective {effective}, {end}"


def party_list(agreement: AgreementView) -> str:
    if not agreement.parties:
        return "none"
    out = []
    for party in agreement.parties:
        teams = f" (teams: {', '.join(t for t, _ in party.teams)})" if party.teams else ""
        out.append(f"{party.id}: {party.name}{teams}")
    return "; ".join(out)


def status_text(marker: str, meaning: str) -> str:
    """An assignment's status: `default`, or its marker and what it means."""
    return f"{marker} {meaning}".strip() if meaning else "default"


def git_sentence(report: Report) -> str:
    prov = report.provenance
    text = prov.git_text
    if prov.git is not None and prov.git.uncommitted_inputs:
        text += f"; inputs not as committed: {', '.join(prov.git.uncommitted_inputs)}"
    return text


WAIVER_COLUMNS = (
    "Rule",
    "Agreement",
    "Narrowed to",
    "Owner",
    "Expires",
    "Status",
    "Reason",
    "Ticket",
    "Where",
)


def waiver_row(waiver: dict[str, object]) -> list[str]:
    """One waiver as the register's cells, as plain text (renderers escape them)."""
    scope = waiver.get("responsibility") or waiver.get("pointer") or "whole agreement"
    return [
        str(waiver["rule"]),
        str(waiver["agreement"]),
        str(scope),
        str(waiver["owner"]),
        str(waiver["expires"]),
        str(waiver["status"]),
        str(waiver["reason"]),
        str(waiver.get("ticket") or ""),
        f"{waiver['path']}:{waiver['line']}",
    ]


def waiver_intro(count: int) -> str:
    if not count:
        return "No waivers are in force (no waivers file, or --no-waivers)."
    return (
        f"{plural(count, 'waiver')}: each accepts a known finding for a stated reason, by a named "
        "owner, until a date. Waived findings are listed under Findings as waived; an expired "
        "waiver no longer waives anything."
    )
