"""Read a CSV file into sheets: decoded strictly (UTF-8 unless told otherwise), its separator
guessed from the first lines, bounded by the limits, each cell located as `file:line:column`.

Sections written by `export` (a row `# sheet: NAME`) become sheets of their own.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from srm_check.authoring.matrix.grid import Cell, Located, Sheet, SheetError, trimmed, unescape
from srm_check.authoring.matrix.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_BYTES, MAX_ROWS
from srm_check.source.reader import decode_text, read_bytes

SECTION = re.compile(r"^#\s*sheet:\s*(.+?)\s*$", re.IGNORECASE)
_SEPARATORS = (",", ";", "\t", "|")


def decode(data: bytes, display: str, encoding: str | None) -> str:
    """The file's text; a byte that is not of its encoding is an error at its line and column."""
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise SheetError(f"--encoding {encoding}: not an encoding Python knows") from exc
        except UnicodeDecodeError as exc:
            before = data[: exc.start]
            line = before.count(b"\n") + 1
            column = exc.start - (before.rfind(b"\n") + 1) + 1
            where = f"{display}:{line}:{column}"
            raise SheetError(
                f"{display} is not {encoding}", [Located(where, f"not {encoding}: {exc.reason}")]
            ) from exc
    text, problem = decode_text(data)
    if text is None:
        span = problem.span if problem else None
        where = f"{display}:{span.line}:{span.column}" if span else display
        message = (
            problem.message.replace("; not YAML", "; not a CSV file") if problem else "cannot be decoded"
        )
        raise SheetError(
            f'{display} is not UTF-8 text: save it as "CSV UTF-8", or name its encoding with '
            "--encoding (for example cp1252)",
            [Located(where, message)],
        )
    return text


def separator(text: str) -> str:
    """The separator the first lines use most consistently (a comma when none shows)."""
    sample = [line for line in text.splitlines()[:20] if line.strip() and not line.startswith("#")]
    best, score = ",", 0
    for candidate in _SEPARATORS:
        counts = [line.count(candidate) for line in sample]
        if counts and min(counts) > 0 and sum(counts) > score:
            best, score = candidate, sum(counts)
    return best


def _check_row(row: list[str], line: int, display: str, cells: int) -> None:
    used = len(row)
    while used and not row[used - 1].strip():
        used -= 1
    if used > MAX_COLUMNS:
        raise SheetError(
            f"{display} has more than {MAX_COLUMNS} columns; srm-check reads at most {MAX_COLUMNS}",
            [Located(f"{display}:{line}", f"{used} columns")],
        )
    for column, text in enumerate(row, 1):
        if len(text) > MAX_CELL_CHARS:
            where = f"{display}:{line}:{column}"
            raise SheetError(
                f"a cell of {display} is over the {MAX_CELL_CHARS}-character limit",
                [Located(where, f"{len(text)} characters")],
            )
    if cells > MAX_CELLS:
        raise SheetError(f"{display} has more than {MAX_CELLS} cells; srm-check reads at most {MAX_CELLS}")


def read_csv(path: Path, display: str, encoding: str | None = None) -> list[Sheet]:
    """The file's sheets (one, or one per `# sheet:` section)."""
    data, problem = read_bytes(path, MAX_CSV_BYTES)
    if data is None:
        raise SheetError(f"{display}: {problem.message if problem else 'cannot read file'}")
    text = decode(data, display, encoding)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator(text))
    sheets: list[Sheet] = []
    name, rows = path.stem, list[list[Cell]]()
    cells = 0
    try:
        for row in reader:
            line = reader.line_num
            cells += len(row)
            _check_row(row, line, display, cells)
            section = SECTION.match(row[0]) if row else None
            if section:
                if trimmed(rows):
                    sheets.append(Sheet(name, trimmed(rows), display))
                name, rows = section.group(1), list[list[Cell]]()
                continue
            rows.append([Cell(unescape(t.strip()), f"{display}:{line}:{c}") for c, t in enumerate(row, 1)])
            if len(rows) > MAX_ROWS:
                raise SheetError(
                    f"{display} has more than {MAX_ROWS} rows; srm-check reads at most {MAX_ROWS}"
                )
    except csv.Error as exc:
        raise SheetError(
            f"{display} is not valid CSV", [Located(f"{display}:{reader.line_num}", str(exc))]
        ) from exc
    if trimmed(rows) or not sheets:
        sheets.append(Sheet(name, trimmed(rows), display))
    return sheets
