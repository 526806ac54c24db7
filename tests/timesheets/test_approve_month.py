"""Approving every open month of a month at once ("Approve all N open months of <month>" on
the month list): the same rules, locks and lines as approving ticked months, but set-based,
so the number of queries does not grow with the organization."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EmployeeFactory
from tests.timesheets.conftest import run_concurrently
from tests.timesheets.factories import TimeEntryFactory
from timesheets.models import LineKind, MonthlyOverview, OverviewStatus, PayrollLine
from timesheets.services.overviews import (
    month_overviews_approve,
    overview_approve,
    overview_set_payout,
    overviews_compute,
)

D = Decimal
AUGUST = datetime.date(2025, 8, 1)
SEPTEMBER = datetime.date(2025, 9, 1)
OCTOBER = datetime.date(2025, 10, 1)


def staff(flex, count: int, *, start=datetime.date(2020, 1, 1), month=AUGUST) -> list:
    """Kari and `count` more monthly-paid employees, their month's hours logged (log_11th)."""
    people = [
        flex.employee,
        *(
            EmployeeFactory(organization=flex.organization, annual_salary=D("780000"), employment_start=start)
            for _index in range(count)
        ),
    ]
    log_11th(flex, people, month)
    return people


def log_11th(flex, people, month) -> None:
    """10 h on the month's 11th: 8 h, and 2 h more on the 50 % overtime pay type."""
    day = month.replace(day=11)
    for person in people:
        TimeEntryFactory(employee=person, activity=flex.work, date=day, hours=D("8"))
        TimeEntryFactory(employee=person, activity=flex.work, date=day, hours=D("2"), pay_type=flex.overtime50)


def approve_all(flex, month=AUGUST, today=OCTOBER, **options):
    return month_overviews_approve(organization=flex.organization, month=month, actor=None, today=today, **options)


def test_approves_exactly_the_open_months_of_that_month(flex, other_organization):
    flex.start_on(AUGUST)
    staff(flex, 3)
    overviews_compute(organization=flex.organization, month=SEPTEMBER, today=OCTOBER)  # August and September
    first = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    overview_approve(overview=first, actor=None, today=OCTOBER)
    approved_at = MonthlyOverview.objects.get(pk=first.pk).approved_at
    elsewhere = EmployeeFactory(organization=other_organization)
    foreign = MonthlyOverview.objects.create(
        organization=other_organization, employee=elsewhere, month=AUGUST, status=OverviewStatus.OPEN
    )

    assert approve_all(flex) == 3

    august = MonthlyOverview.objects.filter(organization=flex.organization, month=AUGUST)
    assert august.count() == 4 and not august.filter(status=OverviewStatus.OPEN).exists()
    assert MonthlyOverview.objects.get(pk=first.pk).approved_at == approved_at  # already approved: untouched
    assert not MonthlyOverview.objects.filter(month=SEPTEMBER, status=OverviewStatus.APPROVED).exists()
    assert MonthlyOverview.objects.get(pk=foreign.pk).status == OverviewStatus.OPEN
    # Each approved month's overtime supplement (2 h x 400 x 50 % = 400) is in the run, once.
    supplements = PayrollLine.objects.filter(overview__month=AUGUST, kind=LineKind.OVERTIME)
    assert sorted(supplements.values_list("amount", flat=True)) == [D("400.00")] * 4


def test_approving_again_changes_nothing(flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    assert approve_all(flex) == 3
    lines = sorted(PayrollLine.objects.values_list("id", "amount"))
    assert approve_all(flex) == 0
    assert sorted(PayrollLine.objects.values_list("id", "amount")) == lines


def test_a_month_not_ended_is_refused_and_nothing_changes(flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 8, 31))
    with pytest.raises(ValidationError, match="August 2025 has not ended yet"):
        approve_all(flex, today=datetime.date(2025, 8, 31))
    assert not MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).exists()
    assert not PayrollLine.objects.exists()
    with pytest.raises(ValidationError, match="September 2025 has not ended yet"):  # even with no overviews yet
        approve_all(flex, month=SEPTEMBER, today=datetime.date(2025, 8, 31))


def test_months_are_approved_in_order(flex):
    flex.start_on(AUGUST)
    staff(flex, 1)
    overviews_compute(organization=flex.organization, month=SEPTEMBER, today=OCTOBER)
    with pytest.raises(ValidationError, match=r"approved in order.*Kari Nordmann \(August 2025\)"):
        approve_all(flex, month=SEPTEMBER)
    assert not MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).exists()


def test_a_pay_out_beyond_the_balance_needs_the_confirmation(flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    overview = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    # one logged day of the month's 21: the balance is already below zero, so any pay-out is beyond it
    overview = overview_set_payout(overview=overview, hours=D("5"), confirm_negative_balance=True)
    with pytest.raises(ValidationError, match=r"needs a confirmation.*Kari Nordmann"):
        approve_all(flex)
    assert not MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).exists()
    assert approve_all(flex, confirm_negative_balance=True) == 3
    approved = MonthlyOverview.objects.get(pk=overview.pk)
    assert approved.closing_balance == overview.opening_balance + overview.change - D("5") < 0


def test_the_number_of_queries_does_not_grow_with_the_organization(flex):
    """3 employees in September, 12 in October (9 joining on 1 October), each month after an
    approved one: the same statements, however many overviews they approve."""
    november = datetime.date(2025, 11, 1)
    flex.start_on(AUGUST)
    people = staff(flex, 2)
    approve_all(flex, today=november)
    log_11th(flex, people, SEPTEMBER)
    with CaptureQueriesContext(connection) as small:
        assert approve_all(flex, month=SEPTEMBER, today=november) == 3
    joining = [
        EmployeeFactory(organization=flex.organization, annual_salary=D("780000"), employment_start=OCTOBER)
        for _index in range(9)
    ]
    log_11th(flex, [*people, *joining], OCTOBER)
    with CaptureQueriesContext(connection) as large:
        assert approve_all(flex, month=OCTOBER, today=november) == 12
    assert len(large) == len(small)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrency need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_approve_each_month_once(flex):
    flex.start_on(AUGUST)
    staff(flex, 4)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    results, errors = run_concurrently(lambda: approve_all(flex))
    assert not errors and sorted(results) == [0, 5]
    assert PayrollLine.objects.filter(kind=LineKind.OVERTIME).count() == 5


# --- the month list's button ------------------------------------------------------------


def months_url(flex, name="months"):
    return reverse(f"timesheets:{name}", args=[flex.organization.id])


def test_the_month_list_offers_the_button_once_the_month_has_ended(owner_client, flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    page = owner_client.get(months_url(flex), {"month": "2025-08"}).content.decode()
    assert "Approve all 3 open months of August 2025" in page
    overviews_compute(organization=flex.organization, month=flex.organization.today())
    this_month = flex.organization.today().strftime("%Y-%m")
    assert "open months of" not in owner_client.get(months_url(flex), {"month": this_month}).content.decode()


def test_the_view_asks_first_naming_the_count_and_the_month(owner_client, flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    response = owner_client.post(months_url(flex, "months_approve"), {"month": "2025-08", "action": "all"})
    assert response.status_code == 200
    assert "Approve all 3 open months of August 2025?" in response.content.decode()
    assert not MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).exists()


def test_the_confirmed_view_approves_and_says_what_changed(owner_client, flex):
    flex.start_on(AUGUST)
    staff(flex, 2)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    data = {"month": "2025-08", "action": "all", "confirm": "1"}
    response = owner_client.post(months_url(flex, "months_approve"), data, follow=True)
    assert "3 open months of August 2025 approved" in response.content.decode()
    assert MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).count() == 3
    response = owner_client.post(months_url(flex, "months_approve"), data, follow=True)
    assert "Every month of August 2025 was already approved: nothing changed." in response.content.decode()


def test_the_view_names_a_refusal(owner_client, flex):
    flex.start_on(AUGUST)
    staff(flex, 1)
    overviews_compute(organization=flex.organization, month=AUGUST, today=OCTOBER)
    overview = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    overview_set_payout(overview=overview, hours=D("5"), confirm_negative_balance=True)
    data = {"month": "2025-08", "action": "all", "confirm": "1"}
    page = owner_client.post(months_url(flex, "months_approve"), data, follow=True).content.decode()
    assert "needs a confirmation" in page and "Kari Nordmann" in page
    assert not MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).exists()
    owner_client.post(months_url(flex, "months_approve"), {**data, "confirm_negative_balance": "1"})
    assert MonthlyOverview.objects.filter(status=OverviewStatus.APPROVED).count() == 2
