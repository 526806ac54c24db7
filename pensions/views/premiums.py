"""Premium and settlement screens: invoices with their payment status, an invoice's member
lines, payments matched by reference, the annual settlement, the account balance, the
premium budget and the fund's dated rates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import object_for
from hrsuite.rendering import apply_validation_error, message_from
from pensions.forms import BudgetForm, PaymentForm, PremiumRateForm, SettlementForm
from pensions.models import InvoiceKind
from pensions.selectors import members as member_selectors
from pensions.selectors import premiums as selectors
from pensions.services import premiums as services
from pensions.views.common import page_of, pension_view

VIEW = "pensions.view_invoice"


def _with_status(page):
    for invoice in page.object_list:
        invoice.payment_status = selectors.payment_status(invoice)
        invoice.open_amount = invoice.total - invoice.paid
    return page


@pension_view(VIEW)
def invoice_list(request, organization):
    invoices = selectors.invoices_for(organization=organization).order_by("-issued_at")
    only_overdue = request.GET.get("status") == selectors.OVERDUE  # the inbox links here
    if only_overdue:
        invoices = selectors.overdue(invoices, today=organization.today())
    uninvoiced = (
        member_selectors.reports_for(organization=organization)
        .filter(status="accepted")
        .exclude(
            period__in=selectors.invoices_for(organization=organization)
            .filter(kind=InvoiceKind.PREMIUM)
            .values("period")
        )
        .order_by("-period")[:12]
    )
    context = {
        "page": _with_status(page_of(request, invoices)),
        "balance": selectors.account_balance(organization=organization),
        "uninvoiced": uninvoiced,
        "can_invoice": "pensions.add_invoice" in request.rights,
        "only_overdue": only_overdue,
    }
    template = "pensions/invoice_list.html"
    return render(request, template + "#rows" if request.htmx else template, context)


@require_POST
@pension_view("pensions.add_invoice")
def invoice_create(request, organization):
    report_id = request.POST.get("report", "")
    reports = member_selectors.reports_for(organization=organization)
    report = reports.filter(id=report_id).first() if _uuid(report_id) else None
    if report is None:
        messages.error(request, _("Choose an accepted report of this employer."))
        return redirect("pensions:invoice_list", org_id=organization.id)
    try:
        invoice = services.premium_invoice_create(report=report, actor=request.user)
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
        return redirect("pensions:invoice_list", org_id=organization.id)
    messages.success(request, _("Premium computed; invoice %(number)s issued.") % {"number": invoice.number})
    return redirect("pensions:invoice_detail", org_id=organization.id, invoice_id=invoice.id)


def _uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@pension_view(VIEW)
def invoice_detail(request, organization, invoice_id):
    invoice = object_for(request, selectors.invoices_for(organization=organization), invoice_id)
    invoice.payment_status = selectors.payment_status(invoice)
    invoice.open_amount = invoice.total - invoice.paid
    context = {
        "invoice": invoice,
        "page": page_of(request, selectors.invoice_lines(invoice=invoice)),
        "payments": invoice.payments.order_by("paid_on"),
    }
    template = "pensions/invoice_detail.html"
    return render(request, template + "#lines" if request.htmx else template, context)


@pension_view(VIEW)
def payment_list(request, organization):
    payments = selectors.payments_for(organization=organization).order_by("-paid_on", "-registered_at")
    context = {"page": page_of(request, payments), "can_register": "pensions.add_payment" in request.rights}
    template = "pensions/payment_list.html"
    return render(request, template + "#rows" if request.htmx else template, context)


@pension_view("pensions.add_payment")
def payment_create(request, organization):
    form = PaymentForm(request.POST or None, initial={"paid_on": organization.today()})
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.payment_register(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            if payment.invoice_id:
                messages.success(
                    request, _("Payment registered against invoice %(number)s.") % {"number": payment.invoice.number}
                )
            else:
                messages.warning(
                    request, _("No invoice of this employer has that reference: the payment is unmatched.")
                )
            return redirect("pensions:payment_list", org_id=organization.id)
    return render(
        request, "pensions/form.html", {"form": form, "title": _("Register a payment"), "back": "pensions:payment_list"}
    )


@pension_view(VIEW)
def settlement_list(request, organization):
    context = {
        "page": page_of(request, selectors.settlements_for(organization=organization)),
        "form": SettlementForm(initial={"year": organization.today().year - 1}),
        "can_settle": "pensions.add_annualsettlement" in request.rights,
        "balance": selectors.account_balance(organization=organization),
    }
    return render(request, "pensions/settlement_list.html", context)


@require_POST
@pension_view("pensions.add_annualsettlement")
def settlement_run(request, organization):
    form = SettlementForm(request.POST)
    if form.is_valid():
        try:
            settlement = services.annual_settlement_run(
                organization=organization, year=form.cleaned_data["year"], actor=request.user
            )
        except ValidationError as invalid:
            messages.error(request, message_from(invalid))
        else:
            if settlement.invoice_id:
                messages.success(request, _("Settled: %(number)s issued.") % {"number": settlement.invoice.number})
            else:
                messages.success(request, _("Settled: the year's invoices were exact; nothing to invoice or credit."))
    else:
        messages.error(request, _("Give a year between 1900 and 2200."))
    return redirect("pensions:settlement_list", org_id=organization.id)


def _g_today(day):
    """The G in force from the pensioning G table, or None when the table has none that early:
    the form then asks for it instead of failing."""
    from pensions.schemes import MissingInput
    from pensions.selectors import pensioning

    try:
        return pensioning.g_on(day)
    except MissingInput:
        return None


@pension_view(VIEW)
def budget(request, organization):
    today = organization.today()
    current = _g_today(today)
    form = BudgetForm(request.GET or None, initial={"year": today.year + 1, "current_g": current})
    result = None
    if form.is_valid():
        current_g = form.cleaned_data["current_g"] or current
        if current_g is None:
            form.add_error("current_g", _("Give the G in force now: the fund's G table has none."))
        else:
            try:
                result = services.premium_budget(
                    organization=organization,
                    year=form.cleaned_data["year"],
                    current_g=current_g,
                    expected_g=form.cleaned_data["expected_g"],
                )
            except ValidationError as invalid:
                apply_validation_error(form, invalid)
    return render(request, "pensions/budget.html", {"form": form, "result": result})


@pension_view("pensions.view_premiumrate")
def rate_list(request, organization):
    context = {
        "rates": selectors.rates_for(office_id=organization.office_id)[:100],
        "can_add": "pensions.add_premiumrate" in request.rights,
    }
    return render(request, "pensions/rate_list.html", context)


@pension_view("pensions.add_premiumrate")
def rate_create(request, organization):
    form = PremiumRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.premium_rate_create(office_id=organization.office_id, actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Rate saved."))
            return redirect("pensions:rate_list", org_id=organization.id)
    return render(
        request, "pensions/form.html", {"form": form, "title": _("New premium rate"), "back": "pensions:rate_list"}
    )
