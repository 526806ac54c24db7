"""The reads the self-service page relies on (payslips, salary history, flex summary)."""

import datetime
from decimal import Decimal
from unittest import mock

from tests.factories import EmployeeFactory, terms_change
from tests.timesheets.runs import closed, published
from timesheets.selectors.payroll import (
    flex_summary_for_employee,
    payslip_detail,
    payslips_for_employee,
    salary_history_for_employee,
)
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
        run = published(payroll_run_build(organization=flex.organization, period=AUGUST))
        summary = flex_summary_for_employee(employee=flex.employee)

    slips = list(payslips_for_employee(employee=flex.employee))
    assert [(slip.id, slip.gross) for slip in slips] == [(run.id, Decimal("65000.00"))]
    detail = payslip_detail(employee=flex.employee, payslip_id=run.id)
    assert detail["gross"] == Decimal("65000.00") and len(detail["lines"]) == 1
    assert salary_history_for_employee(employee=flex.employee) == [{"month": AUGUST, "gross": Decimal("65000.00")}]
    # August: 20 unlogged working days (-160) and 12 h on the 11th (+4); 1 September (Monday) draws 8.
    assert overview.closing_balance == Decimal("-156")
    assert summary["participates"] and summary["balance"] == Decimal("-164")
    assert [m.month for m in summary["months"]] == [AUGUST]  # the stored months; September is not closed


def test_another_employee_s_payslip_is_none(flex):
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    stranger = EmployeeFactory()  # another organization
    assert payslip_detail(employee=stranger, payslip_id=run.id) is None
    assert payslip_detail(employee=flex.employee, payslip_id="not-a-uuid") is None
    assert list(payslips_for_employee(employee=stranger)) == []


def test_hourly_paid_summary_says_why(flex):
    from hrsuite.models import SalaryType

    terms_change(flex.employee, salary_type=SalaryType.HOURLY)
    summary = flex_summary_for_employee(employee=flex.employee)
    assert not summary["participates"] and "hour" in summary["reason"]


def test_pensionable_salary_counts_fixed_salary_of_closed_runs_in_the_period(flex, django_assert_num_queries):
    from hrsuite.models import SalaryType
    from timesheets.models import LineKind, PayrollLine
    from timesheets.selectors.payroll import pensionable_salary_for
    from timesheets.services.overviews import overview_set_payout

    info_and_tax = (LineKind.TAX, LineKind.HOLIDAY_ACCRUAL)
    july, june, september = datetime.date(2025, 7, 1), datetime.date(2025, 6, 1), datetime.date(2025, 9, 1)
    # 80 % of 600,000 a year from Saturday 16 August: 40,000 a month x 10 of August's 21 working
    # days = 19,047.62 for August.
    joiner = EmployeeFactory(
        organization=flex.organization,
        employment_start=datetime.date(2025, 8, 16),
        employment_percentage=Decimal("80"),
    )
    hourly = EmployeeFactory(organization=flex.organization, salary_type=SalaryType.HOURLY)
    flex.start_on(AUGUST)
    flex.log(datetime.date(2025, 8, 11), 10, pay_type=flex.overtime50)  # an overtime supplement line
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=september)
    # a flex pay-out line (the unlogged days leave the balance negative: confirmed)
    overview_set_payout(overview=overview, hours=Decimal("4"), confirm_negative_balance=True)
    overview_approve(overview=overview, actor=None, today=september, confirm_negative_balance=True)
    for period in (june, july, AUGUST):
        closed(payroll_run_build(organization=flex.organization, period=period))
    payroll_run_build(organization=flex.organization, period=september)  # a draft: preliminary, not counted
    stranger = EmployeeFactory()  # another organization, closed August run
    closed(payroll_run_build(organization=stranger.organization, period=AUGUST))
    august_kinds = set(
        PayrollLine.objects.filter(run__period=AUGUST, employee=flex.employee).values_list("kind", flat=True)
    )
    # tax and holiday pay besides (no pension line: the organization's member rate is 0)
    assert august_kinds == {LineKind.SALARY, LineKind.OVERTIME, LineKind.FLEX_PAYOUT, *info_and_tax}

    with django_assert_num_queries(1):  # one aggregate over the lines, grouped by employee
        # The period starts mid-July: July's pay month overlaps it and counts; June does not.
        pensionable = pensionable_salary_for(
            organization=flex.organization,
            period_start=datetime.date(2025, 7, 15),
            period_end=datetime.date(2025, 9, 30),
        )

    assert pensionable == {flex.employee.id: Decimal("130000.00"), joiner.id: Decimal("19047.62")}
    assert all(isinstance(amount, Decimal) for amount in pensionable.values())
    assert hourly.id not in pensionable and stranger.id not in pensionable
    assert pensionable_salary_for(organization=flex.organization, period_start=september, period_end=september) == {}
