import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.urls import reverse
from openpyxl import Workbook

from hrsuite.imports import ImportFileError, employee_import_apply, employee_import_create, plan_import, read_rows
from hrsuite.models import Department, Employee, EmployeeImport
from tests.factories import EmployeeFactory

GOOD = (
    "number,first_name,last_name,email,employment_start,department,annual_salary,national_id\n"
    "101,Kari,Nordmann,kari@example.com,2024-01-01,Finance,650000.50,15076500565\n"
    '102,Ola,Hansen,ola@example.com,01.02.2023,Sales,"540 000,00",\n'
)


def upload(client, organization, name, content):
    url = reverse("import_upload", kwargs={"org_id": organization.id})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def apply(client, employee_import):
    url = reverse("import_apply", kwargs={"org_id": employee_import.organization_id, "import_id": employee_import.id})
    return client.post(url)


class TestReading:
    def test_semicolon_csv_with_comma_decimals(self, organization):
        content = "number;first_name;last_name;employment_start;annual_salary\n7;Per;Berg;2024-01-01;512345,25\n"
        plan = plan_import(organization=organization, file_name="x.csv", content=content.encode())
        assert plan.is_valid
        assert plan.rows[0].term_change.values["annual_salary"] == Decimal("512345.25")

    def test_xlsx_with_real_dates(self, organization):
        import datetime

        book = Workbook()
        sheet = book.active
        sheet.append(["number", "first_name", "last_name", "employment_start", "annual_salary"])
        sheet.append([8, "Siri", "Dahl", datetime.datetime(2022, 3, 1), 600000])
        buffer = io.BytesIO()
        book.save(buffer)
        plan = plan_import(organization=organization, file_name="x.xlsx", content=buffer.getvalue())
        assert plan.is_valid
        row = plan.rows[0].employee
        assert (row.number, row.employment_start) == ("8", datetime.date(2022, 3, 1))

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("x.csv", b"", "empty"),
            ("x.csv", b"first_name,last_name\nA,B\n", "lacks the column(s): number, employment_start"),
            ("x.csv", b"number,first_name,last_name,employment_start,shoe_size\n", "Unknown column(s): shoe_size"),
            ("x.xlsx", b"not a workbook", "not a readable XLSX"),
            ("x.pdf", b"%PDF", "Upload a .csv or .xlsx file"),
        ],
    )
    def test_unreadable_files_say_why(self, name, content, message):
        with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
            read_rows(file_name=name, content=content)


class TestValidation:
    def test_every_bad_row_is_reported_with_row_number_and_field(self, organization):
        content = (
            "number,first_name,last_name,employment_start,employment_end,annual_salary,national_id\n"
            "1,Ok,Row,2024-01-01,,1000,\n"
            "2,,Nameless,2024-01-01,,1000,\n"
            "3,Bad,Date,2024-13-01,,1000,\n"
            "4,Neg,Salary,2024-01-01,,-5,\n"
            "5,Ends,Early,2024-01-01,2023-01-01,1000,\n"
            "6,Bad,Fnr,2024-01-01,,1000,12345678901\n"
            "1,Dup,Number,2024-01-01,,1000,\n"
        )
        plan = plan_import(organization=organization, file_name="x.csv", content=content.encode())
        errors = {row.row_number: set(row.errors) for row in plan.errors}
        assert errors == {
            3: {"first_name"},
            4: {"employment_start"},
            5: {"annual_salary"},
            6: {"employment_end"},
            7: {"national_id"},
            8: {"number"},
        }
        assert not plan.is_valid

    def test_a_file_with_any_bad_row_changes_nothing(self, owner, organization):
        content = GOOD + "103,Bad,Row,not-a-date,,1000,\n"
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="x.csv", content=content.encode()
        )
        with pytest.raises(ValidationError):
            employee_import_apply(employee_import=employee_import, actor=owner)
        assert Employee.objects.filter(organization=organization).count() == 0
        assert Department.objects.filter(organization=organization).count() == 0
        employee_import.refresh_from_db()
        assert employee_import.status == EmployeeImport.Status.PREVIEWED


class TestApply:
    def test_preview_then_import_creates_employees_and_departments(self, owner_client, organization):
        response = upload(owner_client, organization, "staff.csv", GOOD.encode())
        employee_import = EmployeeImport.objects.get(organization=organization)
        assert response["Location"].endswith(f"/imports/{employee_import.id}/")
        preview = owner_client.get(response["Location"]).content.decode()
        assert "The file is valid" in preview and Employee.objects.count() == 0
        apply(owner_client, employee_import)
        kari = Employee.objects.get(organization=organization, number="101")
        assert kari.department.name == "Finance" and kari.salary_terms.get().annual_salary == Decimal("650000.50")
        assert Employee.objects.get(number="102").salary_terms.get().annual_salary == Decimal("540000.00")
        assert kari.history.count() == 1

    def test_reimporting_the_same_file_changes_nothing(self, owner, organization):
        first = employee_import_create(organization=organization, actor=owner, file_name="a.csv", content=GOOD.encode())
        employee_import_apply(employee_import=first, actor=owner)
        history_before = Employee.history.count()
        second = employee_import_create(
            organization=organization, actor=owner, file_name="a.csv", content=GOOD.encode()
        )
        result = employee_import_apply(employee_import=second, actor=owner)
        assert result.summary == {"created": 0, "updated": 0, "unchanged": 2}
        assert Employee.history.count() == history_before

    def test_changed_row_updates_only_that_employee(self, owner, organization):
        EmployeeFactory(organization=organization, number="101", first_name="Kari", last_name="Old")
        content = "number,first_name,last_name,employment_start\n101,Kari,New,2020-01-01\n"
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="a.csv", content=content.encode()
        )
        plan = plan_import(organization=organization, file_name="a.csv", content=content.encode())
        assert plan.rows[0].action == "update" and plan.rows[0].changed_fields == ["last_name"]
        employee_import_apply(employee_import=employee_import, actor=owner)
        assert Employee.objects.get(number="101").last_name == "New"
        assert Employee.history.filter(number="101").first().history_user == owner

    def test_applying_twice_is_idempotent(self, owner_client, owner, organization):
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="a.csv", content=GOOD.encode()
        )
        apply(owner_client, employee_import)
        apply(owner_client, employee_import)
        assert Employee.objects.filter(organization=organization).count() == 2

    def test_import_of_another_organization_answers_404(self, owner_client, outsider, other_organization):
        foreign = employee_import_create(
            organization=other_organization, actor=outsider, file_name="a.csv", content=GOOD.encode()
        )
        url = reverse("import_preview", kwargs={"org_id": owner_client_org(owner_client), "import_id": foreign.id})
        assert owner_client.get(url).status_code == 404

    def test_bad_upload_shows_the_reason_on_the_form(self, owner_client, organization):
        response = upload(owner_client, organization, "x.csv", b"first_name\nA\n")
        assert response.status_code == 200
        assert "lacks the column(s)" in response.content.decode()
        assert not EmployeeImport.objects.exists()


def owner_client_org(client):
    from hrsuite.models import CompanyAccess

    return CompanyAccess.objects.get(user_id=client.session["_auth_user_id"]).organization_id


def apply_concurrently(employee_imports, actor) -> list[Exception]:
    """Apply each import from its own thread, all released at once; the errors raised."""
    barrier = threading.Barrier(len(employee_imports))
    failures = []

    def worker(employee_import):
        try:
            barrier.wait()
            employee_import_apply(employee_import=employee_import, actor=actor)
        except Exception as error:  # pragma: no cover - reported by the caller
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(employee_import,)) for employee_import in employee_imports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serializes writers")
def test_concurrent_apply_imports_once(organization, owner):
    employee_import = employee_import_create(
        organization=organization, actor=owner, file_name="a.csv", content=GOOD.encode()
    )
    assert apply_concurrently([employee_import] * 2, owner) == []
    assert Employee.objects.filter(organization=organization).count() == 2
    assert Employee.history.count() == 2


def test_errors_name_the_column_as_the_form_does(owner, owner_client, organization):
    from hrsuite.models import EmployeeImport

    content = (
        b"number,first_name,last_name,employment_start,bank_account,postal_code\n"
        b"7,Per,,2024-01-01,,\n"
        b"8,Ola,Berg,2024-01-01,123,abcdefghijk\n"
    )
    employee_import = EmployeeImport.objects.create(
        organization=organization, uploaded_by=owner, file_name="x.csv", content=content
    )
    url = reverse("import_preview", kwargs={"org_id": organization.id, "import_id": employee_import.id})
    page = owner_client.get(url).content.decode()
    assert 'Row 2, Last name <span class="mono muted">(last_name)</span>' in page
    assert "Row 3, Bank account" in page and "A Norwegian account number has 11 digits" in page
    assert "Row 3, Postal code" in page
