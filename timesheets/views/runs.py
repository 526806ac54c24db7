"""Payroll runs (list, build, detail, close) and an employee's payslip of a run."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view
from hrsuite.rendering import message_from
from timesheets import calendar
from timesheets.documents import pdf_response
from timesheets.forms import (
    PeriodForm,
)
from timesheets.selectors.lookups import run_for
from timesheets.selectors.payroll import payslip_detail, runs_for
from timesheets.selectors.runs import run_employees, run_summary
from timesheets.selectors.settings import MODULE
from timesheets.services.payroll import payroll_run_build, payroll_run_close


@org_view("timesheets.view_payrollrun", module=MODULE)
def runs(request, organization):
    today = organization.today()
    context = {
        "runs": runs_for(organization=organization),
        "form": PeriodForm(initial={"period": calendar.month_start(today)}),
        "can_build": "timesheets.change_payrollrun" in request.rights,
    }
    return render(request, "timesheets/runs.html", context)


@require_POST
@org_view("timesheets.change_payrollrun", module=MODULE)
def run_build(request, organization):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period (month)."))
        return redirect("timesheets:runs", org_id=organization.id)
    run = payroll_run_build(organization=organization, period=form.cleaned_data["period"])
    if run.is_open:
        messages.success(request, _("The payroll run is up to date."))
    else:
        messages.info(request, _("The payroll run is closed and was not changed."))
    return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)


@org_view("timesheets.view_payrollrun", module=MODULE)
def run_detail(request, organization, run_id):
    run = run_for(organization, run_id)
    context = {
        "run": run,
        "summary": run_summary(run=run),
        "employees": run_employees(run=run),
        "can_build": "timesheets.change_payrollrun" in request.rights,
        "can_close": "timesheets.close_payrollrun" in request.rights,
    }
    return render(request, "timesheets/run_detail.html", context)


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
    detail = payslip_detail(employee=employee, payslip_id=run.id)
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
