"""Sentences and table headings that the Markdown and HTML reports share, so that they say the same."""

from __future__ import annotations

from collections.abc import Mapping

from srm_check.core.severity import SEVERITIES, Severity
from srm_check.core.text import plural
from srm_check.report.costs import money_text
from srm_check.report.model import AgreementView, Deviation, Report

# The sections, in the order a reader needs them: what to act on first, the evidence last.
# A new section (approvals, changes since a revision) is a line here and a template per format.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Executive summary"),
    ("findings", "Findings"),
    ("deviation-and-cost-register", "Deviation and cost register"),
    ("waiver-register", "Waiver register"),
    ("responsibility-matrix", "Responsibility matrix"),
    ("agreements", "Agreements"),
    ("provenance", "Provenance"),
)


# Column headings of the tables that both Markdown and HTML show.
FINDING_COLUMNS = ("Location", "Rule", "Severity", "Message")
DEVIATION_COLUMNS = (
    "Line",
    "#",
    "Responsibility",
    "Default → holder",
    "Direction",
    "Cost note",
    "Amount",
    "Per year",
)
TOTAL_COLUMNS = ("Currency", "Period", "Total", "Deviations counted")
ANNUAL_COLUMNS = ("Currency", "Recurring, per year", "One-off", "No period stated", "Deviations counted")
ANNUAL_RULE = (
    "Recurring amounts are put on one footing, per year (a month x 12, a quarter x 4, a year as it "
    "is); one-off amounts and amounts without a period are kept apart; currencies are never added "
    "together."
)


def summary_rows(report: Report) -> list[tuple[str, int]]:
    """The run in numbers: (measure, count), in the order of the summary table."""
    counts = report.severity_counts
    states = report.figures.lifecycle
    day = report.figures.today
    return [
        ("Files checked", report.file_count),
        ("Agreements checked", len(report.agreements)),
        (f"In force on {day}", states.get("in force", 0)),
        (f"Not yet in force on {day}", states.get("not yet in force", 0)),
        (f"Ended by {day}", states.get("ended", 0)),
        ("Dates unclear", states.get("dates unclear", 0)),
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


def status_text(marker: str, meaning: str, status: str = "default") -> str:
    """An assignment's status: `default`, `held (no default)`, or its marker and what it means."""
    if meaning:
        return f"{marker} {meaning}".strip()
    return "held (no default)" if status == "held" else "default"


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
