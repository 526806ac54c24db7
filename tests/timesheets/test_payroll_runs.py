"""Payroll runs: hourly pay, drafts that follow the data until published, approved months
that are never repriced, publishing (four eyes, audited), and what employees see."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hrsuite.models import AuditAction, AuditEvent, Employee, SalaryTerm, SalaryType
from hrsuite.salary_terms import salary_term_set
from tests.factories import EmployeeFactory, SalaryTermFactory, UserFactory
from tests.timesheets.factories import TimeEntryFactory
from tests.timesheets.runs import closed, published
from timesheets.models import NOT_PAY_KINDS, LineKind, MonthlyOverview, PayrollLine, RunStatus
from timesheets.selectors.payroll import payslip_detail, payslips_for_employee, salary_history_for_employee
from timesheets.services.overviews import overview_approve, overview_refresh, overview_set_payout
from timesheets.services.payroll import payroll_run_build, payroll_run_publish, payroll_run_update
from timesheets.services.period import payroll_period_process

D = Decimal
AUGUST, SEPTEMBER = datetime.date(2025, 8, 1), datetime.date(2025, 9, 1)


def hourly_employee(flex, wage="250.00", **fields):
    return EmployeeFactory(organization=flex.organization, salary_type=SalaryType.HOURLY, hourly_wage=D(wage), **fields)


def log(flex, employee, day, hours, pay_type=None):
    return TimeEntryFactory(employee=employee, activity=flex.work, date=day, hours=D(hours), pay_type=pay_type)


def lines_of(run, employee):
    """The employee's pay lines (the deductions and accruals that follow them are net pay's)."""
    return sorted(
        run.lines.filter(employee=employee)
        .exclude(kind__in=NOT_PAY_KINDS)
        .values_list("kind", "hours", "rate", "percentage", "amount"),
        key=lambda line: (line[0], line[2] or 0),
    )


def set_monthly(employee, valid_from, annual_salary, **fields):
    values = {
        "salary_type": SalaryType.MONTHLY,
        "hourly_wage": None,
        "normal_hours_per_day": None,
        "employment_percentage": D("100"),
        **fields,
    }
    return salary_term_set(
        employee=employee, valid_from=valid_from, annual_salary=D(annual_salary), actor=None, **values
    )


# --- Why: hourly-paid employees are never paid ------------------------------------------------


def test_hourly_pay_is_logged_hours_times_the_wage_with_overtime_on_top(flex):
    worker = hourly_employee(flex)
    log(flex, worker, datetime.date(2025, 8, 11), "8")
    log(flex, worker, datetime.date(2025, 8, 12), "12")
    # The seed's rule: 4 hours on the overtime pay type beside the 12, for the percentage only.
    log(flex, worker, datetime.date(2025, 8, 12), "4", pay_type=flex.overtime50)
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    assert lines_of(run, worker) == [
        (LineKind.HOURLY, D("20.00"), D("250.00"), None, D("5000.00")),  # 20 h x 250
        (LineKind.OVERTIME, D("4.00"), D("250.00"), D("50.00"), D("500.00")),  # 4 h x 250 x 50 %
    ]
    assert not MonthlyOverview.objects.filter(employee=worker).exists()  # out of flex, as before
    assert run.notices == []


def test_hourly_wage_follows_the_term_of_each_day_and_the_employment(flex):
    worker = hourly_employee(flex)
    SalaryTermFactory(
        employee=worker, valid_from=datetime.date(2025, 8, 18), salary_type=SalaryType.HOURLY, hourly_wage=D("300")
    )
    log(flex, worker, datetime.date(2025, 8, 15), "7.5")  # at 250
    log(flex, worker, datetime.date(2025, 8, 18), "8")  # at 300
    log(flex, worker, datetime.date(2025, 8, 19), "2", pay_type=flex.overtime50)
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    assert lines_of(run, worker) == [
        (LineKind.HOURLY, D("7.50"), D("250.00"), None, D("1875.00")),
        (LineKind.HOURLY, D("8.00"), D("300.00"), None, D("2400.00")),
        (LineKind.OVERTIME, D("2.00"), D("300.00"), D("50.00"), D("300.00")),
    ]


def test_the_run_names_employees_it_cannot_pay(flex):
    no_terms = EmployeeFactory(organization=flex.organization, salary_term=None, last_name="Termless")
    no_wage = hourly_employee(flex, last_name="Wageless")
    SalaryTerm.objects.filter(employee=no_wage).update(hourly_wage=None)  # as an old import left it
    log(flex, no_wage, datetime.date(2025, 8, 11), "8")
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    assert [(n["employee_id"], n["code"]) for n in run.notices] == [
        (str(no_terms.id), "no_terms"),
        (str(no_wage.id), "no_wage"),
    ]
    assert not run.lines.filter(employee__in=[no_terms, no_wage]).exists()


# --- Why: open runs are not corrected ---------------------------------------------------------


def test_a_draft_follows_a_salary_correction_and_reports_what_changed(flex):
    first = payroll_run_update(organization=flex.organization, period=AUGUST)
    assert first.changed == 1 and first.total_after == D("65000.00")
    # The term from the employment start is corrected in place: 858,000 a year, 71,500 a month.
    set_monthly(flex.employee, flex.employee.employment_start, "858000")
    update = payroll_run_update(organization=flex.organization, period=AUGUST)
    assert (update.changed, update.total_before, update.total_after) == (1, D("65000.00"), D("71500.00"))
    assert update.message == "1 line changed, total 65,000.00 → 71,500.00."
    again = payroll_run_update(organization=flex.organization, period=AUGUST)
    assert (again.changed, again.message) == (0, "Nothing changed.")
    assert PayrollLine.objects.filter(run=update.run).exclude(kind__in=NOT_PAY_KINDS).count() == 1


def test_an_employment_ended_mid_month_is_prorated_by_working_days_on_rebuild(flex):
    payroll_run_build(organization=flex.organization, period=AUGUST)
    Employee.objects.filter(pk=flex.employee.pk).update(employment_end=datetime.date(2025, 8, 15))
    update = payroll_run_update(organization=flex.organization, period=AUGUST)
    # August 2025 in Norway: 21 working days, 11 of them up to Friday the 15th: 65,000 x 11/21.
    assert update.run.lines.get(kind=LineKind.SALARY).amount == D("34047.62")
    assert update.changed == 1


def test_someone_who_left_before_the_period_leaves_the_draft(flex):
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    Employee.objects.filter(pk=flex.employee.pk).update(employment_end=datetime.date(2025, 7, 31))
    update = payroll_run_update(organization=flex.organization, period=AUGUST)
    assert update.changed == 1 and not run.lines.exists()


# --- Why: approved months get repriced --------------------------------------------------------


def test_rerunning_the_job_after_a_raise_never_reprices_an_approved_month(flex):
    flex.start_on(AUGUST)
    flex.log(datetime.date(2025, 8, 11), 2, pay_type=flex.overtime50)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=SEPTEMBER)
    # nothing but overtime logged: the balance is negative, and HR pays out an hour anyway
    overview = overview_set_payout(overview=overview, hours=D("1"), confirm_negative_balance=True)
    overview_approve(overview=overview, actor=None, today=SEPTEMBER, confirm_negative_balance=True)
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    frozen = sorted(PayrollLine.objects.filter(overview=overview).values_list("kind", "hours", "amount", "id"))
    assert [line[:3] for line in frozen] == [
        (LineKind.FLEX_PAYOUT, D("1.00"), D("400.00")),
        (LineKind.OVERTIME, D("2.00"), D("400.00")),
    ]
    # A raise back to the employment start (a correction): 975,000 a year, 500 an hour.
    set_monthly(flex.employee, flex.employee.employment_start, "975000")
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    payroll_run_build(organization=flex.organization, period=AUGUST)
    assert sorted(PayrollLine.objects.filter(overview=overview).values_list("kind", "hours", "amount", "id")) == frozen
    # The fixed salary of the draft follows the correction; the approved lines do not.
    assert PayrollLine.objects.get(kind=LineKind.SALARY).amount == D("81250.00")
    assert PayrollLine.objects.exclude(kind__in=NOT_PAY_KINDS).count() == 3


# --- A run that is no longer a draft never changes ---------------------------------------------


@pytest.mark.parametrize("state", [published, closed])
def test_a_published_or_closed_run_refuses_to_be_rebuilt(flex, state):
    run = state(payroll_run_build(organization=flex.organization, period=AUGUST))
    frozen = sorted(run.lines.values_list("id", "kind", "amount"))  # pay, deductions and accrual
    assert [amount for _id, kind, amount in frozen if kind not in NOT_PAY_KINDS] == [D("65000.00")]
    set_monthly(flex.employee, flex.employee.employment_start, "858000")
    with pytest.raises(ValidationError):
        payroll_run_build(organization=flex.organization, period=AUGUST)
    assert sorted(run.lines.values_list("id", "kind", "amount")) == frozen
    # The job leaves it as it is.
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    assert sorted(run.lines.values_list("id", "kind", "amount")) == frozen


# --- Why: draft payslips reach employees ------------------------------------------------------


def test_employees_see_published_runs_only(flex, owner):
    run = payroll_run_build(organization=flex.organization, period=AUGUST, actor=owner)
    assert not payslips_for_employee(employee=flex.employee).exists()
    assert payslip_detail(employee=flex.employee, payslip_id=run.id) is None
    assert salary_history_for_employee(employee=flex.employee) == []
    assert payslip_detail(employee=flex.employee, payslip_id=run.id, include_drafts=True)["gross"] == D("65000.00")
    run = payroll_run_publish(run=run, pay_date=datetime.date(2025, 8, 25), actor=owner)
    assert run.status == RunStatus.PUBLISHED and run.pay_date == datetime.date(2025, 8, 25)
    assert [slip.id for slip in payslips_for_employee(employee=flex.employee)] == [run.id]
    event = AuditEvent.objects.get(action=AuditAction.RUN_PUBLISHED)
    assert event.actor == owner and event.detail["employees"] == 1 and event.detail["pay_date"] == "2025-08-25"


def test_four_eyes_publishing_needs_someone_other_than_the_builder(flex, owner):
    flex.settings.four_eyes_publish = True
    flex.settings.save()
    run = payroll_run_build(organization=flex.organization, period=AUGUST, actor=owner)
    assert run.built_by == owner
    with pytest.raises(ValidationError, match="someone other"):
        payroll_run_publish(run=run, pay_date=datetime.date(2025, 8, 25), actor=owner)
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    run.refresh_from_db()
    assert run.built_by == owner  # the job does not wipe who built it
    colleague = UserFactory()
    assert payroll_run_publish(run=run, pay_date=datetime.date(2025, 8, 25), actor=colleague).is_published


def test_publishing_needs_a_pay_date_and_lines(flex, owner):
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    with pytest.raises(ValidationError) as missing:
        payroll_run_publish(run=run, pay_date=None, actor=owner)
    assert "pay_date" in missing.value.message_dict
    with pytest.raises(ValidationError):
        payroll_run_publish(run=run, pay_date=datetime.date(2025, 7, 31), actor=owner)
    empty = payroll_run_build(organization=flex.organization, period=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError, match="nothing to publish"):
        payroll_run_publish(run=empty, pay_date=datetime.date(2019, 1, 25), actor=owner)
    with pytest.raises(ValidationError, match="Publish"):
        from timesheets.services.payroll import payroll_run_close

        payroll_run_close(run=run, actor=owner)


# --- Screens -------------------------------------------------------------------------------


def _run_of(flex, count):
    for _index in range(count - 1):
        EmployeeFactory(organization=flex.organization)
    return payroll_run_build(organization=flex.organization, period=AUGUST)


def _queries_of_run_page(client, flex, run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/orgs/{flex.organization.id}/payroll/runs/{run.id}/"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_run_page_is_paginated_with_the_same_queries_at_5_and_50_employees(
    owner_client, flex, django_assert_num_queries
):
    small = _run_of(flex, 5)
    few, _response = _queries_of_run_page(owner_client, flex, small)
    PayrollLine.objects.all().delete()
    big = _run_of(flex, 56)  # 55 more: 60 employees
    with django_assert_num_queries(few):
        response = owner_client.get(f"/orgs/{flex.organization.id}/payroll/runs/{big.id}/")
    page = response.content.decode()
    # one page of 50 employees, each with a link to the payslip and one to its PDF
    assert page.count("/payslips/") == 100 and page.count("/payslip.pdf") == 50
    assert "1–50 of 60" in page
    # The totals come from the database, not from the page shown: 65,000 + 59 x 50,000.
    assert "Gross pay, 60 employees" in page and "3,015,000.00" in page


def test_publishing_is_confirmed_on_a_page_naming_period_pay_date_and_head_count(owner_client, flex):
    run = _run_of(flex, 3)
    path = f"/orgs/{flex.organization.id}/payroll/runs/{run.id}/publish/"
    confirm = owner_client.post(path, {"pay_date": "2025-08-25"})
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "August 2025" in page and "3 employees" in page
    assert "25" in page and 'name="confirmed"' in page
    run.refresh_from_db()
    assert run.is_draft  # nothing published before the confirmation
    bad = owner_client.post(path, {"pay_date": "nonsense", "confirmed": "on"})
    assert bad.status_code == 400 and "Pay date: enter the date as dd/mm/yyyy." in bad.content.decode()
    done = owner_client.post(path, {"pay_date": "2025-08-25", "confirmed": "on"})
    assert done.status_code == 302
    run.refresh_from_db()
    assert run.is_published and run.pay_date == datetime.date(2025, 8, 25)


def test_rebuilding_from_the_page_says_what_changed(owner_client, flex):
    build = f"/orgs/{flex.organization.id}/payroll/runs/build/"
    owner_client.post(build, {"period": "2025-08"})
    set_monthly(flex.employee, flex.employee.employment_start, "858000")
    page = owner_client.post(build, {"period": "2025-08"}, follow=True).content.decode()
    assert "1 line changed, total 65,000.00 → 71,500.00." in page
    page = owner_client.post(build, {"period": "2025-08"}, follow=True).content.decode()
    assert "Nothing changed." in page
