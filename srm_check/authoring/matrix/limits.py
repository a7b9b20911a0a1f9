"""Every limit on a spreadsheet that srm-check reads, with its number (docs/spreadsheets.md).

A spreadsheet over a limit is refused with a located error before it costs more than the
limit: a huge or hostile file never reaches unbounded time or memory.
"""

from __future__ import annotations

MAX_CSV_BYTES = 5 * 1024 * 1024  # a CSV file, as for a YAML file
MAX_XLSX_BYTES = 20 * 1024 * 1024  # an XLSX file, compressed
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of an XLSX file, uncompressed
MAX_XLSX_PART = 50 * 1024 * 1024  # one part (a sheet, the shared strings), uncompressed
MAX_XLSX_PARTS = 1_000  # files inside the XLSX archive
MAX_SHEETS = 50
MAX_ROWS = 5_000  # rows of one sheet, empty ones between rows of content included
MAX_COLUMNS = 16_384  # columns of one sheet (XLSX's own limit): an export of many agreements reads back
MAX_CELLS = 1_000_000  # cells read from one file, empty ones included
MAX_CELL_CHARS = 10_000  # characters of one cell
MAX_AGREEMENTS = 1_000  # agreements one import writes
