"""Dates as the reader sees and types them, decided once for the active language.

Text the reader sees (messages, errors, mail subjects) uses the short format the pages use,
never ISO (2026-03-01) in one place and 01.03.2026 in the next. Date fields show and read the
language's DATE_INPUT_FORMATS[0] (03.12.2026, 03/12/2026, 03-12-2026) and also read ISO, so
links, imports and bookmarks written as 2026-12-03 keep working. Audit payloads, exports, URLs
and API values stay ISO."""

import re
from datetime import date, datetime

from django.utils.formats import date_format, get_format
from django.utils.translation import pgettext

ISO_DATE = "%Y-%m-%d"
ISO_MONTH = "%Y-%m"
# The day and the separator beside it: "%d.%m.%Y" -> "%m.%Y", "%Y-%m-%d" -> "%Y-%m".
_DAY_PART = re.compile(r"%d[^%]|[^%]%d$")


def short_date(day: date | None) -> str:
    """The day in the active language's SHORT_DATE_FORMAT; empty for no day."""
    return date_format(day, "SHORT_DATE_FORMAT") if day is not None else ""


def month_label(day: date) -> str:
    """The month of day as pages name it (YEAR_MONTH_FORMAT: “March 2026”)."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def _four_digit_year_formats() -> list[str]:
    # A two-digit year is a guess (is 01.01.55 in 1955 or 2055?): only full years are read.
    return [pattern for pattern in get_format("DATE_INPUT_FORMATS") if "%Y" in pattern]


def date_input_format() -> str:
    """The format date fields show in the active language."""
    return _four_digit_year_formats()[0]


def month_input_format() -> str:
    """The date input format without its day: 12.2026, 12/2026, 12-2026."""
    return _DAY_PART.sub("", date_input_format(), count=1)


def format_hint(pattern: str) -> str:
    """The pattern in the reader's words: "dd.mm.yyyy" (in Norwegian "dd.mm.åååå")."""
    words = {
        "%d": pgettext("date format hint: two digits of the day", "dd"),
        "%m": pgettext("date format hint: two digits of the month", "mm"),
        "%Y": pgettext("date format hint: four digits of the year", "yyyy"),
    }
    return re.sub("%[dmY]", lambda part: words[part.group()], pattern)


def _parse(text: str | None, patterns: list[str]) -> date | None:
    text = (text or "").strip()
    for pattern in patterns:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_date(text: str | None) -> date | None:
    """A day typed in the active language's formats or as ISO (YYYY-MM-DD); None for
    anything else, including days that do not exist (31.02.2026)."""
    return _parse(text, [*_four_digit_year_formats(), ISO_DATE])


def parse_month(text: str | None) -> date | None:
    """The first day of a month typed as the language writes it (12.2026) or as ISO
    (YYYY-MM, the form links use); None for anything else."""
    month_patterns = [_DAY_PART.sub("", pattern, count=1) for pattern in _four_digit_year_formats()]
    return _parse(text, [*dict.fromkeys(month_patterns), ISO_MONTH])
