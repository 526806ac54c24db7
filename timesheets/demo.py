"""Demo data: the timesheet module on for the Norwegian demo organization, activities and
pay types, hours for last month and this month, last month approved and its payroll run
built, tax cards, and a year of earlier closed runs (so payslips and the salary chart have history).
Idempotent: skipped when the organization has activities."""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from hrsuite.models import Employee, Organization, SalaryType
from hrsuite.salary_terms import terms_for_period
from hrsuite.services import module_switch
from timesheets import bulk, calendar
from timesheets.flex import NO_TERMS, daily_normal
from timesheets.models import (
    Activity,
    MonthlyOverview,
    PayType,
    PayTypeKind,
    TaxCard,
    TimeEntry,
    TimesheetSettings,
)
from timesheets.selectors.settings import MODULE
from timesheets.services.overviews import overview_set_payout, overviews_approve, overviews_compute
from timesheets.services.payroll import payroll_run_build, payroll_run_close, payroll_run_publish

ENTRY_FIELDS = ["id", "organization", "employee", "date", "activity", "pay_type", "hours", "comment"]


def seed_organization(*, organization: Organization, rng: random.Random) -> None:
    """The Norwegian demo organization's timesheets, named in its language."""
    if organization.country != "NO" or Activity.objects.filter(organization=organization).exists():
        return
    rng = random.Random(4)  # own sequence: other apps' demo data does not shift ours
    today = organization.today()
    this_month = calendar.month_start(today)
    last_month = calendar.previous_month(this_month)
    module_switch(organization=organization, key=MODULE, enabled=True, actor=None)
    TimesheetSettings.objects.update_or_create(
        organization=organization, defaults={"flex_start": last_month, "annual_hours_divisor": Decimal("1950")}
    )
    project = Activity.objects.create(organization=organization, name="Prosjektarbeid")
    internal = Activity.objects.create(organization=organization, name="Internt")
    time_off = Activity.objects.create(organization=organization, name="Avspasering fleksitid", generates_hours=False)
    overtime50 = PayType.objects.create(organization=organization, name="Overtid 50 %", percentage=Decimal("50"))
    PayType.objects.create(organization=organization, name="Overtid 100 %", percentage=Decimal("100"))
    PayType.objects.create(organization=organization, name="Ordinære timer", kind=PayTypeKind.ORDINARY)

    employees = Employee.objects.filter(organization=organization).order_by("number")
    timelines = terms_for_period(organization=organization, start=last_month, end=today)
    rows = []
    for employee in employees:
        timeline = timelines.get(employee.id, NO_TERMS)
        day = last_month
        while day <= today:
            employed = employee.employment_start <= day and (
                employee.employment_end is None or day <= employee.employment_end
            )
            term = timeline.on(day)
            monthly = term is not None and term.salary_type == SalaryType.MONTHLY
            if employed and monthly and calendar.is_working_day(day, organization.country):
                normal = daily_normal(term, organization)
                rows.extend(_day_entries(rng, organization, employee, day, normal, project, internal, time_off))
                if day.weekday() == 2 and rng.random() < 0.25:
                    rows.append(_entry(organization, employee, day, project, overtime50, Decimal("2"), "Lansering"))
            day += timedelta(days=1)
    bulk.insert_rows(TimeEntry, ENTRY_FIELDS, rows, conflict=["id"])  # demo data needs no per-row history

    _tax_cards(organization, employees, rng, years=range(today.year - 1, today.year + 1))
    _salary_history(organization, before=last_month, months=11)
    overviews_compute(organization=organization, month=last_month, today=today)
    overviews = MonthlyOverview.objects.filter(organization=organization, month=last_month).order_by("employee__number")
    # A few pay-outs of surplus hours and one deduction of a large deficit.
    paid, deducted = 0, 0
    for overview in overviews:
        if paid < 3 and overview.closing_balance >= 4:
            overview_set_payout(overview=overview, hours=Decimal("4"))
            paid += 1
        elif not deducted and overview.closing_balance <= -10:
            overview_set_payout(overview=overview, hours=Decimal("-3"))
            deducted += 1
    # The last few stay open, so the month list shows both states.
    ids = list(overviews.values_list("id", flat=True))
    overviews_approve(organization=organization, overview_ids=ids[:-3], actor=None, today=today)
    payroll_run_build(organization=organization, period=last_month)
    overviews_compute(organization=organization, month=this_month, today=today)


def _tax_cards(organization: Organization, employees, rng: random.Random, *, years) -> None:
    """A percentage tax card per employee and year (a few left without one: the flat rate)."""
    cards = [
        TaxCard(
            organization=organization,
            employee=employee,
            year=year,
            percentage=Decimal(rng.randrange(26, 39)),
            table_number=f"71{rng.randrange(0, 40):02d}",
        )
        for employee in employees
        if rng.random() < 0.9
        for year in years
    ]
    TaxCard.objects.bulk_create(cards)


def _salary_history(organization: Organization, *, before, months: int) -> None:
    """Published and closed payroll runs of earlier months (fixed salary only), so payslips, annual
    statements and the salary chart have a year of history."""
    period = before
    for _ in range(months):
        period = calendar.previous_month(period)
        run = payroll_run_build(organization=organization, period=period)
        run = payroll_run_publish(run=run, pay_date=period.replace(day=25), actor=None)
        payroll_run_close(run=run, actor=None)


def _day_entries(rng, organization, employee, day, normal, project, internal, time_off):
    roll = rng.random()
    if roll < 0.05:
        return []  # flex time off: nothing logged, the day draws its normal time
    if roll < 0.10:
        worked = normal - 2
        return [
            _entry(organization, employee, day, project, None, worked, ""),
            _entry(organization, employee, day, time_off, None, Decimal("2"), "Gikk tidlig"),
        ]
    hours = normal + rng.choice([Decimal("0"), Decimal("0"), Decimal("0.5"), Decimal("1"), Decimal("-0.5")])
    if rng.random() < 0.3:
        return [
            _entry(organization, employee, day, project, None, hours - 1, ""),
            _entry(organization, employee, day, internal, None, Decimal("1"), "Teammøte"),
        ]
    return [_entry(organization, employee, day, project, None, hours, "")]


def _entry(organization, employee, day, activity, pay_type, hours, comment):
    return (
        uuid.uuid4(),
        organization.id,
        employee.id,
        day,
        activity.id,
        pay_type.id if pay_type else None,
        hours,
        comment,
    )
