"""Payslips, annual statements, the salary chart and the flex balance on the employee's page:
real payroll rows, read through the timesheets app's selectors."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import EmployeeFactory, switch
from tests.selfservice.factories import switch_on
from tests.selfservice.payroll import paid

HOME = reverse("me")


@pytest.fixture
def me(client, employee_user):
    client.force_login(employee_user)
    return client


@pytest.fixture
def payroll(organization, employee):
    september = paid(employee, date(2026, 9, 1), overtime="800.00")
    october = paid(employee, date(2026, 10, 1))
    paid(EmployeeFactory(organization=organization), date(2026, 10, 1), salary="99999.00")
    return september, october


def test_payslips_annual_statements_and_chart_come_from_payroll_runs(organization, me, payroll):
    september, _october = payroll
    switch_on(organization)
    page = me.get(HOME).content.decode()
    assert reverse("timesheets:my_payslip", args=[september.id]) in page
    assert "50,800.00 NOK" in page and "99,999.00" not in page
    assert '<svg class="salary-chart"' in page and page.count('<circle class="dot"') == 2

    slip = me.get(reverse("timesheets:my_payslip", args=[september.id])).content.decode()
    assert "Overtime supplement" in slip and "800.00" in slip and "50,800.00 NOK" in slip

    statement = me.get(reverse("timesheets:my_annual_statement", args=[2026])).content.decode()
    assert "100,800.00 NOK" in statement
    assert me.get(reverse("timesheets:my_annual_statement", args=[2025])).status_code == 404


def test_a_run_without_a_line_for_the_employee_is_not_their_payslip(organization, me):
    someone_else = paid(EmployeeFactory(organization=organization), date(2026, 10, 1))
    switch_on(organization)
    assert me.get(reverse("timesheets:my_payslip", args=[someone_else.id])).status_code == 404


def test_without_self_service_payslips_are_unreachable(me, payroll):
    september, _october = payroll
    for url in [
        reverse("timesheets:my_payslips"),
        reverse("timesheets:my_payslip", args=[september.id]),
        reverse("timesheets:my_annual_statements"),
        reverse("timesheets:my_annual_statement", args=[2026]),
    ]:
        assert me.get(url).status_code == 404, url


def test_flex_balance_shows_only_with_the_timesheet_module(organization, employee, me):
    switch_on(organization)
    assert "Flex balance" not in me.get(HOME).content.decode()
    switch(organization, "timesheets")
    assert "Flex balance" in me.get(HOME).content.decode()


@pytest.mark.parametrize("months", [1, 12])
def test_home_query_count_does_not_grow_with_payslips(
    organization, employee, me, months, django_assert_max_num_queries
):
    for month in range(1, months + 1):
        paid(employee, date(2025, month, 1))
    switch_on(organization)
    # 14 with the payroll cards (the self-service switch now comes with the organization's
    # query), plus 5 for the flex card (timesheet settings, three month-overview reads, the
    # time entries): runs are the timesheet module's, so with them its flex card shows too.
    # Salary terms add 3: the term in force for the employment card and for the flex card,
    # and the month's terms for the flex balance's normal time.
    with django_assert_max_num_queries(22):
        assert me.get(HOME).status_code == 200


def test_annual_statements_and_payslips_leave_out_draft_runs(organization, employee, me, payroll):
    from timesheets.models import PayrollRun, RunStatus

    _september, october = payroll
    PayrollRun.objects.filter(pk=october.pk).update(status=RunStatus.DRAFT)
    switch_on(organization)
    statement = me.get(reverse("timesheets:my_annual_statement", args=[2026])).content.decode()
    assert "50,800.00 NOK" in statement and "100,800.00" not in statement
    payslips = me.get(reverse("timesheets:my_payslips")).content.decode()
    assert "Preliminary" not in payslips and "October" not in payslips
    assert me.get(reverse("timesheets:my_payslip", args=[october.id])).status_code == 404
