"""A spreadsheet as sheets of text cells, each knowing where it stands, and the error that
names the cells it is about."""

from __future__ import annotations

from typing import NamedTuple


class Cell(NamedTuple):
    """A cell's text (stripped; '' for an empty cell) and where it is, as shown to people."""

    text: str
    where: str


class Sheet(NamedTuple):
    """A sheet (an XLSX worksheet, or a CSV file or section) as rows of cells."""

    name: str
    rows: list[list[Cell]]
    where: str  # the sheet itself: `file.csv` or `file.xlsx:Sheet1`
    merges: tuple[str, ...] = ()  # merged ranges, such as "A1:C1"


class Located(NamedTuple):
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SheetError(Exception):
    """The spreadsheet cannot be used as it is: `problems` say where, `summary` what to do."""

    def __init__(self, summary: str, problems: list[Located] | None = None) -> None:
        super().__init__(summary)
        self.summary = summary
        self.problems = problems or []


def column_letters(index: int) -> str:
    """Spreadsheet column letters of a 0-based column: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# A text cell that a spreadsheet would run as a formula, written with a leading apostrophe
# by `export` (and by people) so that it stays text: the apostrophe is not part of the text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unescape(text: str) -> str:
    """Text as written, without the apostrophe that kept it from being a formula."""
    if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def escape(text: str) -> str:
    """Text that no spreadsheet runs as a formula (OWASP's advice for CSV files)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def trimmed(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows without their trailing empty cells, and without trailing empty rows."""
    out = []
    for row in rows:
        end = len(row)
        while end and not row[end - 1].text:
            end -= 1
        out.append(row[:end])
    while out and not out[-1]:
        out.pop()
    return out
