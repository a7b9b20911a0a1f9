"""report.build: a checked run becomes the report's data (rows, deviations, totals, matrices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES

from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Settings
from srm_check.policy.model import BUILTIN_POLICY
from srm_check.report.build import build_matrix, build_report
from srm_check.report.model import AgreementView, Report
from srm_check.report.provenance import Provenance

ACME_POLICY = FIXTURES / "report" / "policy-acme"
PROVENANCE = Provenance("0.0.0", "2026-01-01T00:00:00Z", "test", (), (), (), "", (), None, "not in git")

ONE = """\
agreement: one
community: One
catalogue: acme-srm@1
effective: 2026-01-01
parties:
  - {id: partner, name: Partner Lab}
assignments:
  use: customer
  onboard:
    party: acme
    cost_note: {text: ACME onboards., amount: 5, currency: CHF, period: month}
  patch:
    party: partner
    cost_note: {text: The partner patches., amount: 2.5, currency: CHF, period: month}
  not-in-the-catalogue: acme
"""
# The same assignments as TWIN: the two share one matrix column.
TWIN = """\
agreement: {id}
community: Twin
catalogue: acme-srm@1
effective: 2026-01-01
assignments:
  use: customer
  onboard: customer
  patch:
    party: customer
    cost_note: {{text: Patched by the customer., amount: -3, currency: EUR}}
  operate: acme-sre
"""
UNKNOWN = """\
agreement: elsewhere
community: Elsewhere
catalogue: other-catalogue@9
effective: 2026-01-01
assignments:
  use: customer
"""


def _report(folder: Path, files: dict[str, str]) -> Report:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    settings = Settings.from_values({"policy": [BUILTIN_POLICY, str(ACME_POLICY)]}, {}, base=folder)
    prepared = prepare(settings, paths=[folder], use_waivers=False, today=date(2026, 1, 1))
    return build_report(execute(prepared, keep_agreements=True), PROVENANCE)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    files = {
        "a-one.yaml": ONE,
        "b-twin.yaml": TWIN.format(id="twin-1"),
        "c-twin.yaml": TWIN.format(id="twin-2"),
        "d-unknown.yaml": UNKNOWN,
    }
    return _report(tmp_path_factory.mktemp("build") / "agreements", files)


def _agreement(report: Report, label: str) -> AgreementView:
    return next(a for a in report.agreements if a.label == label)


def test_rows_follow_the_catalogue_then_what_it_lacks(report: Report) -> None:
    one = _agreement(report, "one")
    rows = [(r.responsibility, r.cell.status, r.cell.holder) for r in one.rows]
    assert rows == [
        ("use", "default", "customer"),
        ("onboard", "deviation", "acme"),
        ("patch", "deviation", "partner"),
        ("operate", "not-assigned", "not assigned"),
        ("not-in-the-catalogue", "unknown-responsibility", "acme"),
    ]
    twin = _agreement(report, "twin-1")
    operate = twin.rows[3]
    assert (operate.cell.party, operate.cell.team, operate.cell.holder) == (
        "acme",
        "acme-sre",
        "acme (acme-sre)",
    )


def test_deviations_say_which_way_the_responsibility_moved(report: Report) -> None:
    moved = [(d.agreement_label, d.responsibility, d.direction, d.marker) for d in report.deviations]
    assert moved == [
        ("one", "onboard", "provider-more", "▲"),
        ("one", "patch", "third-party", "◆"),
        ("twin-1", "patch", "community-more", "▼"),
        ("twin-2", "patch", "community-more", "▼"),
    ]
    # A period-less amount is summed apart and flagged; the catalogue-less agreement has none.
    assert _agreement(report, "twin-1").deviations[0].flag == "no period: totalled apart"


def test_totals_per_currency_and_period(report: Report) -> None:
    totals = [(t.currency, t.period, t.amount, t.count) for t in report.totals]
    assert totals == [("CHF", "month", Decimal("7.5"), 2), ("EUR", None, Decimal("-6"), 2)]
    assert [t.text for t in _agreement(report, "one").totals] == ["+7.5 CHF per month"]


def test_identical_agreements_share_a_matrix_column(report: Report) -> None:
    (matrix,) = report.matrices
    assert matrix.catalogue.ref == "acme-srm@1"
    assert [c.label for c in matrix.columns] == ["one", "Group 1 (2 agreements)"]
    assert matrix.columns[1].agreements == (1, 2)
    assert matrix.tables == [[0, 1]]
    assert [c.label for c in matrix.columns_in([1])] == ["Group 1 (2 agreements)"]
    assert matrix.catalogue.boundary_text == "default boundary: from #3 the default party is acme"
    split = build_matrix(matrix.catalogue, report.agreements[:3], max_columns=1)
    assert split.tables == [[0], [1]]


def test_an_unknown_catalogue_leaves_the_agreement_unchecked(report: Report) -> None:
    elsewhere = _agreement(report, "elsewhere")
    assert elsewhere.catalogue_ref is None
    assert report.unmatrixed == [elsewhere.index]
    assert [(r.responsibility, r.cell.status) for r in elsewhere.rows] == [("use", "unchecked")]
    assert {f.rule_id for f in elsewhere.findings} == {"SRM301"}


def test_pass_and_fail_follow_the_findings_of_each_agreement(report: Report) -> None:
    found = {a.label: sorted({f.rule_id for f in a.findings}) for a in report.agreements}
    passed = {a.label: a.passed for a in report.agreements}
    assert found == {"one": ["SRM101", "SRM105"], "twin-1": [], "twin-2": [], "elsewhere": ["SRM301"]}
    assert passed == {"one": False, "twin-1": True, "twin-2": True, "elsewhere": False}
    assert (report.passed, report.agreements_passed, report.agreements_failed) == (False, 2, 2)
