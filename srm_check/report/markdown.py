"""The report as Markdown (GitHub-flavoured tables): for pull requests, wikis and CI summaries."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.text import plural
from srm_check.report.costs import format_amount, period_text
from srm_check.report.model import LEGEND, AgreementView, Deviation, Matrix, Report
from srm_check.report.phrases import (
    SECTIONS,
    WAIVER_COLUMNS,
    agreement_result,
    cost_text,
    dates,
    git_sentence,
    headline,
    party_list,
    status_text,
    verdict,
    waiver_intro,
    waiver_row,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(value: object) -> str:
    """Text safe in a Markdown table cell: one line, markup characters escaped (| too)."""
    return _md(str(value))


@functools.lru_cache(maxsize=4096)
def _md(text: str) -> str:
    # Cached: party names, titles and ids repeat in every row of a large report.
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(value: object) -> str:
    """Inline code; a table cell still needs its | escaped inside code spans."""
    text = " ".join(str(value).split()).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; `align` has one letter per column: l (default), r."""
    marks = ["--:" if (align[i : i + 1] == "r") else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _where(finding: Finding) -> str:
    return code(f"{finding.path}:{finding.span.line}:{finding.span.column}")


def _findings_table(findings: Sequence[Finding]) -> list[str]:
    rows = [
        [
            _where(f),
            f.rule_id,
            f.severity + (" (waived)" if getattr(f, "waived", False) else ""),
            md(f.message),
        ]
        for f in findings
    ]
    return table(["Location", "Rule", "Severity", "Message"], rows)


def _summary(report: Report) -> list[str]:
    counts = report.severity_counts
    out = ["## Summary", ""]
    out += table(
        ["Measure", "Count"],
        [
            ["Files checked", str(report.file_count)],
            ["Agreements checked", str(len(report.agreements))],
            ["Agreements that pass", str(report.agreements_passed)],
            ["Agreements that fail", str(report.agreements_failed)],
            ["Files without a readable agreement", str(len(report.unreadable))],
            ["Findings: errors", str(counts[Severity.error])],
            ["Findings: warnings", str(counts[Severity.warning])],
            ["Findings: notes", str(counts[Severity.note])],
            ["Deviations from the default", str(len(report.deviations))],
        ],
        "lr",
    )
    out += ["", "### Findings by rule and severity", ""]
    if report.rule_counts:
        out += table(
            ["Rule", "Name", "Severity", "Findings"],
            [[c.rule_id, md(c.name), c.severity, str(c.count)] for c in report.rule_counts],
            "lllr",
        )
    else:
        out.append("No findings.")
    out += ["", "### Cost change over all agreements", ""]
    out += _totals_lines(report)
    return [*out, ""]


def _totals_lines(report: Report) -> list[str]:
    out: list[str] = []
    if report.totals:
        out += table(
            ["Currency", "Period", "Total", "Deviations counted"],
            [
                [md(t.currency), md(period_text(t.period)), format_amount(t.amount), str(t.count)]
                for t in report.totals
            ],
            "llrr",
        )
    else:
        out.append("No deviation states an amount with a currency.")
    uncounted = report.uncounted
    out.append("")
    if uncounted:
        out.append(
            f"Not summed: {plural(len(uncounted), 'amount')} without a currency: "
            + "; ".join(f"{md(d.agreement_label)} #{d.number} {md(cost_text(d))}" for d in uncounted)
            + "."
        )
    else:
        out.append("Every amount states its currency; amounts are totalled per currency and period.")
    return out


def _matrix(matrix: Matrix, report: Report) -> list[str]:
    cat = matrix.catalogue
    out = [f"### {md(cat.ref)}: {md(cat.title)}", ""]
    out.append(f"Layout: {md(report.layout_rule)}")
    out.append("")
    boundary = cat.boundary_index
    if boundary is not None:
        out.append(
            f"The row marked ┄ is the default boundary (`boundary.begins_at: {cat.begins_at}`): "
            f"{md(cat.boundary_statement)}"
        )
    else:
        out.append("The catalogue draws no default boundary.")
    out.append("")
    out.append(
        "Legend: a cell without a marker holds its default party; "
        + "; ".join(f"{marker} {md(meaning)}" for marker, meaning in LEGEND)
        + "."
    )
    for number, columns in enumerate(matrix.tables, 1):
        first, last = columns[0] + 1, columns[-1] + 1
        out += [
            "",
            f"**{md(cat.ref)}, table {number} of {len(matrix.tables)}** "
            f"(columns {first}-{last} of {len(matrix.columns)})",
            "",
        ]
        header = ["#", "Responsibility", "Default", *(md(matrix.columns[c].label) for c in columns)]
        rows: list[list[str]] = []
        for i, resp in enumerate(cat.responsibilities):
            if i == boundary:
                rows.append(["┄", f"**┄ {md(cat.boundary_text)} ┄**", "┄", *("┄" for _ in columns)])
            rows.append(
                [
                    str(resp.number),
                    f"{md(resp.title)} ({code(resp.id)})",
                    md(resp.default_party),
                    *(md(matrix.columns[c].cells[i].text) for c in columns),
                ]
            )
        out += table(header, rows, "r")
        groups = [matrix.columns[c] for c in columns if matrix.columns[c].group is not None]
        if groups:
            out.append("")
            for column in groups:
                members = ", ".join(md(report.agreements[i].label) for i in column.agreements)
                out.append(f"- {md(column.label)}: {members}")
    return [*out, ""]


def _matrices(report: Report) -> list[str]:
    out = ["## Responsibility matrix", ""]
    if not report.matrices:
        out += ["No agreement follows a catalogue of the policy.", ""]
    for matrix in report.matrices:
        out += _matrix(matrix, report)
    if report.unmatrixed:
        names = "; ".join(
            f"{md(a.label)} (catalogue {code(a.catalogue or 'not stated')})"
            for a in (report.agreements[i] for i in report.unmatrixed)
        )
        out += [f"Not in any matrix, because their catalogue is not in the policy: {names}.", ""]
    return out


def _deviation_rows(deviations: Sequence[Deviation], with_agreement: bool) -> list[list[str]]:
    rows = []
    for d in deviations:
        team = f" ({md(d.team)})" if d.team else ""
        row = [
            code(f"{d.path}:{d.line}"),
            str(d.number),
            md(d.title),
            f"{md(d.default_party)} → {md(d.party)}{team}",
            f"{d.marker} {d.direction_text}",
            md(d.cost.text) if d.cost else "",
            md(cost_text(d)),
            md(d.flag),
        ]
        rows.append([md(d.agreement_label), *row] if with_agreement else row)
    return rows


_DEVIATION_HEADER = [
    "Where",
    "#",
    "Responsibility",
    "Default → holder",
    "Direction",
    "Cost note",
    "Amount",
    "Flag",
]


def _register(report: Report) -> list[str]:
    out = ["## Deviation and cost register", ""]
    out.append(
        "Every assignment whose party differs from the catalogue's default party, in agreement "
        "then catalogue order. Amounts are totalled per currency and period, never across them; "
        "an amount without a currency is listed but not summed."
    )
    out.append("")
    if report.deviations:
        out += table(["Agreement", *_DEVIATION_HEADER], _deviation_rows(report.deviations, True), "llr")
    else:
        out.append("No deviations: every agreement follows its catalogue's defaults.")
    out += ["", "### Totals per agreement", ""]
    rows = [
        [md(a.label), md(t.currency), md(period_text(t.period)), format_amount(t.amount), str(t.count)]
        for a in report.agreements
        for t in a.totals
    ]
    if rows:
        out += table(["Agreement", "Currency", "Period", "Total", "Deviations counted"], rows, "lllrr")
    else:
        out.append("No agreement states an amount with a currency.")
    out += ["", "### Totals over all agreements", ""]
    out += _totals_lines(report)
    return [*out, ""]


def _findings(report: Report) -> list[str]:
    out = ["## Findings", ""]
    with_findings = [a for a in report.agreements if a.findings]
    for agreement in with_findings:
        out += [f"### {md(agreement.label)}", ""]
        out += _findings_table(agreement.findings)
        out.append("")
    for group in report.file_findings:
        out += [f"### {md(group.path)} (outside any agreement)", ""]
        out += _findings_table(group.findings)
        out.append("")
    others = len(report.agreements) - len(with_findings)
    if not with_findings and not report.file_findings:
        out += ["No findings.", ""]
    elif others:
        out += [f"No findings in the other {plural(others, 'agreement')}.", ""]
    return out


def _agreement(agreement: AgreementView) -> list[str]:
    out = [f"### {md(agreement.label)}", ""]
    out += [
        f"- File: {code(agreement.location)}",
        f"- Agreement id: {code(agreement.id) if agreement.id else 'not stated'}",
        f"- Community: {md(agreement.community or 'not stated')}",
        f"- Catalogue: {code(agreement.catalogue or 'not stated')}"
        + ("" if agreement.catalogue_ref else " (not in the policy: assignments not checked)"),
        f"- Dates: {md(dates(agreement))}",
        f"- Extra parties: {md(party_list(agreement))}",
        f"- Result: {agreement_result(agreement)}",
        "",
        "#### Assignments",
        "",
    ]
    if agreement.rows:
        out += table(
            ["#", "Responsibility", "Holder", "Default", "Status", "Line"],
            [
                [
                    str(r.number) if r.number is not None else "",
                    f"{md(r.title)} ({code(r.responsibility)})" if r.title else code(r.responsibility),
                    md(r.cell.holder),
                    md(r.default_party or ""),
                    md(status_text(r.cell.marker, r.cell.meaning)),
                    str(r.line) if r.line is not None else "",
                ]
                for r in agreement.rows
            ],
            "r",
        )
    else:
        out.append("No assignments could be read.")
    out += ["", "#### Deviations", ""]
    if agreement.deviations:
        out += table(_DEVIATION_HEADER, _deviation_rows(agreement.deviations, False), "lr")
        if agreement.totals:
            out += ["", "Totals: " + "; ".join(md(t.text) for t in agreement.totals) + "."]
    else:
        out.append("None: every responsibility is on its default party.")
    out += ["", "#### Findings", ""]
    if agreement.findings:
        out += _findings_table(agreement.findings)
    else:
        out.append("None.")
    return [*out, ""]


def _waiver_register(report: Report) -> list[str]:
    out = ["## Waiver register", "", md(waiver_intro(len(report.waivers))), ""]
    if report.waivers:
        rows = [[md(cell) for cell in waiver_row(w)] for w in report.waivers]
        out += [*table(list(WAIVER_COLUMNS), rows), ""]
    return out


def _provenance(report: Report) -> list[str]:
    prov = report.provenance
    out = ["## Provenance", ""]
    out += table(
        ["Item", "Value"],
        [
            ["Generated (UTC)", f"{prov.generated_at} (from {prov.time_source})"],
            ["srm-check version", prov.tool_version],
            ["Git", md(git_sentence(report))],
            ["Policy", md(", ".join(prov.policy_folders))],
            ["Fail-on", report.fail_on],
            ["Rules (SHA-256 of all rule files)", code(prov.rules_sha256)],
        ],
    )
    out += ["", "### Catalogues", ""]
    out += table(
        ["Catalogue", "Version", "File", "SHA-256"],
        [[code(c.id), md(c.version), code(c.path), code(c.sha256)] for c in prov.catalogues],
    )
    out += ["", "### Rule files", ""]
    out += table(["File", "SHA-256"], [[code(f.path), code(f.sha256)] for f in prov.rule_files])
    out += ["", "### Input files", ""]
    out += table(
        ["File", "SHA-256"],
        [[code(f.path), code(f.sha256) if f.sha256 else "unreadable"] for f in prov.inputs],
    )
    return [*out, ""]


def render(report: Report) -> str:
    """The whole report as one Markdown document."""
    out = [
        "# srm-check audit report",
        "",
        f"**Result: {verdict(report)}.** {md(headline(report))}",
        "",
        f"Generated {report.generated_at} by srm-check {report.tool_version}; "
        "the evidence is under [Provenance](#provenance).",
        "",
        "Contents: " + " · ".join(f"[{title}](#{anchor})" for anchor, title in SECTIONS),
        "",
    ]
    out += _summary(report)
    out += _matrices(report)
    out += _register(report)
    out += _findings(report)
    out += _waiver_register(report)
    out += ["## Agreements", ""]
    for agreement in report.agreements:
        out += _agreement(agreement)
    out += _provenance(report)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
