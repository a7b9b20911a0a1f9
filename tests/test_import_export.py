"""`srm-check import` and `export`: RACI charts in CSV and XLSX (built here, in both layouts),
export -> import round trips of the shipped examples, and hostile spreadsheets."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, run_cli

from srm_check.rules.agreement import read_agreement
from srm_check.source.reader import load_file

CLOUD_RACI = """\
catalogue: cloud-raci
version: "1"
title: Cloud operating model
technical_order: false
parties:
  - {id: strategy, name: Cloud strategy team}
  - {id: adoption, name: Cloud adoption team, teams: [{id: workload-owners, name: Workload owners}]}
  - {id: governance, name: Cloud governance team}
  - {id: central-it, name: Central IT, teams: [{id: platform-eng, name: Platform engineering}]}
responsibilities:
  - {id: business-alignment, number: 1, title: Business alignment, description: "Align with the business."}
  - {id: solution-delivery, number: 2, title: Solution delivery, description: "Build workloads."}
  - {id: governance, number: 3, title: Governance, description: "Manage risk and compliance."}
  - id: platform-operations
    number: 4
    title: Platform operations
    description: Operate the shared platform.
    shared: {responsible: [central-it, adoption]}
"""
# A RACI chart as people keep one: functions down, teams across (by name), letters in the cells.
RACI = [
    ["Cloud RACI chart, 2026"],
    [],
    ["Function", "Cloud strategy team", "Cloud adoption team", "Cloud governance team", "Central IT"],
    ["Business alignment", "A", "R", "", "I"],
    ["Solution Delivery.", "", "A/R", "C", ""],
    [],
    ["governance", "", "", "A", "I"],
    ["4", "", "R", "", "A"],
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raci" / "catalogues").mkdir(parents=True)
    (tmp_path / "raci" / "catalogues" / "cloud.yaml").write_text(CLOUD_RACI, encoding="utf-8")
    (tmp_path / ".srm-check.yaml").write_text("policy: [raci]\n", encoding="utf-8")
    return tmp_path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]], title: str = "Contoso") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def transposed(rows: list[list[str]]) -> list[list[str]]:
    table = rows[2:]
    width = max(len(r) for r in table)
    square = [r + [""] * (width - len(r)) for r in table]
    return [rows[0], [], *[list(column) for column in zip(*square, strict=True)]]


CHART = """\
# Imported by `srm-check import` from {source}.
agreement: contoso
community: Contoso
catalogue: cloud-raci@1
effective: 2026-01-01
assignments:
  # 1. Business alignment
  business-alignment:
    accountable: strategy
    responsible: [adoption]
    informed: [central-it]
  # 2. Solution delivery
  solution-delivery:
    accountable: adoption
    responsible: [adoption]
    consulted: [governance]
  # 3. Governance
  governance:
    accountable: governance
    informed: [central-it]
  # 4. Platform operations
  platform-operations:
    accountable: central-it
    responsible: [adoption]
"""


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("layout", ["rows", "columns"])
def test_a_raci_chart_becomes_an_agreement_that_passes(project: Path, kind: str, layout: str) -> None:
    rows = RACI if layout == "rows" else transposed(RACI)
    name = project / f"chart.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(name, rows)
    run = run_cli(["import", name.name, "--community", "Contoso", "--effective", "2026-01-01"])
    assert run.exit_code == 0, run.stderr
    assert f"responsibilities in {layout}" in run.stderr  # guessed, and said
    assert "columns are parties" in run.stderr
    assert "'Solution Delivery.'" not in run.stderr  # punctuation and case are no near miss
    text = (project / "agreements" / "contoso.yaml").read_text(encoding="utf-8")
    source = text.splitlines()[0].removeprefix("# Imported by `srm-check import` from ").removesuffix(".")
    assert text == CHART.format(source=source)
    check = run_cli(["check"])
    assert check.exit_code == 0, check.stdout


def test_two_accountable_parties_are_imported_as_written_and_an_unknown_row_is_listed(project: Path) -> None:
    rows = [row[:] for row in RACI]
    rows[6] = ["governance", "", "", "A", "A"]  # two accountable
    rows.append(["Cost managment", "", "", "A", ""])  # no such responsibility
    write_csv(project / "chart.csv", rows)
    run = run_cli(["import", "chart.csv", "--community", "Contoso"])
    assert run.exit_code == 2
    assert "chart.csv:9:1: 'Cost managment' matches no responsibility of cloud-raci@1; closest:" in run.stderr
    assert "nothing was written" in run.stderr
    assert not (project / "agreements").exists()
    rows[-1] = ["Governence", "", "", "", ""]  # a near miss for a row already named: a repeat
    rows.pop()
    write_csv(project / "chart.csv", rows)
    run = run_cli(["import", "chart.csv", "--community", "Contoso"])
    assert run.exit_code == 1, run.stderr
    assert "governance: [governance, central-it]" in (project / "agreements" / "contoso.yaml").read_text()
    assert (
        "error [SRM102] responsibility 'governance' is held by 2 parties (governance, central-it)"
        in run.stderr
    )
    assert run_cli(["check"]).exit_code == 1


def test_skip_unmatched_and_existing_files(project: Path) -> None:
    rows = [*RACI, ["Cost management", "A", "", "", ""]]
    write_csv(project / "chart.csv", rows)
    run = run_cli(["import", "chart.csv", "--community", "Contoso", "--skip-unmatched"])
    assert run.exit_code == 0, run.stderr
    assert "skipped 'Cost management'" in run.stderr
    again = run_cli(["import", "chart.csv", "--community", "Contoso", "--skip-unmatched"])
    assert again.exit_code == 2 and "already exists (--force replaces it)" in again.stderr
    forced = run_cli(["import", "chart.csv", "--community", "Contoso", "--skip-unmatched", "--force"])
    assert forced.exit_code == 0, forced.stderr


def assignments(path: Path) -> dict[str, object]:
    """What `check` reads from an agreement file: fields and every assignment, normalized."""
    [doc] = load_file(path, path.name).documents
    data = read_agreement(doc)
    value = doc.value
    out: dict[str, object] = {
        k: value.get(k)
        for k in ("agreement", "community", "catalogue", "effective", "end", "description", "parties")
    }
    for entry in data.assignments:
        out[entry.responsibility] = (
            [h.text for h in entry.holders],
            entry.team,
            sorted((h.role, h.text) for h in entry.contributors),
            entry.cost_note,
            entry.note,
        )
    return out


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_gives_back_the_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    export = run_cli(["export", "--output", f"matrix.{kind}"])
    assert export.exit_code == 0, export.stderr
    assert "5 agreements on 2i2c-srm-areas@late-2022, 2i2c-srm@2022, 8 deviations marked" in export.stderr
    imported = run_cli(["import", f"matrix.{kind}", "--output-dir", "back"])
    assert imported.exit_code == 0, imported.stderr
    for original in sorted((tmp_path / "agreements").glob("*.yaml")):
        assert assignments(tmp_path / "back" / original.name) == assignments(original), original.name
    # check finds the same in both: the same rules, the same messages.
    first, second = run_cli(["check", "agreements"]), run_cli(["check", "back"])

    def findings(out: str) -> list[str]:
        return sorted(line.split(": ", 1)[1] for line in out.splitlines() if "] " in line)

    assert findings(first.stdout) == findings(second.stdout)
    # The same export twice is the same bytes (SOURCE_DATE_EPOCH fixes the date).
    data = (tmp_path / f"matrix.{kind}").read_bytes()
    assert run_cli(["export", "--output", f"again.{kind}"]).exit_code == 0
    assert (tmp_path / f"again.{kind}").read_bytes() == data


def test_export_header_block_and_text_that_is_never_a_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agreements").mkdir()
    text = (ROOT / "agreements" / "riverbend-community-college.yaml").read_text(encoding="utf-8")
    line = "      text: 2i2c maintains the course image and rebuilds it once a term.\n"
    assert line in text
    text = text.replace(line, '      text: "=HYPERLINK(\\"http://x\\") 2i2c maintains the course image."\n')
    (tmp_path / "agreements" / "r.yaml").write_text(text, encoding="utf-8")
    assert run_cli(["export", "-o", "m.csv"]).exit_code == 0
    exported = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert "# catalogue: 2i2c-srm@2022" in exported and "# agreement file: agreements/r.yaml" in exported
    assert "'=HYPERLINK(" in exported  # escaped, so that no spreadsheet runs it
    assert run_cli(["export", "-o", "m.xlsx"]).exit_code == 0
    workbook = openpyxl.load_workbook(tmp_path / "m.xlsx")
    cells = [
        c
        for row in workbook["Costs"].iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    back = run_cli(["import", "m.xlsx", "-o", "back"])
    assert back.exit_code == 0, back.stderr
    assert assignments(tmp_path / "back" / "riverbend-community-college.yaml") == assignments(
        tmp_path / "agreements" / "r.yaml"
    )


# --- hostile spreadsheets -------------------------------------------------------------------------


def test_a_formula_is_reported_at_its_cell_and_never_run(project: Path) -> None:
    rows = [row[:] for row in RACI]
    path = write_xlsx(project / "chart.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook["Contoso"]["C4"] = '=IF(1,"R","A")'
    workbook.save(path)
    run = run_cli(["import", "chart.xlsx", "--community", "Contoso"])
    assert run.exit_code == 2
    assert 'chart.xlsx:Contoso!C4: formula =IF(1,"R","A")' in run.stderr
    assert "never evaluates formulas" in run.stderr


def test_merged_cells_in_the_table_are_an_error_above_it_are_not(project: Path) -> None:
    path = write_xlsx(project / "chart.xlsx", RACI)
    workbook = openpyxl.load_workbook(path)
    workbook["Contoso"].merge_cells("A1:E1")  # the title: fine
    workbook.save(path)
    assert run_cli(["import", "chart.xlsx", "--community", "Contoso"]).exit_code == 0
    workbook["Contoso"].merge_cells("B4:C4")
    workbook.save(path)
    run = run_cli(["import", "chart.xlsx", "--community", "Contoso", "--force"])
    assert run.exit_code == 2
    assert "chart.xlsx:Contoso!B4:C4: merged cells" in run.stderr


def test_a_zip_bomb_is_refused_before_any_xml_is_parsed(project: Path) -> None:
    path = project / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (60 * 1024 * 1024) + b"/>")
    assert path.stat().st_size < 1024 * 1024
    run = run_cli(["import", "bomb.xlsx"])
    assert run.exit_code == 2
    assert "would unpack to more than srm-check reads (xl/worksheets/sheet1.xml: 62914563 bytes" in run.stderr
    assert "a zip bomb?" in run.stderr


def test_huge_sheets_and_broken_files(project: Path) -> None:
    from srm_check.authoring.matrix.limits import MAX_COLUMNS, MAX_ROWS

    write_csv(project / "long.csv", [["Function", "A"]] + [["x", "A"]] * (MAX_ROWS + 1))
    run = run_cli(["import", "long.csv"])
    assert run.exit_code == 2 and f"long.csv has more than {MAX_ROWS} rows" in run.stderr
    write_csv(project / "wide.csv", [["Function", *(["A"] * (MAX_COLUMNS + 1))]])
    run = run_cli(["import", "wide.csv"])
    assert run.exit_code == 2 and f"more than {MAX_COLUMNS} columns" in run.stderr
    path = project / "rows.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"], sheet["B1"] = "Function", "Central IT"
    sheet.cell(row=900_000, column=1, value="far away")  # a million empty rows before it
    workbook.save(path)
    run = run_cli(["import", "rows.xlsx"])
    assert run.exit_code == 2 and f"has more than {MAX_ROWS} rows" in run.stderr
    (project / "fake.xlsx").write_text("not a zip", encoding="utf-8")
    run = run_cli(["import", "fake.xlsx"])
    assert run.exit_code == 2 and "fake.xlsx is not an XLSX workbook (not a zip archive" in run.stderr


def test_non_utf8_csv_is_located_and_can_be_named(project: Path) -> None:
    text = "Function,Cloud strategy team\nBusiness alignment,A\nGovernance,A\n# Café\n"
    (project / "chart.csv").write_bytes(text.encode("cp1252"))
    run = run_cli(["import", "chart.csv", "--community", "Contoso"])
    assert run.exit_code == 2
    assert "chart.csv:4:6: not valid UTF-8: byte 0xe9" in run.stderr
    assert "--encoding" in run.stderr
    ok = run_cli(["import", "chart.csv", "--community", "Contoso", "--encoding", "cp1252"])
    assert ok.exit_code == 1, ok.stderr  # imported; check reports what the chart leaves out
    assert "[SRM101]" in ok.stderr


def test_a_cell_that_is_not_raci_is_located(project: Path) -> None:
    rows = [row[:] for row in RACI]
    rows[3][2] = "maybe"
    write_csv(project / "chart.csv", rows)
    run = run_cli(["import", "chart.csv", "--community", "Contoso", "--axis", "parties"])
    assert run.exit_code == 2
    assert "chart.csv:4:3: 'maybe' is not RACI letters" in run.stderr


def test_the_mapping_file_names_rows_and_is_checked(project: Path) -> None:
    rows = [row[:] for row in RACI]
    rows[7][0] = "Run the platform"
    write_csv(project / "chart.csv", rows)
    (project / "map.yaml").write_text(
        "community: Contoso\nresponsibilities:\n  Run the platform: platform-operations\n", encoding="utf-8"
    )
    assert run_cli(["import", "chart.csv", "--mapping", "map.yaml"]).exit_code == 0
    (project / "bad.yaml").write_text("layout: diagonal\nsheet: 2\n", encoding="utf-8")
    run = run_cli(["import", "chart.csv", "--mapping", "bad.yaml"])
    assert run.exit_code == 2
    assert "bad.yaml:1: 'layout' must be one of rows, columns" in run.stderr
    assert "bad.yaml:2: unknown key 'sheet'" in run.stderr


def test_export_refuses_what_a_matrix_cannot_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agreements").mkdir()
    text = (ROOT / "agreements" / "cascadia-climate-collective.yaml").read_text(encoding="utf-8")
    (tmp_path / "agreements" / "c.yaml").write_text(
        text + "  use-hub: 2i2c\n  run-the-world: 2i2c\n", encoding="utf-8"
    )
    run = run_cli(["export", "-o", "m.csv"])
    assert run.exit_code == 2
    assert "agreements/c.yaml:30:3: 'use-hub' is assigned twice" in run.stderr
    assert "agreements/c.yaml:31:3: 'run-the-world' is not a responsibility of 2i2c-srm@2022" in run.stderr
    assert not (tmp_path / "m.csv").exists()


def test_the_docs_show_what_import_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/spreadsheets.md: the chart, the command's output and the agreement are a real run's."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")
    doc = (ROOT / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    chart = doc.split("```text\n", 1)[1].split("```", 1)[0]
    (tmp_path / "raci.csv").write_text(chart, encoding="utf-8")
    (tmp_path / "my-policy" / "catalogues").mkdir(parents=True)
    (tmp_path / "my-policy" / "catalogues" / "cloud-raci.yaml").write_text(CLOUD_RACI, encoding="utf-8")
    command = "srm-check import raci.csv --policy my-policy --community Contoso"
    shown = doc.split(f"$ {command}\n", 1)[1].split("```", 1)[0].rstrip("\n").splitlines()
    run = run_cli(command.split()[1:])
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == shown
    written = (tmp_path / "agreements" / "contoso.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{written}```" in doc
