"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers (see the README, SARIF and JUnit).

One run per file, listing every rule that was evaluated. Paths are relative to the
repository root (`%SRCROOT%`), so that alerts stay attached to files whichever folder
srm-check ran in, and each result carries a fingerprint that does not change when
lines move. GitHub's upload limits are respected: past one, the output is cut
deterministically and a notification says what was left out, rather than writing a
file that the upload would reject.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from srm_check.core.codes import UNREADABLE_FILE
from srm_check.core.finding import Finding
from srm_check.core.rule import RuleInfo
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions
from srm_check.pipeline.fingerprints import FINGERPRINT_VERSION, SourceRoot, numbered_fingerprints
from srm_check.pipeline.results import RunResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/srm-check/srm-check"
# automationDetails.id: a category ending in "/" (GitHub keeps one analysis per category).
CATEGORY = "srm-check/"
SRCROOT = "%SRCROOT%"

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
# An absolute URI of RFC 3986 characters only; anything else stays out of helpUri.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@dataclass(frozen=True, slots=True)
class Limits:
    """GitHub code scanning's hard limits on an uploaded SARIF file."""

    results: int = 25_000  # results per run
    tags: int = 20  # tags per rule
    locations: int = 1_000  # locations per result (related locations counted alike)
    gzip_bytes: int = 10 * 1024 * 1024  # the upload, gzip-compressed


GITHUB_LIMITS = Limits()

# Notification descriptors (tool.driver.notifications), referenced by index.
_NOTIFICATIONS: tuple[tuple[str, str, str], ...] = (
    ("policy-error", "error", "A policy file has a problem; nothing was checked."),
    ("file-unreadable", "error", "An agreement file could not be read as YAML; its rules did not run."),
    ("output-limit", "warning", "A limit of GitHub code scanning was reached; the output was cut."),
)
_NOTIFICATION_INDEX = {name: i for i, (name, _, _) in enumerate(_NOTIFICATIONS)}


@dataclass(slots=True)
class _Context:
    root: SourceRoot
    limits: Limits
    rule_index: dict[str, int]
    notifications: list[dict[str, Any]] = field(default_factory=list)


def _notification(kind: str, level: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        **extra,
        "descriptor": {"id": kind, "index": _NOTIFICATION_INDEX[kind]},
    }


def _artifact(root: SourceRoot, path: str) -> dict[str, Any]:
    """An artifactLocation: relative to %SRCROOT% when inside it, else an absolute file URI."""
    relative = root.relative(path)
    if relative is not None:
        return {"uri": quote(relative, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}
    absolute = Path(root.cwd, path).absolute()
    return {"uri": absolute.as_uri()}


def _region(span: Span) -> dict[str, int]:
    """A region with every coordinate >= 1 and the end never before the start."""
    start_line, start_column = max(1, span.line), max(1, span.column)
    end_line = max(start_line, span.end_line)
    end_column = max(1, span.end_column)
    if end_line == start_line:
        end_column = max(start_column, end_column)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def _physical(root: SourceRoot, path: str, span: Span) -> dict[str, Any]:
    return {"artifactLocation": _artifact(root, path), "region": _region(span)}


def _logical(pointer: str) -> list[dict[str, Any]]:
    """The JSON pointer of the offending node, as a logical location (none for a whole file)."""
    if not pointer:
        return []
    name = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return [{"name": name, "fullyQualifiedName": pointer, "kind": "member"}]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _rule(rule: RuleInfo, ctx: _Context) -> dict[str, Any]:
    """A reportingDescriptor with everything GitHub shows for a rule."""
    rid, name, title = rule["id"], rule["name"], rule["title"]
    description = rule["description"] or title
    help_uri = rule["help_uri"]
    text = f"{title}\n\n{description}"
    markdown = f"**{title}**\n\n{description}"
    if help_uri:
        text += f"\n\nMore: {help_uri}"
        markdown += f"\n\n[{rid} {name}]({help_uri})" if _URI.match(help_uri) else f"\n\nMore: {help_uri}"
    tags = _unique(list(rule["tags"]))
    if len(tags) > ctx.limits.tags:
        ctx.notifications.append(
            _notification(
                "output-limit",
                "warning",
                f"rule {rid} has {len(tags)} tags; GitHub accepts {ctx.limits.tags}, "
                f"so only the first {ctx.limits.tags} are listed",
            )
        )
        tags = tags[: ctx.limits.tags]
    out: dict[str, Any] = {
        "id": rid,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {"text": text, "markdown": markdown},
    }
    if _URI.match(help_uri):
        out["helpUri"] = help_uri
    out["defaultConfiguration"] = {"level": rule["severity"]}
    out["properties"] = {"tags": tags}
    return out


def _suppression(finding: Finding, root: SourceRoot) -> dict[str, Any]:
    waiver = finding.waiver
    assert waiver is not None
    why = f"{waiver.reason} (owner: {waiver.owner}; until {waiver.expires}"
    why += f"; {waiver.ticket})" if waiver.ticket else ")"
    where = Span(waiver.line, 1, waiver.line, 1)
    return {
        "kind": "external",
        "status": "accepted",
        "justification": why,
        "location": {"physicalLocation": _physical(root, waiver.path, where)},
    }


def _result(finding: Finding, fingerprint: str, ctx: _Context) -> tuple[dict[str, Any], int]:
    """A result, and how many of its related locations were left out for the limit."""
    location: dict[str, Any] = {"physicalLocation": _physical(ctx.root, finding.path, finding.span)}
    logical = _logical(finding.pointer)
    if logical:
        location["logicalLocations"] = logical
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": ctx.rule_index[finding.rule_id],
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_VERSION: fingerprint},
    }
    room = max(0, ctx.limits.locations - 1)
    related = finding.related[:room]
    if related:
        out["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": _physical(ctx.root, rel.path, rel.span),
                "message": {"text": rel.message},
            }
            for i, rel in enumerate(related, start=1)
        ]
    if finding.waived:
        out["suppressions"] = [_suppression(finding, ctx.root)]
    if finding.baseline in ("new", "unchanged"):
        out["baselineState"] = finding.baseline
    properties: dict[str, Any] = {}
    if finding.agreement is not None:
        properties["agreement"] = finding.agreement
    if finding.document:
        properties["document"] = finding.document
    if properties:
        out["properties"] = properties
    return out, len(finding.related) - len(related)


def _absent(result: RunResult, ctx: _Context) -> list[dict[str, Any]]:
    """Baseline findings that are gone now: results with baselineState "absent"."""
    out = []
    for entry in result.baseline_absent:
        if entry.rule_id not in ctx.rule_index:
            continue
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": _artifact(ctx.root, entry.path)}}
        logical = _logical(entry.pointer)
        if logical:
            location["logicalLocations"] = logical
        out.append(
            {
                "ruleId": entry.rule_id,
                "ruleIndex": ctx.rule_index[entry.rule_id],
                "level": "none",
                "message": {"text": f"fixed since the baseline: {entry.message}"},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_VERSION: entry.fingerprint},
                "baselineState": "absent",
            }
        )
    return out


def _rules(result: RunResult) -> list[RuleInfo]:
    """The evaluated rules, plus a plain entry for any rule id a finding names but no rule lists."""
    rules = list(result.rules)
    known = {r["id"] for r in rules}
    for rid in sorted({f.rule_id for f in result.findings} - known):
        rules.append(
            {
                "id": rid,
                "name": rid,
                "severity": Severity.error,
                "title": rid,
                "message": "",
                "description": "",
                "help_uri": "",
                "tags": [],
            }
        )
    return rules


def _by_priority(findings: list[Finding], keep: int) -> list[int]:
    """Indices of the `keep` findings that matter most (severity first), in output order."""
    if keep >= len(findings):
        return list(range(len(findings)))
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    return sorted(ranked[:keep])


def _unreadable(findings: list[Finding], ctx: _Context) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        if f.rule_id not in UNREADABLE_FILE:
            continue
        where = ctx.root.repo_path(f.path)
        out.append(
            _notification(
                "file-unreadable",
                "error",
                f"{where} could not be read: {f.message} [{f.rule_id}]; "
                "nothing after this point of the file was checked",
                locations=[{"physicalLocation": _physical(ctx.root, f.path, f.span)}],
                associatedRule={"id": f.rule_id, "index": ctx.rule_index[f.rule_id]},
            )
        )
    return out


def sarif_log(result: RunResult, limits: Limits = GITHUB_LIMITS, keep: int | None = None) -> dict[str, Any]:
    """The SARIF log as data; `keep` caps the results further (used to fit the upload size)."""
    root = result.root or SourceRoot()
    rules = _rules(result)
    ctx = _Context(root, limits, {r["id"]: i for i, r in enumerate(rules)})
    driver: dict[str, Any] = {"name": "srm-check"}
    if result.tool_version:
        driver["version"] = result.tool_version
        if _SEMVER.match(result.tool_version):
            driver["semanticVersion"] = result.tool_version
    driver["informationUri"] = INFORMATION_URI
    driver["rules"] = [_rule(r, ctx) for r in rules]
    driver["notifications"] = [
        {
            "id": name,
            "name": name,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": level},
        }
        for name, level, text in _NOTIFICATIONS
    ]

    findings = result.findings
    prints = numbered_fingerprints(findings, root)
    cap = min(limits.results, len(findings) if keep is None else keep)
    chosen = _by_priority(findings, cap)
    results = []
    cut_related = 0
    for i in chosen:
        item, cut = _result(findings[i], prints[i], ctx)
        results.append(item)
        cut_related += 1 if cut else 0
    cut_results = len(findings) - len(chosen)
    results.extend(_absent(result, ctx)[: max(0, limits.results - len(results))])

    notes: list[dict[str, Any]] = [
        _notification(
            "policy-error",
            "error",
            problem.message,
            locations=[{"physicalLocation": _physical(root, problem.path, problem.span)}],
        )
        for problem in result.problems
    ]
    if result.problems:
        notes.append(
            _notification(
                "policy-error",
                "error",
                f"the policy has {len(result.problems)} problem(s); nothing was checked",
            )
        )
    notes.extend(_unreadable(findings, ctx))
    notes.extend(ctx.notifications)
    if cut_results:
        why = (
            f"GitHub accepts {limits.results:,} results per run"
            if len(chosen) == limits.results
            else f"the file must stay under {limits.gzip_bytes:,} bytes gzip-compressed"
        )
        notes.append(
            _notification(
                "output-limit",
                "warning",
                f"{cut_results:,} of {len(findings):,} results were left out ({why}); the lowest "
                "severities went first. Run srm-check with --format text or json to see them all.",
            )
        )
    if cut_related:
        notes.append(
            _notification(
                "output-limit",
                "warning",
                f"{cut_related:,} result(s) had more related locations than GitHub accepts "
                f"({limits.locations:,} locations per result); only the first were kept",
            )
        )

    invocation: dict[str, Any] = {
        "executionSuccessful": not result.problems,
        "exitCode": result.exit_code,
    }
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The repository root: the git top-level of the folder srm-check ran in, "
                    "or that folder outside a git repository. Left unnamed on purpose, so that "
                    "the file is the same on every machine."
                }
            }
        },
        "automationDetails": {"id": CATEGORY},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _dump(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _upload_size(text: str, limit: int) -> int:
    """The gzip-compressed size, or an upper bound of it when that is already within `limit`."""
    data = text.encode("utf-8", "surrogateescape")
    bound = len(data) + len(data) // 1000 + 64  # deflate adds at most a few bytes per block
    if bound <= limit:
        return bound
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def render(
    result: RunResult, options: FormatOptions = DEFAULT_OPTIONS, *, limits: Limits | None = None
) -> str:
    """The run as one SARIF 2.1.0 log, cut to GitHub's limits when needed (with a notification)."""
    limits = limits or GITHUB_LIMITS
    text = _dump(sarif_log(result, limits))
    size = _upload_size(text, limits.gzip_bytes)
    keep = min(limits.results, len(result.findings))
    while size > limits.gzip_bytes and keep > 0:
        # Shrink in proportion to the excess, with a margin; deterministic for the same input.
        keep = max(0, min(keep - 1, int(keep * limits.gzip_bytes / size * 0.9)))
        text = _dump(sarif_log(result, limits, keep=keep))
        size = _upload_size(text, limits.gzip_bytes)
    return text
