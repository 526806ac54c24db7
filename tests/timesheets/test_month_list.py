"""Timesheet -> Monthly overview: the month list pages in the database, its figures come
from one aggregate, and its cost does not grow with the organization."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from hrsuite.models import SalaryType
from tests.factories import DepartmentFactory, EmployeeFactory
from timesheets.models import MonthlyOverview, OverviewStatus
from timesheets.selectors.overviews import month_totals, overviews_for
from timesheets.services.overviews import overviews_compute
from timesheets.views.overviews import MONTH_PAGE_SIZE

AUGUST = datetime.date(2025, 8, 1)
SEPTEMBER_FIRST = datetime.date(2025, 9, 1)


@pytest.fixture
def client(owner_client, flex):
    return owner_client


def months_url(flex, query="?month=2025-08"):
    return reverse("timesheets:months", kwargs={"org_id": flex.organization.id}) + query


def _month_with(flex, *, participants: int, hourly: int = 0):
    """`participants` monthly-paid employees with the month calculated, `hourly` without a
    flex balance."""
    flex.start_on(AUGUST)
    for _ in range(participants - 1):  # flex.employee is one of them
        EmployeeFactory(organization=flex.organization, annual_salary=Decimal("600000"))
    for _ in range(hourly):
        EmployeeFactory(organization=flex.organization, salary_type=SalaryType.HOURLY)
    overviews_compute(organization=flex.organization, month=AUGUST, today=SEPTEMBER_FIRST)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_month_list_costs_the_same_queries_at_5_and_50_rows(client, flex, rows, django_assert_num_queries):
    _month_with(flex, participants=rows, hourly=rows)
    # 1 session, 2 user, 3 organization with its switches, 4 the user's rights there,
    # 5 the month's figures (one aggregate: counts, sums, the pager's count, non-participants),
    # 6 the timesheet settings, 7 the first non-participants, 8 their salary terms,
    # 9 the user's own employee record and 10 the organization switcher (the layout),
    # 11 the department filter's choices, 12 the page's overviews with employees and
    # departments, 13-15 the session keeping the last organization (savepoint, update, release).
    with django_assert_num_queries(15):
        page = client.get(months_url(flex))
    assert page.status_code == 200
    assert page.content.decode().count('name="overview"') == min(rows, MONTH_PAGE_SIZE)
    # The htmx partial: 1-5, the timesheet settings (the working days without hours need the
    # flex start), the overviews and the session (no layout or filter form).
    with django_assert_num_queries(10):
        partial = client.get(months_url(flex, "?month=2025-08&status=open"), headers={"HX-Request": "true"})
    assert partial.status_code == 200


def test_the_list_pages_in_name_order_with_the_count_from_the_aggregate(client, flex):
    _month_with(flex, participants=MONTH_PAGE_SIZE + 7)
    first = client.get(months_url(flex)).content.decode()
    assert f"1–{MONTH_PAGE_SIZE} of {MONTH_PAGE_SIZE + 7}" in first
    second = client.get(months_url(flex, "?month=2025-08&page=2")).content.decode()
    assert f"{MONTH_PAGE_SIZE + 1}–{MONTH_PAGE_SIZE + 7} of {MONTH_PAGE_SIZE + 7}" in second
    names = [
        (o.employee.last_name, o.employee.first_name, o.employee.number)
        for o in overviews_for(organization=flex.organization, month=AUGUST)
    ]
    assert names == sorted(names)


def test_the_figures_count_the_month_and_the_filters_the_pager(flex):
    _month_with(flex, participants=4, hourly=2)
    finance = DepartmentFactory(organization=flex.organization, name="Finance")
    flex.employee.department = finance
    flex.employee.save()
    MonthlyOverview.objects.filter(employee=flex.employee).update(
        status=OverviewStatus.APPROVED, closing_balance=Decimal("2.5")
    )
    totals = month_totals(organization=flex.organization, month=AUGUST)
    assert (totals["count"], totals["approved"], totals["open"], totals["matching"]) == (4, 1, 3, 4)
    assert totals["closing"] == Decimal("2.5") + sum(
        MonthlyOverview.objects.exclude(employee=flex.employee).values_list("closing_balance", flat=True)
    )
    assert totals["without"] == 2
    by_department = month_totals(organization=flex.organization, month=AUGUST, department_id=finance.id)
    assert (by_department["count"], by_department["matching"]) == (4, 1)
    assert month_totals(organization=flex.organization, month=AUGUST, status=OverviewStatus.OPEN)["matching"] == 3
    assert month_totals(organization=flex.organization, month=AUGUST, search="Nordmann")["matching"] == 1


def test_non_participants_are_counted_whole_and_listed_with_their_reason(client, flex):
    _month_with(flex, participants=1, hourly=3)
    latecomer = EmployeeFactory(organization=flex.organization, annual_salary=Decimal("600000"), last_name="Sen")
    page = client.get(months_url(flex)).content.decode()
    assert '<span class="badge">4</span>' in page
    assert page.count("no flex balance is kept, the hours are paid as logged") == 3
    # Monthly-paid but added after the month was calculated: waiting, not excluded.
    assert latecomer.last_name in page and "the month is not calculated for them yet" in page


def test_another_organizations_overviews_never_reach_the_list(client, flex, other_organization):
    _month_with(flex, participants=2)
    stranger = EmployeeFactory(organization=other_organization, last_name="Fremmed")
    MonthlyOverview.objects.create(organization=other_organization, employee=stranger, month=AUGUST)
    assert month_totals(organization=flex.organization, month=AUGUST)["count"] == 2
    assert "Fremmed" not in client.get(months_url(flex)).content.decode()


def test_the_non_participants_listed_are_bounded_and_the_badge_counts_them_all(client, flex, monkeypatch):
    from timesheets.views import overviews as views

    monkeypatch.setattr(views, "NON_PARTICIPANTS_SHOWN", 2)
    _month_with(flex, participants=1, hourly=5)
    page = client.get(months_url(flex)).content.decode()
    assert '<span class="badge">5</span>' in page and "The first 2 are listed." in page
    assert page.count("no flex balance is kept, the hours are paid as logged") == 2
