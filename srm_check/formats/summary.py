"""Markdown job summary for a CI page (GitHub's `$GITHUB_STEP_SUMMARY`): the verdict,
findings per agreement and per rule, the findings themselves and the waived ones.

Tables are cut after a fixed number of rows (saying how many were left out), so the
summary stays far below GitHub's limit of 1 MiB per step; SARIF and JUnit hold everything.
Text from agreements is escaped by `core.markdown` (as in the Markdown report), so a
message never turns into Markdown, HTML or a link, and control characters show escaped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from srm_check.core.finding import Finding
from srm_check.core.markdown import markdown_text
from srm_check.core.severity import SEVERITIES, Severity
from srm_check.core.text import plural
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions, Sink, rendered
from srm_check.formats.text import checked_text, found_text, set_aside
from srm_check.pipeline.fingerprints import SourceRoot
from srm_check.pipeline.results import FileResult, RunResult

MAX_AGREEMENT_ROWS = 200
MAX_RULE_ROWS = 200
MAX_FINDING_ROWS = 200
MAX_WAIVED_ROWS = 100


def cell(text: str) -> str:
    """Text as it reads, inside a table cell (the one Markdown escaping: core.markdown)."""
    return markdown_text(text)


def _location(root: SourceRoot, f: Finding) -> str:
    return cell(f"{root.repo_path(f.path)}:{f.span.line}:{f.span.column}")


@dataclass
class _Group:
    """Findings that count, for one agreement (or one file without an agreement id)."""

    path: str
    agreement: str
    counts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)


def _file_groups(file: FileResult, root: SourceRoot) -> list[_Group]:
    """One group per agreement of a file with findings that count, in document order."""
    groups: dict[tuple[int, str], _Group] = {}
    for f in file.findings:
        if not f.counts:
            continue
        if file.kind == "waivers":
            name = "(waivers file)"
        else:
            name = f.agreement if f.agreement is not None else f"(document {f.document + 1})"
        key = (f.document, name)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(root.repo_path(file.path), name)
        group.counts[f.severity] += 1
        group.rules[f.rule_id] += 1
    return list(groups.values())


class _Tables:
    """What the tables show, gathered as files pass: the first rows of each table and how many
    there are, and per rule its findings, agreements and worst severity (not the run's files)."""

    def __init__(self, root: SourceRoot) -> None:
        self.root = root
        self.groups: list[_Group] = []  # the first MAX_AGREEMENT_ROWS
        self.group_count = 0
        self.findings: Counter[str] = Counter()  # per rule
        self.agreements: Counter[str] = Counter()  # per rule
        self.severity: dict[str, Severity] = {}  # per rule, the worst
        self.rows: list[str] = []  # the first MAX_FINDING_ROWS findings that count
        self.row_count = 0
        self.waived_rows: list[str] = []  # the first MAX_WAIVED_ROWS waived findings
        self.waived_count = 0

    def add(self, file: FileResult) -> None:
        groups = _file_groups(file, self.root)
        self.groups += groups[: max(0, MAX_AGREEMENT_ROWS - self.group_count)]
        self.group_count += len(groups)
        for g in groups:
            for rule, n in g.rules.items():
                self.findings[rule] += n
                self.agreements[rule] += 1
        for f in file.findings:
            if f.counts:
                if f.rule_id not in self.severity or f.severity.rank > self.severity[f.rule_id].rank:
                    self.severity[f.rule_id] = f.severity
                if self.row_count < MAX_FINDING_ROWS:
                    self.rows.append(_finding_row(self.root, f))
                self.row_count += 1
            elif f.waived:
                if self.waived_count < MAX_WAIVED_ROWS:
                    self.waived_rows.append(_waived_row(self.root, f))
                self.waived_count += 1


def _more(left_out: int, what: str) -> list[str]:
    if left_out <= 0:
        return []
    return ["", f"… and {plural(left_out, what)} more (the SARIF and JUnit reports list every one)."]


def _verdict(result: RunResult) -> list[str]:
    # What was checked and found, in the text output's words.
    checked = f"{checked_text(result)} ({plural(result.agreement_count, 'agreement')})"
    found = found_text(result)
    also = set_aside(result)
    extra = f"; {', '.join(also)}" if also else ""
    title = "failed" if result.failed else "passed"
    return [
        f"## srm-check: {title}",
        "",
        f"{markdown_text(checked)}: {found}{extra}. Fail-on: {result.fail_on}; exit code {result.exit_code}.",
    ]


def _agreement_table(groups: list[_Group], count: int) -> list[str]:
    lines = [
        "",
        "### Findings per agreement",
        "",
        "| Agreement | File | Errors | Warnings | Notes | Rules |",
        "|---|---|--:|--:|--:|---|",
    ]
    for g in groups[:MAX_AGREEMENT_ROWS]:
        rules = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(g.rules.items()))
        counts = " | ".join(str(g.counts[s]) for s in SEVERITIES)
        lines.append(f"| {cell(g.agreement)} | {cell(g.path)} | {counts} | {cell(rules)} |")
    return lines + _more(count - MAX_AGREEMENT_ROWS, "agreement")


def _rule_table(result: RunResult, tables: _Tables) -> list[str]:
    names = {r["id"]: r["name"] for r in result.rules}
    findings, severity = tables.findings, tables.severity
    order = sorted(findings, key=lambda rule: (-severity[rule].rank, rule))
    lines = [
        "",
        "### Findings per rule",
        "",
        "| Rule | Name | Severity | Findings | Agreements |",
        "|---|---|---|--:|--:|",
    ]
    for rule in order[:MAX_RULE_ROWS]:
        lines.append(
            f"| {cell(rule)} | {cell(names.get(rule, ''))} | {severity[rule]} "
            f"| {findings[rule]} | {tables.agreements[rule]} |"
        )
    return lines + _more(len(order) - MAX_RULE_ROWS, "rule")


def _finding_row(root: SourceRoot, f: Finding) -> str:
    return f"| {_location(root, f)} | {f.severity} | {cell(f.rule_id)} | {cell(f.message)} |"


def _finding_table(tables: _Tables) -> list[str]:
    lines = [
        "",
        f"<details><summary>All findings ({tables.row_count})</summary>",
        "",
        "| Location | Severity | Rule | Message |",
        "|---|---|---|---|",
        *tables.rows,
    ]
    return [*lines, *_more(tables.row_count - MAX_FINDING_ROWS, "finding"), "", "</details>"]


def _waived_row(root: SourceRoot, f: Finding) -> str:
    assert f.waiver is not None
    w = f.waiver
    ticket = f", {w.ticket}" if w.ticket else ""
    waiver = f"{w.path}:{w.line} until {w.expires} (owner {w.owner}{ticket}): {w.reason}"
    return f"| {_location(root, f)} | {cell(f.rule_id)} | {cell(f.agreement or '')} | {cell(waiver)} |"


def _waived_table(tables: _Tables) -> list[str]:
    if not tables.waived_count:
        return []
    lines = [
        "",
        f"### Waived ({tables.waived_count}): reported, not failing",
        "",
        "| Location | Rule | Agreement | Waiver |",
        "|---|---|---|---|",
        *tables.waived_rows,
    ]
    return lines + _more(tables.waived_count - MAX_WAIVED_ROWS, "waived finding")


def _policy_problems(result: RunResult, root: SourceRoot) -> list[str]:
    lines = [
        "## srm-check: policy error",
        "",
        f"The policy has {plural(len(result.problems), 'problem')}; nothing was checked "
        f"(exit code {result.exit_code}).",
        "",
        "| Location | Problem |",
        "|---|---|",
    ]
    for p in result.problems:
        where = cell(f"{root.repo_path(p.path)}:{p.span.line}:{p.span.column}")
        lines.append(f"| {where} | {cell(p.said())} |")
    return lines


class Writer:
    """Written at the end (the verdict comes first); its tables are gathered as files pass."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.options = options
        self.tables = _Tables(head.root or SourceRoot())

    def file(self, result: FileResult) -> None:
        self.tables.add(result)

    def finish(self, run: RunResult) -> None:
        self.out.write(_markdown(run, self.tables))


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The summary as Markdown: deterministic, paths from the repository root."""
    return rendered(Writer, result, options)


def _markdown(result: RunResult, tables: _Tables) -> str:
    """The summary as Markdown: deterministic, paths from the repository root."""
    root = result.root or SourceRoot()
    if result.problems:
        return "\n".join(_policy_problems(result, root)) + "\n"
    lines = _verdict(result)
    if tables.group_count:
        lines += (
            _agreement_table(tables.groups, tables.group_count)
            + _rule_table(result, tables)
            + _finding_table(tables)
        )
    lines += _waived_table(tables)
    return "\n".join(lines) + "\n"
