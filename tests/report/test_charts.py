"""report.charts: the three pictures as inline SVG, accessible, greyscale-printable, escaped."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import AGREEMENTS

from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Settings
from srm_check.report.build import build_report
from srm_check.report.charts import PARTY_FILLS, boundary_svg, cost_svg, heat_svg
from srm_check.report.figures import BoundaryChart, CostBar, CostChart
from srm_check.report.model import Report
from srm_check.report.provenance import Provenance

SVG = "{http://www.w3.org/2000/svg}"
PROVENANCE = Provenance("0.0.0", "2026-01-01T00:00:00Z", "test", (), (), (), "", (), None, "not in git")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    base = tmp_path_factory.mktemp("charts")
    prepared = prepare(Settings.from_values({}, {}, base=base), paths=[AGREEMENTS], today=date(2026, 1, 1))
    return build_report(execute(prepared, keep_agreements=True), PROVENANCE)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.get("aria-labelledby", "").split()
    ids = {e.get("id"): e for e in root.iter()}
    assert ids[title].tag == f"{SVG}title" and ids[title].text
    assert ids[desc].tag == f"{SVG}desc" and ids[desc].text
    assert not [e for e in root.iter() if e.tag in (f"{SVG}image", f"{SVG}use", f"{SVG}script")]
    assert not [e for e in root.iter() if any("href" in k for k in e.attrib)]
    return root


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_holders_differ_in_lightness_so_that_greyscale_keeps_them_apart() -> None:
    shades = sorted(_luminance(c) for c in PARTY_FILLS)
    assert all(b - a >= 0.15 for a, b in itertools.pairwise(shades)), shades


def test_boundary_chart_marks_moves_and_draws_the_boundary(report: Report) -> None:
    matrix = next(m for m in report.matrices if m.catalogue.ref == "2i2c-srm@2022")
    chart = BoundaryChart(0, tuple(range(len(matrix.columns))), 0, 0)
    labels = [c.label for c in matrix.columns]
    root = _parse(boundary_svg(matrix, chart, labels, "b"))
    texts = [e.text or "" for e in root.iter(f"{SVG}text")]
    assert all(label in texts for label in labels)
    moved = [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("stroke-width") == "2" and r.find(f"{SVG}title") is not None
    ]
    assert len(moved) == sum(1 for c in matrix.columns for cell in c.cells if cell.status == "deviation")
    assert {"▲", "◆"} <= set(texts)  # markers, not colour alone
    third = [r for r in moved if "third party" in (r.find(f"{SVG}title").text or "")]  # type: ignore[union-attr]
    assert third and all(r.get("fill") == "url(#b-hatch)" for r in third)
    assert any(t.startswith("default boundary: from #7") for t in texts)
    defs = {id(e) for d in root.iter(f"{SVG}defs") for e in d.iter()}
    assert len([e for e in root.iter(f"{SVG}line") if id(e) not in defs]) == 1


def test_heat_strip_counts_each_direction(report: Report) -> None:
    matrix = next(m for m in report.matrices if m.catalogue.ref == "2i2c-srm@2022")
    root = _parse(heat_svg(matrix, "h"))
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    # One cell per responsibility per row: ▲, ▼, ◆, problems.
    assert len(titles) - 1 == 4 * len(matrix.tallies)
    assert "#5 Develop domain-specific software: 1" in titles


def test_heat_strip_of_a_catalogue_without_order_has_no_direction(report: Report) -> None:
    matrix = next(m for m in report.matrices if m.catalogue.ref == "2i2c-srm-areas@late-2022")
    texts = [e.text or "" for e in _parse(heat_svg(matrix, "h")).iter(f"{SVG}text")]
    assert "● to another party" in texts and "▲ to the provider" not in texts


def test_cost_chart_draws_gains_right_and_savings_left_with_others_summed() -> None:
    bars = (
        CostBar(0, "<b>up</b>", Decimal(1200), Decimal(0)),
        CostBar(1, "down", Decimal(-600), Decimal(300)),
    )
    svg = cost_svg(CostChart("USD", bars, 3, Decimal(-60), Decimal(0)), "c")
    root = _parse(svg)
    assert "&lt;b&gt;up&lt;/b&gt;" in svg and "<b>" not in svg
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    by_tip = {r.find(f"{SVG}title").text: r for r in rects}  # type: ignore[union-attr]
    zero = float(list(root.iter(f"{SVG}line"))[-1].get("x1") or 0)
    up = by_tip["<b>up</b>: +1,200 per year"]
    down = by_tip["down: -600 per year"]
    assert float(up.get("x") or 0) == zero and float(down.get("x") or 0) < zero
    assert float(up.get("width") or 0) == pytest.approx(2 * float(down.get("width") or 0))
    assert "down: +300 one-off" in by_tip and "3 other agreements: -60 per year" in by_tip


def test_text_from_data_is_escaped_in_every_chart(report: Report, tmp_path: Path) -> None:
    matrix = report.matrices[0]
    chart = BoundaryChart(0, tuple(range(len(matrix.columns))), 0, 0)
    svg = boundary_svg(matrix, chart, ['x" onload="alert(1)'] * len(matrix.columns), "e")
    ET.fromstring(svg)
    assert 'onload="' not in svg and re.search(r"x&quot; onload=&quot;alert\(1\)", svg)
