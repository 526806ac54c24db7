"""PostgreSQL fast paths of the payroll period: the whole organization's month in one
INSERT ... SELECT each, so the data never leaves the database.

They compute exactly what the portable paths in services/ compute (flex.month_figures +
overviews._write_chunk, and the salary loop of payroll.payroll_run_build); tests/timesheets/
test_payroll_period.py runs both on PostgreSQL and compares every row. Used only for the
whole organization (the job, "Calculate overviews", "Build run"); one employee's month
takes the portable path.
"""

from datetime import date

from django.db import connection
from django.utils import timezone

from hrsuite.models import Organization, SalaryType
from timesheets import calendar
from timesheets.models import Activity, LineKind, OverviewStatus, PayrollRun, PayType, PayTypeKind, TimesheetSettings

ENABLED = True  # tests switch it off to compare with the portable path


def available() -> bool:
    return ENABLED and connection.vendor == "postgresql"


MONTH_UPSERT = """
WITH entries AS MATERIALIZED (
    SELECT employee_id,
           SUM(hours) FILTER (WHERE activity_id = ANY(%(generating)s::uuid[])) AS logged,
           SUM(hours) FILTER (WHERE pay_type_id = ANY(%(overtime)s::uuid[])) AS overtime,
           COUNT(DISTINCT date) FILTER (WHERE date = ANY(%(ahead)s::date[])) AS days_ahead
    FROM timesheets_timeentry
    WHERE organization_id = %(organization)s AND date >= %(first)s AND date <= %(end)s
    GROUP BY employee_id
), figures AS MATERIALIZED (
    SELECT e.id AS employee_id,
           COALESCE(p.closing_balance, 0) AS opening,
           COALESCE(x.logged, 0) AS logged,
           COALESCE(x.overtime, 0) AS overtime,
           COALESCE(e.normal_hours_per_day, %(normal)s) * (
               COALESCE(x.days_ahead, 0) + (
                   SELECT COUNT(*) FROM unnest(%(working)s::date[]) AS day
                   WHERE day >= GREATEST(%(first)s, e.employment_start)
                     AND day <= LEAST(%(end)s, %(today)s, COALESCE(e.employment_end, %(end)s))
               )
           ) AS normal
    FROM hrsuite_employee e
    LEFT JOIN entries x ON x.employee_id = e.id
    LEFT JOIN timesheets_monthlyoverview p ON p.employee_id = e.id AND p.month = %(previous)s
    WHERE e.organization_id = %(organization)s AND e.salary_type = %(monthly)s
      AND e.employment_start <= %(end)s AND (e.employment_end IS NULL OR e.employment_end >= %(month)s)
)
INSERT INTO timesheets_monthlyoverview AS o (
    id, organization_id, employee_id, month, status, opening_balance, logged_hours, normal_hours, change,
    overtime_hours, payout_hours, closing_balance, computed_at
)
SELECT gen_random_uuid(), %(organization)s, employee_id, %(month)s, %(open)s, opening, logged, normal,
       logged - normal, overtime, 0, opening + logged - normal, %(now)s
FROM figures
ON CONFLICT (employee_id, month) DO UPDATE SET
    opening_balance = excluded.opening_balance,
    logged_hours = excluded.logged_hours,
    normal_hours = excluded.normal_hours,
    change = excluded.change,
    overtime_hours = excluded.overtime_hours,
    closing_balance = excluded.opening_balance + excluded.change - o.payout_hours,
    computed_at = excluded.computed_at
WHERE o.status = %(open)s
"""


def month_upsert(*, organization: Organization, settings: TimesheetSettings, month: date, today: date) -> int:
    end = calendar.month_end(month)
    first = max(month, settings.flex_start)
    working = list(calendar.working_days(month, organization.country))
    params = {
        "organization": organization.id,
        "month": month,
        "previous": calendar.previous_month(month),
        "first": first,
        "end": end,
        "today": today,
        "working": working,
        "ahead": [day for day in working if day > today and day >= first],
        "generating": list(
            Activity.objects.filter(organization=organization, generates_hours=True).values_list("id", flat=True)
        ),
        "overtime": list(
            PayType.objects.filter(organization=organization, kind=PayTypeKind.OVERTIME).values_list("id", flat=True)
        ),
        "normal": organization.normal_hours_per_day,
        "monthly": SalaryType.MONTHLY.value,
        "open": OverviewStatus.OPEN.value,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(MONTH_UPSERT, params)
        return cursor.rowcount


# ROUND(numeric, 2) rounds half away from zero: the rule of hrsuite.money.round_money, so this
# fast path and the portable one agree to the cent (tests/timesheets/test_payroll_period.py).
SALARY_INSERT = """
INSERT INTO timesheets_payrollline (
    id, run_id, employee_id, overview_id, pay_type_id, kind, key, description, hours, rate, percentage, amount
)
SELECT gen_random_uuid(), %(run)s, e.id, NULL, NULL, %(salary)s, %(salary)s, '', NULL, NULL, e.employment_percentage,
       ROUND(e.annual_salary / 12 * e.employment_percentage / 100 * CASE
           WHEN e.employment_start <= %(period)s AND (e.employment_end IS NULL OR e.employment_end >= %(end)s) THEN 1
           ELSE GREATEST(LEAST(%(end)s, COALESCE(e.employment_end, %(end)s)) - GREATEST(%(period)s, e.employment_start)
                         + 1, 0)::numeric / %(days)s
       END, 2)
FROM hrsuite_employee e
WHERE e.organization_id = %(organization)s AND e.salary_type = %(monthly)s
  AND e.employment_start <= %(end)s AND (e.employment_end IS NULL OR e.employment_end >= %(period)s)
ON CONFLICT (run_id, employee_id, key) DO NOTHING
"""


def salary_lines_insert(*, run: PayrollRun) -> int:
    end = calendar.month_end(run.period)
    params = {
        "run": run.id,
        "organization": run.organization_id,
        "period": run.period,
        "end": end,
        "days": (end - run.period).days + 1,
        "salary": LineKind.SALARY.value,
        "monthly": SalaryType.MONTHLY.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(SALARY_INSERT, params)
        return cursor.rowcount
