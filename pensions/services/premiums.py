"""Premiums per employer and period, invoices, payments, the annual settlement and the
premium budget.

Each member's premium is the rate's percentage of the pensionable salary, rounded half up
to the cent once per member and share; an invoice's totals are the sums of its lines. The
computation is set-based: one read of the report's lines and one insert of the invoice's,
however many members the report holds.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.dates import short_date
from hrsuite.models import Organization, User
from hrsuite.money import round_money
from pensions.bulk import insert_rows
from pensions.models import (
    AnnualSettlement,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    Payment,
    PremiumRate,
    ReportStatus,
    SalaryReport,
    SalaryReportLine,
)
from pensions.periods import month_end
from pensions.selectors.premiums import ZERO, rate_on

LINE_BATCH = 5000
PAYMENT_DAYS = 30
PREFIX = {InvoiceKind.PREMIUM: "PR", InvoiceKind.SETTLEMENT: "ST", InvoiceKind.CREDIT_NOTE: "CN"}


@dataclass(frozen=True)
class Premium:
    pensionable_salary: Decimal
    employer_amount: Decimal
    member_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.employer_amount + self.member_amount


def premium_of(*, salary: Decimal, rate: PremiumRate) -> Premium:
    """One member's premium for one period: each share rounded half up to the cent."""
    return Premium(
        pensionable_salary=salary,
        employer_amount=round_money(salary * rate.employer_rate / 100),
        member_amount=round_money(salary * rate.member_rate / 100),
    )


def _reference() -> str:
    """A numeric payment reference with a Luhn (mod 10) check digit, as Norwegian KID numbers."""
    digits = f"{secrets.randbelow(10**14):014d}"
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def _number(kind: str) -> str:
    return f"{PREFIX[kind]}-{timezone.now():%Y%m}-{secrets.token_hex(4).upper()}"


def rate_for_period(*, organization: Organization, period: date) -> PremiumRate:
    rate = rate_on(office_id=organization.office_id, day=period)
    if rate is None:
        raise ValidationError(
            _("The fund has no premium rate in force on %(day)s; add one first.") % {"day": short_date(period)}
        )
    return rate


def premium_invoice_create(*, report: SalaryReport, actor: User | None = None) -> Invoice:
    """The premium invoice of an accepted report's period, a line per member. Idempotent:
    the period's invoice, once issued, is returned unchanged (a correction received later is
    settled in the annual settlement)."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=report.organization_id)
        existing = Invoice.objects.filter(
            organization=organization, kind=InvoiceKind.PREMIUM, period=report.period
        ).first()
        if existing is not None:
            return existing
        if report.status != ReportStatus.ACCEPTED:
            raise ValidationError(_("Only the report in force for a period is invoiced."))
        rate = rate_for_period(organization=organization, period=report.period)
        lines = []
        employer = member = ZERO
        # The one read: every member's salary on the report.
        for employee_id, salary in SalaryReportLine.objects.filter(report=report).values_list(
            "employee_id", "pensionable_salary"
        ):
            premium = premium_of(salary=salary, rate=rate)
            employer += premium.employer_amount
            member += premium.member_amount
            lines.append((employee_id, salary, premium.employer_amount, premium.member_amount))
        invoice = _invoice(
            organization=organization,
            kind=InvoiceKind.PREMIUM,
            period=report.period,
            year=report.period.year,
            report=report,
            employer=employer,
            member=member,
            actor=actor,
            due=month_end(report.period) + timedelta(days=PAYMENT_DAYS),
        )
        insert_rows(
            InvoiceLine,
            ["invoice", "employee", "pensionable_salary", "employer_amount", "member_amount"],
            ((invoice.pk, *line) for line in lines),
        )
        return invoice


def _invoice(*, organization, kind, period, year, report, employer, member, actor, due) -> Invoice:
    invoice = Invoice(
        organization=organization,
        kind=kind,
        number=_number(kind),
        reference=_reference(),
        period=period,
        year=year,
        report=report,
        employer_amount=employer,
        member_amount=member,
        total=employer + member,
        due_date=due,
    )
    invoice._history_user = actor
    invoice.full_clean(validate_unique=False)
    invoice.save()
    return invoice


def _match(*, organization: Organization, reference: str) -> Invoice | None:
    return Invoice.objects.filter(organization=organization, reference=reference.strip()).first()


def payment_register(
    *, organization: Organization, reference: str, amount: Decimal, paid_on: date, actor: User
) -> Payment:
    """Money received, matched to the employer's invoice by the reference it quotes. An
    unknown reference is kept unmatched, for staff to match by hand."""
    with transaction.atomic():
        payment = Payment(
            organization=organization,
            invoice=_match(organization=organization, reference=reference),
            reference=reference.strip(),
            amount=amount,
            paid_on=paid_on,
            registered_by=actor,
        )
        payment._history_user = actor
        payment.full_clean()
        payment.save()
        return payment


def payment_match(*, payment: Payment, invoice: Invoice, actor: User) -> Payment:
    if invoice.organization_id != payment.organization_id:
        raise ValidationError({"invoice": _("Choose an invoice of this employer.")})
    payment.invoice = invoice
    payment._history_user = actor
    payment.save(update_fields=["invoice"])
    return payment


# --- Annual settlement ---------------------------------------------------------------------


def year_recomputed(*, organization: Organization, year: int) -> Premium:
    """The year's premium from final data: every period's report in force now, at the rate in
    force for that period, rounded per member as the invoices are. One read of the lines."""
    rates: dict[date, PremiumRate] = {}
    salary = employer = member = ZERO
    lines = SalaryReportLine.objects.filter(
        report__organization=organization, report__status=ReportStatus.ACCEPTED, report__period__year=year
    ).values_list("report__period", "pensionable_salary")
    for period, amount in lines:
        if period not in rates:
            rates[period] = rate_for_period(organization=organization, period=period)
        premium = premium_of(salary=amount, rate=rates[period])
        salary += amount
        employer += premium.employer_amount
        member += premium.member_amount
    return Premium(salary, employer, member)


def annual_settlement_run(*, organization: Organization, year: int, actor: User | None = None) -> AnnualSettlement:
    """Recompute the year and invoice the difference to what was charged for it: a
    settlement invoice when more is due, a credit note when less, nothing when the same. A
    rerun on unchanged data returns the last settlement and issues nothing."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        final = year_recomputed(organization=organization, year=year)
        charged = Invoice.objects.filter(organization=organization, year=year).aggregate(
            total=Sum("total"), employer=Sum("employer_amount"), member=Sum("member_amount")
        )
        invoiced = charged["total"] or ZERO
        difference = final.total - invoiced
        last = AnnualSettlement.objects.filter(organization=organization, year=year).order_by("-settled_at").first()
        if last is not None and difference == 0 and last.recomputed == final.total:
            return last
        invoice = None
        if difference != 0:
            kind = InvoiceKind.SETTLEMENT if difference > 0 else InvoiceKind.CREDIT_NOTE
            invoice = _invoice(
                organization=organization,
                kind=kind,
                period=None,
                year=year,
                report=None,
                employer=final.employer_amount - (charged["employer"] or ZERO),
                member=final.member_amount - (charged["member"] or ZERO),
                actor=actor,
                due=organization.today() + timedelta(days=PAYMENT_DAYS),
            )
        settlement = AnnualSettlement(
            organization=organization,
            year=year,
            recomputed=final.total,
            invoiced=invoiced,
            difference=difference,
            invoice=invoice,
            settled_by=actor,
        )
        settlement._history_user = actor
        settlement.save()
        return settlement


# --- Premium budget ------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    year: int
    members: int
    annual_salary: Decimal  # the current report's salaries, for a year
    expected_salary: Decimal  # scaled by expected G / current G
    rate: PremiumRate
    employer_amount: Decimal
    member_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.employer_amount + self.member_amount


def premium_budget(*, organization: Organization, year: int, current_g: Decimal, expected_g: Decimal) -> Budget:
    """Next year's premium forecast: the latest accepted report's salaries for twelve months,
    grown as G is expected to grow (salaries in public schemes follow the G regulation), at
    the rate in force on the year's first day."""
    if current_g <= 0 or expected_g <= 0:
        raise ValidationError(_("G must be above zero."))
    report = (
        SalaryReport.objects.filter(organization=organization, status=ReportStatus.ACCEPTED).order_by("-period").first()
    )
    if report is None:
        raise ValidationError(_("There is no accepted salary report to forecast from."))
    rate = rate_for_period(organization=organization, period=date(year, 1, 1))
    totals = report.lines.aggregate(salary=Sum("pensionable_salary"))
    annual = (totals["salary"] or ZERO) * 12
    expected = round_money(annual * expected_g / current_g)
    return Budget(
        year=year,
        members=report.line_count,
        annual_salary=annual,
        expected_salary=expected,
        rate=rate,
        employer_amount=round_money(expected * rate.employer_rate / 100),
        member_amount=round_money(expected * rate.member_rate / 100),
    )


def premium_rate_create(
    *, office_id, valid_from: date, employer_rate: Decimal, member_rate: Decimal, actor: User
) -> PremiumRate:
    rate = PremiumRate(office_id=office_id, valid_from=valid_from, employer_rate=employer_rate, member_rate=member_rate)
    rate._history_user = actor
    rate.full_clean()
    rate.save()
    return rate
