"""Working days without hours: the days of a monthly overview that the employee was employed
on, that count for the flex balance and that have no time entry at all (an absence logged on
an activity that does not generate hours is a day with hours). Each such day draws its full
normal time from the balance, so HR looks at them before approving the month.

The working days come from timesheets/calendar.py, so the count is a SQL expression over
MonthlyOverview rows with the days as a VALUES list: for all the rows of a query in one pass,
however many organizations and countries (the inbox, the month list and its filter)."""

from datetime import date

from django.db.models import Expression, F, IntegerField

from hrsuite.models import Country
from timesheets import calendar
from timesheets.models import TimeEntry

# The month list's status choice for open months with working days without hours (the inbox
# links to it).
UNLOGGED = "unlogged"


def working_days_before(
    *, months: list[date], today: date, countries: list[str] = Country.values
) -> list[tuple[str, date, date]]:
    """(country, month, day) of every working day of the months before today, per country."""
    return [
        (country, month, day)
        for country in countries
        for month in months
        for day in calendar.working_days(month, country)
        if day < today
    ]


class WorkingDaysWithoutHours(Expression):
    """The number of the given working days (country, month, day) in the overview's month,
    its organization's country, the employment and from the flex start, without any entry:
    one correlated count over a VALUES list (the same SQL on SQLite and PostgreSQL) that
    reads the entries by the (employee, date) index."""

    output_field = IntegerField()
    # The overview's own columns the count compares with, in the order of `template`.
    REFERENCES = (
        "organization__country",
        "month",
        "employee_id",
        "employee__employment_start",
        "employee__employment_end",
        "organization__timesheet_settings__flex_start",
    )
    template = (
        "(SELECT COUNT(*) FROM (VALUES {days}) AS working"
        " WHERE working.column1 = {0} AND working.column2 = {1}"
        " AND working.column3 >= {3} AND ({4} IS NULL OR working.column3 <= {4}) AND working.column3 >= {5}"
        " AND NOT EXISTS (SELECT 1 FROM {entries} AS entry"
        " WHERE entry.employee_id = {2} AND entry.date = working.column3))"
    )

    def __init__(self, working_days: list[tuple[str, date, date]], references=None):
        super().__init__()
        self.working_days = working_days
        self.references = references or [F(name) for name in self.REFERENCES]

    def get_source_expressions(self):
        return self.references

    def set_source_expressions(self, expressions):
        self.references = expressions

    def as_sql(self, compiler, connection):
        if not self.working_days:
            return "0", []
        compiled, params = [], []
        for reference in self.references:
            sql, reference_params = compiler.compile(reference)
            compiled.append(sql)
            params.append(reference_params)
        days = ", ".join(["(%s, %s, %s)"] * len(self.working_days))
        sql = self.template.format(*compiled, days=days, entries=connection.ops.quote_name(TimeEntry._meta.db_table))
        # Parameters in the order their placeholders appear in the SQL.
        ordered = [value for day in self.working_days for value in day]
        for index in (0, 1, 3, 4, 4, 5, 2):
            ordered.extend(params[index])
        return sql, ordered
