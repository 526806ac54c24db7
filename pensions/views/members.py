"""Member data screens: salary reports (from payroll, a file, a form), their findings and
acknowledgement, the report history per period, members and the fund's check settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import object_for
from hrsuite.rendering import apply_validation_error, message_from
from pensions.checks import RawRow
from pensions.forms import (
    AcceptForm,
    AsOfForm,
    FundSettingsForm,
    PayrollReportForm,
    ReportPeriodForm,
    ReportRowFormSet,
    ReportUploadForm,
)
from pensions.models import ReportSource, ReportStatus
from pensions.selectors import members as selectors
from pensions.services import members as services
from pensions.views.common import page_of, pension_view

VIEW = "pensions.view_salaryreport"
ADD = "pensions.add_salaryreport"


def _received(request, organization, received):
    report = received.report
    if not received.created:
        messages.info(request, _("This report was already received; nothing changed."))
    elif report.in_force:
        messages.success(request, _("The report passed every check and is accepted."))
    else:
        messages.warning(request, _("The report has warnings: acknowledge them with a reason to accept it."))
    return redirect("pensions:report_detail", org_id=organization.id, report_id=report.id)


def _refused(request, template: str, context: dict, refused):
    """Errors block the report: every finding listed by row, nothing saved."""
    context = {**context, "refused": refused, "findings": [*refused.checked.errors, *refused.checked.warnings]}
    return render(request, template, context, status=422 if request.htmx else 200)


@pension_view(VIEW)
def report_list(request, organization):
    reports = selectors.reports_for(organization=organization).order_by("-period", "-received_at")
    # ?status=pending: the reports whose warnings wait (the inbox links here).
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    runs = selectors.payroll_runs_usable(organization=organization).order_by("-period")[:24]
    context = {
        "page": page_of(request, reports),
        "payroll_form": PayrollReportForm(runs=runs),
        "can_add": ADD in request.rights,
        "status": ReportStatus(status).label if status in ReportStatus.values else "",
    }
    template = "pensions/report_list.html"
    return render(request, template + "#rows" if request.htmx else template, context)


@require_POST
@pension_view(ADD)
def report_from_payroll(request, organization):
    runs = selectors.payroll_runs_usable(organization=organization)
    form = PayrollReportForm(request.POST, runs=runs.order_by("-period")[:24])
    if form.is_valid():
        try:
            received = services.salary_report_from_payroll(
                organization=organization, run_id=form.cleaned_data["run"], actor=request.user
            )
        except services.ReportRefused as refused:
            return _refused(request, "pensions/report_refused.html", {"source": ReportSource.PAYROLL}, refused)
        except ValidationError as invalid:
            messages.error(request, message_from(invalid))
        else:
            return _received(request, organization, received)
    else:
        messages.error(request, _("Choose a paid payroll run."))
    return redirect("pensions:report_list", org_id=organization.id)


@pension_view(ADD)
def report_upload(request, organization):
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            received = services.salary_report_from_file(
                organization=organization,
                period=form.cleaned_data["period"],
                file_name=upload.name,
                content=upload.read(),
                actor=request.user,
            )
        except services.ReportRefused as refused:
            return _refused(request, "pensions/report_upload.html", context, refused)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            return _received(request, organization, received)
    return render(request, "pensions/report_upload.html", context, status=422 if form.errors and request.htmx else 200)


@pension_view(ADD)
def report_form(request, organization):
    """Typed in: one row per member, prefilled with the members of the period's start."""
    period_form = ReportPeriodForm(request.POST or request.GET or None)
    day = period_form.cleaned_data["period"] if period_form.is_valid() else organization.today().replace(day=1)
    context = {"period_form": period_form, "period_value": f"{day:%Y-%m}"}
    if request.method == "POST":
        formset = ReportRowFormSet(request.POST)
        if period_form.is_valid() and formset.is_valid():
            rows = [
                RawRow(row_number=index, **form.cleaned_data)
                for index, form in enumerate(formset.forms, start=1)
                if any(form.cleaned_data.values())
            ]
            try:
                received = services.salary_report_receive(
                    organization=organization,
                    period=period_form.cleaned_data["period"],
                    source=ReportSource.FORM,
                    rows=rows,
                    actor=request.user,
                )
            except services.ReportRefused as refused:
                return _refused(request, "pensions/report_form.html", {**context, "formset": formset}, refused)
            except ValidationError as invalid:
                messages.error(request, message_from(invalid))
            else:
                return _received(request, organization, received)
    else:
        members = selectors.members_on(organization=organization, day=day).order_by("employee__number")[:500]
        formset = ReportRowFormSet(
            initial=[{"employee_number": m.employee.number, "position_percentage": "100"} for m in members]
        )
    return render(request, "pensions/report_form.html", {**context, "formset": formset})


@pension_view(VIEW)
def report_detail(request, organization, report_id):
    report = object_for(request, selectors.reports_for(organization=organization), report_id)
    versions = selectors.reports_for(organization=organization).filter(period=report.period).order_by("-received_at")
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.moment(organization=organization)
    context = {
        "report": report,
        "findings": report.findings.all(),
        "page": page_of(request, selectors.report_lines(report=report)),
        "versions": versions,
        "as_of": as_of,
        "as_of_form": as_of_form,
        "as_of_report": selectors.report_as_of(organization=organization, period=report.period, moment=as_of)
        if as_of
        else None,
        "accept_form": AcceptForm(),
        "can_accept": "pensions.accept_salaryreport" in request.rights,
    }
    template = "pensions/report_detail.html"
    return render(request, template + "#lines" if request.htmx else template, context)


@require_POST
@pension_view("pensions.accept_salaryreport")
def report_accept(request, organization, report_id):
    report = object_for(request, selectors.reports_for(organization=organization), report_id)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.salary_report_accept(report=report, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as invalid:
            messages.error(request, message_from(invalid))
        else:
            messages.success(request, _("The report is accepted and in force for its period."))
    else:
        messages.error(request, _("Give the reason the warnings are acceptable."))
    return redirect("pensions:report_detail", org_id=organization.id, report_id=report.id)


@pension_view("pensions.view_membership")
def member_list(request, organization):
    memberships = selectors.memberships_for(organization=organization).order_by(
        "employee__last_name", "employee__first_name", "start"
    )
    template = "pensions/member_list.html"
    return render(request, template + "#rows" if request.htmx else template, {"page": page_of(request, memberships)})


@pension_view("pensions.change_fundsettings")
def fund_settings(request, organization):
    settings = selectors.fund_settings_for(office=organization.office)
    form = FundSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_settings_save(
                office=organization.office,
                actor=request.user,
                salary_jump_percent=form.cleaned_data["salary_jump_percent"],
                min_age=form.cleaned_data["min_age"],
                max_age=form.cleaned_data["max_age"],
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("pensions:fund_settings", org_id=organization.id)
    return render(request, "pensions/fund_settings.html", {"form": form})
