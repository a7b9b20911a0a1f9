"""JUnit XML for CI test reports: Jenkins (junit, xUnit), GitLab, and the many tools that read it.

One <testsuite> per agreement file and one <testcase> per rule and agreement, passing
ones included, so a clean run shows what was checked. A rule's findings in one
agreement make one failing test case (all of them in its body); files that could not
be read are <error> test cases; a test case whose findings are all waived is <skipped>,
with the waiver's reason, owner and expiry; other findings that do not fail the run
(below --fail-on, or already in the baseline) leave the test case passing and are listed
in its <system-out>. Valid against the Jenkins xUnit JUnit schema; see docs/outputs.md (JUnit XML).
This module maps a run onto suites and test cases; junit_xml writes the XML.
"""

from __future__ import annotations

import tempfile
from array import array
from collections import Counter
from dataclasses import dataclass, field

from srm_check.core.codes import (
    INLINE_WAIVER_FORBIDDEN,
    INLINE_WAIVER_INVALID,
    UNREADABLE_FILE,
    WAIVER_EXPIRED,
    WAIVER_EXPIRING,
    WAIVER_TOO_LONG,
    WAIVER_UNUSED,
)
from srm_check.core.finding import Finding
from srm_check.core.rule import RuleInfo
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions, Sink, rendered
from srm_check.formats.junit_xml import CLOSING, Case, Kind, Outcome, Suite, add_counts, opening, suite_text
from srm_check.pipeline.fingerprints import SourceRoot
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.rules.functions.memory import Keys

_SUFFIXES = (".yaml", ".yml")
# Rules about the waivers file, not about agreements: test cases only where they found something.
NOT_PER_AGREEMENT = frozenset(
    {
        WAIVER_EXPIRED,
        WAIVER_EXPIRING,
        WAIVER_UNUSED,
        WAIVER_TOO_LONG,
        INLINE_WAIVER_INVALID,
        INLINE_WAIVER_FORBIDDEN,
    }
)


def classname(path: str) -> str:
    """A Java-like class name for a file: folders become packages, the YAML suffix goes.

    `agreements/riverbend.yaml` -> `agreements.riverbend`. Other dots turn into `_`, since
    Jenkins reads the text before the last dot as a package name. The parts are those
    `PurePosixPath` gives (no empty or `.` parts; a leading `//` is one part of its own),
    found with string operations: pathlib interns every part of every path it parses, and
    a run names each of its files here.
    """
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("//") and not path.startswith("///"):
        parts.insert(0, "//")
    if parts:
        name = parts[-1]
        dot = name.rfind(".")
        if 0 < dot < len(name) - 1 and name[dot:] in _SUFFIXES:
            parts[-1] = name[:dot]
    return ".".join(p.replace(".", "_") for p in parts) or "_"


@dataclass(slots=True)
class _Group:
    """The findings of one rule in one document: one test case."""

    name: str
    findings: list[Finding] = field(default_factory=list)


def _labels(file: FileResult) -> list[str]:
    """A name for each document: its agreement id, or `document N` when it has none (or shares it).

    Documents after a YAML error were never read; their findings still get a name.
    """
    slots = max([file.documents, *(f.document + 1 for f in file.findings)])
    ids = list(file.agreement_ids[: file.documents])
    ids += [None] * (slots - len(ids))
    uses = Counter(ids)
    return [i if i and uses[i] == 1 else f"document {n}" for n, i in enumerate(ids, 1)]


def _groups(file: FileResult, rules: list[RuleInfo], bases: dict[str, str]) -> list[_Group]:
    """The file's test cases: every rule for every document read, then the remaining findings.

    `bases` holds each rule's `RULEID rule-name`.
    """
    labels = _labels(file)
    suffixes = [f" [{label}]" for label in labels] if len(labels) > 1 else [""] * len(labels)

    def name(rule_id: str, document: int) -> str:
        return bases.get(rule_id, rule_id) + suffixes[document]

    groups: dict[tuple[int, str], _Group] = {}
    per_agreement = [r["id"] for r in rules if r["id"] not in NOT_PER_AGREEMENT]
    for doc in range(file.documents):
        for rule_id in per_agreement:
            groups[(doc, rule_id)] = _Group(name(rule_id, doc))
    for f in file.findings:
        key = (f.document, f.rule_id)
        if key not in groups:
            groups[key] = _Group(name(f.rule_id, f.document))
        groups[key].findings.append(f)
    return list(groups.values())


def _line(f: Finding, root: SourceRoot) -> str:
    where = f"{root.repo_path(f.path)}:{f.span.line}:{f.span.column}"
    lines = [f"{where}: {f.severity} [{f.rule_id}] {f.message}"]
    if f.pointer:
        lines.append(f"  at {f.pointer}" + (f" in agreement {f.agreement}" if f.agreement else ""))
    for rel in f.related:
        lines.append(f"  {root.repo_path(rel.path)}:{rel.span.line}:{rel.span.column}: {rel.message}")
    if f.waiver is not None:
        state = "expired waiver" if f.waiver.expired else "waived"
        lines.append(f"  {state}: {f.waiver.reason} ({f.waiver.owner}, until {f.waiver.expires})")
    return "\n".join(lines)


def _failure(failing: list[Finding], rules: dict[str, RuleInfo], root: SourceRoot) -> Outcome:
    """An <error> when the file could not be read, else a <failure>: every finding in its body."""
    kind: Kind = "error" if any(f.rule_id in UNREADABLE_FILE for f in failing) else "failure"
    worst = max(failing, key=lambda f: f.severity.rank)
    message = failing[0].message
    if len(failing) > 1:
        message += f" (and {len(failing) - 1} more)"
    body = [_line(f, root) for f in failing]
    rule = rules.get(failing[0].rule_id)
    if rule is not None:
        body.append(f"Rule: {rule['id']} {rule['name']}: {rule['title']}")
        if rule["help_uri"]:
            body.append(f"Help: {rule['help_uri']}")
    return Outcome(kind, message, worst.severity, "\n".join(body) + "\n")


def _skipped(passing: list[Finding]) -> Outcome | None:
    """A <skipped> with the waivers' reasons, owners and expiries, when a waiver accepted a finding."""
    waivers = sorted(
        {(w.reason, w.owner, w.expires) for f in passing if (w := f.waiver) is not None and f.waived}
    )
    if not waivers:
        return None
    why = "; ".join(f"{reason} (owner {owner}, until {expires})" for reason, owner, expires in waivers)
    return Outcome("skipped", f"waived: {why}")


def _system_out(passing: list[Finding], result: RunResult, root: SourceRoot) -> str:
    if not passing:
        return ""
    why = "--fail-on never" if result.fail_on == "never" else f"below --fail-on {result.fail_on}"
    head = f"Findings that do not fail the run ({why}, waived or in the baseline):"
    return "\n".join([head, *(_line(f, root) for f in passing)]) + "\n"


def _testcase(
    group: _Group, classname: str, file: str | None, result: RunResult, rules: dict[str, RuleInfo]
) -> Case:
    """A rule's test case in one document: failing, skipped (all waived) or passing."""
    if not group.findings:
        return Case(group.name, classname, file=file)
    root = result.root or SourceRoot()
    failing = [f for f in group.findings if result.fails(f)]
    passing = [f for f in group.findings if not result.fails(f)]
    outcome = _failure(failing, rules, root) if failing else _skipped(passing)
    return Case(group.name, classname, outcome, _system_out(passing, result, root), file)


def _policy_suite(result: RunResult, root: SourceRoot, file_attr: bool) -> Suite:
    """One <error> test case per policy file with problems: nothing else was checked."""
    by_path: dict[str, list[str]] = {}
    for p in result.problems:
        where = root.repo_path(p.path)
        by_path.setdefault(where, []).append(f"{where}:{p.span.line}:{p.span.column}: {p.said()}")
    cases = []
    for path, lines in by_path.items():
        message = f"{len(lines)} problem(s) in {path}; nothing was checked"
        error = Outcome("error", message, "policy-error", "\n".join(lines) + "\n")
        cases.append(Case("policy file loads", classname(path), error, file=path if file_attr else None))
    return Suite("srm-check policy", cases)


class _Classnames:
    """Each file's class name, in order; when two paths make one name, the later is numbered (`_2`, ...).

    The names and their owners (each file's own path, as findings show it) are packed
    (`rules.functions.memory.Keys`: the text and a few array cells, about half a `str` and a
    dict slot): the run keeps its paths packed too, so a path string held here would be a
    copy of its own."""

    def __init__(self) -> None:
        self.names = Keys()
        self.owners = Keys()
        self.owner_of = array("i")  # by the name's number: its owner's number

    def __call__(self, path: str, owner: str) -> str:
        cls = base = classname(path)
        mine = self.owners.add(owner)
        n = 1
        while True:
            number = self.names.add(cls)
            if number == len(self.owner_of):
                self.owner_of.append(mine)
            if self.owner_of[number] == mine:
                return cls
            n += 1
            cls = f"{base}_{n}"


class Writer:
    """A <testsuite> per file as it finishes (spooled: the document starts with the totals)."""

    def __init__(self, head: RunResult, options: FormatOptions, out: Sink) -> None:
        self.out = out
        self.head = head
        self.root = head.root or SourceRoot()
        self.attr = options.junit_file_attribute
        self.rules = {r["id"]: r for r in head.rules}
        self.bases = {r["id"]: f"{r['id']} {r['name']}" for r in head.rules}
        self.classnames = _Classnames()
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.totals: dict[str, int] = {}
        self.suites = 0
        if head.problems:
            self._add(_policy_suite(head, self.root, self.attr))

    def _add(self, suite: Suite) -> None:
        text, counts = suite_text(suite)
        add_counts(self.totals, counts)
        self.spool.write(f"\n  {text}")
        self.suites += 1

    def file(self, result: FileResult) -> None:
        path = self.root.repo_path(result.path)
        cls = self.classnames(path, result.path)
        attr = path if self.attr else None
        groups = _groups(result, self.head.rules, self.bases)
        self._add(Suite(path, [_testcase(g, cls, attr, self.head, self.rules) for g in groups], path))

    def finish(self, run: RunResult) -> None:
        out = self.out
        if not self.suites:
            out.write(opening("srm-check", self.totals, empty=True) + "\n")
        else:
            out.write(opening("srm-check", self.totals))
            self.spool.seek(0)
            while chunk := self.spool.read(1 << 16):
                out.write(chunk)
            out.write(CLOSING)
        self.spool.close()


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The run as one JUnit XML document; `junit_file_attribute` adds GitLab's `file` to test cases."""
    return rendered(Writer, result, options)
