"""Flex and payroll read the salary terms in force on each day (timesheets/salary.py and
flex.daily_normal): worked examples with exact Decimals."""

import datetime
from decimal import Decimal

from hrsuite.models import SalaryType
from hrsuite.salary_terms import salary_term_set, terms_for_period
from tests.factories import EmployeeFactory, SalaryTermFactory
from tests.timesheets.factories import TimeEntryFactory
from timesheets.models import LineKind, MonthlyOverview, PayrollLine
from timesheets.selectors.overviews import month_view
from timesheets.selectors.payroll import payslip_detail
from timesheets.services.overviews import overview_approve, overview_refresh, overviews_compute
from timesheets.services.payroll import payroll_run_build
from timesheets.services.period import payroll_period_process

D = Decimal
AUGUST, SEPTEMBER = datetime.date(2025, 8, 1), datetime.date(2025, 9, 1)


def raise_to(employee, annual_salary, valid_from, **fields):
    values = {"salary_type": SalaryType.MONTHLY, "hourly_wage": None, "normal_hours_per_day": None}
    values.setdefault("employment_percentage", D("100"))
    values.update(fields)
    return salary_term_set(
        employee=employee, valid_from=valid_from, annual_salary=D(annual_salary), actor=None, **values
    )


def salary_line(run, employee):
    return run.lines.get(employee=employee, kind=LineKind.SALARY)


def test_a_raise_from_the_16th_prorates_by_working_days_under_each_term(flex):
    # September 2025 in Norway: 22 working days, 11 before the 16th and 11 from it.
    # 780,000 a year is 65,000 a month, 858,000 is 71,500: 65,000 x 11/22 + 71,500 x 11/22.
    raise_to(flex.employee, "858000", datetime.date(2025, 9, 16))
    run = payroll_run_build(organization=flex.organization, period=SEPTEMBER)
    assert salary_line(run, flex.employee).amount == D("68250.00")
    # The payslip states the terms of the pay month's last day.
    detail = payslip_detail(employee=flex.employee, payslip_id=run.id, include_drafts=True)
    assert detail["term"].annual_salary == D("858000.00")
    # August: 21 working days, 11 before the 16th and 10 from it: (65,000 x 11 + 71,500 x 10) / 21
    # = 1,430,000 / 21 = 68,095.238... -> 68,095.24 (rounded once, at the line).
    raise_to(flex.employee, "858000", datetime.date(2025, 8, 16))
    august = payroll_run_build(organization=flex.organization, period=AUGUST)
    assert salary_line(august, flex.employee).amount == D("68095.24")


def test_a_part_month_employment_with_a_change_of_percentage(flex):
    # From 14 August at 100 % of 600,000 (50,000 a month), from 18 August at 80 % (40,000):
    # of August's 21 working days the employment has 12, 2 at 50,000 and 10 at 40,000:
    # (2 x 50,000 + 10 x 40,000) / 21 = 23,809.523... -> 23,809.52.
    joiner = EmployeeFactory(organization=flex.organization, employment_start=datetime.date(2025, 8, 14))
    raise_to(joiner, "600000", datetime.date(2025, 8, 18), employment_percentage=D("80"))
    line = salary_line(payroll_run_build(organization=flex.organization, period=AUGUST), joiner)
    assert (line.amount, line.percentage) == (D("23809.52"), D("80.00"))


def test_an_approved_month_is_not_repriced_by_a_later_raise(flex):
    flex.start_on(AUGUST)
    flex.log(datetime.date(2025, 8, 11), 2, pay_type=flex.overtime50)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=SEPTEMBER)
    overview_approve(overview=overview, actor=None, today=SEPTEMBER)
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    before = sorted(PayrollLine.objects.values_list("kind", "hours", "rate", "amount"))
    # 780,000 / 1,950 = 400 an hour: 2 h x 400 x 50 % = 400.00.
    assert (LineKind.OVERTIME, D("2.00"), D("400.00"), D("400.00")) in before
    raise_to(flex.employee, "975000", SEPTEMBER)  # 500 an hour from September
    payroll_period_process(organization=flex.organization, period=AUGUST, today=SEPTEMBER)
    payroll_run_build(organization=flex.organization, period=AUGUST)
    assert sorted(PayrollLine.objects.values_list("kind", "hours", "rate", "amount")) == before
    overview.refresh_from_db()
    assert overview.hourly_rate == D("400.00")
    # September's own month is priced at the new rate.
    flex.log(datetime.date(2025, 9, 8), 2, pay_type=flex.overtime50)
    october = datetime.date(2025, 10, 1)
    september = overview_refresh(employee=flex.employee, month=SEPTEMBER, today=october)
    overview_approve(overview=september, actor=None, today=october)
    september.refresh_from_db()
    assert september.hourly_rate == D("500.00")
    assert PayrollLine.objects.get(overview=september, kind=LineKind.OVERTIME).amount == D("500.00")


def test_normal_time_follows_the_percentage_and_hours_of_each_day(flex):
    # Organization normal time 8. From Monday 18 August at 80 % without own hours: 6.40 a day.
    # August's 21 working days: 11 x 8 + 10 x 6.40 = 152.
    flex.start_on(AUGUST)
    raise_to(flex.employee, "780000", datetime.date(2025, 8, 18), employment_percentage=D("80"))
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=SEPTEMBER)
    assert overview.normal_hours == D("152.00")
    days = {
        day.date.day: day.normal
        for day in month_view(employee=flex.employee, month=AUGUST, settings=flex.settings, today=SEPTEMBER).days
    }
    assert (days[15], days[18], days[16]) == (D("8"), D("6.40"), D("0"))
    # Own normal hours override the percentage: 7.5 a day from 25 August (5 working days).
    raise_to(
        flex.employee,
        "780000",
        datetime.date(2025, 8, 25),
        employment_percentage=D("80"),
        normal_hours_per_day=D("7.5"),
    )
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=SEPTEMBER)
    assert overview.normal_hours == D("157.50")  # 11 x 8 + 5 x 6.40 + 5 x 7.5


def test_hourly_days_are_out_of_flex_and_the_wage_is_read_per_stretch(flex):
    # Hourly paid until 24 August at 250 an hour, monthly (600,000) from Monday 25 August.
    switcher = EmployeeFactory(organization=flex.organization, salary_type=SalaryType.HOURLY, hourly_wage=D("250.00"))
    SalaryTermFactory(employee=switcher, valid_from=datetime.date(2025, 8, 25))
    flex.start_on(AUGUST)
    TimeEntryFactory(employee=switcher, activity=flex.work, date=datetime.date(2025, 8, 11), hours=D("8"))
    overviews_compute(organization=flex.organization, month=AUGUST, today=SEPTEMBER)
    overview = MonthlyOverview.objects.get(employee=switcher, month=AUGUST)
    assert overview.normal_hours == D("40")  # 25-29 August only
    # The fixed salary counts the 5 monthly working days of the 21: 50,000 x 5/21 = 11,904.76.
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    assert salary_line(run, switcher).amount == D("11904.76")
    # What hourly pay reads: the wage of each stretch of days.
    timeline = terms_for_period(start=AUGUST, end=datetime.date(2025, 8, 31), employee_ids=[switcher.id])[switcher.id]
    spans = [(s.first.day, s.last.day, s.term.hourly_wage) for s in timeline.spans(AUGUST, datetime.date(2025, 8, 31))]
    assert spans == [(1, 24, D("250.00")), (25, 31, None)]
