"""JUnit XML documents, as CI systems read them (Jenkins junit and xUnit, GitLab, many others).

Callers describe suites of test cases as plain data; this module alone writes the XML, so
that every JUnit output of srm-check (`check --format junit`, `test --format junit`) has
the same shape: valid against the Jenkins xUnit JUnit schema, counts computed from the
test cases, no timestamps, and the same bytes for the same input.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Literal, NamedTuple

# Test durations would make the output differ from run to run; every time is reported as 0.
TIME = "0.000"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters that XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# UTF-8 bytes that start every such character: C0 controls but tab and line breaks, 0xED
# (surrogates, and some Hangul) and 0xEF (U+FFFE, U+FFFF, and other characters of U+F000
# to U+FFFF). Text without any is clean; looking for them is several times faster than the
# regular expression, which matters for a JUnit document of many megabytes.
_SUSPECT = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xED, 0xEF])
_NOT_SUSPECT = bytes(b for b in range(256) if b not in _SUSPECT)

Kind = Literal["failure", "error", "skipped"]


def clean(text: str) -> str:
    """Text that XML 1.0 can hold: other characters are written as \\xNN or \\uNNNN."""

    if not text.encode("utf-8", "surrogatepass").translate(None, _NOT_SUSPECT):
        return text

    def one(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(one, text)


class Outcome(NamedTuple):
    """Why a test case did not simply pass: a <failure>, an <error> or a <skipped>."""

    kind: Kind
    message: str
    type: str = ""  # the element's `type` attribute; empty leaves it out
    text: str = ""  # the element's body


class Case(NamedTuple):
    """One <testcase>; no outcome means it passed. `system_out` shows whatever else it noted."""

    name: str
    classname: str
    outcome: Outcome | None = None
    system_out: str = ""
    file: str | None = None  # GitLab links it; the Jenkins xUnit schema does not allow it


class Suite(NamedTuple):
    """One <testsuite>; its counts come from its cases."""

    name: str
    cases: Sequence[Case]
    file: str | None = None


def _counts(cases: Sequence[Case]) -> dict[str, str]:
    kinds = [c.outcome.kind for c in cases if c.outcome is not None]
    return {
        "tests": str(len(cases)),
        "failures": str(kinds.count("failure")),
        "errors": str(kinds.count("error")),
        "skipped": str(kinds.count("skipped")),
    }


def _case(parent: ET.Element, case: Case, timed: bool) -> None:
    attrs = {"name": case.name, "classname": case.classname}
    if timed:
        attrs["time"] = TIME
    if case.file is not None:
        attrs["file"] = case.file
    element = ET.SubElement(parent, "testcase", attrs)
    outcome = case.outcome
    if outcome is not None:
        detail = {"type": outcome.type} if outcome.type else {}
        child = ET.SubElement(element, outcome.kind, {**detail, "message": outcome.message})
        child.text = outcome.text or None
    if case.system_out:
        ET.SubElement(element, "system-out").text = case.system_out


def _suite(parent: ET.Element, suite: Suite, timed: bool) -> dict[str, str]:
    """Add the <testsuite>; returns its counts."""
    counts = _counts(suite.cases)
    attrs = {"name": suite.name, **counts}
    if timed:
        attrs["time"] = TIME
    if suite.file is not None:
        attrs["file"] = suite.file
    element = ET.SubElement(parent, "testsuite", attrs)
    for case in suite.cases:
        _case(element, case, timed)
    return counts


def suite_text(suite: Suite, *, timed: bool = True) -> tuple[str, dict[str, str]]:
    """One <testsuite> as it stands in a document (indented one level, cleaned), and its counts:
    documents are written suite by suite, so that one of 100,000 files never sits in memory."""
    holder = ET.Element("testsuites")
    counts = _suite(holder, suite, timed)
    element = holder[0]
    ET.indent(element, space="  ", level=1)
    return clean(ET.tostring(element, encoding="unicode")), counts


def opening(name: str, totals: dict[str, int], *, timed: bool = True, empty: bool = False) -> str:
    """The XML declaration and the <testsuites> start tag with the totals (the whole element,
    when there are no suites)."""
    top = ET.Element("testsuites", {"name": name})
    # The Jenkins xUnit schema has no `skipped` on <testsuites>; each <testsuite> carries it.
    for key in ("tests", "failures", "errors"):
        top.set(key, str(totals.get(key, 0)))
    if timed:
        top.set("time", TIME)
    tag = clean(ET.tostring(top, encoding="unicode"))  # `<testsuites ... />`
    return HEADER + (tag if empty else tag[: -len(" />")] + ">")


CLOSING = "\n</testsuites>\n"


def add_counts(totals: dict[str, int], counts: dict[str, str]) -> None:
    for key in ("tests", "failures", "errors"):
        totals[key] = totals.get(key, 0) + int(counts[key])


def document(name: str, suites: Sequence[Suite], *, timed: bool = True) -> str:
    """The whole JUnit XML document. `timed` writes time="0.000" on suites and cases (Jenkins
    shows durations; without it the attribute is left out). ElementTree escapes only markup
    characters (& < > " and, in attributes, tab and line breaks), none of which `clean`
    changes: cleaning each piece's text equals cleaning every attribute and body."""
    totals: dict[str, int] = {}
    texts = []
    for suite in suites:
        text, counts = suite_text(suite, timed=timed)
        add_counts(totals, counts)
        texts.append(text)
    if not texts:
        return opening(name, totals, timed=timed, empty=True) + "\n"
    return opening(name, totals, timed=timed) + "".join(f"\n  {text}" for text in texts) + CLOSING
