"""The report as JSON for other programs: the same facts as Markdown and HTML, shape versioned.

The shape is documented in docs/reports.md ("JSON report shape"); `version` changes only when a
key is removed or changes meaning. Keys are always present (null when unknown).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from srm_check.core.finding import finding_dict
from srm_check.report.costs import Annual, Total, json_number
from srm_check.report.figures import CostChart, Figures
from srm_check.report.matrix import Matrix, Tally
from srm_check.report.model import AgreementView, Deviation, Report
from srm_check.report.provenance import Provenance
from srm_check.report.rows import Cell, Cost, Row

SHAPE_VERSION = 1


def _cost(cost: Cost | None) -> dict[str, Any] | None:
    if cost is None:
        return None
    return {
        "text": cost.text,
        "amount": json_number(cost.amount) if cost.amount is not None else None,
        "currency": cost.currency,
        "period": cost.period,
    }


def _total(total: Total) -> dict[str, Any]:
    return {
        "currency": total.currency,
        "period": total.period,
        "amount": json_number(total.amount),
        "deviations": total.count,
    }


def _annual(total: Annual) -> dict[str, Any]:
    return {
        "currency": total.currency,
        "per_year": json_number(total.per_year),
        "recurring": total.recurring,
        "one_off": json_number(total.one_off),
        "one_offs": total.one_offs,
        "no_period": json_number(total.unstated),
        "no_period_count": total.unstated_count,
    }


def _amount(value: Decimal | None) -> int | float | None:
    return json_number(value) if value is not None else None


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "holder": cell.holder,
        "party": cell.party,
        "team": cell.team,
        "holders": list(cell.holders),
        "status": cell.status,
        "direction": cell.direction,
        "marker": cell.marker,
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        "responsibility": row.responsibility,
        "number": row.number,
        "title": row.title,
        "default_party": row.default_party,
        **_cell(row.cell),
        "line": row.line,
        "cost_note": _cost(row.cost),
        "note": row.note,
        "roles": {role: list(names) for role, names in row.role_map.items()},
    }


def _deviation(d: Deviation) -> dict[str, Any]:
    return {
        "agreement": d.agreement_label,
        "agreement_index": d.agreement,
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "responsibility": d.responsibility,
        "number": d.number,
        "title": d.title,
        "from": d.default_party,
        "to": d.party,
        "team": d.team,
        "direction": d.direction,
        "cost_note": _cost(d.cost),
        "per_year": _amount(d.per_year),
        "counted": d.counted,
        "flag": d.flag,
    }


def _matrix(matrix: Matrix, report: Report) -> dict[str, Any]:
    cat = matrix.catalogue
    index = cat.boundary_index
    return {
        "catalogue": cat.ref,
        "title": cat.title,
        "boundary": {
            "begins_at": cat.begins_at,
            "before_responsibility": cat.responsibilities[index].id if index is not None else None,
            "statement": cat.boundary_statement,
        },
        "layout": {"rule": report.layout_rule, "max_columns": report.max_columns},
        "responsibilities": [
            {
                "id": r.id,
                "number": r.number,
                "title": r.title,
                "default_party": r.default_party,
                "default_team": r.default_team,
            }
            for r in cat.responsibilities
        ],
        "columns": [
            {
                "label": column.label,
                "group": column.group,
                "agreements": [report.agreements[i].label for i in column.agreements],
                "agreement_indexes": list(column.agreements),
                "cells": [
                    {"responsibility": r.id, **_cell(c)}
                    for r, c in zip(cat.responsibilities, column.cells, strict=True)
                ],
            }
            for column in matrix.columns
        ],
        "tables": matrix.tables,
        "tallies": [_tally(t) for t in matrix.tallies],
    }


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "responsibility": t.responsibility.id,
        "number": t.responsibility.number,
        "default": t.default,
        "held": t.held,
        "provider_more": t.provider_more,
        "community_more": t.community_more,
        "third_party": t.third_party,
        "moved": t.moved,
        "problem": t.problem,
        "deviating": t.deviating,
    }


def _chart(c: CostChart) -> dict[str, Any]:
    return {
        "currency": c.currency,
        "rule": c.rule,
        "bars": [
            {
                "agreement": b.label,
                "agreement_index": b.agreement,
                "per_year": json_number(b.per_year),
                "one_off": json_number(b.one_off),
            }
            for b in c.bars
        ],
        "others": c.others,
        "others_per_year": json_number(c.others_per_year),
        "others_one_off": json_number(c.others_one_off),
    }


def _figures(f: Figures, report: Report) -> dict[str, Any]:
    return {
        "date": f.today,
        "lifecycle": f.lifecycle,
        "failing": [a.index for a in report.failing],
        "findings_by_severity": [
            {
                "severity": r.severity,
                "counted": r.counted,
                "waived": r.waived,
                "baselined": r.baselined,
            }
            for r in f.severities
        ],
        "annualised": [_annual(a) for a in f.annual],
        "cost_charts": [_chart(c) for c in f.cost_charts],
    }


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "tool": {"name": "srm-check", "version": p.tool_version},
        "generated_at": p.generated_at,
        "time_source": p.time_source,
        "policy": {
            "folders": list(p.policy_folders),
            "catalogues": [
                {
                    "ref": c.ref,
                    "id": c.id,
                    "version": c.version,
                    "title": c.title,
                    "path": c.path,
                    "sha256": c.sha256,
                }
                for c in p.catalogues
            ],
            "rule_files": [{"path": f.path, "sha256": f.sha256} for f in p.rule_files],
            "rules_sha256": p.rules_sha256,
        },
        "inputs": [{"path": f.path, "sha256": f.sha256} for f in p.inputs],
        "git": None
        if p.git is None
        else {
            "commit": p.git.commit,
            "dirty": p.git.dirty,
            "uncommitted_inputs": list(p.git.uncommitted_inputs),
        },
        "git_note": p.git_text,
    }


def _summary(report: Report) -> dict[str, Any]:
    return {
        "files": report.file_count,
        "agreements": len(report.agreements),
        "agreements_passed": report.agreements_passed,
        "agreements_failed": report.agreements_failed,
        "fail_on": report.fail_on,
        "passed": report.passed,
        "exit_code": report.exit_code,
        "findings": report.severity_counts,
        "findings_by_rule": [
            {
                "rule_id": c.rule_id,
                "name": c.name,
                "severity": c.severity,
                "count": c.count,
                "help_uri": c.help_uri,
            }
            for c in report.rule_counts
        ],
        "deviations": len(report.deviations),
        **_figures(report.figures, report),
    }


def _agreement(a: AgreementView) -> dict[str, Any]:
    return {
        "index": a.index,
        "label": a.label,
        "id": a.id,
        "path": a.path,
        "document": a.document,
        "community": a.community,
        "catalogue": a.catalogue,
        "catalogue_ref": a.catalogue_ref,
        "effective": a.effective,
        "end": a.end,
        "state": a.state,
        "description": a.description,
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "description": p.description,
                "teams": [{"id": t, "name": n} for t, n in p.teams],
            }
            for p in a.parties
        ],
        "passed": a.passed,
        "assignments": [_row(r) for r in a.rows],
        "deviations": [d.responsibility for d in a.deviations],
        "cost_totals": [_total(t) for t in a.totals],
        "annualised": [_annual(t) for t in a.annual],
        "findings": [finding_dict(f) for f in a.findings],
    }


def report_data(report: Report) -> dict[str, Any]:
    """The whole report as plain data, keys in a fixed order."""
    return {
        "version": SHAPE_VERSION,
        "kind": "srm-check-report",
        "generated_at": report.generated_at,
        "tool": {"name": "srm-check", "version": report.tool_version},
        "summary": _summary(report),
        "matrices": [_matrix(m, report) for m in report.matrices],
        "not_in_a_matrix": [
            {
                "agreement": report.agreements[i].label,
                "agreement_index": i,
                "catalogue": report.agreements[i].catalogue,
            }
            for i in report.unmatrixed
        ],
        "deviations": _Lazy(report.deviations, _deviation),
        "waivers": list(report.waivers),
        "cost_totals": [_total(t) for t in report.totals],
        "annualised": [_annual(t) for t in report.figures.annual],
        "uncounted_amounts": [_deviation(d) for d in report.uncounted],
        "agreements": _Lazy(report.agreements, _agreement),
        "file_findings": [
            {"path": f.path, "findings": [finding_dict(x) for x in f.findings]} for f in report.file_findings
        ],
        "provenance": _provenance(report.provenance),
    }


class _Lazy(list):  # type: ignore[type-arg]
    """A list whose items are made as the encoder reaches them: JSON's encoder (the pure-Python
    one, which indenting uses) iterates a list, so that only one agreement's data is alive at a
    time. Only for encoding: it holds nothing itself."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> None:
        super().__init__()
        self._items = items
        self._make = make

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._make(item) for item in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


# Pieces of about this many characters are handed to the writer.
_PIECE = 1 << 16


def render(report: Report) -> str:
    """The report as one JSON document (UTF-8 text, not ASCII-escaped)."""
    return "".join(render_pieces(report))


def render_pieces(report: Report) -> Iterator[str]:
    """The report as it is encoded, in pieces of about _PIECE characters (see `render`)."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    buffer: list[str] = []
    size = 0
    for chunk in encoder.iterencode(report_data(report)):
        buffer.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append("\n")
    yield "".join(buffer)
