"""`--format summary`: the Markdown job summary (`--report summary=$GITHUB_STEP_SUMMARY`).

The summary is rendered with a CommonMark parser (tables on, as on GitHub) to check what a
reader sees: the tables, and agreement text that stays text. The golden file
tests/golden/failing.summary.md is regenerated with
`UPDATE_GOLDEN=1 python -m pytest tests/test_summary_format.py`; review the diff.
"""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import GOLDEN, OUTPUTS, ROOT, run_cli
from markdown_it import MarkdownIt

from srm_check.core.finding import Finding, WaiverRef
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.formats import summary
from srm_check.pipeline.results import FileResult, RunResult

GOLDEN_SUMMARY = GOLDEN / "failing.summary.md"
PRECOMMIT = ROOT / "tests" / "fixtures" / "precommit"
WAIVERS = ROOT / "tests" / "fixtures" / "waivers" / "project"


class Tables(HTMLParser):
    """The text of every table cell, row by row, of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rendered(markdown: str) -> Tables:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    tables = Tables()
    tables.feed(html)
    return tables


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_golden_failing_summary() -> None:
    run = run_cli(["check", "--format", "summary", f"{OUTPUTS}/failing"])
    assert run.exit_code == 1
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_SUMMARY.write_text(run.stdout, encoding="utf-8")
    assert GOLDEN_SUMMARY.is_file(), (
        f"{GOLDEN_SUMMARY} missing: run UPDATE_GOLDEN=1 python -m pytest {__file__}"
    )
    assert run.stdout == GOLDEN_SUMMARY.read_text("utf-8")


def test_per_agreement_and_per_rule_tables() -> None:
    text = run_cli(["check", "--format", "summary", f"{OUTPUTS}/failing"]).stdout
    assert text.startswith("## srm-check: failed\n")
    assert "2 files checked (3 agreements): 5 errors, 1 warning, 1 note in 2 files." in text
    agreements, rules, findings = rendered(text).tables
    assert agreements[0] == ["Agreement", "File", "Errors", "Warnings", "Notes", "Rules"]
    assert agreements[1:] == [
        [
            "lakeside-library",
            f"{OUTPUTS}/failing/cost-notes.yaml",
            "1",
            "1",
            "1",
            "SRM201, SRM202, SRM401",
        ],
        [
            "hill-observatory",
            f"{OUTPUTS}/failing/two-agreements.yaml",
            "4",
            "0",
            "0",
            "SRM101, SRM102, SRM104, SRM106",
        ],
    ]
    assert rules[0] == ["Rule", "Name", "Severity", "Findings", "Agreements"]
    assert [r[0] for r in rules[1:]] == ["SRM101", "SRM102", "SRM104", "SRM106", "SRM201", "SRM202", "SRM401"]
    assert rules[-1] == ["SRM401", "technical-order", "note", "1", "1"]
    assert len(findings) == 1 + 7
    assert findings[1][:3] == [f"{OUTPUTS}/failing/cost-notes.yaml:11:16", "warning", "SRM202"]


def test_clean_run_has_no_tables() -> None:
    text = run_cli(["check", "--format", "summary", f"{OUTPUTS}/clean"]).stdout
    assert text == (
        "## srm-check: passed\n\n1 file checked (1 agreement): no findings. Fail-on: error; exit code 0.\n"
    )


def test_report_file_matches_stdout_and_is_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "step-summary.md"
    run = run_cli(["check", "--report", f"summary={out}", f"{OUTPUTS}/failing"])
    assert run.exit_code == 1
    alone = run_cli(["check", "--format", "summary", f"{OUTPUTS}/failing"]).stdout
    assert out.read_text("utf-8") == alone
    assert run_cli(["check", "--format", "summary", f"{OUTPUTS}/failing"]).stdout == alone


def test_policy_error_is_summarised(tmp_path: Path) -> None:
    out = tmp_path / "step-summary.md"
    policy = ["--policy", "policies", "--policy", f"{OUTPUTS}/broken-policy"]
    run = run_cli(["check", *policy, "--report", f"summary={out}", f"{OUTPUTS}/clean"])
    assert run.exit_code == 2
    text = out.read_text("utf-8")
    assert text.startswith("## srm-check: policy error\n")
    assert "The policy has 2 problems; nothing was checked (exit code 2)." in text
    [table] = rendered(text).tables
    assert table[1][0] == f"{OUTPUTS}/broken-policy/rules/broken.yaml:14:14"


def test_waived_findings_are_listed_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(WAIVERS, project)
    agreement = project / "agreements" / "pilot.yaml"
    agreement.write_text(agreement.read_text().replace("guide-2i2c: community", "guide-2i2c: 2i2c"))
    monkeypatch.chdir(project)
    run = run_cli(["check", "--today", "2026-06-01", "--format", "summary"])
    assert run.exit_code == 0
    assert "## srm-check: passed" in run.stdout and "; 1 waived." in run.stdout
    waived = rendered(run.stdout).tables[-1]
    assert waived[0] == ["Location", "Rule", "Agreement", "Waiver"]
    assert waived[1][1:3] == ["SRM201", "pilot-community"]
    assert waived[1][3].startswith("waivers.yaml:3 until 2026-06-30 (owner finance@pilot.example, FIN-42): ")
    # The waived SRM201 is not among the findings that count.
    per_rule = rendered(run.stdout).tables[1]
    assert "SRM201" not in [row[0] for row in per_rule]


def test_agreement_text_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = (
        "<script>x</script> | *bold* _it_ `code` [a](http://e.invalid) ~~s~~ $1 to $2 \\ &amp; new\nline"
    )
    good = (PRECOMMIT / "good.yaml").read_text("utf-8")
    quoted = hostile.replace("\\", "\\\\").replace("\n", "\\n")
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "a.yaml").write_text(
        good.replace("use-hub: community", f'use-hub: "{quoted}"')
    )
    monkeypatch.chdir(tmp_path)
    text = run_cli(["check", "--format", "summary"]).stdout
    parsed = rendered(text)
    assert not {"script", "em", "strong", "code", "a", "s", "del"} & set(parsed.tags)
    [message] = [row[3] for row in parsed.tables[-1][1:] if row[2] == "SRM104"]
    # Every cell of every row stayed in its column, and the text reads as written.
    assert all(len(row) == len(table[0]) for table in parsed.tables for row in table)
    assert message.startswith(f"'{hostile.split(chr(10))[0]}")
    assert "new line' is not a party" in message  # the line break read as a space, not a new row


def _many(count: int) -> RunResult:
    files = [
        FileResult(
            f"agreements/a{n:05}.yaml",
            [
                Finding(
                    "SRM201",
                    Severity.error,
                    "m " * 40,
                    f"agreements/a{n:05}.yaml",
                    Span(9, 3, 9, 20),
                    "/p",
                    f"a{n:05}",
                )
            ],
        )
        for n in range(count)
    ]
    return RunResult(files, [{"id": "SRM201", "name": "deviation-cost-note"}])  # type: ignore[list-item]


def test_long_tables_are_cut_and_say_so() -> None:
    text = summary.render(_many(summary.MAX_AGREEMENT_ROWS + 7))
    agreements, _, findings = rendered(text).tables
    assert len(agreements) == 1 + summary.MAX_AGREEMENT_ROWS
    assert len(findings) == 1 + summary.MAX_FINDING_ROWS
    assert "… and 7 agreements more (the SARIF and JUnit reports list every one)." in text
    assert "… and 7 findings more" in text
    assert "<summary>All findings (207)</summary>" in text


def test_summary_stays_far_below_githubs_limit() -> None:
    text = summary.render(_many(20_000))
    assert len(text.encode("utf-8")) < 256 * 1024  # GitHub takes up to 1 MiB per step


def test_waivers_file_findings_have_their_own_row() -> None:
    waiver = WaiverRef("waivers.yaml", 3, "r", "o", "2026-06-30")
    about = Finding("SRM022", Severity.warning, "unused", "waivers.yaml", Span(3, 5, 3, 9))
    waived = Finding(
        "SRM201", Severity.error, "m", "agreements/a.yaml", Span(1, 1, 1, 2), agreement="a", waiver=waiver
    )
    result = RunResult(
        [
            FileResult("agreements/a.yaml", [waived], documents=1),
            FileResult("waivers.yaml", [about], kind="waivers"),
        ],
        [],
    )
    text = summary.render(result)
    # The waivers file is read, not checked: it is not counted as a checked file.
    assert "1 file checked (1 agreement): 1 warning in the waivers file; 1 waived." in text
    rows = rendered(text).tables[0][1:]
    assert rows == [["(waivers file)", "waivers.yaml", "0", "1", "0", "SRM022"]]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a|b", "a\\|b"),
        ("<b>", "\\<b\\>"),
        ("x\r\ny\rz\nw", "x\\\\r y\\\\rz w"),  # a line feed reads as a space; CR shows escaped
        ("$5 & *x*", "\\$5 \\& \\*x\\*"),
        ("plain 'text' (#3), ok.", "plain 'text' (#3), ok."),
    ],
)
def test_cell_escaping(text: str, cell: str) -> None:
    assert summary.cell(text) == cell
