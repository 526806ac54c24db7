"""Quality checks of an arriving salary report, row by row.

Errors (missing or impossible values, an unknown or duplicated member, a position above 100 %,
a start after the end) refuse the whole report. Warnings (a salary jump beyond the fund's
threshold, an age outside the fund's limits, a member of the previous report who vanished
without a leaving notice, a missing birth date) let it in once someone acknowledges them with
a reason. Everything the checks need is loaded up front in a fixed number of queries, and a
row keeps only its parsed values, so 50,000 rows cost the same queries as five.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from hrsuite.dates import short_date
from hrsuite.imports import DATE_FORMATS
from hrsuite.models import Employee, Organization
from hrsuite.money import CENT, HUNDRED, to_decimal
from pensions.models import FundSettings, SalaryReportLine, Severity
from pensions.models.members import FINDING_FIELDS
from pensions.periods import age_on, month_end, previous_month

MAX_SALARY = Decimal("9999999999.99")
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)


@dataclass(slots=True)
class RawRow:
    """A report row as it arrived: text (file, form) or exact values (payroll)."""

    row_number: int
    employee_number: object
    pensionable_salary: object
    position_percentage: object
    start: object = ""
    end: object = ""
    change: object = ""


@dataclass(slots=True)
class Finding:
    row_number: int | None
    field: str
    code: str
    severity: str
    message: str

    @property
    def field_label(self) -> str:
        return str(FINDING_FIELDS.get(self.field, self.field))

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(slots=True)
class Line:
    """A checked row, as it will be stored (SalaryReportLine's fields)."""

    row_number: int
    employee_id: object
    pensionable_salary: Decimal
    position_percentage: Decimal
    start: date | None
    end: date | None
    change: str

    FIELDS = ("row_number", "employee_id", "pensionable_salary", "position_percentage", "start", "end", "change")


@dataclass
class CheckedReport:
    lines: list[Line] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    salary_total: Decimal = Decimal("0.00")

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]

    def fingerprint(self, *, organization: Organization, period: date) -> str:
        """The report's content in a canonical form: the same lines from any source, in any
        order, give the same fingerprint."""
        digest = hashlib.sha256(f"{organization.pk}|{period.isoformat()}".encode())
        for line in sorted(self.lines, key=lambda line: str(line.employee_id)):
            digest.update(
                f"\n{line.employee_id}|{line.pensionable_salary}|{line.position_percentage}|"
                f"{line.start}|{line.end}|{line.change}".encode()
            )
        return digest.hexdigest()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _decimal(value) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    text = _text(value).replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return to_decimal(text)


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if EARLIEST <= day <= LATEST:
            return day
        raise ValueError(text)
    raise ValueError(text)


class _Checker:
    def __init__(self, *, organization: Organization, period: date, settings: FundSettings):
        self.organization = organization
        self.period = period
        self.period_end = month_end(period)
        self.settings = settings
        self.result = CheckedReport()
        # number -> (id, birth date, name, employment end): one query.
        self.employees = {
            number: (pk, birth, f"{first} {last}", ended)
            for pk, number, birth, first, last, ended in Employee.objects.filter(organization=organization).values_list(
                "id", "number", "birth_date", "first_name", "last_name", "employment_end"
            )
        }
        self.names = {pk: (number, name, ended) for number, (pk, _b, name, ended) in self.employees.items()}
        # The previous period's report in force: salaries, for jumps and vanished members. One query.
        self.previous = dict(
            SalaryReportLine.objects.filter(
                report__organization=organization, report__period=previous_month(period), report__status="accepted"
            ).values_list("employee_id", "pensionable_salary")
        )
        self.seen: dict[str, int] = {}

    def add(self, row: int | None, field_name: str, code: str, severity: str, message: str) -> None:
        self.result.findings.append(Finding(row, field_name, code, severity, message))

    def error(self, row, field_name, code, message):
        self.add(row, field_name, code, Severity.ERROR, message)

    def warn(self, row, field_name, code, message):
        self.add(row, field_name, code, Severity.WARNING, message)

    def row(self, raw: RawRow) -> None:
        n = raw.row_number
        errors_before = len(self.result.errors)
        number = _text(raw.employee_number)
        member = None
        if not number:
            self.error(n, "employee_number", "missing", _("The employee number is missing."))
        elif number in self.seen:
            self.error(
                n,
                "employee_number",
                "duplicate",
                _("Employee %(number)s is already reported in row %(row)s.")
                % {"number": number, "row": self.seen[number]},
            )
        else:
            self.seen[number] = n
            member = self.employees.get(number)
            if member is None:
                self.error(
                    n,
                    "employee_number",
                    "unknown_member",
                    _("No employee %(number)s works for this employer.") % {"number": number},
                )
        salary = self._amount(n, raw.pensionable_salary)
        position = self._position(n, raw.position_percentage)
        start = self._day(n, "start", raw.start)
        end = self._day(n, "end", raw.end)
        if start and end and start > end:
            self.error(
                n,
                "start",
                "start_after_end",
                _("The start %(start)s lies after the end %(end)s.")
                % {"start": short_date(start), "end": short_date(end)},
            )
        change = _text(raw.change)
        if len(change) > 200:
            self.error(n, "change", "impossible", _("The change note may hold at most 200 characters."))
        if len(self.result.errors) > errors_before or member is None:
            return
        employee_id, birth_date, _name, _ended = member
        self._warnings(n, employee_id, birth_date, salary)
        self.result.salary_total += salary
        self.result.lines.append(Line(n, employee_id, salary, position, start, end, change))

    def _amount(self, n: int, value) -> Decimal | None:
        if _text(value) == "":
            self.error(n, "pensionable_salary", "missing", _("The pensionable salary is missing."))
            return None
        try:
            amount = _decimal(value)
        except ValueError:
            self.error(n, "pensionable_salary", "impossible", _("The pensionable salary is not a number."))
            return None
        if amount < 0 or amount > MAX_SALARY or amount != amount.quantize(CENT):
            self.error(
                n,
                "pensionable_salary",
                "impossible",
                _("The pensionable salary must be an amount of at least 0 with at most two decimals."),
            )
            return None
        return amount.quantize(CENT)

    def _position(self, n: int, value) -> Decimal | None:
        if _text(value) == "":
            self.error(n, "position_percentage", "missing", _("The position percentage is missing."))
            return None
        try:
            percentage = _decimal(value)
        except ValueError:
            self.error(n, "position_percentage", "impossible", _("The position percentage is not a number."))
            return None
        if percentage < 0 or percentage != percentage.quantize(CENT):
            self.error(
                n,
                "position_percentage",
                "impossible",
                _("The position percentage must be at least 0 with at most two decimals."),
            )
            return None
        if percentage > HUNDRED:
            self.error(
                n,
                "position_percentage",
                "position_over_100",
                _("A position percentage of %(value)s is above 100.") % {"value": percentage},
            )
            return None
        return percentage.quantize(CENT)

    def _day(self, n: int, field_name: str, value) -> date | None:
        try:
            return _date(value)
        except ValueError:
            self.error(
                n, field_name, "impossible", _("“%(value)s” is not a date between 1900 and 2200.") % {"value": value}
            )
            return None

    def _warnings(self, n: int, employee_id, birth_date: date | None, salary: Decimal) -> None:
        settings = self.settings
        if birth_date is None:
            self.warn(n, "birth_date", "missing", _("The member's birth date is missing in the employee data."))
        else:
            age = age_on(birth_date, self.period)
            if not settings.min_age <= age <= settings.max_age:
                self.warn(
                    n,
                    "birth_date",
                    "age_limit",
                    _("The member is %(age)s, outside the fund's ages %(low)s to %(high)s.")
                    % {"age": age, "low": settings.min_age, "high": settings.max_age},
                )
        before = self.previous.get(employee_id)
        if before:
            change = abs(salary - before) * HUNDRED / before
            if change > settings.salary_jump_percent:
                self.warn(
                    n,
                    "pensionable_salary",
                    "salary_jump",
                    _(
                        "The pensionable salary changed by %(change)s %% (from %(before)s to %(after)s), "
                        "more than %(limit)s %%."
                    )
                    % {
                        "change": change.quantize(CENT),
                        "before": before,
                        "after": salary,
                        "limit": settings.salary_jump_percent,
                    },
                )

    def finish(self) -> CheckedReport:
        """Members of the previous report missing from this one, without a leaving notice."""
        reported = {line.employee_id for line in self.result.lines} | {
            self.employees[number][0] for number in self.seen if number in self.employees
        }
        for employee_id in self.previous:
            if employee_id in reported:
                continue
            number, name, ended = self.names.get(employee_id, ("?", "?", None))
            if ended is not None and ended <= self.period_end:
                continue
            self.warn(
                None,
                "employee_number",
                "vanished",
                _("%(name)s (%(number)s) was in the previous report and is missing, without a leaving notice.")
                % {"name": name, "number": number},
            )
        return self.result


def report_check(*, organization: Organization, period: date, rows, settings: FundSettings) -> CheckedReport:
    """Check every row (an iterable of RawRow, read lazily) and the report as a whole."""
    checker = _Checker(organization=organization, period=period, settings=settings)
    for raw in rows:
        checker.row(raw)
    return checker.finish()
