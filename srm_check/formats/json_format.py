"""JSON output for programs: a stable, documented shape (see README, "JSON output")."""

from __future__ import annotations

import json
from typing import Any

from srm_check.core.finding import Finding
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions
from srm_check.pipeline.results import RunResult

SHAPE_VERSION = 1


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as plain data; keys are always present, in a fixed order."""
    return {
        "rule_id": f.rule_id,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "pointer": f.pointer,
        "agreement": f.agreement,
        "document": f.document,
        "related": [
            {
                "path": r.path,
                "line": r.span.line,
                "column": r.span.column,
                "message": r.message,
            }
            for r in f.related
        ],
        "waiver": None
        if f.waiver is None
        else {
            "path": f.waiver.path,
            "line": f.waiver.line,
            "reason": f.waiver.reason,
            "owner": f.waiver.owner,
            "expires": f.waiver.expires,
            "ticket": f.waiver.ticket,
            "expired": f.waiver.expired,
        },
        "waived": f.waived,
        "baseline": f.baseline,
    }


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The whole run as one JSON document, keys in a fixed order."""
    names = {r["id"]: r["name"] for r in result.rules}
    findings = []
    for f in result.findings:
        item = finding_dict(f)
        item["rule_name"] = names.get(f.rule_id, "")
        findings.append(item)
    data = {
        "version": SHAPE_VERSION,
        "tool": {"name": "srm-check", "version": result.tool_version},
        "summary": {
            "files": len(result.files),
            "files_with_findings": sum(1 for f in result.files if f.findings),
            "findings": result.counts(),
            "waived": len(result.waived()),
            "baselined": len(result.baselined()),
            "fail_on": result.fail_on,
            "passed": not result.failed,
            "exit_code": result.exit_code,
        },
        "files": [{"path": f.path, "findings": len(f.findings)} for f in result.files],
        "findings": findings,
        "baseline_absent": [
            {
                "fingerprint": e.fingerprint,
                "rule_id": e.rule_id,
                "path": e.path,
                "agreement": e.agreement,
                "pointer": e.pointer,
                "message": e.message,
            }
            for e in result.baseline_absent
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
