"""The report as one self-contained HTML file: inline CSS, no scripts, nothing fetched.

It opens offline, prints on landscape pages without losing matrix columns (at most
MAX_COLUMNS agreement columns per table, header rows repeated on every page), and is
readable without colour: every marked cell carries a symbol and words, explained by
a legend. All text from agreements and policies is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.text import plural
from srm_check.report.costs import Total, format_amount, period_text
from srm_check.report.model import (
    LEGEND,
    AgreementView,
    Cell,
    Deviation,
    Matrix,
    Report,
)
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

CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #b9bec6;
  --head: #e9edf2; --dev: #fff1bf; --problem: #fde0de; --link: #0a4f8f; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem 1.5rem 3rem; }
a { color: var(--link); }
h1 { font-size: 1.7rem; margin: .5rem 0; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.12rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em;
  overflow-wrap: anywhere; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .4rem; }
.verdict { padding: .4rem .8rem; border-left: 6px solid; }
.verdict.passed { border-color: #1e6b2e; background: #eef7ef; }
.verdict.failed { border-color: #a3111d; background: #fbecec; }
nav ol { margin: .3rem 0; padding-left: 1.4rem; }
table { border-collapse: collapse; margin: .4rem 0 1.2rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--head); }
th[scope="row"] { font-weight: 600; }
th[scope="row"] code { display: block; font-weight: normal; color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.matrix-wrap { overflow-x: auto; }
table.matrix thead th.agreement { min-width: 7.5rem; }
table.matrix tbody.after-boundary { border-top: 3px solid var(--ink); }
table.matrix tr.boundary th { background: #fff; border-top: 3px solid var(--ink);
  font-weight: 600; }
td.dev { background: var(--dev); font-weight: 600; }
td.problem { background: var(--problem); font-weight: 600; }
.mark { display: inline-block; min-width: 1.1em; font-weight: 700; }
.team { color: var(--muted); }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .6rem; }
dl.legend dt { font-weight: 700; text-align: center; }
dl.legend dd, dl.meta dd { margin: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { font-weight: 600; }
.muted { color: var(--muted); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  html { font-size: 9pt; line-height: 1.3; }
  body { max-width: none; padding: 0; }
  nav, .skip { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { margin-top: 1.2rem; }
  th, td { padding: .12rem .35rem; }
  th[scope="row"] code { display: inline; margin-left: .3em; }
  .matrix-wrap { overflow: visible; }
  table.matrix { width: 100%; }
  table.matrix thead th.agreement { min-width: 0; }
  table.matrix th[scope="row"] { min-width: 14em; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; }
  h2, h3, h4, caption { break-after: avoid; }
  section.catalogue, section#provenance { break-before: page; }
  td.dev, td.problem, .verdict { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def e(value: object) -> str:
    """Escape text for HTML content and attribute values."""
    return escape(str(value), quote=True)


def _web(uri: str) -> bool:
    """Only web pages become links: a policy's help_uri must not run anything when clicked."""
    return uri.startswith(("https://", "http://"))


def _code(value: object) -> str:
    return f"<code>{e(value)}</code>"


def _table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    table_id: str = "",
    css: str = "",
    row_header: int | None = 0,
    numeric: Sequence[int] = (),
    quiet: bool = False,
) -> list[str]:
    """A table with a caption, column headers and (optionally) a row-header column.

    Cells are given as ready HTML; the caller escapes them. A `quiet` caption is for
    screen readers only, where a heading right above already says it.
    """
    attrs = (f' id="{e(table_id)}"' if table_id else "") + (f' class="{e(css)}"' if css else "")
    cap = '<caption class="vh">' if quiet else "<caption>"
    out = [f"<table{attrs}>", f"{cap}{caption}</caption>", "<thead><tr>"]
    for i, head in enumerate(header):
        cls = ' class="num"' if i in numeric else ""
        out.append(f'<th scope="col"{cls}>{head}</th>')
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            if i == row_header:
                cells.append(f'<th scope="row"{cls}>{cell}</th>')
            else:
                cells.append(f"<td{cls}>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _cell(cell: Cell, describe: bool = True) -> str:
    """A matrix or assignment cell: the marker, then the holder.

    Screen readers skip the symbol and read its meaning instead (`describe`), unless a
    status column beside the cell already says it.
    """
    css = ""
    if cell.status == "deviation":
        css = ' class="dev"'
    elif cell.marked:
        css = ' class="problem"'
    holder = e(cell.party) if cell.party and cell.status in ("default", "deviation") else ""
    if holder and cell.team:
        holder += f' <span class="team">({e(cell.team)})</span>'
    if not holder:
        holder = e(cell.holder)
    if not cell.marker:
        return f"<td{css}>{holder}</td>"
    words = f'<span class="vh">{e(cell.meaning)}: </span>' if describe else ""
    return f'<td{css}><span class="mark" aria-hidden="true">{e(cell.marker)}</span> {words}{holder}</td>'


def _finding_rows(findings: Sequence[Finding]) -> list[list[str]]:
    return [
        [
            _code(f"{f.path}:{f.span.line}:{f.span.column}"),
            e(f.rule_id),
            e(f.severity) + (" (waived)" if getattr(f, "waived", False) else ""),
            e(f.message),
        ]
        for f in findings
    ]


def _findings_table(caption: str, findings: Sequence[Finding]) -> list[str]:
    return _table(
        caption,
        ["Location", "Rule", "Severity", "Message"],
        _finding_rows(findings),
        css="findings",
        quiet=True,
    )


def _totals_table(caption: str, totals: Sequence[Total], table_id: str) -> list[str]:
    rows = [
        [e(t.currency), e(period_text(t.period)), e(format_amount(t.amount)), str(t.count)] for t in totals
    ]
    return _table(
        caption,
        ["Currency", "Period", "Total", "Deviations counted"],
        rows,
        table_id=table_id,
        numeric=(2, 3),
        quiet=True,
    )


def _uncounted(report: Report) -> list[str]:
    uncounted = report.uncounted
    if not uncounted:
        return [
            "<p>Every amount states its currency; amounts are totalled per currency and period, "
            "never across them.</p>"
        ]
    items = "".join(
        f"<li>{e(d.agreement_label)}, #{d.number} {e(d.title)}: {e(cost_text(d))}</li>" for d in uncounted
    )
    return [
        f"<p>Not summed: {plural(len(uncounted), 'amount')} without a currency.</p>",
        f'<ul id="uncounted-amounts">{items}</ul>',
    ]


def _summary(report: Report) -> list[str]:
    counts = report.severity_counts
    rows = [
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
    out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>']
    out += _table(
        "The run in numbers",
        ["Measure", "Count"],
        [[e(k), str(v)] for k, v in rows],
        table_id="summary-counts",
        numeric=(1,),
    )
    out.append("<h3>Findings by rule and severity</h3>")
    if report.rule_counts:
        out += _table(
            "Findings by rule and severity",
            ["Rule", "Name", "Severity", "Findings"],
            [
                [
                    f'<a href="{e(c.help_uri)}">{e(c.rule_id)}</a>' if _web(c.help_uri) else e(c.rule_id),
                    e(c.name),
                    e(c.severity),
                    str(c.count),
                ]
                for c in report.rule_counts
            ],
            table_id="findings-by-rule",
            numeric=(3,),
            quiet=True,
        )
    else:
        out.append("<p>No findings.</p>")
    out.append("<h3>Cost change over all agreements</h3>")
    if report.totals:
        out += _totals_table("Cost change per currency and period", report.totals, "summary-totals")
    else:
        out.append("<p>No deviation states an amount with a currency.</p>")
    out += _uncounted(report)
    return [*out, "</section>"]


def _matrix(matrix: Matrix, report: Report, number: int) -> list[str]:
    cat = matrix.catalogue
    out = [
        f'<section class="catalogue" aria-labelledby="matrix-{number}-h">',
        f'<h3 id="matrix-{number}-h">{e(cat.ref)}: {e(cat.title)}</h3>',
        f'<p class="layout"><strong>Layout.</strong> {e(report.layout_rule)}</p>',
    ]
    boundary = cat.boundary_index
    if boundary is not None:
        out.append(
            f"<p><strong>Default boundary.</strong> The heavy line and the row marked ┄ show where "
            f"the default party changes (<code>boundary.begins_at: {e(cat.begins_at)}</code>): "
            f"<q>{e(cat.boundary_statement)}</q></p>"
        )
    else:
        out.append("<p>The catalogue draws no default boundary.</p>")
    out.append('<dl class="legend" aria-label="Legend of the matrix markers">')
    out.append("<dt>(none)</dt><dd>the responsibility is held by its default party</dd>")
    for marker, meaning in LEGEND:
        out.append(f"<dt>{e(marker)}</dt><dd>{e(meaning)}</dd>")
    out.append("</dl>")
    width = 3
    for table_number, columns in enumerate(matrix.tables, 1):
        first, last = columns[0] + 1, columns[-1] + 1
        out.append('<div class="matrix-wrap">')
        out.append(f'<table class="matrix" id="matrix-{number}-{table_number}">')
        out.append(
            f"<caption>{e(cat.ref)} responsibility matrix, table {table_number} of "
            f"{len(matrix.tables)} (columns {first}–{last} of {len(matrix.columns)})</caption>"
        )
        out.append(
            '<thead><tr><th scope="col" class="num">#</th><th scope="col">Responsibility</th>'
            '<th scope="col">Default</th>'
        )
        for c in columns:
            column = matrix.columns[c]
            if column.group is None:
                target = report.agreements[column.agreements[0]].anchor
                label = f'<a href="#{e(target)}">{e(column.label)}</a>'
            else:
                label = f'<a href="#matrix-{number}-group-{column.group}">{e(column.label)}</a>'
            out.append(f'<th scope="col" class="agreement">{label}</th>')
        out.append("</tr></thead>")
        out.append("<tbody>")
        for i, resp in enumerate(cat.responsibilities):
            if i == boundary:
                out.append('</tbody><tbody class="after-boundary">')
                out.append(
                    f'<tr class="boundary"><th scope="rowgroup" colspan="{width + len(columns)}">'
                    f"┄ {e(cat.boundary_text)} ┄</th></tr>"
                )
            cells = "".join(_cell(matrix.columns[c].cells[i]) for c in columns)
            out.append(
                f'<tr><td class="num">{resp.number}</td>'
                f'<th scope="row">{e(resp.title)} <code>{e(resp.id)}</code></th>'
                f"<td>{e(resp.default_party)}</td>{cells}</tr>"
            )
        out += ["</tbody>", "</table>", "</div>"]
        groups = [matrix.columns[c] for c in columns if matrix.columns[c].group is not None]
        if groups:
            out.append('<ul class="groups">')
            for column in groups:
                members = ", ".join(
                    f'<a href="#{e(report.agreements[i].anchor)}">{e(report.agreements[i].label)}</a>'
                    for i in column.agreements
                )
                out.append(
                    f'<li id="matrix-{number}-group-{column.group}">'
                    f"<strong>{e(column.label)}</strong>: {members}</li>"
                )
            out.append("</ul>")
    return [*out, "</section>"]


def _matrices(report: Report) -> list[str]:
    out = [
        '<section id="responsibility-matrix" aria-labelledby="responsibility-matrix-h">',
        '<h2 id="responsibility-matrix-h">Responsibility matrix</h2>',
    ]
    if not report.matrices:
        out.append("<p>No agreement follows a catalogue of the policy.</p>")
    for number, matrix in enumerate(report.matrices, 1):
        out += _matrix(matrix, report, number)
    if report.unmatrixed:
        items = "".join(
            f'<li><a href="#{e(report.agreements[i].anchor)}">{e(report.agreements[i].label)}</a> '
            f"(catalogue {_code(report.agreements[i].catalogue or 'not stated')})</li>"
            for i in report.unmatrixed
        )
        out.append(
            "<p>Not in any matrix, because their catalogue is not in the policy:</p>"
            f'<ul id="not-in-a-matrix">{items}</ul>'
        )
    return [*out, "</section>"]


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


def _deviation_rows(deviations: Sequence[Deviation], with_agreement: bool) -> list[list[str]]:
    rows = []
    for d in deviations:
        team = f' <span class="team">({e(d.team)})</span>' if d.team else ""
        row = [
            _code(f"{d.path}:{d.line}"),
            str(d.number),
            e(d.title),
            f"{e(d.default_party)} → {e(d.party)}{team}",
            f'<span class="mark" aria-hidden="true">{e(d.marker)}</span> {e(d.direction_text)}',
            e(d.cost.text) if d.cost else "",
            e(cost_text(d)),
            e(d.flag),
        ]
        label = f'<a href="#agreement-{d.agreement + 1}">{e(d.agreement_label)}</a>'
        rows.append([label, *row] if with_agreement else row)
    return rows


def _register(report: Report) -> list[str]:
    out = [
        '<section id="deviation-and-cost-register" aria-labelledby="deviation-and-cost-register-h">',
        '<h2 id="deviation-and-cost-register-h">Deviation and cost register</h2>',
        "<p>Every assignment whose party differs from the catalogue's default party, in agreement "
        "then catalogue order. Amounts are totalled per currency and period, never across them; an "
        "amount without a currency is listed but not summed.</p>",
    ]
    if report.deviations:
        out += _table(
            "Deviations from the default, with their cost notes",
            ["Agreement", *_DEVIATION_HEADER],
            _deviation_rows(report.deviations, True),
            table_id="deviation-register",
            numeric=(2,),
        )
    else:
        out.append("<p>No deviations: every agreement follows its catalogue's defaults.</p>")
    out.append("<h3>Totals per agreement</h3>")
    rows = [
        [
            f'<a href="#{e(a.anchor)}">{e(a.label)}</a>',
            e(t.currency),
            e(period_text(t.period)),
            e(format_amount(t.amount)),
            str(t.count),
        ]
        for a in report.agreements
        for t in a.totals
    ]
    if rows:
        out += _table(
            "Cost change per agreement, currency and period",
            ["Agreement", "Currency", "Period", "Total", "Deviations counted"],
            rows,
            table_id="agreement-totals",
            numeric=(3, 4),
            quiet=True,
        )
    else:
        out.append("<p>No agreement states an amount with a currency.</p>")
    out.append("<h3>Totals over all agreements</h3>")
    if report.totals:
        out += _totals_table("Cost change over all agreements", report.totals, "register-totals")
    else:
        out.append("<p>No deviation states an amount with a currency.</p>")
    out += _uncounted(report)
    return [*out, "</section>"]


def _waiver_register(report: Report) -> list[str]:
    out = [
        '<section id="waiver-register" aria-labelledby="waiver-register-h">',
        '<h2 id="waiver-register-h">Waiver register</h2>',
        f"<p>{e(waiver_intro(len(report.waivers)))}</p>",
    ]
    if report.waivers:
        rows = [[e(cell) for cell in waiver_row(w)] for w in report.waivers]
        out += _table("Waivers in force", list(WAIVER_COLUMNS), rows, css="waivers", quiet=True)
    out.append("</section>")
    return out


def _findings(report: Report) -> list[str]:
    out = ['<section id="findings" aria-labelledby="findings-h">', '<h2 id="findings-h">Findings</h2>']
    with_findings = [a for a in report.agreements if a.findings]
    for agreement in with_findings:
        out.append(f'<h3><a href="#{e(agreement.anchor)}">{e(agreement.label)}</a></h3>')
        out += _findings_table(f"Findings in {e(agreement.label)}", agreement.findings)
    for group in report.file_findings:
        out.append(f"<h3>{e(group.path)} (outside any agreement)</h3>")
        out += _findings_table(f"Findings in {e(group.path)}", group.findings)
    others = len(report.agreements) - len(with_findings)
    if not with_findings and not report.file_findings:
        out.append("<p>No findings.</p>")
    elif others:
        out.append(f"<p>No findings in the other {plural(others, 'agreement')}.</p>")
    return [*out, "</section>"]


def _agreement(a: AgreementView) -> list[str]:
    catalogue = _code(a.catalogue or "not stated")
    if not a.catalogue_ref:
        catalogue += " (not in the policy: assignments not checked)"
    meta = [
        ("File", _code(a.location)),
        ("Agreement id", _code(a.id) if a.id else "not stated"),
        ("Community", e(a.community or "not stated")),
        ("Catalogue", catalogue),
        ("Dates", e(dates(a))),
        ("Extra parties", e(party_list(a))),
        ("Result", e(agreement_result(a))),
    ]
    out = [
        f'<section class="agreement" id="{e(a.anchor)}" aria-labelledby="{e(a.anchor)}-h">',
        f'<h3 id="{e(a.anchor)}-h">{e(a.label)}</h3>',
        '<dl class="meta">',
        *(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta),
        "</dl>",
        "<h4>Assignments</h4>",
    ]
    if a.rows:
        rows = []
        for r in a.rows:
            cell = _cell(r.cell, describe=False)
            title = f"{e(r.title)} <code>{e(r.responsibility)}</code>" if r.title else _code(r.responsibility)
            rows.append(
                "<tr>"
                f'<td class="num">{r.number if r.number is not None else ""}</td>'
                f'<th scope="row">{title}</th>{cell}'
                f"<td>{e(r.default_party or '')}</td>"
                f"<td>{e(status_text(r.cell.marker, r.cell.meaning))}</td>"
                f'<td class="num">{r.line if r.line is not None else ""}</td></tr>'
            )
        out += [
            '<table class="assignments">',
            f'<caption class="vh">Assignments of {e(a.label)}</caption>',
            '<thead><tr><th scope="col" class="num">#</th><th scope="col">Responsibility</th>'
            '<th scope="col">Holder</th><th scope="col">Default</th><th scope="col">Status</th>'
            '<th scope="col" class="num">Line</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    else:
        out.append("<p>No assignments could be read.</p>")
    out.append("<h4>Deviations</h4>")
    if a.deviations:
        out += _table(
            f"Deviations of {e(a.label)}",
            _DEVIATION_HEADER,
            _deviation_rows(a.deviations, False),
            row_header=2,
            numeric=(1,),
            quiet=True,
        )
        if a.totals:
            out.append("<p>Totals: " + "; ".join(e(t.text) for t in a.totals) + ".</p>")
    else:
        out.append("<p>None: every responsibility is on its default party.</p>")
    out.append("<h4>Findings</h4>")
    if a.findings:
        out += _findings_table(f"Findings in {e(a.label)}", a.findings)
    else:
        out.append("<p>None.</p>")
    return [*out, "</section>"]


def _provenance(report: Report) -> list[str]:
    prov = report.provenance
    out = [
        '<section id="provenance" aria-labelledby="provenance-h">',
        '<h2 id="provenance-h">Provenance</h2>',
    ]
    out += _table(
        "What produced this report, and when",
        ["Item", "Value"],
        [
            [
                "Generated (UTC)",
                f'<time datetime="{e(prov.generated_at)}">{e(prov.generated_at)}</time> '
                f"(from {e(prov.time_source)})",
            ],
            ["srm-check version", e(prov.tool_version)],
            ["Git", e(git_sentence(report))],
            ["Policy", e(", ".join(prov.policy_folders))],
            ["Fail-on", e(report.fail_on)],
            ["Rules (SHA-256 of all rule files)", _code(prov.rules_sha256)],
        ],
        table_id="provenance-facts",
    )
    out += _table(
        "Catalogues",
        ["Catalogue", "Version", "File", "SHA-256"],
        [[_code(c.id), e(c.version), _code(c.path), _code(c.sha256)] for c in prov.catalogues],
        table_id="provenance-catalogues",
    )
    out += _table(
        "Rule files",
        ["File", "SHA-256"],
        [[_code(f.path), _code(f.sha256)] for f in prov.rule_files],
        table_id="provenance-rules",
    )
    out += _table(
        "Input files",
        ["File", "SHA-256"],
        [[_code(f.path), _code(f.sha256) if f.sha256 else "unreadable"] for f in prov.inputs],
        table_id="provenance-inputs",
    )
    return [*out, "</section>"]


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    state = "passed" if report.passed else "failed"
    nav = "".join(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in SECTIONS)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="srm-check {e(report.tool_version)}">',
        f"<title>srm-check audit report: {plural(len(report.agreements), 'agreement')}, "
        f"{verdict(report)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#summary">Skip to the summary</a>',
        "<header>",
        "<h1>srm-check audit report</h1>",
        f'<p class="verdict {state}"><strong>Result: {verdict(report)}.</strong> {e(headline(report))}</p>',
        f'<p>Generated <time datetime="{e(report.generated_at)}">{e(report.generated_at)}</time> '
        f"by srm-check {e(report.tool_version)}; the evidence is under "
        '<a href="#provenance">Provenance</a>.</p>',
        f'<nav aria-label="Contents"><ol>{nav}</ol></nav>',
        "</header>",
        "<main>",
    ]
    out += _summary(report)
    out += _matrices(report)
    out += _register(report)
    out += _findings(report)
    out += _waiver_register(report)
    out += [
        '<section id="agreements" aria-labelledby="agreements-h">',
        '<h2 id="agreements-h">Agreements</h2>',
    ]
    for agreement in report.agreements:
        out += _agreement(agreement)
    out.append("</section>")
    out += _provenance(report)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
