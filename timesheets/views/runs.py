"""Payroll runs (list, build, detail, publish, close) and an employee's payslip of a run."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view
from hrsuite.rendering import apply_validation_error, message_from
from timesheets import calendar
from timesheets.documents import pdf_response
from timesheets.forms import PeriodForm, PublishForm
from timesheets.selectors.lookups import run_for
from timesheets.selectors.payroll import payslip_detail, runs_for
from timesheets.selectors.runs import run_employees, run_notices, run_summary
from timesheets.selectors.settings import MODULE, settings_for
from timesheets.services.payroll import payroll_run_close, payroll_run_publish, payroll_run_update

RUN_PAGE_SIZE = 50
RUNS_PAGE_SIZE = 24  # two years of monthly runs


@org_view("timesheets.view_payrollrun", module=MODULE)
def runs(request, organization):
    today = organization.today()
    context = {
        "page": Paginator(runs_for(organization=organization), RUNS_PAGE_SIZE).get_page(request.GET.get("page")),
        "form": PeriodForm(initial={"period": calendar.month_start(today)}),
        "can_build": "timesheets.change_payrollrun" in request.rights,
    }
    template = "timesheets/runs.html#rows" if request.htmx else "timesheets/runs.html"
    return render(request, template, context)


@require_POST
@org_view("timesheets.change_payrollrun", module=MODULE)
def run_build(request, organization):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period (month)."))
        return redirect("timesheets:runs", org_id=organization.id)
    try:
        update = payroll_run_update(organization=organization, period=form.cleaned_data["period"], actor=request.user)
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
        run = runs_for(organization=organization).filter(period=form.cleaned_data["period"]).first()
        if run is None:
            return redirect("timesheets:runs", org_id=organization.id)
    else:
        run = update.run
        messages.success(request, update.message)
    return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)


def _detail_context(request, organization, run) -> dict:
    page = Paginator(run_employees(run=run), RUN_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "run": run,
        "summary": run_summary(run=run),
        "notices": run_notices(run=run),
        "page": page,
        "four_eyes": settings_for(organization=organization).four_eyes_publish,
        "can_build": "timesheets.change_payrollrun" in request.rights,
        "can_close": "timesheets.close_payrollrun" in request.rights,
    }


@org_view("timesheets.view_payrollrun", module=MODULE)
def run_detail(request, organization, run_id):
    run = run_for(organization, run_id)
    context = _detail_context(request, organization, run)
    context["publish_form"] = PublishForm(initial={"pay_date": run.pay_date})
    if request.htmx:
        return render(request, "timesheets/partials/run_employees.html", context)
    return render(request, "timesheets/run_detail.html", context)


@org_view("timesheets.close_payrollrun", module=MODULE)
def run_publish(request, organization, run_id):
    """Publishing is confirmed on a page of its own naming period, pay date and head count:
    the first POST (or a GET) shows it, the POST with `confirmed` publishes."""
    run = run_for(organization, run_id)
    if request.method != "POST":
        return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)
    form = PublishForm(request.POST)
    if form.is_valid() and form.cleaned_data["confirmed"]:
        try:
            payroll_run_publish(run=run, pay_date=form.cleaned_data["pay_date"], actor=request.user, request=request)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("The payroll run is published: its employees now see their payslips."))
            return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)
    context = _detail_context(request, organization, run)
    context["publish_form"] = form
    if form.errors:
        return render(request, "timesheets/run_detail.html", context, status=400)
    return render(request, "timesheets/run_publish.html", context)


@require_POST
@org_view("timesheets.close_payrollrun", module=MODULE)
def run_close(request, organization, run_id):
    run = run_for(organization, run_id)
    try:
        payroll_run_close(run=run, actor=request.user)
        messages.success(request, _("The payroll run is closed."))
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)


def _payslip(organization, run_id, employee_id) -> dict:
    employee = employee_for(organization, employee_id)
    run = run_for(organization, run_id)
    detail = payslip_detail(employee=employee, payslip_id=run.id, include_drafts=True)
    if detail is None:
        raise Http404
    return {**detail, "organization": organization}


@org_view("timesheets.view_payrollrun", module=MODULE)
def payslip(request, organization, run_id, employee_id):
    return render(request, "timesheets/payslip.html", _payslip(organization, run_id, employee_id))


@org_view("timesheets.view_payrollrun", module=MODULE)
def payslip_pdf(request, organization, run_id, employee_id):
    return payslip_pdf_response(request, _payslip(organization, run_id, employee_id))


def payslip_pdf_response(request, detail: dict):
    """The payslip document, for HR's run page and the employee's My page alike."""
    filename = f"payslip-{detail['run'].period:%Y-%m}-{detail['employee'].number}.pdf"
    return pdf_response(template="timesheets/payslip_document.html", context=detail, filename=filename, request=request)
