"""CSV and XLSX downloads: every export of the product goes through csv_response() or
xlsx_response().

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula, and names, descriptions and numbers in these files are typed in by people.
Text cells starting with one of those characters get a leading single quote, as the OWASP
guidance on CSV injection advises. Numbers stay numbers: a negative amount is not text.
"""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # spreadsheet programs read UTF-8 correctly only with it


def spreadsheet_cell(value) -> str | int | Decimal:
    """A value as a cell a spreadsheet shows but never evaluates."""
    if value is None:
        return ""
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_text(*, header: Iterable, rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spreadsheet_cell(value) for value in header)
    writer.writerows((spreadsheet_cell(value) for value in row) for row in rows)
    return BOM + buffer.getvalue()


def safe_filename(filename: str) -> str:
    """No path, quote, control character or line break; letters of any language stay (the
    header then carries them RFC 6266-encoded)."""
    cleaned = re.sub(r'[\x00-\x1f\x7f"\\/:*?<>|]+', "-", filename).strip(".- ")
    return cleaned or "export.csv"


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV file download (UTF-8 with BOM) whose cells are all spreadsheet_cell()s."""
    response = HttpResponse(csv_text(header=header, rows=rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(*, filename: str, header: Iterable, rows: Iterable[Iterable], title: str = "") -> HttpResponse:
    """An XLSX workbook download of one sheet. Cells are spreadsheet_cell()s, written as
    values: a text that looks like a formula keeps its leading quote and is never run;
    dates stay dates so the reader's spreadsheet shows them in its own format."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Export")[:31])

    def cell(value):
        return value if isinstance(value, date) else spreadsheet_cell(value)

    sheet.append([spreadsheet_cell(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    name = safe_filename(filename)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
