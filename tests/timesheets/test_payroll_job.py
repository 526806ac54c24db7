"""The payroll-period job: approvers hear once per period with an absolute link, and the
daily check re-enqueues a period the monthly job did not process."""

import datetime
from decimal import Decimal
from unittest import mock

from django.conf import settings

from tests.factories import EmployeeFactory
from tests.timesheets.factories import TimeEntryFactory
from timesheets.models import PeriodJob
from timesheets.services.period import payroll_period_process
from timesheets.tasks import check_payroll_periods

AUGUST = datetime.date(2025, 8, 1)
SEPTEMBER_2 = datetime.date(2025, 9, 2)


def test_approvers_are_told_once_per_period_with_an_absolute_link(flex, owner, mailoutbox):
    EmployeeFactory(organization=flex.organization)
    TimeEntryFactory(employee=flex.employee, activity=flex.work, date=datetime.date(2025, 8, 11), hours=Decimal("9"))
    for _rerun in range(3):
        payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER_2)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [owner.email]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/timesheets" in line or "month=" in line)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/") and "month=2025-08" in link
    job = PeriodJob.objects.get(organization=flex.organization, period=AUGUST)
    assert job.processed_at is not None and job.notified_at is not None


def test_the_daily_check_reenqueues_a_period_that_was_not_processed(flex, mailoutbox):
    with mock.patch("hrsuite.models.Organization.today", return_value=SEPTEMBER_2):
        with mock.patch("timesheets.tasks.payroll_period_for_organization.delay") as enqueue:
            assert check_payroll_periods() == [str(flex.organization.id)]
        enqueue.assert_called_once_with(str(flex.organization.id), "2025-08")
        # The task runs (in process here): the period is processed, the next check is quiet.
        check_payroll_periods()
        assert PeriodJob.objects.get(organization=flex.organization, period=AUGUST).processed_at is not None
        with mock.patch("timesheets.tasks.payroll_period_for_organization.delay") as enqueue:
            assert check_payroll_periods() == []
        enqueue.assert_not_called()


def test_the_broker_visibility_timeout_is_explicit():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600
    assert "timesheets.tasks.check_payroll_periods" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
