"""The seed's rules for the flex balance (Tripletex "Fleksisaldo"), each as a test."""

import datetime
from decimal import Decimal

from tests.factories import terms_change
from timesheets.calendar import working_days
from timesheets.selectors.overviews import month_view
from timesheets.services.overviews import overview_refresh

MONDAY = datetime.date(2025, 8, 11)  # 11 August 2025 is a Monday
D = Decimal


def balance(flex, today):
    """The closing balance of today's month, stored overview and day-by-day view agreeing."""
    overview = overview_refresh(employee=flex.employee, month=today, today=today)
    view = month_view(employee=flex.employee, month=today, settings=flex.settings, today=today)
    assert view.closing == overview.closing_balance
    return overview.closing_balance


def test_normal_8_logged_10_gives_plus_2(flex):
    flex.start_on(MONDAY)
    flex.log(MONDAY, 10)
    assert balance(flex, MONDAY) == D("2")


def test_normal_8_logged_5_gives_minus_3(flex):
    flex.start_on(MONDAY)
    flex.log(MONDAY, 5)
    assert balance(flex, MONDAY) == D("-3")


def test_hours_on_a_non_generating_activity_are_recorded_but_do_not_count(flex):
    """Worked 6, and 2 more logged on "Flex time off" (does not generate hours): -2."""
    flex.start_on(MONDAY)
    flex.log(MONDAY, 6)
    flex.log(MONDAY, 2, activity=flex.time_off)
    assert balance(flex, MONDAY) == D("-2")
    day = month_view(employee=flex.employee, month=MONDAY, settings=flex.settings, today=MONDAY).days[10]
    assert (day.logged, day.not_generating, day.flex) == (D("6"), D("2"), D("-2"))


def test_an_unlogged_past_working_day_draws_its_normal_time(flex):
    flex.start_on(MONDAY)
    tuesday = MONDAY + datetime.timedelta(days=1)
    flex.log(tuesday, 8)
    assert balance(flex, tuesday) == D("-8")


def test_weekends_and_public_holidays_have_normal_time_zero(flex):
    """17 May 2025 (Constitution Day) and the weekend draw nothing; 16 May (Friday) does."""
    flex.start_on(datetime.date(2025, 5, 16))
    monday = datetime.date(2025, 5, 19)
    flex.log(monday, 8)
    assert balance(flex, monday) == D("-8")
    flex.log(datetime.date(2025, 5, 17), 3)  # hours on a holiday all count
    assert balance(flex, monday) == D("-5")
    assert datetime.date(2025, 5, 29) not in working_days(datetime.date(2025, 5, 1), "NO")  # Ascension Day


def test_hours_logged_ahead_do_not_make_the_unlogged_days_in_between_count(flex):
    """Logging normal hours for days ahead changes nothing: the unlogged days between today
    and then are not drawn from the balance, and the logged future days net to zero."""
    flex.start_on(MONDAY)
    flex.log(MONDAY, 8)
    assert balance(flex, MONDAY) == D("0")
    for offset in range(1, 8):  # the next 5 working days: Tue 12 ... Mon 18 August
        day = MONDAY + datetime.timedelta(days=offset)
        if day.weekday() < 5:
            flex.log(day, 8)
    assert balance(flex, MONDAY) == D("0")


def test_a_single_day_logged_far_ahead_leaves_the_gap_uncounted(flex):
    flex.start_on(MONDAY)
    flex.log(MONDAY, 8)
    flex.log(MONDAY + datetime.timedelta(days=7), 8)  # Monday next week; Tue-Fri unlogged
    assert balance(flex, MONDAY) == D("0")
    flex.log(MONDAY + datetime.timedelta(days=7), 10)
    assert balance(flex, MONDAY) == D("2")  # a future day counts only what is logged


def test_only_monthly_salaried_employees_take_part(flex):
    from hrsuite.models import SalaryType
    from hrsuite.salary_terms import term_on
    from timesheets.flex import participation_problem

    terms_change(flex.employee, salary_type=SalaryType.HOURLY)
    term = term_on(employee=flex.employee, day=MONDAY)
    assert "hour" in participation_problem(flex.employee, flex.settings, term=term)
    assert overview_refresh(employee=flex.employee, month=MONDAY, today=MONDAY) is None


def test_the_employee_s_own_normal_hours_override_the_organization_s(flex):
    flex.start_on(MONDAY)
    terms_change(flex.employee, normal_hours_per_day=D("6"))
    flex.log(MONDAY, 8)
    assert balance(flex, MONDAY) == D("2")
