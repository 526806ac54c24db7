"""Months, working days and public holidays (per country, from the `holidays` package)."""

import bisect
from datetime import date, timedelta
from functools import lru_cache

import holidays


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def month_days(month: date) -> list[date]:
    first = month_start(month)
    return [first + timedelta(days=i) for i in range((next_month(first) - first).days)]


def months_between(first: date, last: date) -> list[date]:
    """Every month from first to last, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def parse_month(value: str | None) -> date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (ValueError, OverflowError):  # OverflowError: a year too large for a C int
        return None


# UI language -> the holidays package's language code for holiday names.
HOLIDAY_LANGUAGES = {"en": "en_US", "nb": "no", "nl": "nl", "de": "de"}


@lru_cache(maxsize=128)
def _holidays(country: str, year: int, language: str = "en") -> dict[date, str]:
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return {}
    wanted = HOLIDAY_LANGUAGES.get(language, "en_US")
    if wanted in getattr(calendar, "supported_languages", ()):
        calendar = holidays.country_holidays(country, years=year, language=wanted)
    return dict(calendar)


def holiday_name(day: date, country: str, language: str = "en") -> str | None:
    return _holidays(country, day.year, language).get(day)


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and holiday_name(day, country) is None


@lru_cache(maxsize=512)
def working_days(month: date, country: str) -> tuple[date, ...]:
    return tuple(day for day in month_days(month) if is_working_day(day, country))


def count_between(days: tuple[date, ...], first: date, last: date) -> int:
    """How many of the sorted days lie in [first, last]."""
    if last < first:
        return 0
    return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
