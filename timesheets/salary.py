"""What payroll reads of the salary terms (hrsuite/salary_terms.py), day by day; the
normal time of a day is flex's (timesheets/flex.py: daily_normal).

The rules (the PostgreSQL fast path in pg.py computes exactly the same):

- The fixed salary of a month: each monthly term's monthly salary (annual salary x
  percentage / 1200) weighs with the working days it is in force in the month within the
  employment, divided by all of the employment's working days in the month with a term; the
  result is multiplied by the employment's share of the month in calendar days (1 for a
  whole month) and rounded once, to the cent. A raise from the 16th of a month whose 22
  working days fall 11 before and 11 after pays half the old and half the new salary. An
  employment without a working day in the month takes its last monthly term there whole.
- Overtime supplements and flex pay-outs of a month are priced at the hourly rate (annual
  salary / annual hours divisor) of the latest monthly term in force by the month's last
  day, so a raise from a later month never reprices an approved month.
- Hourly wages are read the same way (Span.term.hourly_wage per stretch of days), for the
  pay of hourly-paid employees.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from hrsuite.models import SalaryTerm, SalaryType
from hrsuite.money import round_money
from hrsuite.salary_terms import Timeline
from timesheets import calendar
from timesheets.flex import ZERO


@dataclass(frozen=True)
class MonthSalary:
    amount: Decimal
    percentage: Decimal  # of the last monthly term in the month


def month_salary(
    *, timeline: Timeline, period: date, working: tuple, employment_start: date, employment_end: date | None
) -> MonthSalary | None:
    """The fixed salary of the month (rule in the module docstring); None if no day of the
    employment in the month is under a monthly term."""
    end = calendar.month_end(period)
    first, last = max(period, employment_start), min(end, employment_end or end)
    spans = list(timeline.spans(first, last))
    monthly = [span for span in spans if span.term.salary_type == SalaryType.MONTHLY]
    if not monthly:
        return None
    days = [calendar.count_between(working, span.first, span.last) for span in spans]
    all_days = sum(days)
    if all_days:
        weighted = sum(
            span.term.annual_salary * span.term.employment_percentage * count
            for span, count in zip(spans, days, strict=True)
            if span.term.salary_type == SalaryType.MONTHLY
        )
    else:
        weighted, all_days = monthly[-1].term.annual_salary * monthly[-1].term.employment_percentage, 1
    whole = employment_start <= period and (employment_end is None or employment_end >= end)
    covered, total = (1, 1) if whole else ((last - first).days + 1, (end - period).days + 1)
    amount = round_money(Decimal(weighted) * covered / (1200 * all_days * total))
    return MonthSalary(amount=amount, percentage=monthly[-1].term.employment_percentage)


def rate_terms(month: date) -> QuerySet[SalaryTerm]:
    """The monthly terms in force by the month's last day, latest first: an employee's first
    one prices the month's overtime and flex lines (annual salary / annual hours divisor)."""
    return SalaryTerm.objects.filter(
        salary_type=SalaryType.MONTHLY, valid_from__lte=calendar.month_end(month)
    ).order_by("-valid_from")


def rate_salary(employee, month: date) -> Subquery:
    """The annual salary pricing the month's lines of the employee (an id or an OuterRef),
    as a subquery of the caller's query; 0 without a monthly term."""
    return Coalesce(
        Subquery(rate_terms(month).filter(employee=employee).values("annual_salary")[:1]),
        Value(ZERO),
        output_field=DecimalField(),
    )
