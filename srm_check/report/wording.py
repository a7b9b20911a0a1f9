"""Sentences of the reordered report that both formats share: what fails, how findings are
grouped, what the rest of an agreement holds, what a chart leaves out."""

from __future__ import annotations

from collections.abc import Sequence

from srm_check.core.finding import Finding
from srm_check.core.severity import SEVERITIES
from srm_check.core.text import plural
from srm_check.report.costs import format_amount, money_text
from srm_check.report.figures import BoundaryChart
from srm_check.report.matrix import CatalogueView, Matrix, Tally
from srm_check.report.model import AgreementView, Report
from srm_check.report.phrases import severity_text
from srm_check.report.rows import Cost


def failing_findings(report: Report, agreement: AgreementView) -> list[Finding]:
    """The findings that fail an agreement: at or above fail-on, not waived or baselined."""
    from srm_check.core.severity import FailOn

    threshold = FailOn(report.fail_on)
    return [f for f in agreement.findings_in_order if f.counts and threshold.fails(f.severity)]


def severity_text_of(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning` of these findings."""
    return severity_text({s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES})


def finding_groups(report: Report) -> list[AgreementView]:
    """Agreements with findings: failing ones first, then by their most severe finding, then in order."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}

    def key(a: AgreementView) -> tuple[int, int, int]:
        worst = min((rank.get(f.severity, 9) for f in a.findings if f.counts), default=len(rank))
        return (1 if a.passed else 0, worst, a.index)

    return sorted((a for a in report.agreements if a.findings), key=key)


def findings_intro(report: Report, groups: int) -> str:
    others = len(report.agreements) - groups
    rest = f" No findings in the other {plural(others, 'agreement')}." if others and groups else ""
    return (
        f"Every finding, grouped by agreement: agreements that fail first, then by their most severe "
        f"finding; errors first within each.{rest}"
    )


def agreements_intro(report: Report, html: bool = False) -> str:
    folded = " Each is folded: open it to read it (printing opens them all)." if report.large and html else ""
    return (
        "Each agreement: what it is and says, the assignments that differ from the default or say "
        f"more (roles, notes, costs), and its findings.{folded}"
    )


def rest_sentence(agreement: AgreementView) -> str:
    """What per-agreement detail does not repeat: the responsibilities on their default party."""
    parts = []
    moves = [row for row in agreement.rows if row.in_register]
    if moves:
        listed = ", ".join(f"#{row.number} {row.cell.marker} {row.cell.holder}" for row in moves)
        parts.append(f"Moves, each in the register: {listed}.")
    plain = agreement.plain_count
    if agreement.catalogue_view is not None:
        if plain == len(agreement.cells) and plain:
            parts.append(f"All {plain} responsibilities are held by their default party.")
        elif plain:
            parts.append(
                f"The other {plain} {'responsibility is' if plain == 1 else 'responsibilities are'} "
                "held by their default party."
            )
    elif not agreement.rows:
        parts.append("No assignments could be read.")
    count = len(agreement.findings)
    parts.append(
        f"Findings: {severity_text_of(agreement.findings)}" + ("." if not count else ", under Findings.")
    )
    return " ".join(parts)


def row_cost_text(cost: Cost) -> str:
    """The amount of a cost note as a row shows it: `+750 USD per month = +9,000 per year`."""
    if cost.amount is None:
        return "no amount"
    text = money_text(cost.amount, cost.currency, cost.period)
    yearly = cost.per_year
    if yearly is not None and cost.period != "year":
        text += f" = {format_amount(yearly)} per year"
    return text


def column_labels(matrix: Matrix, report: Report) -> list[str]:
    """Each matrix column's name in a chart: the agreement's label, or its group's."""
    return [report.agreements[c.agreements[0]].label if c.group is None else c.label for c in matrix.columns]


def boundary_caption(matrix: Matrix, chart: BoundaryChart) -> str:
    shown = len(chart.columns)
    text = (
        f"One bar per agreement, or per group of agreements with identical assignments "
        f"({plural(shown, 'bar')}); each cell shaded by its holder, moved cells outlined and marked."
    )
    if chart.other_columns:
        text += (
            f" Drawn: the {shown} largest columns (groups first, then single agreements in order); "
            f"left out: {plural(chart.other_columns, 'column')} of "
            f"{plural(chart.other_agreements, 'agreement')}, whose moves the tallies and the register hold."
        )
    return text


def tally_columns(catalogue: CatalogueView) -> list[str]:
    moves = ["▲ provider", "▼ community"] if catalogue.ordered else ["● moved"]
    held = ["Held (no default)"] if catalogue.has_no_default else []
    return [
        "#",
        "Responsibility",
        "Default",
        "On default",
        *held,
        *moves,
        "◆ third party",
        "Not one known party",
        "Moved",
    ]


def tally_cells(catalogue: CatalogueView, tally: Tally) -> list[int]:
    moves = [tally.provider_more, tally.community_more] if catalogue.ordered else [tally.moved]
    held = [tally.held] if catalogue.has_no_default else []
    return [tally.default, *held, *moves, tally.third_party, tally.problem, tally.deviating]


def running_header(report: Report) -> str:
    """The running header of printed pages: the result and the date (CSS string-safe)."""
    verdict = "passed" if report.passed else "FAILED"
    text = f"{plural(len(report.agreements), 'agreement')}, {verdict} · {report.generated_at}"
    return "".join(ch for ch in text if ch.isalnum() or ch in " ,.:-·")


def heat_rows(catalogue: CatalogueView) -> list[tuple[str, str]]:
    """The heat strip's rows: (label, Tally field), as the picture draws them."""
    rows = (
        [("▲ to the provider", "provider_more"), ("▼ to the community", "community_more")]
        if catalogue.ordered
        else [("● to another party", "moved")]
    )
    return [*rows, ("◆ to a third party", "third_party"), ("✕ ‖ ? not one known party", "problem")]


def heat_counts(matrix: Matrix, key: str) -> list[int]:
    return [int(getattr(t, key)) for t in matrix.tallies]


def _ranges(numbers: list[int]) -> str:
    """`1-6, 8, 10-12`."""
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def boundary_columns(matrix: Matrix) -> list[str]:
    parties = [f"Held by {pid}" for pid, _ in matrix.catalogue.parties]
    return ["Agreement (or group)", *parties, "Third party", "Not one known party", "Moved"]


def boundary_rows(matrix: Matrix, chart: BoundaryChart, labels: list[str]) -> list[list[str]]:
    """The boundary chart as a table: per bar, the responsibilities (by number) each party holds."""
    cat = matrix.catalogue
    parties = [pid for pid, _ in cat.parties]
    rows = []
    for index in chart.columns:
        column = matrix.columns[index]
        held: dict[str, list[int]] = {}
        moved: list[str] = []
        for resp, cell in zip(cat.responsibilities, column.cells, strict=True):
            kind = cell.party if cell.kind == "holder" and cell.party in parties else cell.kind
            held.setdefault(kind or "problem", []).append(resp.number)
            if cell.status == "deviation":
                moved.append(f"#{resp.number} {cell.marker}")
        cells = [_ranges(held.get(p, [])) for p in parties]
        cells += [_ranges(held.get("third-party", [])), _ranges(held.get("problem", [])), ", ".join(moved)]
        rows.append([labels[index], *cells])
    if chart.other_columns:
        left = f"{plural(chart.other_columns, 'other group')} ({plural(chart.other_agreements, 'agreement')})"
        rows.append([left, *["in the matrix"] * (len(parties) + 3)])
    return rows
