"""Reports over many agreements stay readable: identical columns grouped, tables split.

The rule, stated in every report: agreements with identical assignments share one
matrix column (a group, listed under the table); at most 8 columns per table, further
tables repeat the responsibility and default columns.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli
from ruamel.yaml import YAML

from srm_check.report.model import MAX_COLUMNS

CATALOGUE = ROOT / "policies" / "catalogues" / "2i2c-srm-2022.yaml"
PATTERNS = 25


def _responsibilities() -> list[dict[str, Any]]:
    data: dict[str, Any] = YAML(typ="safe").load(CATALOGUE.read_text("utf-8"))
    return list(data["responsibilities"])


def _agreement(number: int, pattern: int, responsibilities: list[dict[str, Any]]) -> str:
    """Agreement `number` following assignment pattern `pattern` (0: all defaults).

    Patterns 1-20 move responsibility #pattern to the other party; 21-24 move #1-#4 to
    2i2c's cloud-engineering team, so that they differ from patterns 1-4 by the team.
    """
    lines = [
        f"agreement: generated-{number:03d}",
        f"community: Generated Community {number}",
        "catalogue: 2i2c-srm@2022",
        "effective: 2026-01-01",
        "assignments:",
    ]
    moved = (pattern - 1) % 20 if pattern else None
    for index, resp in enumerate(responsibilities):
        default = resp["default_party"]
        if index != moved:
            lines.append(f"  {resp['id']}: {default}")
            continue
        other = "2i2c" if default == "community" else "community"
        lines.append(f"  {resp['id']}:")
        lines.append(f"    party: {other}")
        if pattern > 20:
            lines.append("    team: cloud-engineering")
        lines.append(
            f"    cost_note: {{text: Pattern {pattern}., amount: {pattern}, currency: USD, period: month}}"
        )
    return "\n".join(lines) + "\n"


def _generate(folder: Path, count: int, patterns: int) -> None:
    responsibilities = _responsibilities()
    folder.mkdir()
    for number in range(count):
        (folder / f"a{number:03d}.yaml").write_text(
            _agreement(number, number % patterns, responsibilities), "utf-8"
        )


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    _generate(tmp_path / "agreements", 300, PATTERNS)
    return tmp_path


def test_three_hundred_agreements_are_grouped_and_split(many: Path) -> None:
    started = time.perf_counter()
    run = run_cli(["report", "agreements", "-o", "report.json"])
    elapsed = time.perf_counter() - started
    assert run.exit_code == 0, run.stderr
    assert elapsed < 30, f"a 300-agreement report took {elapsed:.1f} s"
    data = json.loads((many / "report.json").read_text("utf-8"))
    assert data["summary"]["agreements"] == 300
    (matrix,) = data["matrices"]
    columns = matrix["columns"]
    assert len(columns) == PATTERNS
    assert all(len(c["agreement_indexes"]) == 300 // PATTERNS for c in columns)
    assert [c["group"] for c in columns] == list(range(1, PATTERNS + 1))
    assert sorted(i for c in columns for i in c["agreement_indexes"]) == list(range(300))
    # Each group holds the agreements with that pattern, and only them.
    for column in columns:
        patterns = {int(re.sub(r"\D", "", label)) % PATTERNS for label in column["agreements"]}
        assert len(patterns) == 1
    assert matrix["tables"] == [list(range(0, 8)), list(range(8, 16)), list(range(16, 24)), [24]]
    assert matrix["layout"]["max_columns"] == MAX_COLUMNS == 8
    assert matrix["layout"]["rule"].startswith("One column per distinct set of assignments")
    assert len(data["deviations"]) == 300 - 300 // PATTERNS


def test_markdown_and_html_of_many_agreements_follow_the_stated_layout(many: Path) -> None:
    run_cli(["report", "agreements", "-o", "report.md"])
    markdown = (many / "report.md").read_text("utf-8")
    assert "Layout: One column per distinct set of assignments" in markdown
    captions = re.findall(
        r"^\*\*2i2c-srm@2022, table (\d) of (\d)\*\* \(columns (\d+)-(\d+) of 25\)$", markdown, flags=re.M
    )
    assert captions == [
        ("1", "4", "1", "8"),
        ("2", "4", "9", "16"),
        ("3", "4", "17", "24"),
        ("4", "4", "25", "25"),
    ]
    headers = [
        line
        for line in markdown.splitlines()
        if line.startswith("| # | Responsibility | Default |") and "On default" not in line
    ]
    assert [line.count(" | ") + 1 for line in headers] == [11, 11, 11, 4]
    group_lines = [line for line in markdown.splitlines() if line.startswith("- Group ")]
    assert len(group_lines) == PATTERNS
    assert all(line.count("generated-") == 12 for line in group_lines)

    run_cli(["report", "agreements", "-o", "report.html"])
    html = (many / "report.html").read_text("utf-8")
    assert html.count('<table class="matrix"') == 4
    assert html.count('<li id="matrix-1-group-') == PATTERNS
    # Every header row of a matrix table repeats the responsibility columns.
    assert html.count('<th scope="col">Responsibility</th>') >= 4


def test_distinct_agreements_are_split_into_tables_of_eight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _generate(tmp_path / "agreements", 20, 21)  # patterns 0-19 plus 20: all different
    run = run_cli(["report", "agreements", "-f", "json"])
    data = json.loads(run.stdout)
    (matrix,) = data["matrices"]
    assert [c["group"] for c in matrix["columns"]] == [None] * 20
    assert [c["label"] for c in matrix["columns"]] == [f"generated-{n:03d}" for n in range(20)]
    assert [len(t) for t in matrix["tables"]] == [8, 8, 4]


def test_worker_processes_give_the_same_report(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("srm_check.pipeline.sizing.usable_cpus", lambda: 2)  # a pool on any machine
    one = run_cli(["report", "agreements", "-f", "json", "--jobs", "1"])
    two = run_cli(["report", "agreements", "-f", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
