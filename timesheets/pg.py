"""PostgreSQL fast paths of the payroll period: the whole organization's month in one
INSERT ... SELECT each, so the data never leaves the database.

They compute exactly what the portable paths in services/ compute (flex.month_figures +
overviews._write_chunk; the fixed salaries, hourly pay and deductions of
payroll.payroll_run_update), with the rules of timesheets/salary.py for the salary terms in
force on each day; tests/timesheets/test_payroll_period.py and test_netpay_pg.py run both on
PostgreSQL and compare every row. Used only for the
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


# The month's aggregates hash one group per employee (some 0.7 kB each with their numeric
# sums): under the default work_mem of 4 MB they spill to disk from about 10,000 employees.
WORK_MEM = "64MB"


def whole_organization_transaction(*, durable: bool) -> None:
    """Settings for the rest of the current transaction of a whole-organization statement set:
    room for the aggregates to stay in memory and, unless `durable`, a commit that does not
    wait for the WAL flush (for an idempotent job: losing its last commit in a server crash
    only means the next run redoes it). One statement."""
    settings = [("work_mem", WORK_MEM)] + ([] if durable else [("synchronous_commit", "off")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
            [value for setting in settings for value in setting],
        )


def working_days_between(first: str, last: str) -> str:
    """SQL counting the working days (the sorted %(working)s array) in [first, last], as
    calendar.count_between does: width_bucket gives how many lie on or before a day."""
    return f"GREATEST(0, width_bucket({last}, %(working)s::date[]) - width_bucket(({first}) - 1, %(working)s::date[]))"


# A term's working days counted for flex (from the flex start, up to today, in the employment)
COUNTED_DAYS = working_days_between(
    "GREATEST(%(first)s, s.employment_start, s.span_from)",
    "LEAST(%(end)s, %(today)s, COALESCE(s.employment_end, %(end)s), s.span_to)",
)
# A term's working days within the employment in the pay month
EMPLOYED_DAYS = working_days_between(
    "GREATEST(s.span_from, %(period)s, s.employment_start)",
    "LEAST(s.span_to, COALESCE(s.employment_end, %(end)s))",
)

# The terms of the organization's employees as stretches of days (each term until the day
# before the next one), with the normal hours of a working day under each
# (timesheets/salary.py: daily_normal), and the employment's first and last day, so that
# the statements using them need not join the employees again.
TERM_SPANS = """
    SELECT t.employee_id, e.employment_start, e.employment_end,
           t.salary_type, t.annual_salary, t.hourly_wage, t.employment_percentage, t.valid_from AS span_from,
           COALESCE(LEAD(t.valid_from) OVER (PARTITION BY t.employee_id ORDER BY t.valid_from) - 1,
                    %(end)s) AS span_to,
           CASE WHEN t.salary_type <> %(monthly)s THEN 0
                ELSE COALESCE(t.normal_hours_per_day, ROUND(%(normal)s * t.employment_percentage / 100, 2))
           END AS daily
    FROM hrsuite_salaryterm t
    JOIN hrsuite_employee e ON e.id = t.employee_id
    WHERE e.organization_id = %(organization)s AND t.valid_from <= %(end)s
"""

MONTH_UPSERT = f"""
WITH entries AS MATERIALIZED (
    SELECT employee_id,
           -- overtime pay-type hours lie beside the activity's hours: never logged (flex.py)
           SUM(hours) FILTER (WHERE activity_id = ANY(%(generating)s::uuid[])
                              AND (pay_type_id IS NULL OR NOT pay_type_id = ANY(%(overtime)s::uuid[]))) AS logged,
           SUM(hours) FILTER (WHERE pay_type_id = ANY(%(overtime)s::uuid[])) AS overtime
    FROM timesheets_timeentry
    WHERE organization_id = %(organization)s AND date >= %(first)s AND date <= %(end)s
    GROUP BY employee_id
), spans AS MATERIALIZED ({TERM_SPANS}
), monthly AS MATERIALIZED (
    -- per employee: the normal time of the working days up to today under monthly terms, and
    -- whether some day of the employment in the month is under one (who takes part)
    SELECT s.employee_id,
           SUM(s.daily * {COUNTED_DAYS}) AS normal
    FROM spans s
    WHERE s.salary_type = %(monthly)s
      AND s.employment_start <= %(end)s AND (s.employment_end IS NULL OR s.employment_end >= %(month)s)
      AND s.span_from <= LEAST(%(end)s, COALESCE(s.employment_end, %(end)s))
      AND s.span_to >= GREATEST(%(month)s, s.employment_start)
    GROUP BY s.employee_id
), ahead AS MATERIALIZED (
    -- the normal time of logged working days after today, under the term of each day
    SELECT a.employee_id, SUM(s.daily) AS normal
    FROM (
        SELECT DISTINCT employee_id, date FROM timesheets_timeentry
        WHERE organization_id = %(organization)s AND date = ANY(%(ahead)s::date[])
    ) AS a
    JOIN spans s ON s.employee_id = a.employee_id AND a.date >= s.span_from AND a.date <= s.span_to
    GROUP BY a.employee_id
), figures AS MATERIALIZED (
    -- one hashed aggregate over the pieces rather than joins: its plan does not hang on
    -- estimates (an empty previous month when last analyzed made a nested loop of scans)
    SELECT employee_id, SUM(opening) AS opening, SUM(logged) AS logged, SUM(overtime) AS overtime,
           SUM(normal) AS normal
    FROM (
        SELECT employee_id, 0 AS opening, 0 AS logged, 0 AS overtime, normal, TRUE AS takes_part FROM monthly
        UNION ALL
        SELECT employee_id, 0, COALESCE(logged, 0), COALESCE(overtime, 0), 0, FALSE FROM entries
        UNION ALL
        SELECT employee_id, 0, 0, 0, normal, FALSE FROM ahead
        UNION ALL
        SELECT employee_id, closing_balance, 0, 0, 0, FALSE FROM timesheets_monthlyoverview
        WHERE organization_id = %(organization)s AND month = %(previous)s
    ) AS pieces
    GROUP BY employee_id
    HAVING BOOL_OR(takes_part)
), written AS (
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
    -- an open month whose figures did not change is not written again (no new row version,
    -- no index entries): recomputing right before an approval, or a rerun, costs reads only
    WHERE o.status = %(open)s
      AND (o.opening_balance, o.logged_hours, o.normal_hours, o.overtime_hours, o.closing_balance)
          IS DISTINCT FROM (excluded.opening_balance, excluded.logged_hours, excluded.normal_hours,
                            excluded.overtime_hours, excluded.opening_balance + excluded.change - o.payout_hours)
)
-- the open months computed, changed or not (the statement's snapshot: approvals before it)
SELECT COUNT(*) FROM figures f
WHERE NOT EXISTS (
    SELECT 1 FROM timesheets_monthlyoverview a
    WHERE a.employee_id = f.employee_id AND a.month = %(month)s AND a.status <> %(open)s
)
"""


def _entry_kinds(organization: Organization) -> dict:
    """The ids of the activities whose hours are logged time and of the overtime pay types."""
    return {
        "generating": list(
            Activity.objects.filter(organization=organization, generates_hours=True).values_list("id", flat=True)
        ),
        "overtime": list(
            PayType.objects.filter(organization=organization, kind=PayTypeKind.OVERTIME).values_list("id", flat=True)
        ),
    }


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
        **_entry_kinds(organization),
        "normal": organization.normal_hours_per_day,
        "monthly": SalaryType.MONTHLY.value,
        "open": OverviewStatus.OPEN.value,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(MONTH_UPSERT, params)
        return cursor.fetchone()[0]


# What a payroll line holds besides its run, employee and key.
LINE_VALUES = ("kind", "description", "hours", "rate", "percentage", "basis", "amount", "pay_type_id")


def lines_sync(scope: str) -> str:
    """The end of a statement whose last CTE, `due`, holds the lines a draft run should have
    within `scope` (a condition on its lines `l` without an overview): (employee_id, key,
    *LINE_VALUES), one row per employee and key. Its CTEs `stale`, `changed` and `added`
    delete the lines no longer due, update those that differ (their ids stay; unchanged
    lines are not touched) and insert the new ones.

    The new ones go in by a plain INSERT, not INSERT ... ON CONFLICT: every caller holds the
    run's row lock (services/payroll.py, services/netpay.py), so nobody else writes the run's
    lines meanwhile, and speculative insertion costs about twice as much per row (measured
    with bench/payroll_period.py). Existing and due lines meet in a FULL JOIN, which the
    planner can only hash or merge: never a nested loop of scans from stale statistics."""
    stored = ", ".join(f"e.{name}" for name in LINE_VALUES)
    wanted = ", ".join(f"d.{name}" for name in LINE_VALUES)
    return f"""
), existing AS MATERIALIZED (
    SELECT l.id, l.employee_id, l.key, {", ".join(f"l.{name}" for name in LINE_VALUES)}
    FROM timesheets_payrollline l
    WHERE l.run_id = %(run)s AND l.overview_id IS NULL AND {scope}
), diff AS MATERIALIZED (
    SELECT e.id AS line_id, d.employee_id, d.key, {wanted}
    FROM existing e FULL JOIN due d ON d.employee_id = e.employee_id AND d.key = e.key
    WHERE e.id IS NULL OR d.key IS NULL OR ({stored}) IS DISTINCT FROM ({wanted})
), stale AS (
    DELETE FROM timesheets_payrollline l USING diff x
    WHERE x.key IS NULL AND l.id = x.line_id
    RETURNING 1
), changed AS (
    UPDATE timesheets_payrollline l SET {", ".join(f"{name} = x.{name}" for name in LINE_VALUES)}
    FROM diff x
    WHERE x.line_id IS NOT NULL AND x.key IS NOT NULL AND l.id = x.line_id
    RETURNING 1
), added AS (
    INSERT INTO timesheets_payrollline (id, run_id, employee_id, key, {", ".join(LINE_VALUES)})
    SELECT gen_random_uuid(), %(run)s, x.employee_id, x.key, {", ".join(f"x.{name}" for name in LINE_VALUES)}
    FROM diff x
    WHERE x.line_id IS NULL
    RETURNING 1
)"""


# ROUND(numeric, 2) rounds half away from zero: the rule of hrsuite.money.round_money, so this
# fast path and the portable one agree to the cent (tests/timesheets/test_payroll_period.py).
SALARY_UPSERT = f"""
WITH spans AS MATERIALIZED ({TERM_SPANS}
), employed AS MATERIALIZED (
    -- each monthly term's stretch within the employment in the period, with its working days
    SELECT s.employee_id, s.annual_salary, s.employment_percentage, s.span_from, {EMPLOYED_DAYS} AS days
    FROM spans s
    WHERE s.salary_type = %(monthly)s
      AND s.employment_start <= %(end)s AND (s.employment_end IS NULL OR s.employment_end >= %(period)s)
      AND GREATEST(s.span_from, %(period)s, s.employment_start) <= LEAST(s.span_to, COALESCE(s.employment_end, %(end)s))
), salaries AS MATERIALIZED (
    SELECT employee_id,
           (ARRAY_AGG(employment_percentage ORDER BY span_from DESC))[1] AS percentage,
           ROUND(SUM(COALESCE(annual_salary, 0) * employment_percentage * days)
                 / (1200 * %(working_count)s)::numeric, 2) AS amount,
           BOOL_OR(annual_salary IS NULL) AS unpriced
    FROM employed
    GROUP BY employee_id
    HAVING SUM(days) > 0
), due AS MATERIALIZED (
    SELECT employee_id, %(salary)s::varchar AS key, %(salary)s::varchar AS kind, ''::varchar AS description,
           NULL::numeric AS hours, NULL::numeric AS rate, percentage, NULL::numeric AS basis, amount,
           NULL::uuid AS pay_type_id
    FROM salaries{lines_sync("l.kind = %(salary)s")}
SELECT (SELECT COUNT(*) FROM stale) + (SELECT COUNT(*) FROM changed) + (SELECT COUNT(*) FROM added),
       ARRAY(SELECT employee_id FROM salaries WHERE unpriced)
"""


def salary_lines_write(*, run: PayrollRun) -> tuple[int, list]:
    """Make the run's fixed-salary lines what timesheets.salary.month_salary computes, in one
    statement that never sends them to Python: insert the new, update the changed (unchanged
    ones are not touched), delete those no longer due. Returns (lines touched, ids of
    employees under a monthly term without an annual salary)."""
    working = list(calendar.working_days(run.period, run.organization.country))
    return tuple(
        _run_statement(
            SALARY_UPSERT,
            run,
            normal=run.organization.normal_hours_per_day,
            working=working,
            working_count=len(working),
            salary=LineKind.SALARY.value,
        )
    )


# Hourly pay of a draft run, as services/payroll.hourly_pay computes it: the hours of each day
# under an hourly term within the employment x the wage of that term, one line per employee
# and wage; an overtime pay type's hours (recorded beside the activity's, flex.py) pay only
# their percentage of hours x wage, one line per employee, pay type and wage. Hours under a
# term without a wage are not paid: their employees come back for the run's notices.
HOURLY_UPSERT = f"""
WITH spans AS MATERIALIZED ({TERM_SPANS}
), hourly AS MATERIALIZED (
    SELECT s.employee_id, s.hourly_wage, s.employment_start, s.employment_end,
           GREATEST(s.span_from, %(period)s, s.employment_start) AS first,
           LEAST(s.span_to, COALESCE(s.employment_end, %(end)s)) AS last
    FROM spans s
    WHERE s.salary_type = %(hourly)s
), worked AS MATERIALIZED (
    SELECT h.employee_id, h.hourly_wage AS wage,
           CASE WHEN t.pay_type_id = ANY(%(overtime)s::uuid[]) THEN t.pay_type_id END AS overtime_id,
           SUM(t.hours) AS hours
    FROM timesheets_timeentry t
    JOIN hourly h ON h.employee_id = t.employee_id AND t.date >= h.first AND t.date <= h.last
    WHERE t.organization_id = %(organization)s AND t.date >= %(period)s AND t.date <= %(end)s
      AND (t.activity_id = ANY(%(generating)s::uuid[]) OR t.pay_type_id = ANY(%(overtime)s::uuid[]))
    GROUP BY 1, 2, 3
), due AS MATERIALIZED (
    SELECT w.employee_id, ('hourly:' || w.wage::text)::varchar AS key, %(hourly_kind)s::varchar AS kind,
           ''::varchar AS description, w.hours, w.wage AS rate, NULL::numeric AS percentage,
           NULL::numeric AS basis, ROUND(w.hours * w.wage, 2) AS amount, NULL::uuid AS pay_type_id
    FROM worked w
    WHERE w.wage IS NOT NULL AND w.overtime_id IS NULL
    UNION ALL
    SELECT w.employee_id, 'overtime:hourly:' || w.overtime_id::text || ':' || w.wage::text, %(overtime_kind)s,
           p.name, w.hours, w.wage, p.percentage, NULL, ROUND(w.hours * w.wage * p.percentage * 0.01, 2),
           w.overtime_id
    FROM worked w
    JOIN timesheets_paytype p ON p.id = w.overtime_id
    WHERE w.wage IS NOT NULL{lines_sync("l.kind IN (%(hourly_kind)s, %(overtime_kind)s)")}
SELECT (SELECT COUNT(*) FROM stale) + (SELECT COUNT(*) FROM changed) + (SELECT COUNT(*) FROM added),
       ARRAY(SELECT DISTINCT employee_id FROM worked WHERE wage IS NULL)
"""


def hourly_lines_write(*, run: PayrollRun) -> tuple[int, list]:
    """Make the run's hourly pay lines and their overtime supplements what
    services/payroll.hourly_pay computes, in one statement. Returns (lines touched, ids of
    employees with hours under an hourly term without a wage)."""
    return tuple(
        _run_statement(
            HOURLY_UPSERT,
            run,
            normal=run.organization.normal_hours_per_day,
            hourly=SalaryType.HOURLY.value,
            hourly_kind=LineKind.HOURLY.value,
            overtime_kind=LineKind.OVERTIME.value,
            **_entry_kinds(run.organization),
        )
    )


def _run_statement(sql: str, run: PayrollRun, **params) -> tuple:
    """Run one of the run's statements with what all of them use; its one row."""
    common = {
        "organization": run.organization_id,
        "run": run.id,
        "period": run.period,
        "end": calendar.month_end(run.period),
        "year": run.period.year,
        "monthly": SalaryType.MONTHLY.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, {**common, **params})
        return cursor.fetchone()


# The deduction and information lines of a draft run from its pay lines, as
# services/netpay.employee_lines computes them (pension on pensionable pay, tax on gross less
# pension, holiday pay on gross; nothing withheld without positive pay; ROUND(numeric, 2)
# rounds half away from zero like round_money; x 0.01 is exact where / 100 would pick a scale).
# One statement, written by lines_sync.
DEDUCTION_UPSERT = f"""
WITH figures AS MATERIALIZED (
    SELECT l.employee_id,
           COALESCE(SUM(l.amount) FILTER (WHERE NOT l.kind = ANY(%(not_pay)s::varchar[])), 0) AS gross,
           COALESCE(SUM(l.amount) FILTER (WHERE l.kind = ANY(%(pensionable)s::varchar[])), 0) AS pensionable
    FROM timesheets_payrollline l
    WHERE l.run_id = %(run)s
    GROUP BY l.employee_id
), pension AS MATERIALIZED (
    SELECT f.employee_id, f.gross, f.pensionable,
           CASE WHEN f.pensionable > 0 AND %(pension_rate)s::numeric > 0
                THEN ROUND(f.pensionable * %(pension_rate)s::numeric * 0.01, 2) ELSE 0 END AS pension,
           c.percentage AS card_percentage, c.table_number
    FROM figures f
    LEFT JOIN timesheets_taxcard c ON c.employee_id = f.employee_id AND c.year = %(year)s
), deductions AS MATERIALIZED (
    SELECT employee_id, %(pension_kind)s::varchar AS kind, ''::varchar AS description,
           %(pension_rate)s::numeric AS percentage, ROUND(pensionable, 2) AS basis, -pension AS amount
    FROM pension WHERE pensionable > 0 AND %(pension_rate)s::numeric > 0
    UNION ALL
    SELECT employee_id, %(tax_kind)s,
           CASE WHEN card_percentage IS NULL THEN %(no_card)s
                WHEN table_number <> '' THEN %(table_before)s || table_number || %(table_after)s
                ELSE %(card)s END,
           COALESCE(card_percentage, %(flat_rate)s::numeric),
           ROUND(gross - pension, 2),
           -ROUND((gross - pension) * COALESCE(card_percentage, %(flat_rate)s::numeric) * 0.01, 2)
    FROM pension WHERE gross - pension > 0
    UNION ALL
    SELECT employee_id, %(holiday_kind)s, '', %(holiday_rate)s::numeric, ROUND(gross, 2),
           ROUND(gross * %(holiday_rate)s::numeric * 0.01, 2)
    FROM pension WHERE gross <> 0 AND %(holiday_rate)s::numeric > 0
), due AS MATERIALIZED (
    SELECT employee_id, kind AS key, kind, description, NULL::numeric AS hours, NULL::numeric AS rate,
           percentage, basis, amount, NULL::uuid AS pay_type_id
    FROM deductions{lines_sync("l.kind = ANY(%(not_pay)s::varchar[])")}
SELECT (SELECT COUNT(*) FROM changed) + (SELECT COUNT(*) FROM added)
"""


def deduction_upsert(*, run: PayrollRun, params: dict) -> int:
    """Write the deduction lines of a draft run in one statement (see DEDUCTION_UPSERT);
    `params` holds the rates and the translated descriptions services/netpay.py supplies.
    Returns the lines written (inserted or changed)."""
    return _run_statement(DEDUCTION_UPSERT, run, **params)[0]
