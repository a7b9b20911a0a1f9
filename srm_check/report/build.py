"""Building the report from a checked run: every fact computed once, before any layout.

Agreements come from a `summary.Collector` that the run fed file by file (or, for a run
that kept its agreements, that is fed here); findings are those of the run, so that a
report cannot disagree with `check`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from srm_check.core.finding import Finding
from srm_check.pipeline.results import RunResult
from srm_check.policy.model import Policy
from srm_check.report.costs import annual_totals, totals
from srm_check.report.figures import (
    LARGE_RUN,
    LIFECYCLE,
    Figures,
    boundary_chart,
    cost_charts,
    lifecycle,
    severity_rows,
)
from srm_check.report.matrix import CatalogueView, Column, Matrix, Tally
from srm_check.report.model import MAX_COLUMNS, AgreementView, FileFindings, Report, RuleCount, counted
from srm_check.report.provenance import Provenance
from srm_check.report.summary import Collector

# Cell -> the Tally field it counts in.
_TALLY_FIELD = {
    "provider-more": "provider_more",
    "community-more": "community_more",
    "third-party": "third_party",
    "moved": "moved",
}


def build_matrix(
    catalogue: CatalogueView, agreements: list[AgreementView], max_columns: int = MAX_COLUMNS
) -> Matrix:
    """Group agreements with identical assignments, split the columns into tables, and tally
    how the agreements hold each responsibility."""
    patterns: dict[object, list[AgreementView]] = {}
    for view in agreements:
        patterns.setdefault(view.cells, []).append(view)
    columns: list[Column] = []
    group = 0
    for cells, members in patterns.items():
        indexes = tuple(m.index for m in members)
        if len(members) == 1:
            columns.append(Column(members[0].label, indexes, members[0].cells))
        else:
            group += 1
            label = f"Group {group} ({len(members)} agreements)"
            columns.append(Column(label, indexes, members[0].cells, group))
        del cells
    tables = [
        list(range(start, min(start + max_columns, len(columns))))
        for start in range(0, len(columns), max_columns)
    ]
    return Matrix(catalogue, columns, tables, _tallies(catalogue, columns))


def _tallies(catalogue: CatalogueView, columns: list[Column]) -> list[Tally]:
    out = []
    for i, resp in enumerate(catalogue.responsibilities):
        counts = Counter[str]()
        for column in columns:
            cell = column.cells[i]
            if cell.status in ("default", "held"):
                key = cell.status
            elif cell.status == "deviation" and cell.direction in _TALLY_FIELD:
                key = _TALLY_FIELD[cell.direction]
            else:
                key = "problem"
            counts[key] += len(column.agreements)
        out.append(
            Tally(
                resp,
                counts["default"],
                counts["held"],
                counts["provider_more"],
                counts["community_more"],
                counts["third_party"],
                counts["moved"],
                counts["problem"],
            )
        )
    return out


def _rule_counts(run: RunResult, findings: list[Finding]) -> list[RuleCount]:
    rules = {r["id"]: r for r in run.rules}
    order = {r["id"]: i for i, r in enumerate(run.rules)}
    counter = Counter((f.rule_id, f.severity) for f in findings)
    keys = sorted(counter, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))
    return [
        RuleCount(
            rule_id,
            rules[rule_id]["name"] if rule_id in rules else "",
            severity,
            counter[(rule_id, severity)],
            rules[rule_id]["help_uri"] if rule_id in rules else "",
        )
        for rule_id, severity in keys
    ]


def _agreements(run: RunResult, collector: Collector) -> tuple[list[AgreementView], list[FileFindings]]:
    """Every agreement document of the run in file order, and findings that belong to none;
    each agreement numbered, and labelled apart where its id is used twice."""
    agreements: list[AgreementView] = []
    file_findings: list[FileFindings] = []
    for result in run.files:
        views, loose = collector.take(result)
        if loose is not None:
            file_findings.append(loose)
        for view in views:
            view.index = len(agreements)
            agreements.append(view)
    uses = Counter(view.id for view in agreements if view.id)
    for view in agreements:
        view.shared_id = bool(view.id) and uses[view.id or ""] > 1
    return agreements, file_findings


def _matrices(agreements: list[AgreementView]) -> list[Matrix]:
    """One matrix per catalogue of the policy that agreements follow, by catalogue reference."""
    by_catalogue: dict[str, tuple[CatalogueView, list[AgreementView]]] = {}
    for view in agreements:
        if view.catalogue_ref is not None and view.catalogue_view is not None:
            by_catalogue.setdefault(view.catalogue_ref, (view.catalogue_view, []))[1].append(view)
    return [build_matrix(catalogue, views) for _, (catalogue, views) in sorted(by_catalogue.items())]


def _figures(report: Report, run: RunResult, today: date) -> Figures:
    agreements = report.agreements
    states = Counter[str]()
    for view in agreements:
        view.state = lifecycle(view.effective, view.end, today)
        states[view.state] += 1
    return Figures(
        large=len(agreements) >= LARGE_RUN,
        today=today.isoformat(),
        lifecycle={state: states[state] for state in LIFECYCLE},
        severities=severity_rows([(f.severity, f.waived, f.baseline == "unchanged") for f in run.findings]),
        annual=annual_totals(counted(report.deviations)),
        cost_charts=cost_charts([(a.index, a.label, a.annual) for a in agreements if a.annual]),
        boundary_charts=[
            boundary_chart(i, [len(c.agreements) for c in m.columns]) for i, m in enumerate(report.matrices)
        ],
    )


def build_report(
    run: RunResult,
    provenance: Provenance,
    collector: Collector | None = None,
    today: date | None = None,
) -> Report:
    """The report of a run: fed to `collector` as it ran (`execute(keep=collector)`), or
    checked with `keep_agreements=True`. Lifecycle states are judged on `today`, by default
    the report's date (SOURCE_DATE_EPOCH keeps it fixed)."""
    policy: Policy | None = run.policy
    if policy is None:
        raise ValueError("a report needs the run's policy")
    if collector is None:
        collector = Collector(policy, run.fails)
        for result in run.files:
            if result.agreements:
                collector.add(result)
    agreements, file_findings = _agreements(run, collector)
    deviations = [d for a in agreements for d in a.deviations]
    report = Report(
        tool_version=run.tool_version,
        fail_on=run.fail_on,
        exit_code=run.exit_code,
        passed=not run.failed,
        file_count=sum(1 for r in run.files if r.kind == "agreement"),
        agreements=agreements,
        matrices=_matrices(agreements),
        unmatrixed=[a.index for a in agreements if a.catalogue_ref is None],
        rule_counts=_rule_counts(run, run.findings),
        severity_counts=run.counts(),
        file_findings=file_findings,
        provenance=provenance,
        unreadable=[r.path for r in run.files if r.kind == "agreement" and not r.documents],
        deviations=deviations,
        totals=totals(counted(deviations)),
        waivers=list(run.waivers),
    )
    report.figures = _figures(report, run, today or date.fromisoformat(provenance.generated_at[:10]))
    return report
