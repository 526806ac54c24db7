"""Report periods are months, stored as their first day."""

import calendar
from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(period: date) -> date:
    return month_start(month_start(period) - timedelta(days=1))


def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
