"""Pensioning reads: the G table, scheme rules, retirement cases and payouts.

`g_on(day)` is the public read of G (the premium budget asks it too). Every read of a case or
a run takes the organization explicitly; the access layer has already decided the user may
reach it.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from hrsuite.access import uuid_or_404
from hrsuite.models import Organization
from pensions.models import (
    BasicAmount,
    PayoutLine,
    PayoutRun,
    PensionScheme,
    RetirementCase,
    SchemeDivisor,
    SchemeKind,
    SchemeRule,
)
from pensions.schemes import AccrualRule, GrossRule, GTable, GValue, MissingInput, ServiceYear


def g_values() -> QuerySet[BasicAmount]:
    return BasicAmount.objects.order_by("-valid_from")


def g_table() -> GTable:
    """The whole G table (a few dozen rows at most) for the pure calculation."""
    return GTable(GValue(row.valid_from, row.amount, row.source or f"G {row.valid_from}") for row in g_values())


def g_on(day: date) -> Decimal:
    """The G in force on a day; MissingInput when the table has none that early."""
    row = BasicAmount.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise MissingInput(f"G on {day.isoformat()}")
    return row.amount


def schemes_for(*, organization: Organization) -> QuerySet[PensionScheme]:
    """The schemes of the organization's fund (its office)."""
    return PensionScheme.objects.filter(office_id=organization.office_id).order_by("name")


def scheme_rules(*, scheme: PensionScheme) -> list[GrossRule | AccrualRule]:
    """The scheme's dated rules as calculation inputs, oldest first."""
    rules = []
    for row in SchemeRule.objects.filter(scheme=scheme).order_by("valid_from"):
        source = row.source or f"{scheme.name} {row.valid_from}"
        if scheme.kind == SchemeKind.GROSS:
            rules.append(
                GrossRule(
                    rate=row.gross_rate,
                    salary_cap_g=row.salary_cap_g,
                    full_service_years=row.full_service_years,
                    valid_from=row.valid_from,
                    source=source,
                )
            )
        else:
            rules.append(
                AccrualRule(
                    accrual_rate=row.accrual_rate,
                    accrual_cap_g=row.accrual_cap_g,
                    supplement_rate=row.supplement_rate,
                    supplement_floor_g=row.supplement_floor_g,
                    supplement_cap_g=row.supplement_cap_g,
                    valid_from=row.valid_from,
                    source=source,
                )
            )
    return rules


def scheme_divisor(*, scheme: PensionScheme, birth_year: int) -> SchemeDivisor | None:
    return SchemeDivisor.objects.filter(scheme=scheme, birth_year=birth_year).first()


def cases_for(*, organization: Organization) -> QuerySet[RetirementCase]:
    return RetirementCase.objects.filter(organization=organization).select_related("employee", "scheme")


def case_for(*, organization: Organization, case_id) -> RetirementCase:
    try:
        return (
            cases_for(organization=organization)
            .select_related("approved_by", "notified_by")
            .get(id=uuid_or_404(case_id))
        )
    except RetirementCase.DoesNotExist as missing:
        raise Http404 from missing


def runs_for(*, organization: Organization) -> QuerySet[PayoutRun]:
    return (
        PayoutRun.objects.filter(organization=organization)
        .annotate(pensioners=Count("lines__case", distinct=True), total=Sum("lines__amount"))
        .order_by("-period")
    )


def run_for(*, organization: Organization, run_id) -> PayoutRun:
    try:
        return runs_for(organization=organization).get(id=uuid_or_404(run_id))
    except PayoutRun.DoesNotExist as missing:
        raise Http404 from missing


def run_lines(*, run: PayoutRun) -> QuerySet[PayoutLine]:
    return run.lines.select_related("case__employee").order_by(
        "case__employee__last_name", "case__employee__first_name", "case_id", "month"
    )


def payout_history(*, case: RetirementCase) -> QuerySet[PayoutLine]:
    return case.payouts.select_related("run").order_by("-month")


def payout_file_rows(*, run: PayoutRun):
    """The payout file: one row per line (employee number, name, month paid for, amount)."""
    for line in run_lines(run=run).iterator(chunk_size=2000):
        employee = line.case.employee
        yield [employee.number, employee.full_name, line.month.strftime("%Y-%m"), line.amount]


FRACTION = Decimal("0.0001")


def reported_service(*, employee, until: date) -> list[ServiceYear]:
    """The member's service years from the salary reports in force, up to the retirement.

    Each report line is one month: the pensionable salary paid in it and the position
    percentage. A year's position fraction is its months' average percentage / 100 (to four
    decimals); its full-time salary is the salary paid × 12 / the sum of the months'
    fractions (to øre), so salary × fraction × months / 12 gives back what was paid. Months
    at 0 % count no service."""
    from pensions.models import ReportStatus, SalaryReportLine

    by_year: dict[int, list] = {}
    lines = (
        SalaryReportLine.objects.filter(
            employee=employee, report__status=ReportStatus.ACCEPTED, report__period__lte=until
        )
        .order_by("report__period")
        .values_list("report__period", "pensionable_salary", "position_percentage", "report__accepted_at")
    )
    for period, paid, percentage, accepted_at in lines:
        if percentage and percentage > 0:
            by_year.setdefault(period.year, []).append((period, paid, percentage, accepted_at))
    service = []
    for year, months in sorted(by_year.items()):
        paid = sum(m[1] for m in months)
        fractions = sum(m[2] for m in months) / 100
        last = months[-1]
        service.append(
            ServiceYear(
                year=year,
                pensionable_salary=(paid * 12 / fractions).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                position_fraction=min(Decimal(1), (fractions / len(months)).quantize(FRACTION, ROUND_HALF_UP)),
                months=len(months),
                source=f"Salary reports {months[0][0]:%Y-%m} – {last[0]:%Y-%m}",
                as_of=last[3].date() if last[3] else last[0],
            )
        )
    return service
