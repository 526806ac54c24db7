"""Benchmark: the payroll period of a 10,000-employee organization on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/payroll_period.py

Options: --employees N (default 10000), --keep (leave the generated entries in place).

It builds the data with `seed_demo --employees N`, bulk-inserts one month of time entries
(one row per employee and working day, about 220,000 rows; COPY), then times, in one run:
  * the baseline: one raw SQL aggregate, SUM(hours) GROUP BY employee over the same rows;
  * the payroll-period job for the organization (payroll_period_process):
    computing every monthly overview of the month and building the payroll run;
and prints the times, the query counts and the ratio of the job to the baseline (goal:
under 30 s and at most 5x). As extra information it also times approving every overview
(set-based), rebuilding the run with their overtime lines, and writing the run's deduction
lines alone (first write and a rerun without change) on the PostgreSQL fast path and on the
portable path.
"""

import argparse
import io
import os
import random
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hrsuite.models import Employee, Organization  # noqa: E402
from hrsuite.services import module_switch  # noqa: E402
from timesheets import calendar, pg  # noqa: E402
from timesheets.models import (  # noqa: E402
    NOT_PAY_KINDS,
    Activity,
    MonthlyOverview,
    PayrollLine,
    PayrollRun,
    PayType,
    TimesheetSettings,
)
from timesheets.services.netpay import deduction_lines_write  # noqa: E402
from timesheets.services.overviews import overviews_approve  # noqa: E402
from timesheets.services.payroll import payroll_run_build  # noqa: E402
from timesheets.services.period import payroll_period_process  # noqa: E402

MONTH = date(2025, 10, 1)  # 23 working days in Norway
AFTER = date(2025, 11, 3)


def prepare(count: int) -> Organization:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", employees=count, stdout=io.StringIO())
    organization = Organization.objects.get(country="NO", org_number=f"9{count:08d}")
    module_switch(organization=organization, key="timesheets", enabled=True, actor=None)
    organization.refresh_from_db()
    TimesheetSettings.objects.update_or_create(
        organization=organization, defaults={"flex_start": MONTH, "annual_hours_divisor": Decimal("1950")}
    )
    work = Activity.objects.get_or_create(organization=organization, name="Project work")[0]
    internal = Activity.objects.get_or_create(organization=organization, name="Internal")[0]
    overtime = PayType.objects.get_or_create(
        organization=organization, name="Overtime 50 %", defaults={"percentage": Decimal("50")}
    )[0]
    reset(organization)
    rows = insert_entries(organization, work, internal, overtime)
    with connection.cursor() as cursor:  # as a nightly autovacuum would leave them
        for table in (
            "hrsuite_employee",
            "hrsuite_salaryterm",
            "timesheets_timeentry",
            "timesheets_monthlyoverview",
            "timesheets_payrollline",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"organization {organization.name}: {Employee.objects.filter(organization=organization).count()} employees")
    print(f"time entries in {MONTH:%Y-%m}: {rows} rows (bulk COPY)")
    return organization


def reset(organization: Organization) -> None:
    """Plain SQL deletes: the ORM would load every row to send delete signals (and write a
    history row for each of 200,000 entries)."""
    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM timesheets_payrollline WHERE run_id IN "
            "(SELECT id FROM timesheets_payrollrun WHERE organization_id = %s)",
            "DELETE FROM timesheets_payrollrun WHERE organization_id = %s",
            "DELETE FROM timesheets_historicalmonthlyoverview WHERE organization_id = %s",
            "DELETE FROM timesheets_monthlyoverview WHERE organization_id = %s",
            "DELETE FROM timesheets_timeentry WHERE organization_id = %s",
        ):
            cursor.execute(sql, [organization.id])


def insert_entries(organization: Organization, work: Activity, internal: Activity, overtime: PayType) -> int:
    rng = random.Random(4)
    days = calendar.working_days(MONTH, organization.country)
    buffer = io.StringIO()
    rows = 0
    employees = Employee.objects.filter(organization=organization).values_list("id", "employment_start")
    for employee_id, start in employees:
        for day in days:
            if day < start or rng.random() < 0.02:  # a few unlogged days draw from the balance
                continue
            hours = rng.choice(["7.50", "8.00", "8.00", "8.00", "8.50", "9.00", "10.00"])
            pay_type = overtime.id if hours == "10.00" and rng.random() < 0.5 else r"\N"
            buffer.write(f"{uuid.uuid4()}\t{organization.id}\t{employee_id}\t{day}\t{work.id}\t{pay_type}\t{hours}\t\n")
            rows += 1
            if rng.random() < 0.08:  # an hour of internal meetings on some days
                buffer.write(f"{uuid.uuid4()}\t{organization.id}\t{employee_id}\t{day}\t{internal.id}\t\\N\t1.00\t\n")
                rows += 1
    buffer.seek(0)
    columns = "(id, organization_id, employee_id, date, activity_id, pay_type_id, hours, comment)"
    with connection.cursor() as cursor, cursor.copy(f"COPY timesheets_timeentry {columns} FROM STDIN") as copy:
        copy.write(buffer.read())
    return rows


def timed(function):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries)


def raw_aggregate(organization: Organization):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT employee_id, SUM(hours) FROM timesheets_timeentry "
                "WHERE organization_id = %s AND date >= %s AND date <= %s GROUP BY employee_id",
                [organization.id, MONTH, calendar.month_end(MONTH)],
            )
            return cursor.fetchall()

    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")

    organization = prepare(options.employees)
    raw_aggregate(organization)  # warm the cache, as the job finds it
    rows, baseline, _queries = raw_aggregate(organization)
    result, job, job_queries = timed(
        lambda: payroll_period_process(organization=organization, period=MONTH, today=AFTER)
    )
    run = PayrollRun.objects.get(id=result["run"])
    lines = run.lines.count()
    ids = list(MonthlyOverview.objects.filter(organization=organization, month=MONTH).values_list("id", flat=True))
    approved, approve_time, approve_queries = timed(
        lambda: overviews_approve(organization=organization, overview_ids=ids, actor=None, today=AFTER)
    )
    _run, rebuild_time, rebuild_queries = timed(lambda: payroll_run_build(organization=organization, period=MONTH))

    print(f"raw SQL aggregate (SUM GROUP BY employee, {len(rows)} groups): {baseline:.3f} s")
    print(
        f"JOB payroll_period_process (all overviews + payroll run): {job:.3f} s, {job_queries} queries, "
        f"{result['computed']} overviews, {lines} lines"
    )
    print(f"RATIO job / raw aggregate: {job / baseline:.1f}x   (goal: < 30 s and <= 5x)")
    print(
        f"extra: approve all {approved} overviews {approve_time:.3f} s ({approve_queries} queries); "
        f"rebuild run with their lines {rebuild_time:.3f} s ({rebuild_queries} queries), "
        f"{run.lines.count()} lines"
    )
    for label, enabled in (("PostgreSQL fast path", True), ("portable path", False)):
        pg.ENABLED = enabled
        print(f"deduction lines, {label}: {deductions(run)}")
    pg.ENABLED = True
    if not options.keep:
        reset(organization)


def deductions(run: PayrollRun) -> str:
    """Time deduction_lines_write from no deduction lines, then again with nothing changed."""
    PayrollLine.objects.filter(run=run, kind__in=NOT_PAY_KINDS)._raw_delete(connection.alias)
    written, first, first_queries = timed(lambda: deduction_lines_write(run=run))
    _written, rerun, rerun_queries = timed(lambda: deduction_lines_write(run=run))
    return (
        f"first write {first:.3f} s ({first_queries} queries, {written} lines), "
        f"rerun without change {rerun:.3f} s ({rerun_queries} queries)"
    )


if __name__ == "__main__":
    main()
