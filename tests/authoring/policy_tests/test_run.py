"""authoring/policy_tests (run, coverage): inline agreements as documents, diffs, and coverage."""

from __future__ import annotations

from pathlib import Path

from srm_check.authoring.policy_tests import (
    Expectation,
    PolicyCase,
    compare,
    coverage,
    describe_finding,
    inline_document,
)
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.source.reader import parse_source

TEST_FILE = """tests:
  - name: x
    agreement:
      agreement: a
      assignments:
        use-hub: community
        use-hub: 2i2c
    strict: true
"""


def _case(expect: list[Expectation], silent: list[str], strict: bool = False) -> PolicyCase:
    (doc,) = parse_source("tests: []\n", "t.yaml").documents
    return PolicyCase(Path("t.yaml"), "t.yaml", 0, "x", "", Span(2, 5, 2, 6), [], expect, silent, strict, doc)


def _finding(rule: str, line: int, pointer: str = "/a") -> Finding:
    return Finding(rule, Severity.error, f"{rule} found", "a.yaml", Span(line, 3, line, 4), pointer)


def test_an_inline_agreement_is_re_rooted_but_keeps_the_test_file_s_lines() -> None:
    (doc,) = parse_source(TEST_FILE, "t.yaml").documents
    inner = inline_document(doc, "/tests/0/agreement")
    assert inner.value == {"agreement": "a", "assignments": {"use-hub": "community"}}
    assert inner.index == 0
    assert inner.span("/assignments/use-hub").line == 6
    assert inner.key_spans["/agreement"].line == 4 and "" not in inner.key_spans
    (duplicate,) = inner.duplicates
    assert (duplicate.mapping_pointer, duplicate.key, duplicate.duplicate.line) == (
        "/assignments",
        "use-hub",
        7,
    )
    inner.value["agreement"] = "changed"  # a copy: the test file's data stays as read
    assert doc.value["tests"][0]["agreement"]["agreement"] == "a"


def test_findings_and_expectations_are_described_for_the_diff() -> None:
    assert describe_finding(_finding("SRM101", 6, "")) == "SRM101 a.yaml:6:3 at /: SRM101 found"
    full = Expectation("SRM101", Span(1, 1, 1, 2), "/x", 6, 3, "held", "f.yaml")
    assert full.describe() == "SRM101 in f.yaml line 6 column 3 at /x message containing 'held'"
    assert Expectation("SRM101", Span(1, 1, 1, 2), column=4).describe() == "SRM101 column 4"


def test_compare_watches_only_the_named_rules_unless_strict() -> None:
    found = [_finding("SRM101", 6), _finding("SRM201", 7), _finding("SRM401", 8)]
    case = _case([Expectation("SRM101", Span(1, 1, 1, 2), line=6)], ["SRM201"])
    diff = compare(case, found)
    assert [d.mark for d in diff] == [" ", "+"]
    assert diff[1].text == "SRM201 a.yaml:7:3 at /a: SRM201 found (must stay silent)"
    strict = _case([Expectation("SRM101", Span(1, 1, 1, 2), line=7)], [], strict=True)
    assert [(d.mark, d.text.split()[0]) for d in compare(strict, found)] == [
        ("-", "SRM101"),
        ("+", "SRM101"),
        ("+", "SRM201"),
        ("+", "SRM401"),
    ]


def test_coverage_counts_cases_showing_each_rule_failing_and_passing() -> None:
    cases = [
        _case([Expectation("SRM101", Span(1, 1, 1, 2))], ["SRM201"]),
        _case([Expectation("SRM101", Span(1, 1, 1, 2))], []),
    ]
    items = {c.rule_id: c for c in coverage(cases, ["SRM101", "SRM201", "SRM401"])}
    assert (items["SRM101"].failing, items["SRM101"].passing, items["SRM101"].missing) == (2, 0, ["passing"])
    assert (items["SRM201"].failing, items["SRM201"].passing, items["SRM201"].missing) == (0, 1, ["failing"])
    assert items["SRM401"].missing == ["failing", "passing"]


def test_an_expected_severity_must_match() -> None:
    """For overrides: a case can say at which severity a rule finds something on its catalogue."""
    warning = Expectation("SRM201", Span(1, 1, 1, 2), line=6, severity="warning")
    assert warning.describe() == "SRM201 line 6 as warning"
    found = _finding("SRM201", 6)
    assert found.severity == "error"
    assert not warning.matches(found)
    assert warning.matches(found._replace(severity=Severity.warning))
    assert Expectation("SRM201", Span(1, 1, 1, 2), line=6).matches(found)
