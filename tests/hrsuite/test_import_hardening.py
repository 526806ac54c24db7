"""Import files that used to exhaust a worker or answer 500: each is refused with a clear
message and changes nothing; a re-import costs the same queries for 5 rows and 50."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from hrsuite.imports import (
    MAX_XLSX_UNPACKED_BYTES,
    ImportFileError,
    employee_import_apply,
    employee_import_create,
    plan_import,
    read_rows,
)
from hrsuite.models import Department, Employee, EmployeeImport
from tests.factories import OrganizationFactory
from tests.hrsuite.test_imports import apply_concurrently

HEADER = ["number", "first_name", "last_name", "employment_start"]
SHEET = "xl/worksheets/sheet1.xml"
# Reading a bomb must stay far below what it would take: the fixed reader peaks at a few MB.
MEMORY_LIMIT = 50 * 1024 * 1024


def _workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(content: bytes, write_sheet) -> bytes:
    """The workbook with its first sheet's XML replaced by what write_sheet writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as sheet:
                    write_sheet(sheet, source.read(SHEET))
            else:
                target.writestr(member, source.read(member.filename))
    return out.getvalue()


def dimension_bomb() -> bytes:
    """About 5 KB: declares every cell of the sheet, holds one cell in its last row."""

    def write(sheet, original):
        sheet.write(
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="A1:XFD1048576"/><sheetData>'
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData></worksheet>"
        )

    return _with_sheet(_workbook([["x"]]), write)


def inflating_bomb(megabytes: int = 200) -> bytes:
    """A few hundred KB that inflate to a sheet XML of `megabytes` MB."""
    row = b'<row><c t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
    chunk = row * 1000

    def write(sheet, original):
        sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for _ in range(megabytes * 1024 * 1024 // len(chunk) + 1):
            sheet.write(chunk)
        sheet.write(b"</sheetData></worksheet>")

    return _with_sheet(_workbook([HEADER]), write)


def truncated_sheet() -> bytes:
    rows = [HEADER, *[[str(n), "Kari", "Nordmann", "2024-01-01"] for n in range(1, 50)]]
    return _with_sheet(_workbook(rows), lambda sheet, original: sheet.write(original[: len(original) // 2]))


def _peak_while(call) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


class TestBombs:
    def test_a_declared_dimension_of_the_whole_sheet_is_not_read_cell_by_cell(self):
        content = dimension_bomb()
        assert len(content) < 10_000

        def read():
            with pytest.raises(ImportFileError, match="empty"):
                read_rows(file_name="bomb.xlsx", content=content)

        assert _peak_while(read) < MEMORY_LIMIT

    def test_the_declared_dimension_does_not_widen_rows_with_a_header(self):
        content = _with_sheet(
            _workbook([HEADER, ["1", "Kari", "Nordmann", "2024-01-01"]]),
            lambda sheet, original: sheet.write(original.replace(b'ref="A1:D2"', b'ref="A1:XFD1048576"')),
        )
        rows = read_rows(file_name="wide.xlsx", content=content)
        assert rows == [
            {"number": "1", "first_name": "Kari", "last_name": "Nordmann", "employment_start": "2024-01-01"}
        ]

    def test_a_sheet_that_inflates_past_the_cap_is_refused_before_parsing(self):
        content = inflating_bomb()
        assert len(content) < 2 * 1024 * 1024
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.getinfo(SHEET).file_size > MAX_XLSX_UNPACKED_BYTES

        def read():
            with pytest.raises(ImportFileError, match="unpacks to more than 64 MB"):
                read_rows(file_name="bomb.xlsx", content=content)

        assert _peak_while(read) < MEMORY_LIMIT

    def test_rows_past_the_limit_are_not_read(self, monkeypatch):
        monkeypatch.setattr("hrsuite.imports.MAX_ROWS", 3)
        rows = [HEADER, *[[str(n), "A", "B", "2024-01-01"] for n in range(1, 10)]]
        for name, content in [("x.xlsx", _workbook(rows)), ("x.csv", "\n".join(map(",".join, rows)).encode())]:
            with pytest.raises(ImportFileError, match="at most 3 rows"):
                read_rows(file_name=name, content=content)


def _upload(client, organization, name, content):
    url = reverse("import_upload", kwargs={"org_id": organization.id})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x81\x8d"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.csv", PNG, "not a CSV text file"),
        ("book.csv", _workbook([HEADER]), "give it the .xlsx extension"),
        ("long.csv", (",".join(HEADER) + "\n1,Kari," + "x" * 200_000 + ",2024-01-01\n").encode(), "Line 2"),
        ("nul.csv", (",".join(HEADER) + "\n1,Kari\x00,Nordmann,2024-01-01\n").encode(), "not a CSV text file"),
        ("cut.xlsx", truncated_sheet(), "not a readable XLSX"),
        ("cut-zip.xlsx", _workbook([HEADER])[:-200], "not a readable XLSX"),
        ("dimension.xlsx", dimension_bomb(), "empty"),
        ("inflating.xlsx", inflating_bomb(70), "unpacks to more than"),
    ],
)
def test_unreadable_uploads_say_why_and_change_nothing(owner_client, organization, name, content, message):
    response = _upload(owner_client, organization, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EmployeeImport.objects.exists()
    assert not Employee.objects.exists()


def test_a_utf16_csv_as_saved_by_spreadsheets_is_read(organization):
    content = "number\tfirst_name\tlast_name\temployment_start\n5\tÅse\tØvre\t2024-01-01\n".encode("utf-16")
    plan = plan_import(organization=organization, file_name="unicode.csv", content=content)
    assert plan.is_valid
    assert plan.rows[0].employee.first_name == "Åse"


def _file(rows: int, first: int = 1) -> bytes:
    lines = ["number,first_name,last_name,employment_start,department,national_id"]
    lines += [f"{n},Kari,Nordmann,2024-01-01,Dept {n % 7},15076500565" for n in range(first, first + rows)]
    return ("\n".join(lines) + "\n").encode()


def _reimport_queries(organization, owner, rows: int) -> tuple[int, int]:
    employee_import_apply(
        employee_import=employee_import_create(
            organization=organization, actor=owner, file_name="a.csv", content=_file(rows)
        ),
        actor=owner,
    )
    again = employee_import_create(organization=organization, actor=owner, file_name="a.csv", content=_file(rows))
    with CaptureQueriesContext(connection) as preview:
        plan = plan_import(organization=organization, file_name="a.csv", content=_file(rows))
    assert plan.count("unchanged") == rows
    with CaptureQueriesContext(connection) as applied:
        employee_import_apply(employee_import=again, actor=owner)
    return len(preview), len(applied)


@pytest.mark.django_db
def test_reimport_queries_do_not_grow_with_rows(organization, owner):
    small = _reimport_queries(organization, owner, 5)
    large = _reimport_queries(OrganizationFactory(name="Bigger AS"), owner, 50)
    assert small == large
    # Preview: the organization's module switches (which modules add columns), its
    # departments, its employees, their salary terms in force.
    # Apply: a savepoint, the import row locked, the organization locked, the importer's
    # rights there, the plan's four reads, the departments once more, the stored end dates,
    # the status update, the audit event, the release.
    assert small == (4, 13)


@pytest.mark.django_db
def test_first_import_creates_departments_in_one_statement(organization, owner):
    employee_import = employee_import_create(
        organization=organization, actor=owner, file_name="a.csv", content=_file(50)
    )
    with CaptureQueriesContext(connection) as queries:
        employee_import_apply(employee_import=employee_import, actor=owner)
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "hrsuite_department"')]
    assert len(inserts) == 1
    assert Department.objects.filter(organization=organization).count() == 7


def test_preview_page_is_paginated_errors_first_and_its_size_does_not_grow(owner_client, organization, owner):
    def page_bytes(rows):
        content = _file(rows).decode().replace("\n3,Kari,Nordmann,2024-01-01", "\n3,Kari,Nordmann,not-a-date")
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="a.csv", content=content.encode()
        )
        url = reverse("import_preview", kwargs={"org_id": organization.id, "import_id": employee_import.id})
        response = owner_client.get(url)
        body = response.content.decode()
        assert body.index("row-error") < body.index(">New<")
        return len(response.content)

    # Bytes vary only with the digits of counts and row numbers.
    assert abs(page_bytes(60) - page_bytes(600)) < 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL; SQLite serializes them"
)
def test_twenty_concurrent_imports_of_one_file_create_each_employee_once(organization, owner):
    imports = [
        employee_import_create(organization=organization, actor=owner, file_name="a.csv", content=_file(5))
        for _ in range(20)
    ]
    assert apply_concurrently(imports, owner) == []
    assert Employee.objects.filter(organization=organization).count() == 5
    summaries = sorted(EmployeeImport.objects.values_list("summary__created", flat=True))
    assert summaries == [0] * 19 + [5]


def test_dates_outside_the_range_are_row_errors(organization):
    content = (",".join(HEADER) + "\n1,Kari,Nordmann,0001-01-01\n2,Ola,Hansen,9999-12-31\n").encode()
    plan = plan_import(organization=organization, file_name="edge.csv", content=content)
    assert [row.errors["employment_start"] for row in plan.rows] == [["Enter a date between 1900 and 2200."]] * 2
