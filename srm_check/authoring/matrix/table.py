"""Find the table in a sheet: the header block above it (`# key: value` rows), its header row,
where the responsibilities are (rows or columns), its label columns, and what its other axis
names (agreements or parties). Each guess can be replaced by what the user says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from srm_check.authoring.matrix.cells import letters
from srm_check.authoring.matrix.grid import Cell, Located, Sheet, SheetError
from srm_check.authoring.matrix.match import Matcher, Parties, normal

# Headings of the columns that name a responsibility (matched), and of columns that describe it
# (read by no one: export writes the default party there, for people).
LABEL_HEADINGS = frozenset(
    normal(h)
    for h in (
        "#",
        "no",
        "no.",
        "nr",
        "number",
        "num",
        "id",
        "ref",
        "responsibility",
        "responsibilities",
        "responsibility id",
        "title",
        "name",
        "function",
        "activity",
        "task",
        "control",
        "control id",
        "item",
        "requirement",
    )
)
DESCRIBING_HEADINGS = frozenset(
    normal(h)
    for h in ("description", "area", "category", "default", "default party", "notes", "note", "details")
)
_AXIS_WORDS = {"parties": "cells hold RACI letters or marks", "agreements": "cells name parties"}
_META = re.compile(r"^#\s*([^:]*?)\s*(?::\s*(.*))?$", re.DOTALL)


@dataclass(slots=True)
class Table:
    """A matrix in rows layout: the axis headings and, per body row, its label cells and data cells."""

    sheet: Sheet
    meta: dict[str, str]
    headings: list[Cell]  # the other axis: one per data column
    rows: list[tuple[list[Cell], list[Cell]]]  # (label cells, data cells)
    layout: str  # where the responsibilities were: "rows" or "columns"
    axis: str = "agreements"  # "agreements" or "parties"
    guessed: list[str] = field(default_factory=list)


def _filled(row: list[Cell]) -> list[Cell]:
    return [cell for cell in row if cell.text]


def header_block(sheet: Sheet, header_row: int | None) -> tuple[dict[str, str], int]:
    """The `# key: value` rows above the table, and the index of its header row."""
    meta: dict[str, str] = {}
    for index, row in enumerate(sheet.rows):
        filled = _filled(row)
        if filled and filled[0].text.startswith("#"):
            found = _META.match(filled[0].text)
            if found and found.group(1):
                value = (
                    found.group(2)
                    if found.group(2) is not None
                    else (filled[1].text if len(filled) > 1 else "")
                )
                meta.setdefault(normal(found.group(1)), value.strip())
            continue
        if header_row is not None:
            if index + 1 == header_row:
                return meta, index
            continue
        if len(filled) >= 2:
            return meta, index
    if header_row is not None:
        raise SheetError(f"{sheet.where}: --header-row {header_row} is past the last row ({len(sheet.rows)})")
    raise SheetError(f"{sheet.where}: no table found (no row with two cells or more)")


def _square(rows: list[list[Cell]]) -> list[list[Cell]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [Cell("", r[-1].where if r else "")] * (width - len(r)) for r in rows]


def transpose(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [list(column) for column in zip(*_square(rows), strict=True)]


def _label_count(header: list[Cell]) -> int:
    count = 0
    for cell in header:
        key = normal(cell.text)
        if key in LABEL_HEADINGS or key in DESCRIBING_HEADINGS or (not key and count == 0):
            count += 1
        else:
            break
    return max(count, 1)


def _responsibility_hits(cells: list[Cell], matcher: Matcher) -> int:
    return sum(1 for cell in cells if cell.text and matcher.exact(cell.text) is not None)


def guess_layout(region: list[list[Cell]], matcher: Matcher) -> tuple[str, int, int]:
    """'rows' or 'columns': where more cells name responsibilities exactly (first columns, or header)."""
    down = sum(1 for row in region[1:] if _responsibility_hits(row[:4], matcher))
    across = _responsibility_hits(region[0][1:], matcher) if region else 0
    return ("columns" if across > down else "rows"), down, across


def merges_in(sheet: Sheet, first_row: int) -> list[Located]:
    """Merged ranges that reach the table (from its header row down)."""
    out = []
    for ref in sheet.merges:
        rows = [int(n) for n in re.findall(r"\d+", ref)]
        if max(rows) >= first_row + 1 and ":" in ref:
            out.append(
                Located(
                    f"{sheet.where}!{ref}",
                    "merged cells: srm-check cannot tell which cell their value belongs to",
                )
            )
    return out


def read_table(
    sheet: Sheet,
    matcher: Matcher,
    parties: Parties,
    layout: str | None = None,
    axis: str | None = None,
    header_row: int | None = None,
) -> Table:
    """The sheet's table in rows layout; `layout`, `axis` and `header_row` replace the guesses."""
    meta, start = header_block(sheet, header_row)
    merged = merges_in(sheet, start)
    if merged:
        raise SheetError("unmerge the merged cells of the table and write the value in each cell", merged)
    region = [row for row in sheet.rows[start:]]
    guessed: list[str] = []
    if layout is None:
        layout = _guessed_layout(region, matcher, guessed)
    if layout == "columns":
        region = transpose(region)
    # Empty rows and comment rows (`# ...`) in the table are no rows of it.
    body = [r for r in region[1:] if _filled(r) and not _filled(r)[0].text.startswith("#")]
    header = region[0]
    labels = _label_count(header)
    headings = header[labels:]
    named = [i for i, cell in enumerate(header[:labels]) if normal(cell.text) not in DESCRIBING_HEADINGS]
    rows = [([row[i] for i in named if i < len(row)], row[labels:]) for row in body]
    table = Table(sheet, meta, headings, rows, layout, guessed=guessed)
    table.axis = axis or _guess_axis(table, parties)
    if axis is None:
        table.guessed.append(
            f"columns are {table.axis} ({_AXIS_WORDS[table.axis]}); --axis agreements|parties says otherwise"
        )
    return table


def _guessed_layout(region: list[list[Cell]], matcher: Matcher, guessed: list[str]) -> str:
    layout, down, across = guess_layout(region, matcher)
    where = "across the header row" if layout == "columns" else "down the first columns"
    guessed.append(
        f"responsibilities in {layout} ({max(down, across)} named exactly {where}); "
        "--layout rows|columns says otherwise"
    )
    return layout


def _guess_axis(table: Table, parties: Parties) -> str:
    cells = [c for _, data in table.rows for c in data if c.text]
    if not cells:
        return "agreements"
    raci = sum(1 for c in cells if letters(c.text) is not None)
    headings = [h for h in table.headings if h.text]
    named = sum(1 for h in headings if parties.find(h.text) is not None)
    if raci >= 0.8 * len(cells) or (headings and named == len(headings) and raci >= 0.5 * len(cells)):
        return "parties"
    return "agreements"
