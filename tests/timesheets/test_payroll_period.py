"""The payroll-period job: idempotent, safe under two workers, set-based."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EmployeeFactory, SalaryTermFactory, switch, terms_change
from tests.timesheets.conftest import run_concurrently
from tests.timesheets.factories import TimeEntryFactory
from timesheets.models import NOT_PAY_KINDS, LineKind, MonthlyOverview, PayrollLine, PayrollRun
from timesheets.services.overviews import overviews_approve, overviews_compute
from timesheets.services.payroll import payroll_run_build
from timesheets.services.period import payroll_period_process
from timesheets.tasks import run_payroll_period

AUGUST = datetime.date(2025, 8, 1)
ELEVENTH = datetime.date(2025, 8, 11)


def staff(flex, count):
    people = [flex.employee] + [EmployeeFactory(organization=flex.organization) for _ in range(count - 1)]
    for person in people:
        TimeEntryFactory(employee=person, activity=flex.work, date=ELEVENTH, hours=Decimal("10"))
        TimeEntryFactory(
            employee=person, activity=flex.work, pay_type=flex.overtime50, date=ELEVENTH, hours=Decimal("2")
        )
    return people


def test_the_command_twice_builds_one_run_and_mails_approvers_once_per_run(flex, owner, mailoutbox):
    staff(flex, 3)
    call_command("run_payroll_period", "--period", "2025-08")
    assert MonthlyOverview.objects.filter(month=AUGUST).count() == 3
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [owner.email]
    assert "3" in mailoutbox[0].subject
    lines = set(PayrollLine.objects.values_list("id", flat=True))
    # fixed salaries with their deductions; nothing approved yet
    assert PayrollLine.objects.exclude(kind__in=NOT_PAY_KINDS).count() == 3
    call_command("run_payroll_period", "--period", "2025-08", "--organization", str(flex.organization.id))
    assert PayrollRun.objects.count() == 1
    assert set(PayrollLine.objects.values_list("id", flat=True)) == lines


def test_approved_months_reach_the_run_and_reruns_add_nothing(flex):
    flex.start_on(AUGUST)  # no open months before August: months are approved in order
    staff(flex, 3)
    run_payroll_period.delay(period="2025-08")
    overviews_approve(
        organization=flex.organization,
        overview_ids=list(MonthlyOverview.objects.filter(month=AUGUST).values_list("id", flat=True)),
        actor=None,
        today=datetime.date(2025, 9, 1),
    )
    run_payroll_period.delay(period="2025-08")
    run_payroll_period.delay(period="2025-08")
    run = PayrollRun.objects.get()
    assert run.lines.filter(kind=LineKind.SALARY).count() == 3
    assert run.lines.filter(kind=LineKind.OVERTIME).count() == 3
    # 600,000 / 1950 = 307.69...; 2 h x 50 % -> 307.69 (rounded once, at the line)
    assert run.lines.filter(kind=LineKind.OVERTIME).first().amount == Decimal("307.69")


def test_modules_switched_off_are_left_alone(flex):
    switch(flex.organization, "timesheets", False)
    assert run_payroll_period.delay(period="2025-08").get() == []
    assert not PayrollRun.objects.exists()


def test_queries_grow_with_chunks_not_with_employees(flex, monkeypatch):
    """The portable path; the PostgreSQL path is one statement per month whatever the size."""
    from timesheets import pg

    monkeypatch.setattr(pg, "ENABLED", False)
    flex.start_on(AUGUST)

    def queries(count, chunk_size):
        MonthlyOverview.objects.all().delete()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            overviews_compute(
                organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1), chunk_size=chunk_size
            )
        assert MonthlyOverview.objects.count() == count
        return len(captured)

    staff(flex, 4)
    small = queries(4, chunk_size=1000)
    for _ in range(16):
        EmployeeFactory(organization=flex.organization)
    assert queries(20, chunk_size=1000) == small
    assert queries(20, chunk_size=5) > small  # four chunks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two concurrent workers need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_create_one_run_and_no_second_line(flex):
    flex.start_on(AUGUST)  # no open months before August: months are approved in order
    staff(flex, 5)
    overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1))
    overview_ids = list(MonthlyOverview.objects.filter(month=AUGUST).values_list("id", flat=True)[:3])
    overviews_approve(
        organization=flex.organization, overview_ids=overview_ids, actor=None, today=datetime.date(2025, 9, 1)
    )
    PayrollLine.objects.all().delete()
    PayrollRun.objects.all().delete()
    _results, errors = run_concurrently(
        lambda: payroll_period_process(organization=flex.organization, period=AUGUST, today=datetime.date(2025, 9, 1))
    )
    assert not errors
    run = PayrollRun.objects.get()
    assert run.lines.filter(kind=LineKind.SALARY).count() == 5
    assert run.lines.filter(kind=LineKind.OVERTIME).count() == 3
    assert MonthlyOverview.objects.filter(month=AUGUST).count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares the PostgreSQL fast path with the portable one")
@pytest.mark.postgres
def test_the_postgresql_fast_path_computes_what_the_portable_path_computes(flex, monkeypatch):
    from hrsuite.models import SalaryType
    from timesheets import pg

    people = staff(flex, 8)
    terms_change(people[1], normal_hours_per_day=Decimal("6"))
    people[2].employment_start = datetime.date(2025, 8, 14)  # starts mid-month: prorated salary
    people[2].save()
    people[3].employment_end = datetime.date(2025, 8, 20)
    people[3].save()
    terms_change(people[4], salary_type=SalaryType.HOURLY)
    terms_change(people[5], annual_salary=Decimal("623457.13"), employment_percentage=Decimal("55"))
    # Mid-month changes of the salary terms: a raise from the 16th, 80 % from the 18th for the
    # one who starts on the 14th, and the hourly-paid one on a monthly salary from the 25th.
    SalaryTermFactory(employee=people[0], valid_from=datetime.date(2025, 8, 16), annual_salary=Decimal("858000"))
    SalaryTermFactory(employee=people[2], valid_from=datetime.date(2025, 8, 18), employment_percentage=Decimal("80"))
    SalaryTermFactory(employee=people[4], valid_from=datetime.date(2025, 8, 25), annual_salary=Decimal("612345.67"))
    # Paid by the hour at 250, 300 from the 20th (two lines, overtime priced at each wage); and
    # one whose term has no wage: not paid, named in the notices.
    terms_change(people[6], salary_type=SalaryType.HOURLY)
    SalaryTermFactory(
        employee=people[6],
        valid_from=datetime.date(2025, 8, 20),
        salary_type=SalaryType.HOURLY,
        hourly_wage=Decimal("300.00"),
    )
    TimeEntryFactory(employee=people[6], activity=flex.work, date=datetime.date(2025, 8, 20), hours=Decimal("7.5"))
    TimeEntryFactory(
        employee=people[6],
        activity=flex.work,
        pay_type=flex.overtime50,
        date=datetime.date(2025, 8, 20),
        hours=Decimal("1.25"),
    )
    terms_change(people[7], salary_type=SalaryType.HOURLY, hourly_wage=None)
    TimeEntryFactory(employee=people[0], activity=flex.time_off, date=ELEVENTH, hours=Decimal("3"))
    TimeEntryFactory(employee=people[0], activity=flex.work, date=datetime.date(2025, 8, 28), hours=Decimal("9"))
    flex.start_on(datetime.date(2025, 7, 15))
    today = datetime.date(2025, 8, 21)  # mid-month: days ahead with and without entries

    def snapshot():
        overviews_compute(organization=flex.organization, month=AUGUST, today=today)
        run = payroll_run_build(organization=flex.organization, period=AUGUST)
        overviews = {
            (o.employee_id, o.month): (
                o.opening_balance,
                o.logged_hours,
                o.normal_hours,
                o.change,
                o.overtime_hours,
                o.closing_balance,
            )
            for o in MonthlyOverview.objects.all()
        }
        lines = {
            (line.employee_id, line.key): (line.kind, line.description, line.hours, line.rate, line.amount)
            for line in run.lines.all()
        }
        notices = [(notice["employee_id"], notice["code"]) for notice in run.notices]
        PayrollLine.objects.all().delete()
        PayrollRun.objects.all().delete()
        MonthlyOverview.objects.all().delete()
        return overviews, lines, notices

    fast = snapshot()
    monkeypatch.setattr(pg, "ENABLED", False)
    portable = snapshot()
    assert fast == portable
    # Six under a monthly term in August (the hourly one from the 25th), four of them in July;
    # six salary lines, the hourly one's hours before the 25th with their overtime, and the
    # hourly one with a raise: two wages, each with its overtime; each of the seven paid has
    # a tax and a holiday-pay line (no pension: the member rate is 0).
    assert len(fast[0]) == 10 and len(fast[1]) == 6 + 2 + 4 + 7 * 2
    amounts = {key: values[-1] for key, values in fast[1].items()}
    assert amounts[(people[4].id, "hourly:250.00")] == Decimal("2500.00")  # 10 h x 250
    assert amounts[(people[6].id, "hourly:300.00")] == Decimal("2250.00")  # 7.5 h x 300
    overtime = f"overtime:hourly:{flex.overtime50.id}"
    assert amounts[(people[6].id, f"{overtime}:250.00")] == Decimal("250.00")  # 2 h x 250 x 50 %
    assert amounts[(people[6].id, f"{overtime}:300.00")] == Decimal("187.50")  # 1.25 h x 300 x 50 %
    assert (str(people[7].id), "no_wage") in fast[2]
    # The raise from the 16th: (65,000 x 11 + 71,500 x 10) / 21 working days.
    assert amounts[(people[0].id, LineKind.SALARY.value)] == Decimal("68095.24")
