"""The report's three pictures as inline SVG: no script, no font or file fetched, printable in
greyscale (holders differ in lightness and pattern, moves carry their marker and a heavy
outline, never colour alone), each with a title and a description for screen readers.

- the boundary chart: one bar per agreement (or group of identical agreements) across the
  catalogue's responsibilities, each cell shaded by its holder, the default boundary drawn;
- the heat strip: per responsibility, how many agreements move it, and which way;
- the cost chart: per currency, each agreement's cost change per year (and one-off apart).

Every number a chart shows is in a table of the report too (the tallies, the register).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal

from markupsafe import Markup

from srm_check.core.text import plural, visible
from srm_check.report.costs import format_amount
from srm_check.report.figures import BoundaryChart, CostChart
from srm_check.report.matrix import Column, Matrix, Tally
from srm_check.report.rows import Cell

# Fills by holder, far apart in lightness so that they stay apart in greyscale.
PARTY_FILLS = ("#f3ead2", "#2c5b88", "#9dbcd9", "#141414")
THIRD_PARTY_FILL = "#d98c3f"
INK = "#1b1b1b"
CELL_W, CELL_H, GAP = 26, 14, 2
LABEL_W = 230
LEGEND_W = 640
FONT = 'font-family="system-ui, sans-serif"'


def _e(text: object) -> str:
    return html.escape(visible(str(text)), quote=True)


def _short(text: str, size: int = 34) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: Iterable[str]) -> Markup:
    """An accessible SVG: role img, named by its title, described by its description."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT} '
        f'font-size="11"><title id="{chart_id}-t">{_e(title)}</title>'
        f'<desc id="{chart_id}-d">{_e(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _patterns(chart_id: str) -> str:
    """Hatching for third parties and cross-hatching for problems: visible without colour."""
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{THIRD_PARTY_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{INK}" stroke-width="1.4"/></pattern>'
        f'<pattern id="{chart_id}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="{INK}" '
        f'stroke-width="1"/></pattern></defs>'
    )


def _fill(cell: Cell, ranks: dict[str, int], chart_id: str) -> tuple[str, str]:
    """(fill, text colour) of a cell."""
    if cell.kind == "problem":
        return f"url(#{chart_id}-cross)", INK
    if cell.kind == "third-party" or cell.party not in ranks:
        return f"url(#{chart_id}-hatch)", INK
    rank = min(ranks[cell.party or ""], len(PARTY_FILLS) - 1)
    return PARTY_FILLS[rank], "#fff" if rank in (1, 3) else INK


def boundary_svg(matrix: Matrix, chart: BoundaryChart, labels: list[str], chart_id: str) -> Markup:
    """The boundary chart of one matrix; `labels[i]` names column i's bar."""
    cat = matrix.catalogue
    ranks = {party: i for i, (party, _) in enumerate(cat.parties)}
    count = len(cat.responsibilities)
    top, left = 40, LABEL_W
    width = max(left + count * CELL_W + 10, LEGEND_W)
    rows = [matrix.columns[i] for i in chart.columns]
    height = top + len(rows) * (CELL_H + GAP) + 76
    body = [_patterns(chart_id)]
    for j, resp in enumerate(cat.responsibilities):
        x = left + j * CELL_W + CELL_W / 2
        body.append(f'<text x="{x:g}" y="{top - 6}" text-anchor="middle">{resp.number}</text>')
    body.append(f'<text x="0" y="{top - 22}" font-weight="600">Agreement (or group)</text>')
    body.append(f'<text x="{left}" y="{top - 22}" font-weight="600">Responsibility #</text>')
    for r, (column, label) in enumerate(zip(rows, (labels[i] for i in chart.columns), strict=True)):
        y = top + r * (CELL_H + GAP)
        body.append(f'<text x="0" y="{y + CELL_H - 3}">{_e(_short(label))}</text>')
        body.extend(_bar_cells(column, cat.responsibilities, ranks, left, y, chart_id))
    bottom = top + len(rows) * (CELL_H + GAP)
    boundary = cat.boundary_index
    if boundary is not None:
        x = left + boundary * CELL_W - 1
        body.append(
            f'<line x1="{x}" y1="{top - 16}" x2="{x}" y2="{bottom + 4}" stroke="{INK}" stroke-width="3" '
            'stroke-dasharray="6 3"/>'
            f'<text x="{x + 4}" y="{bottom + 16}">default boundary: from #{cat.begins_at}</text>'
        )
    body.append(_boundary_legend(cat.parties, 0, bottom + 26, chart_id))
    moves = sum(1 for c in rows for cell in c.cells if cell.status == "deviation")
    title = f"Boundary chart of {cat.ref}: who holds each responsibility, agreement by agreement"
    desc = (
        f"{plural(len(rows), 'bar')} across {count} responsibilities"
        + (f", with the default boundary before #{cat.begins_at}" if boundary is not None else "")
        + f"; {plural(moves, 'moved cell')} outlined and marked."
        + (
            f" Left out: {plural(chart.other_columns, 'smaller column')} of "
            f"{plural(chart.other_agreements, 'agreement')}, in the matrix."
            if chart.other_columns
            else ""
        )
    )
    return _svg(chart_id, width, height, title, desc, body)


def _bar_cells(
    column: Column,
    responsibilities: tuple[object, ...],
    ranks: dict[str, int],
    left: int,
    y: int,
    chart_id: str,
) -> list[str]:
    out = []
    for j, cell in enumerate(column.cells[: len(responsibilities)]):
        x = left + j * CELL_W
        fill, ink = _fill(cell, ranks, chart_id)
        moved = cell.status == "deviation" or cell.kind == "problem"
        stroke = f' stroke="{INK}" stroke-width="2"' if moved else ' stroke="#fff" stroke-width="1"'
        number = getattr(responsibilities[j], "number", j + 1)
        tip = f"#{number}: {cell.holder}" + (f" ({cell.meaning})" if cell.meaning else "")
        out.append(
            f'<rect x="{x + 1}" y="{y}" width="{CELL_W - 2}" height="{CELL_H}" fill="{fill}"{stroke}>'
            f"<title>{_e(tip)}</title></rect>"
        )
        if cell.marker:
            cx = x + CELL_W / 2
            out.append(
                f'<text x="{cx:g}" y="{y + CELL_H - 3}" text-anchor="middle" fill="{ink}" '
                f'font-weight="700" aria-hidden="true">{_e(cell.marker)}</text>'
            )
    return out


def _boundary_legend(parties: tuple[tuple[str, str], ...], x: int, y: int, chart_id: str) -> str:
    items: list[tuple[str, str]] = [
        (PARTY_FILLS[min(i, len(PARTY_FILLS) - 1)], f"held by {pid}") for i, (pid, _) in enumerate(parties)
    ]
    items += [
        (f"url(#{chart_id}-hatch)", "a third party"),
        (f"url(#{chart_id}-cross)", "not one known party"),
    ]
    out, cursor, line = [], x, y
    for fill, text in items:
        size = 30 + int(6.2 * len(text))
        if cursor + size > LEGEND_W and cursor > x:
            cursor, line = x, line + 18
        out.append(
            f'<rect x="{cursor}" y="{line}" width="16" height="12" fill="{fill}" stroke="{INK}" '
            'stroke-width=".5"/>'
            f'<text x="{cursor + 20}" y="{line + 10}">{_e(_short(text, 40))}</text>'
        )
        cursor += size
    out.append(
        f'<text x="{x}" y="{line + 30}">Outlined cells moved from their default (▲ to the provider, '
        "▼ to the community, ◆ to a third party, ● elsewhere).</text>"
    )
    return "".join(out)


def heat_svg(matrix: Matrix, chart_id: str) -> Markup:
    """The deviation heat strip of one matrix: a row per direction, a cell per responsibility,
    darker where more agreements move it; each cell shows its count."""
    cat = matrix.catalogue
    total = max(1, matrix.agreement_count)
    rows: list[tuple[str, str]] = (
        [("▲ to the provider", "provider_more"), ("▼ to the community", "community_more")]
        if cat.ordered
        else [("● to another party", "moved")]
    )
    rows += [("◆ to a third party", "third_party"), ("✕ ‖ ? not one known party", "problem")]
    left, top, w, h = 170, 26, CELL_W, 20
    width = left + len(cat.responsibilities) * w + 10
    height = top + len(rows) * h + 26
    body = []
    for j, resp in enumerate(cat.responsibilities):
        body.append(
            f'<text x="{left + j * w + w / 2:g}" y="{top - 8}" text-anchor="middle">{resp.number}</text>'
        )
    for r, (label, key) in enumerate(rows):
        y = top + r * h
        body.append(f'<text x="0" y="{y + 14}">{_e(label)}</text>')
        for j, tally in enumerate(matrix.tallies):
            body.append(_heat_cell(tally, key, total, left + j * w, y, w, h))
    boundary = cat.boundary_index
    if boundary is not None:
        x = left + boundary * w - 1
        body.append(
            f'<line x1="{x}" y1="{top - 20}" x2="{x}" y2="{top + len(rows) * h + 4}" stroke="{INK}" '
            'stroke-width="3" stroke-dasharray="6 3"/>'
        )
    body.append(
        f'<text x="0" y="{height - 6}">Each cell: how many agreements (of {total}) move the responsibility '
        "that way; darker is more.</text>"
    )
    moving = [t for t in matrix.tallies if t.deviating]
    desc = "; ".join(
        f"#{t.responsibility.number} moved in {plural(t.deviating, 'agreement')}"
        for t in sorted(moving, key=lambda t: -t.deviating)[:5]
    )
    title = f"Deviation heat strip of {cat.ref}: how many agreements move each responsibility, and which way"
    return _svg(chart_id, width, height, title, (desc or "No agreement moves any responsibility") + ".", body)


def _heat_cell(tally: Tally, key: str, total: int, x: int, y: int, w: int, h: int) -> str:
    count = int(getattr(tally, key))
    share = count / total
    level = 0 if not count else 1 + min(4, int(share * 5))
    fills = ("#ffffff", "#dde6ef", "#a9bfd5", "#6f91b4", "#3d6690", "#1d3f63")
    ink = "#fff" if level >= 3 else INK
    text = (
        f'<text x="{x + w / 2:g}" y="{y + 14}" text-anchor="middle" fill="{ink}">{count}</text>'
        if count
        else ""
    )
    return (
        f'<rect x="{x + 1}" y="{y + 1}" width="{w - 2}" height="{h - 2}" fill="{fills[level]}" '
        'stroke="#b9bec6">'
        f"<title>#{tally.responsibility.number} {_e(tally.responsibility.title)}: {count}</title>"
        f"</rect>{text}"
    )


def cost_svg(chart: CostChart, chart_id: str) -> Markup:
    """The cost chart of one currency: per agreement, the change per year (solid) and one-off
    amounts (hatched, thinner), from a zero line; the amount is written beside each bar."""
    bars: list[tuple[str, Decimal, Decimal]] = [(b.label, b.per_year, b.one_off) for b in chart.bars]
    if chart.others:
        bars.append((f"{chart.others} other agreements", chart.others_per_year, chart.others_one_off))
    biggest = max([abs(v) for _, a, b in bars for v in (a, b)] + [Decimal(1)])
    left, half, row = LABEL_W, 230, 22
    zero = left + half + 70
    width = zero + half + 90
    height = 30 + len(bars) * row + 24
    body = [_patterns(chart_id), '<text x="0" y="14" font-weight="600">Agreement</text>']
    body.append(
        f'<text x="{zero}" y="14" text-anchor="middle" font-weight="600">'
        f"change per year ({_e(chart.currency)})</text>"
    )
    for r, (label, per_year, one_off) in enumerate(bars):
        y = 26 + r * row
        body.append(f'<text x="0" y="{y + 12}">{_e(_short(label))}</text>')
        body.append(
            _bar(
                per_year,
                zero,
                y,
                12,
                half,
                biggest,
                "#2c5b88",
                f"{label}: {format_amount(per_year)} per year",
            )
        )
        if one_off:
            body.append(
                _bar(
                    one_off,
                    zero,
                    y + 13,
                    6,
                    half,
                    biggest,
                    f"url(#{chart_id}-hatch)",
                    f"{label}: {format_amount(one_off)} one-off",
                )
            )
    bottom = 26 + len(bars) * row
    body.append(f'<line x1="{zero}" y1="20" x2="{zero}" y2="{bottom}" stroke="{INK}" stroke-width="1.5"/>')
    body.append(
        f'<rect x="0" y="{bottom + 6}" width="16" height="8" fill="url(#{chart_id}-hatch)"/>'
        f'<text x="22" y="{bottom + 14}">one-off amounts, kept apart; solid bars: recurring amounts per year '
        "(a month x 12, a quarter x 4)</text>"
    )
    title = f"Cost chart, {chart.currency}: annualised cost change per agreement"
    desc = f"{plural(len(chart.bars), 'agreement')}: {chart.rule}."
    return _svg(chart_id, width, height + 4, title, desc, body)


def _bar(value: Decimal, zero: int, y: int, h: int, half: int, biggest: Decimal, fill: str, tip: str) -> str:
    length = float(abs(value) / biggest) * half
    x = zero if value >= 0 else zero - length
    anchor, tx = ("start", zero + length + 4) if value >= 0 else ("end", zero - length - 4)
    return (
        f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="{h}" fill="{fill}" stroke="{INK}" '
        f'stroke-width=".5"><title>{_e(tip)}</title></rect>'
        f'<text x="{tx:.1f}" y="{y + h - 2}" text-anchor="{anchor}">{_e(format_amount(value))}</text>'
    )
