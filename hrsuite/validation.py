"""The dates every form field and URL part accepts, decided once: 1900 to 2200 (date
arithmetic near year 1 or 9999 overflows, and no payroll date lies outside). Finite
decimals are hrsuite.money.to_decimal's rule."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from hrsuite import dates

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def validate_date_in_range(day: date) -> None:
    if not in_range(day):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def parse_date(text: str | None) -> date | None:
    """A date within the range, typed in the active language's format or as ISO, or None."""
    day = dates.parse_date(text)
    return day if day is not None and in_range(day) else None


class DateField(forms.DateField):
    """A form date within the range."""

    default_validators = [validate_date_in_range]


class YearConverter:
    """A year in a URL: four digits within the range, else the URL does not match (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        if not EARLIEST.year <= int(value) <= LATEST.year:
            raise ValueError(value)
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    regex = "[0-9]{1,2}"

    def to_python(self, value: str) -> int:
        if not 1 <= int(value) <= 12:
            raise ValueError(value)
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")
