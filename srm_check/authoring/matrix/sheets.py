"""The sheets beside a matrix that `export` writes: the agreements' own fields, and the
cost notes and notes of their assignments. `import` reads them back by their headings."""

from __future__ import annotations

import json
from typing import Any

from srm_check.authoring.matrix.grid import Cell, Located, Sheet, SheetError
from srm_check.authoring.matrix.match import normal
from srm_check.authoring.matrix.model import AGREEMENTS_SHEET, COSTS_SHEET

SIDE_SHEETS = frozenset({normal(AGREEMENTS_SHEET), normal(COSTS_SHEET)})


def records(sheet: Sheet) -> list[dict[str, Cell]]:
    """The sheet's rows below its first row, by the normalized heading of each column (rows
    starting with `#` are the header block)."""
    rows = [r for r in sheet.rows if r and not r[0].text.startswith("#") and any(c.text for c in r)]
    if not rows:
        return []
    headings = [normal(c.text) for c in rows[0]]
    return [{h: cell for h, cell in zip(headings, row, strict=False) if h} for row in rows[1:]]


def text(record: dict[str, Cell], key: str) -> str | None:
    cell = record.get(normal(key))
    return cell.text if cell is not None and cell.text else None


def parties_of(record: dict[str, Cell]) -> list[dict[str, Any]]:
    """The agreement's own parties, written as JSON in the `parties` column."""
    cell = record.get("parties")
    if cell is None or not cell.text:
        return []
    try:
        value = json.loads(cell.text)
    except ValueError as exc:
        raise SheetError("the parties column holds JSON", [Located(cell.where, f"not JSON: {exc}")]) from exc
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise SheetError(
            "the parties column holds a JSON list of parties", [Located(cell.where, "not a list of objects")]
        )
    return value


def amount(record: dict[str, Cell]) -> int | float | None:
    cell = record.get("amount")
    if cell is None or not cell.text:
        return None
    raw = cell.text.replace(",", "").replace(" ", "")
    try:
        number = float(raw)
    except ValueError as exc:
        raise SheetError(
            "a cost amount is a number", [Located(cell.where, f"'{cell.text}' is not a number")]
        ) from exc
    return int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
