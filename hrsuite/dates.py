"""Dates in text the reader sees (messages, errors, mail subjects): the same short format
the pages use for the active language, never ISO (2026-03-01) in one place and 01.03.2026 in
the next."""

from datetime import date

from django.utils.formats import date_format


def short_date(day: date | None) -> str:
    """The day in the active language's SHORT_DATE_FORMAT; empty for no day."""
    return date_format(day, "SHORT_DATE_FORMAT") if day is not None else ""


def month_label(day: date) -> str:
    """The month of day as pages name it (YEAR_MONTH_FORMAT: “March 2026”)."""
    return date_format(day, "YEAR_MONTH_FORMAT")
