"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers (see docs/outputs.md, SARIF).

One run per file, listing every rule that was evaluated. Paths are relative to the
repository root (`%SRCROOT%`), so that alerts stay attached to files whichever folder
srm-check ran in, and each result carries a fingerprint that does not change when
lines move. GitHub's upload limits are respected: past one, the output is cut
deterministically and a notification says what was left out, rather than writing a
file that the upload would reject. The parts: sarif_driver (rules, notification kinds,
limits), sarif_results, sarif_locations; this module assembles the log and fits its size.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

from srm_check.core.finding import Finding
from srm_check.core.problem import COMMAND_LINE, Problem
from srm_check.formats import DEFAULT_OPTIONS, SARIF_CATEGORY, FormatOptions
from srm_check.formats.sarif_driver import GITHUB_LIMITS, Context, Limits, driver, notification, rules
from srm_check.formats.sarif_locations import SRCROOT, physical
from srm_check.formats.sarif_results import by_priority, fixed_since_baseline, unreadable
from srm_check.formats.sarif_results import result as result_of
from srm_check.pipeline.fingerprints import SourceRoot, numbered_fingerprints
from srm_check.pipeline.results import RunResult

__all__ = ["GITHUB_LIMITS", "Limits", "render", "sarif_log"]

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SRCROOT_TEXT = (
    "The repository root: the git top-level of the folder srm-check ran in, "
    "or that folder outside a git repository. Left unnamed on purpose, so that "
    "the file is the same on every machine."
)


@dataclass(slots=True)
class _Results:
    """The results listed, and what was cut from them for GitHub's limits."""

    items: list[dict[str, Any]]
    kept: int  # findings listed
    cut: int  # findings left out
    cut_related: int  # results that lost related locations


def _results(run: RunResult, ctx: Context, keep: int | None) -> _Results:
    """The most important findings up to the limit (and `keep`)."""
    findings = run.findings
    prints = numbered_fingerprints(findings, ctx.root)
    cap = min(ctx.limits.results, len(findings) if keep is None else keep)
    chosen = by_priority(findings, cap)
    items = []
    cut_related = 0
    for i in chosen:
        item, cut = result_of(findings[i], prints[i], ctx)
        items.append(item)
        cut_related += 1 if cut else 0
    return _Results(items, len(chosen), len(findings) - len(chosen), cut_related)


def _where(root: SourceRoot, problem: Problem) -> dict[str, Any]:
    """A problem's location, unless it comes from the command line rather than from a file."""
    if problem.path == COMMAND_LINE:
        return {}
    return {"locations": [{"physicalLocation": physical(root, problem.path, problem.span)}]}


def _policy_notes(run: RunResult, root: SourceRoot) -> list[dict[str, Any]]:
    """One notification per policy problem, and one saying that nothing was checked."""
    notes = [
        notification(
            "policy-error",
            "error",
            problem.message,
            **_where(root, problem),
        )
        for problem in run.problems
    ]
    if run.problems:
        notes.append(
            notification(
                "policy-error", "error", f"the policy has {len(run.problems)} problem(s); nothing was checked"
            )
        )
    return notes


def _limit_notes(results: _Results, findings: list[Finding], limits: Limits) -> list[dict[str, Any]]:
    """Notifications of what was left out for GitHub's limits, and why."""
    notes = []
    if results.cut:
        why = (
            f"GitHub accepts {limits.results:,} results per run"
            if results.kept == limits.results
            else f"the file must stay under {limits.gzip_bytes:,} bytes gzip-compressed"
        )
        notes.append(
            notification(
                "output-limit",
                "warning",
                f"{results.cut:,} of {len(findings):,} results were left out ({why}); the lowest "
                "severities went first. Run srm-check with --format text or json to see them all.",
            )
        )
    if results.cut_related:
        notes.append(
            notification(
                "output-limit",
                "warning",
                f"{results.cut_related:,} result(s) had more related locations than GitHub accepts "
                f"({limits.locations:,} locations per result); only the first were kept",
            )
        )
    return notes


def automation_id(category: str) -> str:
    """automationDetails.id for a category: `category/` (GitHub keeps one analysis per category;
    the part after the last `/` would name one run of it, which srm-check leaves empty)."""
    return category if category.endswith("/") else f"{category}/"


def sarif_log(
    result: RunResult,
    limits: Limits = GITHUB_LIMITS,
    keep: int | None = None,
    category: str = SARIF_CATEGORY,
) -> dict[str, Any]:
    """The SARIF log as data; `keep` caps the results further (used to fit the upload size)."""
    root = result.root or SourceRoot()
    listed = rules(result)
    ctx = Context(root, limits, {r["id"]: i for i, r in enumerate(listed)})
    tool = driver(result, listed, ctx)
    results = _results(result, ctx, keep)
    notes = _policy_notes(result, root) + unreadable(result.findings, ctx) + ctx.notifications
    notes += _limit_notes(results, result.findings, limits)
    invocation: dict[str, Any] = {"executionSuccessful": not result.problems, "exitCode": result.exit_code}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {"driver": tool},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": _SRCROOT_TEXT}}},
        "automationDetails": {"id": automation_id(category)},
        "columnKind": "unicodeCodePoints",
        "results": results.items,
    }
    if result.baseline_absent:
        run["properties"] = {"fixedSinceBaseline": fixed_since_baseline(result, root)}
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
    category = options.sarif_category
    text = _dump(sarif_log(result, limits, category=category))
    size = _upload_size(text, limits.gzip_bytes)
    keep = min(limits.results, len(result.findings))
    while size > limits.gzip_bytes and keep > 0:
        # Shrink in proportion to the excess, with a margin; deterministic for the same input.
        keep = max(0, min(keep - 1, int(keep * limits.gzip_bytes / size * 0.9)))
        text = _dump(sarif_log(result, limits, keep=keep, category=category))
        size = _upload_size(text, limits.gzip_bytes)
    return text
