"""report.summary: each file's agreements summarised as the run hands them over, then dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import AGREEMENTS, FIXTURES

from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.pipeline.results import FileResult, RunResult
from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Settings
from srm_check.report.build import build_report
from srm_check.report.provenance import Provenance
from srm_check.report.summary import Collector, owners
from srm_check.rules.agreement import read_agreement
from srm_check.source.reader import load_file

MULTIDOC = FIXTURES / "report" / "multidoc" / "three-documents.yaml"
PROVENANCE = Provenance("0.0.0", "2026-01-01T00:00:00Z", "test", (), (), (), "", (), None, "not in git")


def test_loader_findings_are_placed_by_line_whatever_document_they_name() -> None:
    """A loader finding labelled with the wrong document is placed by where it is."""
    source = load_file(MULTIDOC, "m.yaml")
    agreements = [read_agreement(doc) for doc in source.documents]
    assert [a.id for a in agreements] == ["first-doc", "second-doc"]
    duplicate = Finding("SRM002", Severity.error, "duplicate key", "m.yaml", Span(9, 1, 9, 10), document=0)
    syntax = Finding("SRM001", Severity.error, "invalid YAML", "m.yaml", Span(15, 14, 15, 15), document=0)
    rule = Finding("SRM101", Severity.error, "unassigned", "m.yaml", Span(6, 1, 6, 2), document=0)
    result = FileResult("m.yaml", [rule, duplicate, syntax], agreements, True, 2)
    by_doc, loose = owners(result)
    assert by_doc == {0: [rule], 1: [duplicate]}
    assert loose == [syntax]


def _examples(tmp_path: Path) -> tuple[RunResult, Collector, list[FileResult]]:
    settings = Settings.from_values({}, {}, base=tmp_path)
    prepared = prepare(settings, paths=[AGREEMENTS], use_waivers=False, today=date(2026, 1, 1))
    handed: list[FileResult] = []
    collector = Collector(prepared.policy, RunResult([], [], prepared.settings.fail_on).fails)

    def keep(result: FileResult) -> FileResult:
        handed.append(result)
        return collector(result)

    return execute(prepared, keep=keep), collector, handed


def test_the_run_keeps_no_parsed_agreement(tmp_path: Path) -> None:
    run, collector, handed = _examples(tmp_path)
    assert all(result.agreements for result in handed), "the collector sees every agreement"
    assert all(not result.agreements for result in run.files), "the run keeps none of them"
    report = build_report(run, PROVENANCE, collector)
    assert [a.id for a in report.agreements] == [
        "cascadia-climate-collective",
        "northfield-state-university",
        "open-seismology-network",
        "riverbend-community-college",
        "tidewater-ecology-institute",
    ]
    assert [a.index for a in report.agreements] == [0, 1, 2, 3, 4]


def test_the_same_report_as_from_a_run_that_kept_its_agreements(tmp_path: Path) -> None:
    from srm_check.report.json_report import render

    run, collector, _ = _examples(tmp_path)
    settings = Settings.from_values({}, {}, base=tmp_path)
    prepared = prepare(settings, paths=[AGREEMENTS], use_waivers=False, today=date(2026, 1, 1))
    kept = execute(prepared, keep_agreements=True)
    assert render(build_report(run, PROVENANCE, collector)) == render(build_report(kept, PROVENANCE))


def test_agreements_of_one_pattern_share_their_cells(tmp_path: Path) -> None:
    folder = tmp_path / "same"
    folder.mkdir()
    text = (AGREEMENTS / "cascadia-climate-collective.yaml").read_text("utf-8")
    for number in range(3):
        (folder / f"a{number}.yaml").write_text(
            text.replace("cascadia-climate-collective", f"c-{number}"), "utf-8"
        )
    settings = Settings.from_values({}, {}, base=tmp_path)
    prepared = prepare(settings, paths=[folder], use_waivers=False, today=date(2026, 1, 1))
    collector = Collector(prepared.policy, RunResult([], [], prepared.settings.fail_on).fails)
    report = build_report(execute(prepared, keep=collector), PROVENANCE, collector)
    first, second, third = report.agreements
    assert first.cells is second.cells is third.cells
    assert first.cells[0] is second.cells[0]
    # Only what differs from the default, or says more, is kept apart from the cells.
    assert set(first.details) == {i for i, row in enumerate(first.rows) if not row.plain}


def test_a_description_and_party_descriptions_are_kept(tmp_path: Path) -> None:
    run, collector, _ = _examples(tmp_path)
    report = build_report(run, PROVENANCE, collector)
    by_id = {a.id: a for a in report.agreements}
    tidewater = by_id["tidewater-ecology-institute"]
    assert tidewater.description.startswith("Research hub for coastal field data")
    (guild,) = tidewater.parties
    assert (guild.id, guild.description) == (
        "estuary-software-guild",
        "Partner that writes the institute's field-data packages.",
    )
    assessed = {row.responsibility: row for row in tidewater.rows}["assist-environment-creation"]
    assert assessed.roles == (("responsible", ("2i2c",)), ("consulted", ("hub-administrator",)))
    assert assessed.note.startswith("The institute's research software team")
