"""What payroll reads of the salary terms (hrsuite/salary_terms.py), day by day; the
normal time of a day is flex's (timesheets/flex.py: daily_normal).

The rules (the PostgreSQL fast path in pg.py computes exactly the same):

- The fixed salary of a month: each monthly term's monthly salary (annual salary x
  percentage / 1200) weighs with the working days it is in force in the month within the
  employment, divided by ALL the working days of the month, and the sum is rounded once, to
  the cent. So a whole month under one term pays its monthly salary; an employment that
  starts or ends inside the month is prorated by its working days (joining on the 14th of
  a 21-working-day month with 12 working days left pays 12/21); a raise from the 16th of a
  month whose 22 working days fall 11 before and 11 after pays half the old and half the
  new salary; days under an hourly term pay no fixed salary. An employment without a
  working day under a monthly term in the month has no salary line.
- Hourly pay: hours on hour-generating activities without an overtime pay type, times the
  hourly wage of the term in force on each day (days of the employment under an hourly
  term), one line per wage; hours on an overtime pay type pay only the supplement (hours x
  wage x percentage) on top, never the hours themselves (the seed's rule).
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
    unpriced: bool = False  # some monthly term in the month has no annual salary


def month_salary(
    *, timeline: Timeline, period: date, working: tuple, employment_start: date, employment_end: date | None
) -> MonthSalary | None:
    """The fixed salary of the month (rule in the module docstring); None if no working day
    of the employment in the month is under a monthly term."""
    end = calendar.month_end(period)
    first, last = max(period, employment_start), min(end, employment_end or end)
    monthly = [span for span in timeline.spans(first, last) if span.term.salary_type == SalaryType.MONTHLY]
    days = [calendar.count_between(working, span.first, span.last) for span in monthly]
    if not sum(days):
        return None
    weighted = sum(
        (span.term.annual_salary or ZERO) * span.term.employment_percentage * count
        for span, count in zip(monthly, days, strict=True)
    )
    amount = round_money(Decimal(weighted) / (1200 * len(working)))
    return MonthSalary(
        amount=amount,
        percentage=monthly[-1].term.employment_percentage,
        unpriced=any(span.term.annual_salary is None for span in monthly),
    )


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
