"""Benchmark: importing 10,000 employees, and importing the same file again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/employee_import.py

Options: --rows N (default 10000), --repeat R (default 3).

Through the full Django stack (upload, preview page, apply) for a fresh organization, then the
same file again (every row unchanged). The baseline, measured in the same run and interleaved
with the imports, is the floor of the write: one plain bulk INSERT of the same employees,
rolled back. Prints the medians, the query counts and the ratios: the first import against
the baseline, the re-import against the first import (goal: at most 1; queries independent
of rows), with the goal of a whole import (preview + apply) under 10 s.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from hrsuite import roles  # noqa: E402
from hrsuite.grants import company_access_grant  # noqa: E402
from hrsuite.imports import plan_import  # noqa: E402
from hrsuite.models import Employee, EmployeeImport, Office, Organization, User  # noqa: E402


def the_file(rows: int) -> bytes:
    lines = ["number,first_name,last_name,email,employment_start,department,annual_salary,national_id"]
    lines += [
        f"{n},Kari{n},Nordmann,kari{n}@example.com,2024-01-01,Department {n % 20},650000.50,15076500565"
        for n in range(1, rows + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def fresh_organization(office) -> Organization:
    return Organization.objects.create(
        office=office,
        name=f"Import bench {uuid.uuid4().hex[:8]}",
        org_number=uuid.uuid4().hex[:12],
        country="NO",
        currency="NOK",
    )


def timed(call) -> tuple[float, int, object]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def import_through_the_pages(client, organization, content) -> dict:
    """Upload, preview page, apply; each step's time and queries."""
    upload_url = reverse("import_upload", kwargs={"org_id": organization.id})
    steps = {}
    steps["upload"] = timed(lambda: client.post(upload_url, {"file": SimpleUploadedFile("employees.csv", content)}))
    employee_import = EmployeeImport.objects.filter(organization=organization).order_by("-uploaded_at").first()
    kwargs = {"org_id": organization.id, "import_id": employee_import.id}
    steps["preview"] = timed(lambda: client.get(reverse("import_preview", kwargs=kwargs)))
    steps["apply"] = timed(lambda: client.post(reverse("import_apply", kwargs=kwargs)))
    assert steps["preview"][2].status_code == 200 and steps["apply"][2].status_code == 302
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.APPLIED, "the import was refused"
    steps["summary"] = employee_import.summary
    steps["preview_bytes"] = len(steps["preview"][2].content)
    return steps


def baseline(office, actor, content) -> float:
    """One plain bulk INSERT of the same employees (validated rows, no history), rolled back."""
    organization = fresh_organization(office)
    employees = [
        row.employee for row in plan_import(organization=organization, file_name="e.csv", content=content).rows
    ]
    for employee in employees:
        employee.department = None
    started = time.perf_counter()
    with transaction.atomic():
        Employee.objects.bulk_create(employees, batch_size=1000)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    organization.delete()
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    office, _ = Office.objects.get_or_create(name="Import bench office")
    actor, _ = User.objects.get_or_create(email="import-bench@example.com", defaults={"full_name": "Import Bench"})
    content = the_file(options.rows)
    print(f"{options.rows} rows, {len(content) / 1024:.0f} KB, {connection.vendor}, {options.repeat} repetitions")

    runs = {"baseline": [], "first": [], "again": []}
    details = {}
    for _ in range(options.repeat):
        runs["baseline"].append(baseline(office, actor, content))
        organization = fresh_organization(office)
        company_access_grant(user=actor, organization=organization, rights=roles.HR_ADMIN)
        client = Client()
        client.force_login(actor)
        for label in ("first", "again"):
            steps = import_through_the_pages(client, organization, content)
            runs[label].append(steps["preview"][0] + steps["apply"][0])
            details[label] = steps
    median = {label: statistics.median(times) for label, times in runs.items()}

    print(f"baseline, plain bulk INSERT:  {median['baseline']:6.2f} s")
    for label, name in (("first", "first import"), ("again", "re-import")):
        steps = details[label]
        print(
            f"{name:<13} preview + apply {median[label]:6.2f} s | upload {steps['upload'][0]:.2f} s, "
            f"preview {steps['preview'][0]:.2f} s ({steps['preview'][1]} queries, {steps['preview_bytes']} bytes), "
            f"apply {steps['apply'][0]:.2f} s ({steps['apply'][1]} queries) | {steps['summary']}"
        )
    print(f"ratio first import / baseline:   {median['first'] / median['baseline']:.1f}")
    print(f"ratio re-import / first import:  {median['again'] / median['first']:.2f} (goal <= 1)")
    print(f"first import under 10 s:         {'yes' if median['first'] <= 10 else 'NO'}")


if __name__ == "__main__":
    main()
