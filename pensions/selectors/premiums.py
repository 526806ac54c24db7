"""Premium reads: rates in force, invoices with what was paid on them, the account balance."""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from hrsuite.models import Organization
from pensions.models import AnnualSettlement, Invoice, InvoiceLine, Payment, PremiumRate

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)
# The invoice list's filter for overdue invoices (the inbox links to it).
OVERDUE = "overdue"


def rate_on(*, office_id, day: date) -> PremiumRate | None:
    return PremiumRate.objects.filter(office_id=office_id, valid_from__lte=day).order_by("-valid_from").first()


def rates_for(*, office_id) -> QuerySet[PremiumRate]:
    return PremiumRate.objects.filter(office_id=office_id).order_by("-valid_from")


def invoices_for(*, organization: Organization) -> QuerySet[Invoice]:
    """The employer's invoices and credit notes, each with `paid` (sum of matched payments)
    and `open_amount`, in the list's own query."""
    return Invoice.objects.filter(organization=organization).annotate(
        paid=Coalesce(Sum("payments__amount"), Value(ZERO), output_field=MONEY)
    )


def payment_status(invoice: Invoice) -> str:
    """open, partial, paid or overpaid (a credit note is "credit")."""
    if invoice.total < 0:
        return "credit"
    paid = getattr(invoice, "paid", ZERO) or ZERO
    if paid == 0:
        return "open"
    if paid < invoice.total:
        return "partial"
    return "paid" if paid == invoice.total else "overpaid"


def invoice_lines(*, invoice: Invoice) -> QuerySet[InvoiceLine]:
    return invoice.lines.select_related("employee").order_by("employee__last_name", "employee__first_name")


def payments_for(*, organization: Organization) -> QuerySet[Payment]:
    return Payment.objects.filter(organization=organization).select_related("invoice")


def settlements_for(*, organization: Organization) -> QuerySet[AnnualSettlement]:
    return AnnualSettlement.objects.filter(organization=organization).select_related("invoice")


def account_balance(*, organization: Organization) -> dict:
    """What the employer was charged (invoices less credit notes), what it paid, and the
    balance it owes (negative: the fund owes it). Two aggregate queries."""
    charged = Invoice.objects.filter(organization=organization).aggregate(total=Sum("total"))["total"] or ZERO
    paid = Payment.objects.filter(organization=organization).aggregate(total=Sum("amount"))["total"] or ZERO
    return {"charged": charged, "paid": paid, "balance": charged - paid}


def overdue(invoices: QuerySet[Invoice], *, today) -> QuerySet[Invoice]:
    """The invoices (not credit notes) past their due date and not paid in full. today may be
    an expression: each organization's own date, for a query over many (the inbox)."""
    received = Payment.objects.filter(invoice=OuterRef("pk")).order_by().values("invoice").annotate(sum=Sum("amount"))
    return (
        invoices.filter(total__gt=0, due_date__lt=today)
        .alias(received=Coalesce(Subquery(received.values("sum")), Value(ZERO), output_field=MONEY))
        .filter(received__lt=F("total"))
    )
