"""JSON output for programs: a stable, documented shape (see docs/outputs.md, "JSON")."""

from __future__ import annotations

import json

from srm_check.core.finding import finding_dict
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions
from srm_check.pipeline.results import RunResult

SHAPE_VERSION = 1


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
            "files": len(result.checked_files),
            "files_with_findings": sum(1 for f in result.checked_files if f.findings),
            "findings": result.counts(),
            "waived": len(result.waived()),
            "baselined": len(result.baselined()),
            "fail_on": result.fail_on,
            "passed": not result.failed,
            "exit_code": result.exit_code,
        },
        "files": [{"path": f.path, "kind": f.kind, "findings": len(f.findings)} for f in result.files],
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
        "excluded": list(result.excluded),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
