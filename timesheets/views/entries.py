import csv
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view, require
from hrsuite.employee_tabs import tabs_for
from hrsuite.models import Employee
from selfservice.views.employee import me_context, section_view
from timesheets import calendar, selectors
from timesheets.flex import participation_problem
from timesheets.forms import (
    ActivityForm,
    EntryForm,
    MonthFilterForm,
    PayoutForm,
    PayTypeForm,
    PeriodForm,
    TimesheetSettingsForm,
)
from timesheets.models import MonthlyOverview, OverviewStatus
from timesheets.services import entries as entry_services
from timesheets.services import overviews as overview_services
from timesheets.services import payroll as payroll_services
from timesheets.services import settings as settings_services

MONTH_PAGE_SIZE = 50
NON_PARTICIPANTS_SHOWN = 100


def _errors(invalid: ValidationError) -> str:
    return " ".join(invalid.messages)


def _module_on(request, organization) -> bool:
    if not organization.timesheets_enabled:
        messages.info(request, _("The timesheet module is switched off. Switch it on in the timesheet settings."))
        return False
    return True


def _settings_redirect(organization):
    return redirect("timesheets:settings", org_id=organization.id)


# --- Settings, activities and pay types ---------------------------------------------------


@org_view("timesheets.change_timesheetsettings")
def settings_view(request, organization):
    current = selectors.settings_for(organization=organization)
    initial = {
        "enabled": organization.timesheets_enabled,
        "normal_hours_per_day": organization.normal_hours_per_day,
        "flex_enabled": current.flex_enabled,
        "annual_hours_divisor": current.annual_hours_divisor,
        "flex_start": current.flex_start,
    }
    form = TimesheetSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.timesheet_settings_update(organization=organization, **form.cleaned_data)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("Timesheet settings saved."))
            return _settings_redirect(organization)
    own_normal = Employee.objects.filter(organization=organization, normal_hours_per_day__isnull=False).order_by(
        "last_name", "first_name"
    )
    return render(request, "timesheets/settings.html", {"form": form, "own_normal": own_normal})


def _activities_page(request, organization, **forms):
    context = {
        "activities": selectors.activities_for(organization=organization),
        "pay_types": selectors.pay_types_for(organization=organization),
        "activity_form": forms.get("activity_form") or ActivityForm(organization=organization),
        "pay_type_form": forms.get("pay_type_form") or PayTypeForm(organization=organization),
    }
    return render(request, "timesheets/activities.html", context)


@org_view("timesheets.view_activity")
def activities(request, organization):
    return _activities_page(request, organization)


def _named_create(request, organization, form_class, create, form_key: str, message: str):
    """Create an activity or pay type from the list page; errors show on that page."""
    form = form_class(request.POST, organization=organization)
    if form.is_valid():
        create(organization=organization, **form.cleaned_data)
        messages.success(request, message)
        return redirect("timesheets:activities", org_id=organization.id)
    return _activities_page(request, organization, **{form_key: form})


def _named_edit(request, organization, form_class, instance, update, title: str):
    form = form_class(request.POST or None, instance=instance, organization=organization)
    if request.method == "POST" and form.is_valid():
        update(form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("timesheets:activities", org_id=organization.id)
    return render(request, "timesheets/named_form.html", {"form": form, "title": title})


@require_POST
@org_view("timesheets.change_activity")
def activity_create(request, organization):
    return _named_create(
        request, organization, ActivityForm, settings_services.activity_create, "activity_form", _("Activity added.")
    )


@org_view("timesheets.change_activity")
def activity_edit(request, organization, activity_id):
    activity = selectors.activity_for(organization, activity_id)
    return _named_edit(
        request,
        organization,
        ActivityForm,
        activity,
        lambda data: settings_services.activity_update(activity=activity, **data),
        _("Edit activity"),
    )


@require_POST
@org_view("timesheets.change_paytype")
def pay_type_create(request, organization):
    return _named_create(
        request, organization, PayTypeForm, settings_services.pay_type_create, "pay_type_form", _("Pay type added.")
    )


@org_view("timesheets.change_paytype")
def pay_type_edit(request, organization, pay_type_id):
    pay_type = selectors.pay_type_for(organization, pay_type_id)
    return _named_edit(
        request,
        organization,
        PayTypeForm,
        pay_type,
        lambda data: settings_services.pay_type_update(pay_type=pay_type, **data),
        _("Edit pay type"),
    )


# --- Week view ----------------------------------------------------------------------------


def _week_start(request, organization) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week") or request.POST.get("week") or "")
    except ValueError:
        day = organization.today()
    return day - timedelta(days=day.weekday())


def _decimal_hours(raw: str) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as bad:
        raise ValidationError(_("Enter hours as a number, e.g. 7.5.")) from bad
    if value < 0 or value > 24:
        raise ValidationError(_("Hours must be between 0 and 24."))
    return value


def _parse_cell(organization, name: str):
    """'cell|<activity id>|<pay type id or ->|<YYYY-MM-DD>' -> (activity, pay type, date)."""
    try:
        _prefix, activity_id, pay_type_id, day = name.split("|")
        day = date.fromisoformat(day)
    except ValueError as bad:
        raise Http404 from bad
    activity = selectors.activity_for(organization, activity_id)
    pay_type = selectors.pay_type_for(organization, pay_type_id) if pay_type_id != "-" else None
    return activity, pay_type, day


@dataclass(frozen=True)
class WeekScreen:
    """Who looks at an employee's week and where its forms post: HR on the employee's
    Timesheet tab, or the employee on My page. The grid itself is the same."""

    template: str
    can_edit: bool
    cell_url: str
    delete_url: Callable  # entry -> URL that removes it
    context: dict  # what the surrounding page needs (employee tabs, or My page's menu)


def _hr_screen(request, organization, employee) -> WeekScreen:
    return WeekScreen(
        template="timesheets/week.html",
        can_edit="timesheets.change_timeentry" in request.rights,
        cell_url=reverse("timesheets:week_cell", args=[organization.id, employee.id]),
        delete_url=lambda entry: reverse("timesheets:entry_delete", args=[organization.id, employee.id, entry.id]),
        context={"tabs": tabs_for(request, employee), "active_tab": "timesheet"},
    )


def _own_screen(request, employee, features) -> WeekScreen:
    return WeekScreen(
        template="timesheets/my_week.html",
        can_edit=True,
        cell_url=reverse("timesheets:my_week_cell"),
        delete_url=lambda entry: reverse("timesheets:my_entry_delete", args=[entry.id]),
        context=me_context(request, employee, features),
    )


def _week_context(request, organization, employee, start: date, screen: WeekScreen, extra=None) -> dict:
    settings = selectors.settings_for(organization=organization)
    today = organization.today()
    days = [start + timedelta(days=i) for i in range(7)]
    language = get_language() or "en"
    day_info = selectors.days_of(
        employee=employee, settings=settings, first=days[0], last=days[-1], today=today, language=language
    )
    locked = set(
        MonthlyOverview.objects.filter(
            employee=employee,
            month__in={calendar.month_start(days[0]), calendar.month_start(days[-1])},
            status=OverviewStatus.APPROVED,
        ).values_list("month", flat=True)
    )
    reason = participation_problem(employee, settings if organization.timesheets_enabled else None)
    month = calendar.month_start(min(max(start, calendar.month_start(today)), days[-1]))
    balance = None
    if reason is None:
        balance = selectors.month_view(
            employee=employee, month=month, settings=settings, today=today, language=language
        ).closing
    entries = list(selectors.week_entries(employee=employee, first=days[0], last=days[-1]))
    for entry in entries:
        entry.delete_url = screen.delete_url(entry)
    return {
        **screen.context,
        "employee": employee,
        "start": start,
        "previous": start - timedelta(days=7),
        "next": start + timedelta(days=7),
        "end": days[-1],
        "today": today,
        "days": [
            {"info": info, "locked": calendar.month_start(info.date) in locked, "is_today": info.date == today}
            for info in day_info
        ],
        "rows": selectors.week_rows(employee=employee, days=days, extra=extra),
        "activities": selectors.activities_for(organization=organization, active_only=True),
        "pay_types": selectors.pay_types_for(organization=organization, active_only=True),
        "entries": entries,
        "entry_form": EntryForm(organization=organization, initial={"date": today}),
        "reason": reason,
        "balance": balance,
        "balance_month": month,
        "can_edit": screen.can_edit,
        "cell_url": screen.cell_url,
    }


@org_view("timesheets.view_timeentry")
def week(request, organization, employee_id):
    """The week grid: one row per activity (and pay type), one cell per day."""
    employee = employee_for(organization, employee_id)
    if not _module_on(request, organization):
        return _settings_redirect(organization)
    if request.method == "POST":
        require(request, "timesheets.change_timeentry")
    return _week_page(request, organization, employee, _hr_screen(request, organization, employee))


@section_view("flex")
def my_week(request, employee, features):
    """The employee logs their own hours on My page, in the same grid HR uses."""
    return _week_page(request, employee.organization, employee, _own_screen(request, employee, features))


def _week_page(request, organization, employee, screen: WeekScreen):
    start = _week_start(request, organization)
    extra = None
    if request.method == "POST":
        if request.POST.get("action") == "entry":
            return _entry_post(request, organization, employee, start, screen)
        saved, problems = _grid_post(request, organization, employee)
        if problems:
            for problem in problems:
                messages.error(request, problem)
        elif saved:
            messages.success(request, _("Hours saved."))
        return redirect(f"{request.path}?week={start.isoformat()}")
    if request.GET.get("add_activity"):
        activity = selectors.activity_for(organization, request.GET["add_activity"])
        pay_type_id = request.GET.get("add_pay_type")
        extra = (activity, selectors.pay_type_for(organization, pay_type_id) if pay_type_id else None)
    context = _week_context(request, organization, employee, start, screen, extra)
    return render(request, screen.template, context)


def _grid_post(request, organization, employee) -> tuple[int, list[str]]:
    """The no-JS path: every changed cell of the submitted grid."""
    saved, problems = 0, []
    new_activity = request.POST.get("new_activity")
    for name, raw in request.POST.items():
        if name.startswith("new|") and new_activity:
            name = f"cell|{new_activity}|{request.POST.get('new_pay_type') or '-'}|{name.split('|', 1)[1]}"
        elif not name.startswith("cell|"):
            continue
        activity, pay_type, day = _parse_cell(organization, name)
        if request.POST.get(f"was|{name}", None) == raw:
            continue
        try:
            entry_services.time_entry_set(
                employee=employee,
                day=day,
                activity=activity,
                pay_type=pay_type,
                hours=_decimal_hours(raw),
                actor=request.user,
            )
            saved += 1
        except ValidationError as invalid:
            problems.append(f"{date_format(day, 'SHORT_DATE_FORMAT')}: {_errors(invalid)}")
    return saved, list(dict.fromkeys(problems))


def _entry_post(request, organization, employee, start, screen: WeekScreen):
    form = EntryForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry_services.time_entry_set(
                employee=employee,
                day=data["date"],
                activity=data["activity"],
                pay_type=data["pay_type"],
                hours=data["hours"],
                comment=data["comment"],
                actor=request.user,
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("Entry saved."))
            monday = data["date"] - timedelta(days=data["date"].weekday())
            return redirect(f"{request.path}?week={monday.isoformat()}")
    context = _week_context(request, organization, employee, start, screen)
    context["entry_form"] = form
    return render(request, screen.template, context, status=400)


@require_POST
@org_view("timesheets.change_timeentry")
def week_cell(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    return _cell_save(request, organization, employee, _hr_screen(request, organization, employee))


@require_POST
@section_view("flex")
def my_week_cell(request, employee, features):
    return _cell_save(request, employee.organization, employee, _own_screen(request, employee, features))


def _cell_save(request, organization, employee, screen: WeekScreen):
    """htmx: save one cell; answer the cell plus the week's totals and balance (out of band)."""
    name = request.POST.get("cell", "")
    activity, pay_type, day = _parse_cell(organization, name)
    error = None
    try:
        entry_services.time_entry_set(
            employee=employee,
            day=day,
            activity=activity,
            pay_type=pay_type,
            hours=_decimal_hours(request.POST.get(name, "")),
            actor=request.user,
        )
    except ValidationError as invalid:
        error = _errors(invalid)
    start = day - timedelta(days=day.weekday())
    context = _week_context(request, organization, employee, start, screen)
    rows = selectors.week_rows(
        employee=employee, days=[start + timedelta(days=i) for i in range(7)], extra=(activity, pay_type)
    )
    row = next(r for r in rows if r.activity == activity and r.pay_type == pay_type)
    cell = next(c for c in row.cells if c[0] == day)
    context.update({"row": row, "cell": cell, "cell_error": error, "cell_saved": error is None, "oob": True})
    status = 422 if error else 200
    return render(request, "timesheets/partials/week_body.html#cell-response", context, status=status)


@require_POST
@org_view("timesheets.change_timeentry")
def entry_delete(request, organization, employee_id, entry_id):
    employee = employee_for(organization, employee_id)
    week_url = reverse("timesheets:week", args=[organization.id, employee.id])
    return _entry_remove(request, organization, employee, entry_id, week_url)


@require_POST
@section_view("flex")
def my_entry_delete(request, employee, features, entry_id):
    return _entry_remove(request, employee.organization, employee, entry_id, reverse("timesheets:my_week"))


def _entry_remove(request, organization, employee, entry_id, week_url: str):
    entry = selectors.entry_for(organization, employee, entry_id)
    try:
        entry_services.time_entry_delete(entry=entry)
    except ValidationError as invalid:
        messages.error(request, _errors(invalid))
    else:
        messages.success(request, _("Entry removed."))
    monday = entry.date - timedelta(days=entry.date.weekday())
    return redirect(f"{week_url}?week={monday.isoformat()}")


# --- Monthly overview ---------------------------------------------------------------------


def _month(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except ValueError as bad:
        raise Http404 from bad


def _overview_url(organization, employee, month: date) -> str:
    return reverse("timesheets:overview", args=[organization.id, employee.id, month.year, month.month])


@org_view("timesheets.view_monthlyoverview")
def overview(request, organization, employee_id, year, month):
    employee = employee_for(organization, employee_id)
    if not _module_on(request, organization):
        return _settings_redirect(organization)
    month = _month(year, month)
    settings = selectors.settings_for(organization=organization)
    today = organization.today()
    reason = participation_problem(employee, settings if organization.timesheets_enabled else None)
    view = None
    if reason is None:
        view = selectors.month_view(
            employee=employee, month=month, settings=settings, today=today, language=get_language() or "en"
        )
    payout = view.payout if view else Decimal(0)
    context = {
        "employee": employee,
        "tabs": tabs_for(request, employee),
        "active_tab": "timesheet",
        "month": month,
        "previous": calendar.previous_month(month),
        "next": calendar.next_month(month),
        "reason": reason,
        "view": view,
        "payout_form": PayoutForm(initial={"payout_hours": payout}),
        "can_approve": "timesheets.approve_monthlyoverview" in request.rights,
        "month_started": month <= calendar.month_start(today),
        "lines": selectors.overview_lines(overview=view.overview) if view and view.overview else [],
        "rate": selectors.rate_for(employee=employee, settings=settings),
    }
    return render(request, "timesheets/overview.html", context)


@require_POST
@org_view("timesheets.approve_monthlyoverview")
def overview_approve(request, organization, employee_id, year, month):
    """Save the hours to pay out / deduct, and approve when asked to."""
    employee = employee_for(organization, employee_id)
    month = _month(year, month)
    form = PayoutForm(request.POST)
    url = _overview_url(organization, employee, month)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(url)
    try:
        found = overview_services.overview_refresh(employee=employee, month=month)
        if found is None:
            raise ValidationError(_("This employee has no flex balance."))
        overview_services.overview_set_payout(overview=found, hours=form.cleaned_data["payout_hours"])
        if request.POST.get("action") == "approve":
            overview_services.overview_approve(overview=found, actor=request.user)
            messages.success(request, _("The month is approved; its entries are locked."))
        else:
            messages.success(request, _("Hours to pay out saved."))
    except ValidationError as invalid:
        messages.error(request, _errors(invalid))
    return redirect(url)


@require_POST
@org_view("timesheets.approve_monthlyoverview")
def overview_reopen(request, organization, employee_id, year, month):
    employee = employee_for(organization, employee_id)
    month = _month(year, month)
    found = MonthlyOverview.objects.filter(employee=employee, month=month).first()
    try:
        if found is None:
            raise ValidationError(_("The month is not approved."))
        overview_services.overview_reopen(overview=found, actor=request.user, request=request)
        messages.success(request, _("The month is open again. Lines not yet paid were removed from the payroll run."))
    except ValidationError as invalid:
        messages.error(request, _errors(invalid))
    return redirect(_overview_url(organization, employee, month))


# --- HR month list ------------------------------------------------------------------------


def _selected_month(request, organization, filters) -> date:
    if filters.is_valid() and filters.cleaned_data.get("month"):
        return filters.cleaned_data["month"]
    return calendar.previous_month(calendar.month_start(organization.today()))


@org_view("timesheets.view_monthlyoverview")
def months(request, organization):
    if not _module_on(request, organization):
        return _settings_redirect(organization)
    filters = MonthFilterForm(request.GET or None, organization=organization)
    month = _selected_month(request, organization, filters)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    overviews = selectors.overviews_for(
        organization=organization,
        month=month,
        status=criteria.get("status") or "",
        department_id=criteria["department"].id if criteria.get("department") else None,
        search=criteria.get("q") or "",
    )
    page = Paginator(overviews, MONTH_PAGE_SIZE).get_page(request.GET.get("page"))
    settings = selectors.settings_for(organization=organization)
    context = {
        "filters": filters,
        "month": month,
        "page": page,
        "totals": selectors.overview_totals(organization=organization, month=month),
        "can_approve": "timesheets.approve_monthlyoverview" in request.rights,
        "month_started": month <= calendar.month_start(organization.today()),
    }
    if request.htmx:
        return render(request, "timesheets/months.html#results", context)
    outside = selectors.non_participants(organization=organization, settings=settings, month=month)
    context["non_participants"] = outside[:NON_PARTICIPANTS_SHOWN]
    context["non_participants_count"] = len(outside)
    return render(request, "timesheets/months.html", context)


def _months_url(organization, month: date) -> str:
    return reverse("timesheets:months", args=[organization.id]) + f"?month={month:%Y-%m}"


@require_POST
@org_view("timesheets.approve_monthlyoverview")
def months_approve(request, organization):
    filters = PeriodForm({"period": request.POST.get("month")})
    if not filters.is_valid():
        raise Http404
    month = filters.cleaned_data["period"]
    ids = request.POST.getlist("overview")
    if not ids:
        messages.error(request, _("Tick the monthly overviews to approve."))
        return redirect(_months_url(organization, month))
    try:
        count = overview_services.overviews_approve(
            organization=organization,
            overview_ids=[i for i in ids if _is_uuid(i)],
            actor=request.user,
        )
        messages.success(request, _("%(count)s monthly overviews approved.") % {"count": count})
    except ValidationError as invalid:
        messages.error(request, _errors(invalid))
    return redirect(_months_url(organization, month))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_POST
@org_view("timesheets.approve_monthlyoverview")
def months_compute(request, organization):
    form = PeriodForm({"period": request.POST.get("month")})
    if not form.is_valid():
        raise Http404
    month = form.cleaned_data["period"]
    count = overview_services.overviews_compute(organization=organization, month=month)
    messages.success(request, _("%(count)s monthly overviews calculated.") % {"count": count})
    return redirect(_months_url(organization, month))


# --- Payroll runs -------------------------------------------------------------------------


@org_view("timesheets.view_payrollrun")
def runs(request, organization):
    if not _module_on(request, organization):
        return _settings_redirect(organization)
    today = organization.today()
    context = {
        "runs": selectors.runs_for(organization=organization),
        "form": PeriodForm(initial={"period": calendar.month_start(today)}),
        "can_build": "timesheets.change_payrollrun" in request.rights,
    }
    return render(request, "timesheets/runs.html", context)


@require_POST
@org_view("timesheets.change_payrollrun")
def run_build(request, organization):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period (month)."))
        return redirect("timesheets:runs", org_id=organization.id)
    run = payroll_services.payroll_run_build(organization=organization, period=form.cleaned_data["period"])
    if run.is_open:
        messages.success(request, _("The payroll run is up to date."))
    else:
        messages.info(request, _("The payroll run is closed and was not changed."))
    return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)


@org_view("timesheets.view_payrollrun")
def run_detail(request, organization, run_id):
    run = selectors.run_for(organization, run_id)
    context = {
        "run": run,
        "summary": selectors.run_summary(run=run),
        "employees": selectors.run_employees(run=run),
        "can_build": "timesheets.change_payrollrun" in request.rights,
        "can_close": "timesheets.close_payrollrun" in request.rights,
    }
    return render(request, "timesheets/run_detail.html", context)


@require_POST
@org_view("timesheets.close_payrollrun")
def run_close(request, organization, run_id):
    run = selectors.run_for(organization, run_id)
    try:
        payroll_services.payroll_run_close(run=run, actor=request.user)
        messages.success(request, _("The payroll run is closed."))
    except ValidationError as invalid:
        messages.error(request, _errors(invalid))
    return redirect("timesheets:run_detail", org_id=organization.id, run_id=run.id)


@org_view("timesheets.view_payrollrun")
def run_csv(request, organization, run_id):
    run = selectors.run_for(organization, run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payroll-{run.period:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "period",
            "employee_number",
            "last_name",
            "first_name",
            "kind",
            "description",
            "hours",
            "rate",
            "percentage",
            "amount",
            "currency",
        ]
    )
    for line in selectors.run_lines(run=run):
        writer.writerow(
            [
                f"{run.period:%Y-%m}",
                line.employee.number,
                line.employee.last_name,
                line.employee.first_name,
                line.kind,
                line.description,
                line.hours if line.hours is not None else "",
                line.rate if line.rate is not None else "",
                line.percentage if line.percentage is not None else "",
                line.amount,
                organization.currency,
            ]
        )
    return response


@org_view("timesheets.view_payrollrun")
def payslip(request, organization, run_id, employee_id):
    employee = employee_for(organization, employee_id)
    run = selectors.run_for(organization, run_id)
    detail = selectors.payslip_detail(employee=employee, payslip_id=run.id)
    if detail is None:
        raise Http404
    return render(request, "timesheets/payslip.html", {**detail, "organization": organization})
