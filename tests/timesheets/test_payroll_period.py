"""The payroll-period job: idempotent, safe under two workers, set-based."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EmployeeFactory
from tests.timesheets.conftest import run_concurrently
from tests.timesheets.factories import TimeEntryFactory
from timesheets import services
from timesheets.models import LineKind, MonthlyOverview, PayrollLine, PayrollRun
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
    assert len(lines) == 3  # fixed salaries; nothing approved yet
    call_command("run_payroll_period", "--period", "2025-08", "--organization", str(flex.organization.id))
    assert PayrollRun.objects.count() == 1
    assert set(PayrollLine.objects.values_list("id", flat=True)) == lines


def test_approved_months_reach_the_run_and_reruns_add_nothing(flex):
    staff(flex, 3)
    run_payroll_period.delay(period="2025-08")
    services.overviews_approve(
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
    flex.organization.timesheets_enabled = False
    flex.organization.save()
    assert run_payroll_period.delay(period="2025-08").get() == []
    assert not PayrollRun.objects.exists()


def test_queries_grow_with_chunks_not_with_employees(flex):
    flex.start_on(AUGUST)

    def queries(count, chunk_size):
        MonthlyOverview.objects.all().delete()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            services.overviews_compute(
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
    staff(flex, 5)
    services.overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1))
    overview_ids = list(MonthlyOverview.objects.filter(month=AUGUST).values_list("id", flat=True)[:3])
    services.overviews_approve(
        organization=flex.organization, overview_ids=overview_ids, actor=None, today=datetime.date(2025, 9, 1)
    )
    PayrollLine.objects.all().delete()
    PayrollRun.objects.all().delete()
    _results, errors = run_concurrently(
        lambda: services.payroll_period_process(
            organization=flex.organization, period=AUGUST, today=datetime.date(2025, 9, 1)
        )
    )
    assert not errors
    run = PayrollRun.objects.get()
    assert run.lines.filter(kind=LineKind.SALARY).count() == 5
    assert run.lines.filter(kind=LineKind.OVERTIME).count() == 3
    assert MonthlyOverview.objects.filter(month=AUGUST).count() == 5
