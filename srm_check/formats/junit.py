"""JUnit XML for CI test reports: Jenkins (junit, xUnit), GitLab, and the many tools that read it.

One <testsuite> per agreement file and one <testcase> per rule and agreement, passing
ones included, so a clean run shows what was checked. A rule's findings in one
agreement make one failing test case (all of them in its body); files that could not
be read are <error> test cases; a test case whose findings are all waived is <skipped>,
with the waiver's reason, owner and expiry; other findings that do not fail the run
(below --fail-on, or already in the baseline) leave the test case passing and are listed
in its <system-out>. Valid against the Jenkins xUnit JUnit schema; see the README (SARIF and JUnit).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

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
from srm_check.formats import DEFAULT_OPTIONS, FormatOptions
from srm_check.pipeline.fingerprints import SourceRoot
from srm_check.pipeline.results import FileResult, RunResult

# Test durations would make the output differ from run to run; every time is reported as 0.
TIME = "0.000"
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
# Characters that XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text that XML 1.0 can hold: other characters are written as \\xNN or \\uNNNN."""

    def one(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(one, text)


def classname(path: str) -> str:
    """A Java-like class name for a file: folders become packages, the YAML suffix goes.

    `agreements/riverbend.yaml` -> `agreements.riverbend`. Other dots turn into `_`, since
    Jenkins reads the text before the last dot as a package name.
    """
    pure = PurePosixPath(path)
    if pure.suffix in _SUFFIXES:
        pure = pure.with_suffix("")
    parts = [p.replace(".", "_") for p in pure.parts if p not in ("/", "")]
    return ".".join(parts) or "_"


@dataclass(slots=True)
class _Case:
    name: str  # already safe for XML
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


def _cases(file: FileResult, rules: list[RuleInfo], bases: dict[str, str]) -> list[_Case]:
    """The file's test cases: every rule for every document read, then the remaining findings.

    `bases` caches each rule's `RULEID rule-name`, made safe for XML, across files.
    """
    labels = _labels(file)
    many = len(labels) > 1
    suffixes = [clean(f" [{label}]") for label in labels] if many else [""] * len(labels)

    def name(rule_id: str, document: int) -> str:
        base = bases.get(rule_id)
        if base is None:
            base = bases[rule_id] = clean(rule_id)
        return base + suffixes[document]

    cases: dict[tuple[int, str], _Case] = {}
    per_agreement = [r["id"] for r in rules if r["id"] not in NOT_PER_AGREEMENT]
    for doc in range(file.documents):
        for rule_id in per_agreement:
            cases[(doc, rule_id)] = _Case(name(rule_id, doc))
    for f in file.findings:
        key = (f.document, f.rule_id)
        if key not in cases:
            cases[key] = _Case(name(f.rule_id, f.document))
        cases[key].findings.append(f)
    return list(cases.values())


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


def _testcase(
    case: _Case, attrs: dict[str, str], result: RunResult, rules: dict[str, RuleInfo]
) -> tuple[ET.Element, str]:
    """The <testcase> element and its outcome: "pass", "failure", "error" or "skipped"."""
    element = ET.Element("testcase", {"name": case.name, **attrs})
    if not case.findings:
        return element, "pass"
    root = result.root or SourceRoot()
    failing = [f for f in case.findings if result.fails(f)]
    passing = [f for f in case.findings if not result.fails(f)]
    outcome = "pass"
    if failing:
        outcome = "error" if any(f.rule_id in UNREADABLE_FILE for f in failing) else "failure"
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
        child = ET.SubElement(element, outcome, {"type": worst.severity, "message": clean(message)})
        child.text = clean("\n".join(body) + "\n")
    elif any(f.waived for f in passing):
        outcome = "skipped"
        waivers = sorted(
            {(w.reason, w.owner, w.expires) for f in passing if (w := f.waiver) is not None and f.waived}
        )
        why = "; ".join(f"{reason} (owner {owner}, until {expires})" for reason, owner, expires in waivers)
        ET.SubElement(element, "skipped", {"message": clean(f"waived: {why}")})
    if passing:
        out = ET.SubElement(element, "system-out")
        head = (
            f"Findings that do not fail the run (below --fail-on {result.fail_on}, "
            "waived or in the baseline):"
        )
        out.text = clean("\n".join([head, *(_line(f, root) for f in passing)]) + "\n")
    return element, outcome


def _suite(name: str, cases: list[tuple[ET.Element, str]], path: str | None) -> ET.Element:
    failures = sum(1 for _, o in cases if o == "failure")
    errors = sum(1 for _, o in cases if o == "error")
    skipped = sum(1 for _, o in cases if o == "skipped")
    attrs = {
        "name": clean(name),
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": str(skipped),
        "time": TIME,
    }
    if path is not None:
        attrs["file"] = clean(path)
    suite = ET.Element("testsuite", attrs)
    suite.extend(element for element, _ in cases)
    return suite


def _policy_suite(result: RunResult, root: SourceRoot, file_attr: bool) -> ET.Element:
    """One <error> test case per policy file with problems: nothing else was checked."""
    by_path: dict[str, list[str]] = {}
    for p in result.problems:
        where = root.repo_path(p.path)
        by_path.setdefault(where, []).append(f"{where}:{p.span.line}:{p.span.column}: {p.message}")
    cases = []
    for path, lines in by_path.items():
        attrs = {"name": "policy file loads", "classname": clean(classname(path)), "time": TIME}
        if file_attr:
            attrs["file"] = clean(path)
        case = ET.Element("testcase", attrs)
        message = f"{len(lines)} problem(s) in {path}; nothing was checked"
        error = ET.SubElement(case, "error", {"type": "policy-error", "message": clean(message)})
        error.text = clean("\n".join(lines) + "\n")
        cases.append((case, "error"))
    return _suite("srm-check policy", cases, None)


def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
    """The run as one JUnit XML document; `junit_file_attribute` adds GitLab's `file` to test cases."""
    file_attribute = options.junit_file_attribute
    root = result.root or SourceRoot()
    rules = {r["id"]: r for r in result.rules}
    bases = {r["id"]: clean(f"{r['id']} {r['name']}") for r in result.rules}
    suites: list[ET.Element] = []
    if result.problems:
        suites.append(_policy_suite(result, root, file_attribute))
    used: dict[str, str] = {}
    for file in result.files:
        path = root.repo_path(file.path)
        cls = base = classname(path)
        n = 1
        while used.get(cls, path) != path:  # two paths, one class name: number the later one
            n += 1
            cls = f"{base}_{n}"
        used[cls] = path
        attrs = {"classname": clean(cls), "time": TIME}
        if file_attribute:
            attrs["file"] = clean(path)
        cases = [_testcase(case, attrs, result, rules) for case in _cases(file, result.rules, bases)]
        suites.append(_suite(path, cases, path))
    # The Jenkins xUnit schema has no `skipped` on <testsuites>; each <testsuite> carries it.
    total = {key: sum(int(s.get(key, "0")) for s in suites) for key in ("tests", "failures", "errors")}
    top = ET.Element(
        "testsuites",
        {"name": "srm-check", **{k: str(v) for k, v in total.items()}, "time": TIME},
    )
    top.extend(suites)
    ET.indent(top, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="unicode") + "\n"
