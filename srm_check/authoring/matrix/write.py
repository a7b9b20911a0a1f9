"""Write the sheets of an export as CSV (sections `# sheet: NAME`, UTF-8 with a byte-order
mark so that spreadsheet programs read it as UTF-8) or as an XLSX workbook (openpyxl), the
same bytes for the same input: text never becomes a formula, and the workbook's dates and
the archive's timestamps are the export's date (SOURCE_DATE_EPOCH when set)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime, timezone
from typing import Any

from srm_check.authoring.matrix.export import Exported
from srm_check.authoring.matrix.grid import escape


def _value(value: Any) -> Any:
    return escape(value) if isinstance(value, str) else value


def to_csv(exported: Exported) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for name, rows in exported.sheets.items():
        writer.writerow([f"# sheet: {name}"])
        for row in rows:
            writer.writerow(["" if v is None else _value(v) for v in row])
    return "\ufeff" + out.getvalue()


def _moment(generated_at: str) -> datetime:
    try:
        return datetime.strptime(generated_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return datetime(1980, 1, 1, tzinfo=timezone.utc)


def to_xlsx(exported: Exported, generated_at: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    moment = _moment(generated_at)
    workbook = openpyxl.Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for name, rows in exported.sheets.items():
        sheet = workbook.create_sheet(name)
        marks = exported.deviations.get(name, set())
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r + 1, column=c + 1, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even one that starts with "="
                    if value.startswith("#"):
                        cell.font = Font(italic=True)
                if (r, c) in marks:
                    cell.fill = fill
    workbook.properties.creator = "srm-check"
    workbook.properties.created = workbook.properties.modified = moment.replace(tzinfo=None)
    raw = io.BytesIO()
    workbook.save(raw)
    return _stable_zip(raw.getvalue(), moment)


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _w3c(moment: datetime) -> bytes:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def _stable_zip(data: bytes, moment: datetime) -> bytes:
    """The same archive with every entry dated `moment` (zip dates start in 1980)."""
    stamp = max(moment, datetime(1980, 1, 1, tzinfo=timezone.utc)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = _CORE_TIMES.sub(rb"\g<1>" + _w3c(moment) + rb"\g<2>", data)
            target.writestr(entry, data)
    return out.getvalue()
