"""Read an XLSX workbook into sheets, through openpyxl in read-only mode, after checking the
archive: its size, its parts and their uncompressed size (a zip bomb is refused before any
XML is parsed). Formulas are never evaluated: a formula cell is an error at its cell.
Merged cells, which hide which cells their value belongs to, are an error in the table.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from srm_check.authoring.matrix.grid import (
    Cell,
    Located,
    Sheet,
    SheetError,
    column_letters,
    trimmed,
    unescape,
)
from srm_check.authoring.matrix.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_XLSX_BYTES,
    MAX_XLSX_PART,
    MAX_XLSX_PARTS,
    MAX_XLSX_UNCOMPRESSED,
)

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def check_archive(path: Path, display: str) -> None:
    """Refuse a file that is too large, not a zip archive, or that would unpack too large."""
    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise SheetError(f"{display} is {size} bytes, over the {MAX_XLSX_BYTES}-byte limit for XLSX files")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(f"{display} is not an XLSX workbook (not a zip archive: {exc})") from exc
    if len(parts) > MAX_XLSX_PARTS:
        raise SheetError(f"{display} holds {len(parts)} parts, over the limit of {MAX_XLSX_PARTS}")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_XLSX_PART or total > MAX_XLSX_UNCOMPRESSED:
            raise SheetError(
                f"{display} would unpack to more than srm-check reads ({part.filename}: {part.file_size} "
                f"bytes; limits: {MAX_XLSX_PART} bytes a part, {MAX_XLSX_UNCOMPRESSED} in all); "
                "it was not opened (a zip bomb?)"
            )


def merged_ranges(path: Path, part: str) -> list[str]:
    """The merged ranges a worksheet part declares (read-only mode does not keep them)."""
    found: list[str] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            found += [m.decode() for m in _MERGE.findall(block)]
            tail = block[-200:]
            found = list(dict.fromkeys(found))
    return found


def _text(cell: Any, where: str) -> str:
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        raise SheetError(
            "the workbook holds a formula; srm-check never evaluates formulas: replace it with its value",
            [Located(where, f"formula {str(value)[:80]}")],
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:10] if text.endswith("T00:00:00") else text
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise SheetError(
            f"a cell is over the {MAX_CELL_CHARS}-character limit",
            [Located(where, f"{len(text)} characters")],
        )
    return unescape(text.strip())


def _rows(worksheet: Any, where: str, budget: list[int]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for r, row in enumerate(worksheet.iter_rows(), 1):
        if r > MAX_ROWS:
            raise SheetError(f"{where} has more than {MAX_ROWS} rows; srm-check reads at most {MAX_ROWS}")
        budget[0] += len(row)
        if budget[0] > MAX_CELLS:
            raise SheetError(
                f"{where} has more than {MAX_CELLS} cells (empty ones included); srm-check reads "
                f"at most {MAX_CELLS}"
            )
        cells = [
            Cell(_text(cell, f"{where}!{column_letters(c)}{r}"), f"{where}!{column_letters(c)}{r}")
            for c, cell in enumerate(row)
        ]
        used = len(cells)
        while used and not cells[used - 1].text:
            used -= 1
        if used > MAX_COLUMNS:
            raise SheetError(
                f"{where} has more than {MAX_COLUMNS} columns",
                [Located(f"{where}!{column_letters(used - 1)}{r}", "the last cell")],
            )
        rows.append(cells[:used])
    return trimmed(rows)


def read_xlsx(path: Path, display: str) -> list[Sheet]:
    """The workbook's sheets, with their merged ranges (the caller judges those in its table)."""
    check_archive(path, display)
    import openpyxl  # only for XLSX: a dependency that `check` never imports

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except SheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise SheetError(
            f"{display} cannot be read as an XLSX workbook: {type(exc).__name__}: {exc}"
        ) from exc
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise SheetError(
                f"{display} has {len(workbook.worksheets)} sheets, over the limit of {MAX_SHEETS}"
            )
        budget = [0]
        sheets = []
        for worksheet in workbook.worksheets:
            where = f"{display}:{worksheet.title}"
            rows = _rows(worksheet, where, budget)
            merges = (
                merged_ranges(path, worksheet._worksheet_path)
                if hasattr(worksheet, "_worksheet_path")
                else []
            )
            sheets.append(Sheet(worksheet.title, rows, where, tuple(merges)))
        return sheets
    except SheetError:
        raise
    except Exception as exc:
        raise SheetError(
            f"{display} cannot be read as an XLSX workbook: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        workbook.close()
