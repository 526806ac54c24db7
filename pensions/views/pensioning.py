"""Pensioning screens: the G table, retirement cases (notice, check, calculation shown step by
step, approval) and the monthly payout runs with their file and each pensioner's history.

The G table is national and the same on every organization's page; adding a value is the
fund's act: it needs the right and a provider-staff login (an employer's user holding the
right by mistake is refused).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hrsuite.access import org_view
from hrsuite.dates import month_label, short_date
from hrsuite.exports import csv_response
from hrsuite.rendering import apply_validation_error, message_from
from pensions.forms_pensioning import ConfirmForm, GValueForm, PayoutPeriodForm, RetirementNoticeForm
from pensions.models import CaseStatus
from pensions.schemes import calculate
from pensions.selectors import pensioning as selectors
from pensions.services import payouts, pensioning

MODULE = "pensions"
PAGE_SIZE = 50

STEP_LABELS = {
    "service_year": gettext_lazy("Service year %(year)s"),
    "g": gettext_lazy("G on the retirement date"),
    "salary_cap": gettext_lazy("Salary cap"),
    "final_salary": gettext_lazy("Final pensionable salary (full time)"),
    "capped_salary": gettext_lazy("Pensionable salary, capped"),
    "service_years": gettext_lazy("Service years (months / 12)"),
    "counted_years": gettext_lazy("Service years counted"),
    "average_fraction": gettext_lazy("Average position fraction"),
    "gross_formula": gettext_lazy("Yearly pension, unrounded"),
    "year_g": gettext_lazy("Average G of %(year)s"),
    "year_accrual": gettext_lazy("Accrued in %(year)s"),
    "accrued_total": gettext_lazy("Accrued in total"),
    "divisor": gettext_lazy("Divisor of birth year %(birth_year)s"),
    "accrual_formula": gettext_lazy("Yearly pension, unrounded"),
    "yearly_pension": gettext_lazy("Yearly pension (rounded half up to øre)"),
    "monthly_payout": gettext_lazy("Monthly payout (yearly / 12, rounded half up to øre)"),
}


def _steps(case) -> list[dict]:
    if not case.inputs:
        return []
    return [
        {"step": step, "label": STEP_LABELS[step.key] % step.params if step.params else STEP_LABELS[step.key]}
        for step in calculate(case.inputs).steps
    ]


# --- G table --------------------------------------------------------------------------------


def _g_page(request, organization, form):
    page = Paginator(selectors.g_values(), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = "pensions.add_basicamount" in request.rights and request.user.is_provider_staff
    return render(request, "pensions/pensioning/g_values.html", {"page": page, "form": form, "can_add": can_add})


@org_view("pensions.view_basicamount", module=MODULE)
def g_values(request, organization):
    return _g_page(request, organization, GValueForm())


@require_POST
@org_view("pensions.add_basicamount", module=MODULE)
def g_value_add(request, organization):
    if not (request.user.is_provider_staff or request.user.is_superuser):
        messages.error(request, _("Only the fund's staff add G values."))
        return redirect("pensions:g_values", org_id=organization.id)
    form = GValueForm(request.POST)
    if form.is_valid():
        try:
            row = pensioning.g_value_add(actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("G from %(day)s was added.") % {"day": short_date(row.valid_from)})
            return redirect("pensions:g_values", org_id=organization.id)
    return _g_page(request, organization, form)


# --- Retirement cases ------------------------------------------------------------------------


@org_view("pensions.view_retirementcase", module=MODULE)
def cases(request, organization):
    status = request.GET.get("status", "")
    found = selectors.cases_for(organization=organization)
    if status in CaseStatus.values:
        found = found.filter(status=status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": CaseStatus.choices,
        "can_notify": "pensions.add_retirementcase" in request.rights,
    }
    template = "pensions/pensioning/cases.html#rows" if request.htmx else "pensions/pensioning/cases.html"
    return render(request, template, context)


@org_view("pensions.add_retirementcase", module=MODULE)
def case_notify(request, organization):
    form = RetirementNoticeForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = pensioning.retirement_notify(
                organization=organization,
                employee=data["employee"],
                scheme=data["scheme"],
                retirement_date=data["retirement_date"],
                reason=data["reason"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            if case.missing:
                messages.warning(request, _("The notice is registered; the member data is not complete yet."))
            else:
                messages.success(request, _("The notice is registered and the pension calculated."))
            return redirect("pensions:case_detail", org_id=organization.id, case_id=case.id)
    return render(request, "pensions/pensioning/case_notify.html", {"form": form})


@org_view("pensions.view_retirementcase", module=MODULE)
def case_detail(request, organization, case_id):
    case = selectors.case_for(organization=organization, case_id=case_id)
    context = {
        "case": case,
        "steps": _steps(case),
        "confirm": ConfirmForm(),
        "can_recalculate": "pensions.change_retirementcase" in request.rights and not case.approved,
        "can_approve": "pensions.approve_retirementcase" in request.rights and case.status == CaseStatus.CALCULATED,
    }
    return render(request, "pensions/pensioning/case_detail.html", context)


@require_POST
@org_view("pensions.change_retirementcase", module=MODULE)
def case_recalculate(request, organization, case_id):
    case = selectors.case_for(organization=organization, case_id=case_id)
    try:
        case = pensioning.retirement_calculate(case=case)
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    else:
        if case.missing:
            messages.warning(request, _("The member data is still not complete."))
        else:
            messages.success(request, _("The pension was calculated from the member data as it is now."))
    return redirect("pensions:case_detail", org_id=organization.id, case_id=case.id)


@require_POST
@org_view("pensions.approve_retirementcase", module=MODULE)
def case_approve(request, organization, case_id):
    case = selectors.case_for(organization=organization, case_id=case_id)
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, _("Tick “I have checked it” to approve the award."))
        return redirect("pensions:case_detail", org_id=organization.id, case_id=case.id)
    try:
        case = pensioning.retirement_approve(case=case, actor=request.user)
        run = payouts.payout_run_build(organization=organization, period=organization.today())
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    else:
        added = run.lines.filter(case=case).count()
        messages.success(
            request,
            _("The award is approved; %(count)s monthly payouts are in the payout run of %(period)s.")
            % {"count": added, "period": month_label(run.period)},
        )
    return redirect("pensions:case_detail", org_id=organization.id, case_id=case.id)


@org_view("pensions.view_retirementcase", module=MODULE)
def case_payouts(request, organization, case_id):
    case = selectors.case_for(organization=organization, case_id=case_id)
    page = Paginator(selectors.payout_history(case=case), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pensions/pensioning/case_payouts.html", {"case": case, "page": page})


# --- Payout runs -----------------------------------------------------------------------------


@org_view("pensions.view_payoutrun", module=MODULE)
def runs(request, organization):
    page = Paginator(selectors.runs_for(organization=organization), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": PayoutPeriodForm(initial={"period": organization.today()}),
        "can_build": "pensions.add_payoutrun" in request.rights,
    }
    return render(request, "pensions/pensioning/runs.html", context)


@require_POST
@org_view("pensions.add_payoutrun", module=MODULE)
def run_build(request, organization):
    form = PayoutPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Period: enter a month as YYYY-MM."))
        return redirect("pensions:runs", org_id=organization.id)
    try:
        run = payouts.payout_run_build(organization=organization, period=form.cleaned_data["period"])
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
        return redirect("pensions:runs", org_id=organization.id)
    if run.is_open:
        messages.success(request, _("The payout run is up to date."))
    else:
        messages.info(request, _("The payout run is closed and was not changed."))
    return redirect("pensions:run_detail", org_id=organization.id, run_id=run.id)


@org_view("pensions.view_payoutrun", module=MODULE)
def run_detail(request, organization, run_id):
    run = selectors.run_for(organization=organization, run_id=run_id)
    page = Paginator(selectors.run_lines(run=run), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "confirm": ConfirmForm(),
        "can_build": "pensions.add_payoutrun" in request.rights,
        "can_close": "pensions.close_payoutrun" in request.rights,
    }
    template = "pensions/pensioning/run_detail.html#rows" if request.htmx else "pensions/pensioning/run_detail.html"
    return render(request, template, context)


@require_POST
@org_view("pensions.close_payoutrun", module=MODULE)
def run_close(request, organization, run_id):
    run = selectors.run_for(organization=organization, run_id=run_id)
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, _("Tick “I have checked it” to close the run."))
        return redirect("pensions:run_detail", org_id=organization.id, run_id=run.id)
    try:
        payouts.payout_run_close(run=run, actor=request.user)
        messages.success(request, _("The payout run is closed."))
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    return redirect("pensions:run_detail", org_id=organization.id, run_id=run.id)


@org_view("pensions.view_payoutrun", module=MODULE)
def run_file(request, organization, run_id):
    run = selectors.run_for(organization=organization, run_id=run_id)
    return csv_response(
        filename=f"pension-payouts-{organization.name}-{run.period:%Y-%m}.csv",
        header=[_("Employee number"), _("Name"), _("Month"), _("Amount")],
        rows=selectors.payout_file_rows(run=run),
    )
