"""The one CSV helper: formulas never reach a spreadsheet, numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from hrsuite.exports import csv_response, csv_text, spreadsheet_cell
from hrsuite.imports import EMPLOYEE_FIELDS, plan_import, template_csv, template_row
from tests.factories import EmployeeFactory


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("Kari", "Kari"),
        ("Nord=mann", "Nord=mann"),  # only the first character triggers a formula
        (" =1", " =1"),
        ("'=1", "'=1"),  # already quoted: left alone
        ("", ""),
        (None, ""),
        (Decimal("-1234.50"), Decimal("-1234.50")),  # a number, not text: never quoted
        (Decimal("0.00"), Decimal("0.00")),
        (-7, -7),
        (42, 42),
        (datetime.date(2024, 2, 29), "2024-02-29"),
    ],
)
def test_a_cell_is_shown_and_never_evaluated(value, cell):
    assert spreadsheet_cell(value) == cell
    assert type(spreadsheet_cell(value)) is type(cell)


def test_negative_amounts_come_out_as_plain_numbers_and_header_cells_are_guarded_too():
    text = csv_text(header=["name", "=amount"], rows=[["-Sly", Decimal("-12.30")], ["Kari", 5]])
    assert text.startswith("\ufeff")  # UTF-8 with BOM: spreadsheets read æøå correctly
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["name", "'=amount"],
        ["'-Sly", "-12.30"],
        ["Kari", "5"],
    ]


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("payroll-2024-08.csv", 'attachment; filename="payroll-2024-08.csv"'),
        ('a"b\r\nSet-Cookie: x.csv', 'attachment; filename="a-b-Set-Cookie- x.csv"'),
        ("../../etc/passwd", 'attachment; filename="etc-passwd"'),
        ("Lønn ærø.csv", "attachment; filename*=utf-8''L%C3%B8nn%20%C3%A6r%C3%B8.csv"),
        ("", 'attachment; filename="export.csv"'),
    ],
)
def test_the_file_name_cannot_break_the_header(filename, header):
    response = csv_response(filename=filename, header=["a"], rows=[])
    assert response["Content-Disposition"] == header
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_import_template_is_the_helper_s_file(owner_client, organization):
    response = owner_client.get(reverse("import_template", kwargs={"org_id": organization.id}))
    assert response["Content-Disposition"] == 'attachment; filename="employees-template.csv"'
    assert response.content.decode("utf-8") == template_csv(organization=organization)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [EMPLOYEE_FIELDS, template_row(organization=organization)]


def test_the_template_uploaded_unchanged_renames_nobody(owner_client, organization):
    EmployeeFactory(organization=organization, number="1001", first_name="Kari")
    EmployeeFactory(organization=organization, number="1007")
    content = template_csv(organization=organization).encode()
    plan = plan_import(organization=organization, file_name="employees-template.csv", content=content)
    assert [(row.action, row.values["number"]) for row in plan.rows] == [("create", "1008")]
    assert plan.is_valid
