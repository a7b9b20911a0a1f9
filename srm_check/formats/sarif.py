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

import json
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from srm_check.core.finding import Finding
from srm_check.core.problem import COMMAND_LINE, Problem
from srm_check.formats import DEFAULT_OPTIONS, SARIF_CATEGORY, FormatOptions, Sink, rendered
from srm_check.formats.json_format import dumped, write_list
from srm_check.formats.sarif_driver import GITHUB_LIMITS, Context, Limits, driver, notification, rules
from srm_check.formats.sarif_locations import SRCROOT, physical
from srm_check.formats.sarif_results import by_priority, fixed_since_baseline, unreadable
from srm_check.formats.sarif_results import result as result_of
from srm_check.pipeline.fingerprints import SourceRoot, numbered_fingerprints
from srm_check.pipeline.results import FileResult, RunResult

__all__ = ["GITHUB_LIMITS", "Limits", "render", "sarif_log"]

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# Where the results go in a log with an empty results list, as json.dumps(indent=2) writes it.
_RESULTS = '\n      "results": []'
_SRCROOT_TEXT = (
    "The repository root: the git top-level of the folder srm-check ran in, "
    "or that folder outside a git repository. Left unnamed on purpose, so that "
    "the file is the same on every machine."
)


@dataclass(slots=True)
class _Results:
    """The findings listed (by index, in output order, with every finding's fingerprint), and
    what was cut from them for GitHub's limits."""

    chosen: list[int]
    prints: list[str]
    kept: int  # findings listed
    cut: int  # findings left out
    cut_related: int  # results that lost related locations


def _results(findings: list[Finding], ctx: Context, keep: int | None) -> _Results:
    """The most important findings up to the limit (and `keep`)."""
    prints = numbered_fingerprints(findings, ctx.root)
    cap = min(ctx.limits.results, len(findings) if keep is None else keep)
    chosen = by_priority(findings, cap)
    room = max(0, ctx.limits.locations - 1)
    cut_related = sum(1 for i in chosen if len(findings[i].related) > room)
    return _Results(chosen, prints, len(chosen), len(findings) - len(chosen), cut_related)


def _items(findings: list[Finding], results: _Results, ctx: Context) -> Iterator[dict[str, Any]]:
    for i in results.chosen:
        yield result_of(findings[i], results.prints[i], ctx)[0]


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
            problem.said(),
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


def _log(
    result: RunResult, findings: list[Finding], limits: Limits, keep: int | None, category: str
) -> tuple[dict[str, Any], _Results, Context]:
    """The SARIF log without its results (an empty list), what to list, and the context to list them."""
    root = result.root or SourceRoot()
    listed = rules(result)
    ctx = Context(root, limits, {r["id"]: i for i, r in enumerate(listed)})
    tool = driver(result, listed, ctx)
    chosen = _results(findings, ctx, keep)
    notes = _policy_notes(result, root) + unreadable(findings, ctx) + ctx.notifications
    notes += _limit_notes(chosen, findings, limits)
    invocation: dict[str, Any] = {"executionSuccessful": not result.problems, "exitCode": result.exit_code}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {"driver": tool},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": _SRCROOT_TEXT}}},
        "automationDetails": {"id": automation_id(category)},
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    if result.baseline_absent:
        run["properties"] = {"fixedSinceBaseline": fixed_since_baseline(result, root)}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, chosen, ctx


def sarif_log(
    result: RunResult,
    limits: Limits = GITHUB_LIMITS,
    keep: int | None = None,
    category: str = SARIF_CATEGORY,
) -> dict[str, Any]:
    """The SARIF log as data; `keep` caps the results further (used to fit the upload size)."""
    findings = result.findings
    log, chosen, ctx = _log(result, findings, limits, keep, category)
    log["runs"][0]["results"] = list(_items(findings, chosen, ctx))
    return log


def _write(
    result: RunResult, findings: list[Finding], limits: Limits, keep: int | None, category: str, out: Sink
) -> int:
    """Write the log, its results one at a time (as json.dumps(indent=2) would write them);
    returns its length in UTF-8 bytes."""
    log, chosen, ctx = _log(result, findings, limits, keep, category)
    head, _, tail = _dump(log).partition(_RESULTS)
    size = 0

    def put(text: str) -> None:
        nonlocal size
        size += len(text.encode("utf-8", "surrogateescape"))
        out.write(text)

    put(head + _RESULTS[: -len("[]")])
    write_list(_Counted(put), (dumped(item, 4) for item in _items(findings, chosen, ctx)), 3)
    put(tail)
    return size


class _Counted:
    """A sink that counts what goes through it."""

    def __init__(self, put: Callable[[str], None]) -> None:
        self.write = put


def _dump(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _upload_size(spool: IO[str], length: int, limit: int) -> int:
    """The gzip-compressed size of what `spool` holds (`length` UTF-8 bytes), or an upper bound
    of it when that is already within `limit`."""
    bound = length + length // 1000 + 64  # deflate adds at most a few bytes per block
    if bound <= limit:
        return bound
    spool.seek(0)
    # What gzip.compress(data, compresslevel=6, mtime=0) makes: a 10-byte header, raw deflate
    # and an 8-byte trailer; deflate's output does not depend on how its input is cut.
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    size = 18
    while chunk := spool.read(1 << 16):
        size += len(deflate.compress(chunk.encode("utf-8", "surrogateescape")))
    return size + len(deflate.flush())


def write_sarif(result: RunResult, out: Sink, limits: Limits, category: str) -> None:
    """The run as one SARIF 2.1.0 log, cut to GitHub's limits when needed (with a notification).

    Written to a temporary file first, then copied: the upload size is known only once the
    results are written, and when it is over the limit they are written again, fewer."""
    findings = result.findings
    keep = min(limits.results, len(findings))
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape") as spool:
        size = _upload_size(spool, _write(result, findings, limits, None, category, spool), limits.gzip_bytes)
        while size > limits.gzip_bytes and keep > 0:
            # Shrink in proportion to the excess, with a margin; deterministic for the same input.
            keep = max(0, min(keep - 1, int(keep * limits.gzip_bytes / size * 0.9)))
            spool.seek(0)
            spool.truncate()
            length = _write(result, findings, limits, keep, category, spool)
            size = _upload_size(spool, length, limits.gzip_bytes)
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            out.write(chunk)


class Writer:
    """Written at the end: the log is ordered and cut to GitHub's limits over every finding of
    the run, so the writer keeps the files with findings as they pass (never the clean ones);
    it is the one format whose end needs them all (the run itself keeps only its totals)."""

    def __init__(
        self, head: RunResult, options: FormatOptions, out: Sink, limits: Limits | None = None
    ) -> None:
        self.out = out
        self.category = options.sarif_category
        self.limits = limits or GITHUB_LIMITS
        self.files: list[FileResult] = []

    def file(self, result: FileResult) -> None:
        if result.findings:
            self.files.append(result)

    def finish(self, run: RunResult) -> None:
        write_sarif(run.copy(files=self.files), self.out, self.limits, self.category)


def render(
    result: RunResult, options: FormatOptions = DEFAULT_OPTIONS, *, limits: Limits | None = None
) -> str:
    """The run as one SARIF 2.1.0 log, cut to GitHub's limits when needed (with a notification)."""
    return rendered(lambda head, opts, out: Writer(head, opts, out, limits), result, options)
