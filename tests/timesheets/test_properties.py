"""Property-based tests (Hypothesis) over the money and hours rules.

For random sequences of time entries (with overtime beside them), approvals with pay-outs,
reopenings and run builds over June to August 2025:
- the balance chain is continuous: each month opens at the previous month's close;
- every overview's figures agree: change = logged - normal, closing = opening + change - payout;
- an approved month's lines pay what it should: the pay-out (or deduction) and the overtime
  supplement at the rate frozen at approval;
- on PostgreSQL, the fast path (timesheets/pg.py) computes exactly what the portable path does.
And for random employments and salary terms, the fixed salary's proration stays in [0, 1];
and with random hours besides, the payroll run's lines (fixed salaries, hourly pay, overtime
supplements, deductions) and notices are the same on the fast and the portable path.

Each example runs inside a transaction rolled back at its end; the example counts are
modest (see EXAMPLES) so the suite stays fast."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrsuite.models import SalaryTerm, SalaryType
from hrsuite.money import percentage_of, round_money
from hrsuite.salary_terms import Timeline
from timesheets import calendar, pg
from timesheets.models import LineKind, MonthlyOverview, OverviewStatus, PayrollLine
from timesheets.salary import month_salary
from timesheets.services.overviews import overview_reopen, overview_submit, overviews_compute
from timesheets.services.payroll import payroll_run_build

D = Decimal
MONTHS = [datetime.date(2025, 6, 1), datetime.date(2025, 7, 1), datetime.date(2025, 8, 1)]
FIRST = MONTHS[0]
DAYS = (calendar.month_end(MONTHS[-1]) - FIRST).days + 1
TODAY = datetime.date(2025, 9, 2)
# Examples per property: sequences on SQLite, sequences compared on PostgreSQL, prorations.
EXAMPLES = {"sequences": 25, "fast path": 10, "proration": 100, "run lines": 15}


def examples(count: int):
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,  # the same examples on every run: CI stays reproducible
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


hours = st.sampled_from([D("0"), D("2"), D("4"), D("7.5"), D("8"), D("10"), D("12")])
log = st.tuples(st.just("log"), st.integers(0, DAYS - 1), hours, st.booleans())
approve = st.tuples(
    st.just("approve"), st.integers(0, 2), st.sampled_from([D("-3"), D("0"), D("2"), D("4"), D("9")]), st.booleans()
)
reopen = st.tuples(st.just("reopen"), st.integers(0, 2), st.just(None), st.just(None))
build = st.tuples(st.just("build"), st.integers(0, 2), st.just(None), st.just(None))
actions = st.lists(st.one_of(log, log, approve, reopen, build), min_size=1, max_size=14)


def play(flex, owner, steps) -> None:
    """Apply the steps; a refusal (a rule doing its job) is part of the sequence."""
    for kind, index, value, flag in steps:
        try:
            if kind == "log":
                day = FIRST + datetime.timedelta(days=index)
                flex.log(day, value, pay_type=flex.overtime50 if flag else None)
            elif kind == "approve":
                overview_submit(
                    employee=flex.employee,
                    month=MONTHS[index],
                    payout_hours=value,
                    approve=True,
                    confirm_negative_balance=flag,
                    actor=owner,
                    today=TODAY,
                )
            elif kind == "reopen":
                found = MonthlyOverview.objects.filter(employee=flex.employee, month=MONTHS[index]).first()
                if found is not None:
                    overview_reopen(overview=found, actor=owner)
            else:
                payroll_run_build(organization=flex.organization, period=MONTHS[index])
        except ValidationError:
            pass


def figures() -> dict:
    return {
        (o.employee_id, o.month): (
            o.status,
            o.opening_balance,
            o.logged_hours,
            o.normal_hours,
            o.change,
            o.overtime_hours,
            o.payout_hours,
            o.closing_balance,
        )
        for o in MonthlyOverview.objects.all()
    }


def check_overviews(flex) -> None:
    overviews = list(MonthlyOverview.objects.filter(employee=flex.employee).order_by("month"))
    assert [o.month for o in overviews] == MONTHS  # every month since the balance started
    previous = None
    for overview in overviews:
        assert overview.change == overview.logged_hours - overview.normal_hours
        assert overview.closing_balance == overview.opening_balance + overview.change - overview.payout_hours
        assert overview.opening_balance == (previous.closing_balance if previous else D("0"))
        if previous is not None and overview.is_approved:
            assert previous.is_approved  # approved in order
        if overview.is_approved:
            check_lines(flex, overview)
        previous = overview


def check_lines(flex, overview) -> None:
    """The month's lines (over every run) pay exactly its pay-out and its supplement, priced
    at the rate frozen at approval."""
    rate = overview.hourly_rate
    lines = PayrollLine.objects.filter(overview=overview)
    flex_lines = lines.filter(kind__in=[LineKind.FLEX_PAYOUT, LineKind.FLEX_DEDUCTION])
    assert sum((line.hours for line in flex_lines), D("0")) == overview.payout_hours
    assert sum((line.amount for line in flex_lines), D("0")) == round_money(overview.payout_hours * rate)
    overtime = lines.filter(kind=LineKind.OVERTIME)
    assert sum((line.hours for line in overtime), D("0")) == overview.overtime_hours
    assert sum((line.amount for line in overtime), D("0")) == round_money(
        percentage_of(overview.overtime_hours * rate, D("50"))
    )


@contextmanager
def rolled_back_sequence(flex, owner, steps):
    """Play the steps and compute the whole organization's last month (the fast path on
    PostgreSQL) inside a transaction that is rolled back after the checks."""
    with transaction.atomic():
        flex.start_on(FIRST)
        play(flex, owner, steps)
        overviews_compute(organization=flex.organization, month=MONTHS[-1], today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@examples(EXAMPLES["sequences"])
@given(steps=actions)
def test_random_sequences_keep_the_balance_chain_and_every_overview_consistent(flex, owner, steps):
    with rolled_back_sequence(flex, owner, steps):
        check_overviews(flex)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares the PostgreSQL fast path with the portable one")
@pytest.mark.postgres
@pytest.mark.django_db
@examples(EXAMPLES["fast path"])
@given(steps=actions)
def test_random_sequences_compute_the_same_on_the_fast_and_the_portable_path(flex, owner, steps):
    with rolled_back_sequence(flex, owner, steps):
        fast = figures()
        MonthlyOverview.objects.filter(status=OverviewStatus.OPEN).update(logged_hours=D("-1"), closing_balance=0)
        pg.ENABLED = False
        try:
            overviews_compute(organization=flex.organization, month=MONTHS[-1], today=TODAY)
        finally:
            pg.ENABLED = True
        assert figures() == fast


def term(valid_from, annual, percentage, salary_type=SalaryType.MONTHLY):
    return SalaryTerm(
        valid_from=valid_from,
        salary_type=salary_type,
        annual_salary=annual if salary_type == SalaryType.MONTHLY else None,
        hourly_wage=D("250") if salary_type != SalaryType.MONTHLY else None,
        employment_percentage=percentage,
    )


AUGUST = MONTHS[-1]
day_in_august = st.integers(0, 30).map(lambda offset: AUGUST + datetime.timedelta(days=offset))
terms = st.lists(
    st.tuples(
        day_in_august,
        st.decimals(min_value=D("100000"), max_value=D("2000000"), places=2),
        st.sampled_from([D("20"), D("50"), D("80"), D("100")]),
        st.sampled_from([SalaryType.MONTHLY, SalaryType.MONTHLY, SalaryType.HOURLY]),
    ),
    min_size=0,
    max_size=3,
    unique_by=lambda item: item[0],
)


@examples(EXAMPLES["proration"])
@given(
    start=st.integers(-40, 30).map(lambda offset: AUGUST + datetime.timedelta(days=offset)),
    length=st.one_of(st.none(), st.integers(0, 60)),
    first_term=st.tuples(
        st.decimals(min_value=D("100000"), max_value=D("2000000"), places=2),
        st.sampled_from([D("20"), D("50"), D("80"), D("100")]),
    ),
    later=terms,
)
def test_the_fixed_salary_s_proration_stays_within_0_and_1(start, length, first_term, later):
    """month_salary / the largest full monthly salary among the terms in force is in [0, 1]
    (timesheets/salary.py: working-day weights and the calendar-day share of the month)."""
    end = start + datetime.timedelta(days=length) if length is not None else None
    timeline = Timeline(
        [term(start, *first_term)]
        + [term(day, annual, percentage, kind) for day, annual, percentage, kind in sorted(later) if day > start]
    )
    if end is not None and end < AUGUST:
        return  # not employed in August: no salary asked for
    salary = month_salary(
        timeline=timeline,
        period=AUGUST,
        working=calendar.working_days(AUGUST, "NO"),
        employment_start=start,
        employment_end=end,
    )
    monthly = [t for t in timeline.terms if t.salary_type == SalaryType.MONTHLY]
    if salary is None:
        return
    full = round_money(max(t.annual_salary * t.employment_percentage / 1200 for t in monthly))
    assert D("0") <= salary.amount <= full  # proration (amount / full month) in [0, 1]


# An employee's August: employment start (days from August 1st) and length, salary terms from
# days in August (monthly, or hourly with or without a wage), and time entries (day, hours,
# on the overtime pay type or not, on an activity that generates hours or not).
august_person = st.tuples(
    st.integers(-40, 20),
    st.one_of(st.none(), st.integers(0, 40)),
    st.lists(
        st.tuples(
            day_in_august,
            st.sampled_from([SalaryType.MONTHLY, SalaryType.HOURLY, SalaryType.HOURLY]),
            st.decimals(min_value=D("100000"), max_value=D("2000000"), places=2),
            st.sampled_from([D("250.00"), D("312.55"), None]),
            st.sampled_from([D("50"), D("100")]),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda item: item[0],
    ),
    st.lists(
        st.tuples(
            st.integers(0, 30), st.sampled_from([D("1.5"), D("7.5"), D("8"), D("10")]), st.booleans(), st.booleans()
        ),
        max_size=8,
    ),
)


def add_person(flex, start_offset, length, person_terms, person_entries):
    from tests.factories import EmployeeFactory
    from tests.timesheets.factories import TimeEntryFactory

    start = AUGUST + datetime.timedelta(days=start_offset)
    end = start + datetime.timedelta(days=length) if length is not None else None
    employee = EmployeeFactory(
        organization=flex.organization, employment_start=start, employment_end=end, salary_term=None
    )
    first = min(day for day, *_rest in person_terms)
    for day, kind, annual, wage, percentage in person_terms:
        monthly = kind == SalaryType.MONTHLY
        SalaryTerm.objects.create(
            employee=employee,
            valid_from=min(day, start) if day == first else day,
            salary_type=kind,
            annual_salary=annual if monthly else None,
            hourly_wage=None if monthly else wage,
            employment_percentage=percentage,
        )
    for offset, hours, overtime, generates in person_entries:
        TimeEntryFactory(
            employee=employee,
            activity=flex.work if generates else flex.time_off,
            pay_type=flex.overtime50 if overtime else None,
            date=AUGUST + datetime.timedelta(days=offset),
            hours=hours,
        )


def run_snapshot(flex) -> tuple:
    """The August run as built, then removed: its lines by (employee, key) and its notices."""
    from timesheets.models import PayrollRun

    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    lines = {
        (line.employee_id, line.key): (
            line.kind,
            line.description,
            line.hours,
            line.rate,
            line.percentage,
            line.basis,
            line.amount,
            line.pay_type_id,
        )
        for line in run.lines.all()
    }
    notices = sorted((notice["employee_id"], notice["code"]) for notice in run.notices)
    PayrollLine.objects.filter(run=run).delete()
    PayrollRun.objects.filter(pk=run.pk).delete()
    return lines, notices


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares the PostgreSQL fast path with the portable one")
@pytest.mark.postgres
@pytest.mark.django_db
@examples(EXAMPLES["run lines"])
@given(people=st.lists(august_person, min_size=1, max_size=3))
def test_random_terms_and_hours_build_the_same_run_on_the_fast_and_the_portable_path(flex, people):
    with transaction.atomic():
        for person in people:
            add_person(flex, *person)
        fast = run_snapshot(flex)
        pg.ENABLED = False
        try:
            portable = run_snapshot(flex)
        finally:
            pg.ENABLED = True
        assert fast == portable
        transaction.set_rollback(True)
