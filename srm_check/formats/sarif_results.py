"""SARIF results: one per finding (with its fingerprint, waiver and baseline state), the
baseline findings fixed since (as run properties, not results: GitHub would show a result as
an open alert), and the choice of which to keep when GitHub's limit is reached."""

from __future__ import annotations

from typing import Any

from srm_check.core.codes import UNREADABLE_FILE
from srm_check.core.finding import Finding
from srm_check.core.span import Span
from srm_check.core.text import sentence
from srm_check.formats.sarif_driver import Context, notification
from srm_check.formats.sarif_locations import artifact, location, physical
from srm_check.pipeline.fingerprints import FINGERPRINT_VERSION, SourceRoot
from srm_check.pipeline.results import RunResult


def _suppression(finding: Finding, root: SourceRoot) -> dict[str, Any]:
    """The waiver as a suppression: `inSource` for a comment in the agreement itself (inline),
    `external` for the waivers file."""
    waiver = finding.waiver
    assert waiver is not None
    why = f"{waiver.reason} (owner: {waiver.owner}; until {waiver.expires}"
    why += f"; {waiver.ticket})" if waiver.ticket else ")"
    where = Span(waiver.line, 1, waiver.line, 1)
    return {
        "kind": "inSource" if waiver.path == finding.path else "external",
        "status": "accepted",
        "justification": why,
        "location": {"physicalLocation": physical(root, waiver.path, where)},
    }


def _properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if finding.agreement is not None:
        properties["agreement"] = finding.agreement
    if finding.document:
        properties["document"] = finding.document
    return properties


def result(finding: Finding, fingerprint: str, ctx: Context) -> tuple[dict[str, Any], int]:
    """A result, and how many of its related locations were left out for the limit."""
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": ctx.rule_index[finding.rule_id],
        "level": finding.severity,
        "message": {"text": sentence(finding.message)},
        "locations": [location(ctx.root, finding.path, finding.span, finding.pointer)],
        "partialFingerprints": {FINGERPRINT_VERSION: fingerprint},
    }
    room = max(0, ctx.limits.locations - 1)
    related = finding.related[:room]
    if related:
        out["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": physical(ctx.root, rel.path, rel.span),
                "message": {"text": sentence(rel.message)},
            }
            for i, rel in enumerate(related, start=1)
        ]
    if finding.waived:
        out["suppressions"] = [_suppression(finding, ctx.root)]
    if finding.baseline in ("new", "unchanged"):
        out["baselineState"] = finding.baseline
    properties = _properties(finding)
    if properties:
        out["properties"] = properties
    return out, len(finding.related) - len(related)


def fixed_since_baseline(run: RunResult, root: SourceRoot) -> list[dict[str, Any]]:
    """The baseline's findings that are gone now, for the run's properties: what each was, and
    where (from the repository root). Not results: a consumer would show them as open alerts."""
    return [
        {
            "fingerprint": entry.fingerprint,
            "ruleId": entry.rule_id,
            "uri": artifact(root, entry.path)["uri"],
            "agreement": entry.agreement,
            "pointer": entry.pointer,
            "message": entry.message,
        }
        for entry in run.baseline_absent
    ]


def by_priority(findings: list[Finding], keep: int) -> list[int]:
    """Indices of the `keep` findings that matter most (severity first), in output order."""
    if keep >= len(findings):
        return list(range(len(findings)))
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    return sorted(ranked[:keep])


def unreadable(findings: list[Finding], ctx: Context) -> list[dict[str, Any]]:
    """A notification for each file that could not be read: its rules did not run."""
    out = []
    for f in findings:
        if f.rule_id not in UNREADABLE_FILE:
            continue
        where = ctx.root.repo_path(f.path)
        out.append(
            notification(
                "file-unreadable",
                "error",
                f"{where} could not be read: {f.message} [{f.rule_id}]; "
                "nothing after this point of the file was checked",
                locations=[{"physicalLocation": physical(ctx.root, f.path, f.span)}],
                associatedRule={"id": f.rule_id, "index": ctx.rule_index[f.rule_id]},
            )
        )
    return out
