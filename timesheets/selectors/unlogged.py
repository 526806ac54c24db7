"""Working days without hours: the days of a monthly overview that the employee was employed
on, that count for the flex balance and that have no time entry at all (an absence logged on
an activity that does not generate hours is a day with hours). Each such day draws its full
normal time from the balance, so HR looks at them before approving the month.

The working days come from timesheets/calendar.py, so the count is a SQL expression over
MonthlyOverview rows with the days as a VALUES list: for all the rows of a query in one pass,
however many organizations and countries (the inbox, the month list and its filter)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Expression, F, IntegerField, Value

from hrsuite.models import Country
from timesheets import calendar
from timesheets.models import TimeEntry

# The month list's status choice for open months with working days without hours (the inbox
# links to it).
UNLOGGED = "unlogged"


@dataclass(frozen=True)
class Calendar:
    """The weekdays (month, day) of some months before a day, and per country the public
    holidays among them: the weekdays are the same everywhere, so the SQL reads one short
    list per overview whatever the countries."""

    weekdays: tuple[tuple[date, date], ...]
    holidays: tuple[tuple[str, tuple[date, ...]], ...]


def working_days_before(*, months: list[date], today: date, countries: list[str] = Country.values) -> Calendar:
    weekdays = [(month, day) for month in months for day in calendar.month_days(month) if day.weekday() < 5]
    weekdays = [(month, day) for month, day in weekdays if day < today]
    holidays = []
    for country in countries:
        working = {day for month in months for day in calendar.working_days(month, country)}
        off = tuple(day for _month, day in weekdays if day not in working)
        if off:
            holidays.append((country, off))
    return Calendar(tuple(weekdays), tuple(holidays))


class WorkingDaysWithoutHours(Expression):
    """The number of the calendar's working days in the overview's month, within the
    employment and from the flex start, without any entry: one correlated count over a VALUES
    list (the same SQL on SQLite and PostgreSQL) that reads the entries by the (employee,
    date) index."""

    output_field = IntegerField()
    select = "(SELECT COUNT(*) FROM"
    # The overview's own columns the count compares with.
    REFERENCES = (
        "organization__country",
        "month",
        "employee_id",
        "employee__employment_start",
        "employee__employment_end",
        "organization__timesheet_settings__flex_start",
    )

    def __init__(self, working_days: Calendar, *, country=None, flex_start=None, references=None):
        """country and flex_start: the organization's, when every row is of one organization
        (the month list), which spares the query two joins per row."""
        super().__init__()
        self.working_days = working_days
        if references is None:
            known = {"organization__country": country, "organization__timesheet_settings__flex_start": flex_start}
            references = [F(name) if known.get(name) is None else Value(known[name]) for name in self.REFERENCES]
        self.references = references

    def get_source_expressions(self):
        return self.references

    def set_source_expressions(self, expressions):
        self.references = expressions

    def as_sql(self, compiler, connection):
        weekdays, holidays = self.working_days.weekdays, self.working_days.holidays
        if not weekdays:
            return "0", []
        country, month, employee, start, end, flex_start = (compiler.compile(ref) for ref in self.references)
        entries = connection.ops.quote_name(TimeEntry._meta.db_table)
        # (sql, params) in the order they appear in the statement
        parts = [
            (self.select + " (VALUES " + ", ".join(["(%s, %s)"] * len(weekdays)) + ") AS working", []),
            ("", [value for weekday in weekdays for value in weekday]),
            (" WHERE working.column1 = " + month[0], month[1]),
            (" AND working.column2 >= " + start[0], start[1]),
            (f" AND ({end[0]} IS NULL OR working.column2 <= {end[0]})", end[1] * 2),
            (" AND working.column2 >= " + flex_start[0], flex_start[1]),
        ]
        for holiday_country, days in holidays:
            parts.append((f" AND NOT ({country[0]} = %s", [*country[1], holiday_country]))
            parts.append((" AND working.column2 IN (" + ", ".join(["%s"] * len(days)) + "))", list(days)))
        parts.append(
            (
                f" AND NOT EXISTS (SELECT 1 FROM {entries} AS entry"
                f" WHERE entry.employee_id = {employee[0]} AND entry.date = working.column2))",
                employee[1],
            )
        )
        return "".join(sql for sql, _params in parts), [param for _sql, params in parts for param in params]


class AnyWorkingDayWithoutHours(WorkingDaysWithoutHours):
    """Whether there is one at all: stops at the first (a filter, not a figure to show)."""

    output_field = BooleanField()
    select = "EXISTS (SELECT 1 FROM"

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        return ("1 = 0", []) if sql == "0" else (sql, params)
