"""formats/junit_xml.py: the one JUnit XML writer, for `check` and `test` alike."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import shared_file

from srm_check.formats.junit_xml import Case, Outcome, Suite, clean, document

SUITES = [
    Suite(
        "a.yaml",
        [
            Case("passes", "a"),
            Case("fails", "a", Outcome("failure", "it broke", "error", "a.yaml:1:1: it broke\n")),
            Case("errs", "a", Outcome("error", "unreadable", "error")),
            Case("waived", "a", Outcome("skipped", "waived: why"), system_out="noted\n"),
        ],
        file="a.yaml",
    ),
    Suite("coverage", [Case("R1", "coverage", Outcome("skipped", "R1 has no passing case", "coverage"))]),
]

EXPECTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="run" tests="5" failures="1" errors="1" time="0.000">
  <testsuite name="a.yaml" tests="4" failures="1" errors="1" skipped="1" time="0.000" file="a.yaml">
    <testcase name="passes" classname="a" time="0.000" />
    <testcase name="fails" classname="a" time="0.000">
      <failure type="error" message="it broke">a.yaml:1:1: it broke
</failure>
    </testcase>
    <testcase name="errs" classname="a" time="0.000">
      <error type="error" message="unreadable" />
    </testcase>
    <testcase name="waived" classname="a" time="0.000">
      <skipped message="waived: why" />
      <system-out>noted
</system-out>
    </testcase>
  </testsuite>
  <testsuite name="coverage" tests="1" failures="0" errors="0" skipped="1" time="0.000">
    <testcase name="R1" classname="coverage" time="0.000">
      <skipped type="coverage" message="R1 has no passing case" />
    </testcase>
  </testsuite>
</testsuites>
"""


def test_the_document_byte_for_byte() -> None:
    assert document("run", SUITES) == EXPECTED
    assert document("run", SUITES) == document("run", list(SUITES))


def test_untimed_documents_have_no_time_attribute() -> None:
    text = document("run", SUITES, timed=False)
    assert "time=" not in text
    assert text == EXPECTED.replace(' time="0.000"', "")


def test_counts_come_from_the_cases() -> None:
    root = ET.fromstring(document("run", SUITES))
    first, second = root.findall("testsuite")
    assert [first.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["4", "1", "1", "1"]
    assert [second.get(k) for k in ("tests", "failures", "errors", "skipped")] == ["1", "0", "0", "1"]
    # The Jenkins xUnit schema has no `skipped` on <testsuites>.
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "5",
        "1",
        "1",
        None,
    )


def test_an_empty_document() -> None:
    root = ET.fromstring(document("nothing", []))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("0", "0", "0")
    assert list(root) == []


def test_file_attributes_only_where_given() -> None:
    suites = [Suite("s", [Case("c", "k", file="agreements/a.yaml"), Case("d", "k")])]
    root = ET.fromstring(document("run", suites))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("file") is None
    assert [c.get("file") for c in root.iter("testcase")] == ["agreements/a.yaml", None]


def test_markup_is_escaped() -> None:
    message = 'a <b> & "c"\nnext line'
    suites = [Suite("s&<", [Case("c", "k", Outcome("failure", message, text="<x>&\n"))])]
    root = ET.fromstring(document("run", suites))
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == message
    assert failure.text == "<x>&\n"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "s&<"


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("plain text, tab\there, new line\n, return\r", "plain text, tab\there, new line\n, return\r"),
        ("nul\x00 bell\x07 esc\x1b", "nul\\x00 bell\\x07 esc\\x1b"),
        ("nonchars \ufffe \uffff", "nonchars \\ufffe \\uffff"),
        ("lone surrogate \ud800", "lone surrogate \\ud800"),
        # Characters whose UTF-8 starts like a suspect one, but that XML carries.
        ("é 한 \ud7a3 \ufeff \ufffd \U0001f600", "é 한 \ud7a3 \ufeff \ufffd \U0001f600"),
        ("", ""),
    ],
)
def test_clean_keeps_what_xml_carries_and_writes_the_rest_as_escapes(text: str, cleaned: str) -> None:
    assert clean(text) == cleaned
    assert clean(cleaned) == cleaned


def test_every_text_of_the_document_is_cleaned() -> None:
    bad = "x\x01y\ufffe"
    suites = [
        Suite(
            bad,
            [Case(bad, bad, Outcome("failure", bad, bad, bad), system_out=bad, file=bad)],
            file=bad,
        )
    ]
    text = document(bad, suites)
    assert "\x01" not in text and "\ufffe" not in text
    root = ET.fromstring(text.encode("utf-8"))
    want = "x\\x01y\\ufffe"
    case = root.find(".//testcase")
    failure = root.find(".//failure")
    out = root.find(".//system-out")
    assert case is not None and failure is not None and out is not None
    assert root.get("name") == want
    assert {case.get("name"), case.get("classname"), case.get("file")} == {want}
    assert {failure.get("type"), failure.get("message"), failure.text, out.text} == {want}


def test_valid_against_the_jenkins_xunit_schema() -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(shared_file("formats/jenkins-xunit-junit-10.xsd")))
    schema.validate(document("run", SUITES))
    schema.validate(document("run", SUITES, timed=False))
    # A test case's `file` (GitLab's) is outside the schema: callers ask for it knowingly.
    with_file = [Suite("s", [Case("c", "k", file="a.yaml")])]
    assert not schema.is_valid(document("run", with_file))
