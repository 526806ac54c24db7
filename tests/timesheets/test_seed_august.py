"""The seed's worked example, payouts and deductions, and approving exactly once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hrsuite.models import AuditAction, AuditEvent
from tests.timesheets.conftest import run_concurrently
from tests.timesheets.runs import closed, published
from timesheets.calendar import working_days
from timesheets.models import NOT_PAY_KINDS, LineKind, MonthlyOverview, PayrollLine, PayrollRun
from timesheets.selectors.overviews import month_view
from timesheets.selectors.payroll import payslip_detail
from timesheets.services.overviews import (
    overview_approve,
    overview_refresh,
    overview_reopen,
    overview_set_payout,
    overviews_approve,
)
from timesheets.services.payroll import payroll_run_build

D = Decimal
D0 = Decimal("0")
AUGUST = datetime.date(2025, 8, 1)
SEPTEMBER = datetime.date(2025, 9, 1)
ELEVENTH = datetime.date(2025, 8, 11)
AFTER_AUGUST = datetime.date(2025, 9, 1)


def log_august(flex):
    """The seed's August, entered literally: every working day of August other than 11 August
    is logged at exactly normal time (8 h), so those days net to zero; on 11 August the
    employee registers 12 h on an activity and, in addition, 4 h on the 50 % overtime pay
    type, "only to get the overtime percentage paid". The 4 h lie beside the 12: they never
    add to the logged hours or the balance (+4, not +8)."""
    flex.start_on(AUGUST)
    for day in working_days(AUGUST, "NO"):
        if day != ELEVENTH:
            flex.log(day, 8)
    flex.log(ELEVENTH, 12)
    flex.log(ELEVENTH, 4, pay_type=flex.overtime50)


def approve_august(flex, payout=D0):
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    overview_set_payout(overview=overview, hours=payout)
    return overview_approve(overview=overview, actor=None, today=AFTER_AUGUST)


def test_the_seed_august_example(flex):
    log_august(flex)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    assert (overview.logged_hours, overview.normal_hours) == (D("172"), D("168"))  # 21 working days
    assert (overview.opening_balance, overview.change, overview.overtime_hours) == (D("0"), D("4"), D("4"))

    overview = approve_august(flex, payout=D("0"))
    assert overview.is_approved
    assert overview.closing_balance == D("4")
    assert overview.hourly_rate == D("400.00")

    run = published(payroll_run_build(organization=flex.organization, period=AUGUST))
    lines = {line.kind: line for line in run.lines.filter(employee=flex.employee).exclude(kind__in=NOT_PAY_KINDS)}
    assert set(lines) == {LineKind.SALARY, LineKind.OVERTIME}  # nothing for flex
    assert lines[LineKind.SALARY].amount == D("65000.00")  # 780,000 / 12
    assert lines[LineKind.OVERTIME].amount == D("800.00")  # 4 h x 400 x 50 %
    assert payslip_detail(employee=flex.employee, payslip_id=run.id)["gross"] == D("65800.00")

    september = overview_refresh(employee=flex.employee, month=SEPTEMBER, today=SEPTEMBER)
    assert september.opening_balance == D("4")
    view = month_view(employee=flex.employee, month=SEPTEMBER, settings=flex.settings, today=SEPTEMBER)
    assert view.opening == D("4")


def test_paying_out_4_hours_pays_1600_and_lowers_the_balance_by_4(flex):
    log_august(flex)
    overview = approve_august(flex, payout=D("4"))
    line = PayrollLine.objects.get(overview=overview, kind=LineKind.FLEX_PAYOUT)
    assert (line.hours, line.amount) == (D("4"), D("1600.00"))
    assert overview.closing_balance == D("0")
    september = overview_refresh(employee=flex.employee, month=SEPTEMBER, today=SEPTEMBER)
    assert september.opening_balance == D("0")


def test_deducting_3_hours_is_minus_1200_and_raises_the_balance_by_3(flex):
    log_august(flex)
    overview = approve_august(flex, payout=D("-3"))
    line = PayrollLine.objects.get(overview=overview, kind=LineKind.FLEX_DEDUCTION)
    assert (line.hours, line.amount) == (D("-3"), D("-1200.00"))
    assert overview.closing_balance == D("7")


def test_approval_locks_the_month_s_entries(flex):
    log_august(flex)
    approve_august(flex)
    with pytest.raises(ValidationError, match="approved and locked"):
        flex.log(ELEVENTH, 9)
    flex.log(SEPTEMBER, 8)  # the next month is open


def test_approving_twice_yields_one_set_of_lines(flex):
    log_august(flex)
    overview = approve_august(flex, payout=D("4"))
    before = list(PayrollLine.objects.values_list("id", flat=True))
    assert (
        overviews_approve(organization=flex.organization, overview_ids=[overview.id], actor=None, today=AFTER_AUGUST)
        == 0
    )
    payroll_run_build(organization=flex.organization, period=AUGUST)
    payroll_run_build(organization=flex.organization, period=AUGUST)
    assert PayrollLine.objects.filter(overview=overview).count() == 2  # overtime + pay-out
    assert set(PayrollLine.objects.filter(overview=overview).values_list("id", flat=True)) <= set(before)
    assert PayrollRun.objects.count() == 1


def test_reopening_reverses_lines_of_an_open_run_and_is_audited(flex, owner):
    log_august(flex)
    overview = approve_august(flex, payout=D("4"))
    overview_reopen(overview=overview, actor=owner)
    assert not PayrollLine.objects.filter(overview=overview).exists()
    event = AuditEvent.objects.get(action=AuditAction.MONTH_REOPENED)
    assert event.actor == owner and len(event.detail["reversed_lines"]) == 2
    flex.log(ELEVENTH, 13)  # unlocked again: 13 on the activity on the 11th -> +5 on the balance
    overview = approve_august(flex, payout=D("0"))
    assert overview.closing_balance == D("5")
    assert not PayrollLine.objects.filter(overview=overview, kind=LineKind.FLEX_PAYOUT).exists()


def test_reopening_after_the_run_closed_pays_only_the_difference(flex, owner):
    log_august(flex)
    overview = approve_august(flex, payout=D("4"))
    closed(payroll_run_build(organization=flex.organization, period=AUGUST), actor=owner)
    overview_reopen(overview=overview, actor=owner)
    assert PayrollLine.objects.filter(overview=overview).count() == 2  # already paid: they stay
    overview = approve_august(flex, payout=D("3"))
    correction = PayrollLine.objects.get(overview=overview, run__period=SEPTEMBER)
    assert (correction.kind, correction.hours, correction.amount) == (LineKind.FLEX_DEDUCTION, D("-1"), D("-400.00"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrency need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_from_two_threads_yield_one_set_of_lines(flex):
    log_august(flex)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    overview_set_payout(overview=overview, hours=D("4"))
    results, errors = run_concurrently(
        lambda: overviews_approve(
            organization=flex.organization, overview_ids=[overview.id], actor=None, today=AFTER_AUGUST
        )
    )
    assert not errors
    assert sorted(results) == [0, 1]
    assert PayrollLine.objects.filter(overview=overview).count() == 2
    assert MonthlyOverview.objects.get(pk=overview.pk).closing_balance == D("0")
