"""The reads the self-service page relies on (payslips, salary history, flex summary)."""

import datetime
from decimal import Decimal
from unittest import mock

from tests.factories import EmployeeFactory
from timesheets import selectors
from timesheets.services.overviews import overview_approve, overview_refresh
from timesheets.services.payroll import payroll_run_build
from timesheets.services.period import payroll_period_process

AUGUST = datetime.date(2025, 8, 1)


def test_payslips_salary_history_and_flex_summary(flex):
    flex.start_on(AUGUST)
    flex.log(datetime.date(2025, 8, 11), 12)
    with mock.patch("hrsuite.models.Organization.today", return_value=datetime.date(2025, 9, 1)):
        payroll_period_process(organization=flex.organization, period=AUGUST)
        overview = overview_refresh(employee=flex.employee, month=AUGUST)
        overview_approve(overview=overview, actor=None)
        run = payroll_run_build(organization=flex.organization, period=AUGUST)
        summary = selectors.flex_summary_for_employee(employee=flex.employee)

    slips = list(selectors.payslips_for_employee(employee=flex.employee))
    assert [(slip.id, slip.gross) for slip in slips] == [(run.id, Decimal("65000.00"))]
    detail = selectors.payslip_detail(employee=flex.employee, payslip_id=run.id)
    assert detail["gross"] == Decimal("65000.00") and len(detail["lines"]) == 1
    assert selectors.salary_history_for_employee(employee=flex.employee) == [
        {"month": AUGUST, "gross": Decimal("65000.00")}
    ]
    # August: 20 unlogged working days (-160) and 12 h on the 11th (+4); 1 September (Monday) draws 8.
    assert overview.closing_balance == Decimal("-156")
    assert summary["participates"] and summary["balance"] == Decimal("-164")
    assert [m.month for m in summary["months"]] == [AUGUST]  # the stored months; September is not closed


def test_another_employee_s_payslip_is_none(flex):
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    stranger = EmployeeFactory()  # another organization
    assert selectors.payslip_detail(employee=stranger, payslip_id=run.id) is None
    assert selectors.payslip_detail(employee=flex.employee, payslip_id="not-a-uuid") is None
    assert list(selectors.payslips_for_employee(employee=stranger)) == []


def test_hourly_paid_summary_says_why(flex):
    from hrsuite.models import SalaryType

    flex.employee.salary_type = SalaryType.HOURLY
    flex.employee.save()
    summary = selectors.flex_summary_for_employee(employee=flex.employee)
    assert not summary["participates"] and "hour" in summary["reason"]
