"""The seed's overtime rule end to end: hours on an overtime pay type are recorded beside the
activity's hours, pay only the percentage and never change logged hours or the balance.

The seed (Tripletex "Fleksisaldo"), literally: normal 8, rate 400; on 11 August 12 h on an
activity and, in addition, 4 h on the 50 % overtime pay type; approved with 0 h paid out:
balance +4, supplement 800, September opens at +4."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.timesheets.test_seed_august import AFTER_AUGUST, AUGUST, ELEVENTH, SEPTEMBER, log_august
from timesheets import pg
from timesheets.models import NOT_PAY_KINDS, LineKind, MonthlyOverview, PayrollLine
from timesheets.selectors.overviews import month_view
from timesheets.services.overviews import overview_approve, overviews_compute
from timesheets.services.payroll import payroll_run_build

D = Decimal


@pytest.fixture(params=["fast path", "portable path"])
def path(request, monkeypatch):
    """The whole organization's month: on PostgreSQL once through pg.py, once portable."""
    if request.param == "portable path":
        monkeypatch.setattr(pg, "ENABLED", False)
    return request.param


def test_the_seed_example_through_the_whole_organization_s_month(flex, path):
    log_august(flex)
    overviews_compute(organization=flex.organization, month=AUGUST, today=AFTER_AUGUST)
    august = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    # 20 days x 8 + 12 on the 11th; the 4 overtime hours lie beside them.
    assert (august.logged_hours, august.normal_hours, august.change) == (D("172"), D("168"), D("4"))
    assert (august.overtime_hours, august.closing_balance) == (D("4"), D("4"))

    august = overview_approve(overview=august, actor=None, today=AFTER_AUGUST)
    assert (august.closing_balance, august.hourly_rate) == (D("4"), D("400.00"))
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    pay = run.lines.filter(employee=flex.employee).exclude(kind__in=NOT_PAY_KINDS)  # not net pay's lines
    amounts = {line.kind: (line.hours, line.amount) for line in pay}
    assert amounts == {LineKind.SALARY: (None, D("65000.00")), LineKind.OVERTIME: (D("4"), D("800.00"))}

    overviews_compute(organization=flex.organization, month=SEPTEMBER, today=SEPTEMBER)
    assert MonthlyOverview.objects.get(employee=flex.employee, month=SEPTEMBER).opening_balance == D("4")


def test_the_day_by_day_month_counts_12_hours_on_the_11th_and_4_overtime(flex):
    log_august(flex)
    view = month_view(employee=flex.employee, month=AUGUST, settings=flex.settings, today=AFTER_AUGUST)
    eleventh = view.days[10]
    assert eleventh.date == ELEVENTH
    assert (eleventh.logged, eleventh.overtime, eleventh.flex) == (D("12"), D("4"), D("4"))
    assert (view.logged, view.overtime, view.change, view.closing) == (D("172"), D("4"), D("4"), D("4"))


def test_overtime_on_its_own_changes_no_balance(flex):
    """An overtime row without the activity's hours earns the supplement; the day still
    draws its normal time."""
    flex.start_on(ELEVENTH)
    flex.log(ELEVENTH, 3, pay_type=flex.overtime50)
    view = month_view(employee=flex.employee, month=AUGUST, settings=flex.settings, today=ELEVENTH)
    assert (view.logged, view.overtime, view.change) == (D("0"), D("3"), D("-8"))


def test_the_week_grid_does_not_add_the_overtime_row_to_hours_counted(owner_client, flex):
    log_august(flex)
    url = reverse("timesheets:week", args=[flex.organization.id, flex.employee.id])
    response = owner_client.get(url, {"week": ELEVENTH.isoformat()})
    monday = response.context["days"][0]["info"]
    assert (monday.date, monday.logged, monday.flex) == (ELEVENTH, D("12"), D("4"))
    page = response.content.decode()
    assert "supplement only, not counted" in page
    assert "12 on the activity and 4 on the activity with “Overtime 50 %”" in page
    assert "8 on the activity" not in page


def test_the_supplement_line_is_priced_from_the_overtime_hours_alone(flex):
    log_august(flex)
    flex.log(datetime.date(2025, 8, 12), 2, pay_type=flex.overtime50)
    overviews_compute(organization=flex.organization, month=AUGUST, today=AFTER_AUGUST)
    august = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    assert (august.logged_hours, august.overtime_hours, august.change) == (D("172"), D("6"), D("4"))
    overview_approve(overview=august, actor=None, today=AFTER_AUGUST)
    line = PayrollLine.objects.get(overview=august, kind=LineKind.OVERTIME)
    assert (line.hours, line.amount) == (D("6"), D("1200.00"))  # 6 h x 400 x 50 %
