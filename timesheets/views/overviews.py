"""Monthly overviews: the HR month list (filter, approve in bulk, calculate) and one
employee's month (hours to pay out, approve, reopen)."""

import uuid
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view
from hrsuite.employee_tabs import tabs_for
from hrsuite.rendering import apply_validation_error, message_from
from hrsuite.salary_terms import term_on
from timesheets import calendar
from timesheets.flex import participation_problem
from timesheets.forms import (
    MonthFilterForm,
    PayoutForm,
    PeriodForm,
)
from timesheets.models import MonthlyOverview, OverviewStatus
from timesheets.selectors.overviews import (
    earlier_open_month,
    month_totals,
    month_view,
    non_participants,
    overview_lines,
    overviews_for,
    rate_for,
)
from timesheets.selectors.settings import MODULE, settings_for
from timesheets.selectors.unlogged import (
    UNLOGGED,
    AnyWorkingDayWithoutHours,
    WorkingDaysWithoutHours,
    working_days_before,
)
from timesheets.services import overviews as overview_services

MONTH_PAGE_SIZE = 50
NON_PARTICIPANTS_SHOWN = MONTH_PAGE_SIZE


def _overview_url(organization, employee, month: date) -> str:
    return reverse("timesheets:overview", args=[organization.id, employee.id, month.year, month.month])


@org_view("timesheets.view_monthlyoverview", module=MODULE)
def overview(request, organization, employee_id, year, month):
    employee = employee_for(organization, employee_id)
    return _overview_page(request, organization, employee, date(year, month, 1))


def _overview_page(request, organization, employee, month: date, form=None, status=200):
    settings = settings_for(organization=organization)
    today = organization.today()
    term = term_on(employee=employee, day=calendar.month_end(month))
    reason = participation_problem(employee, settings, term=term)
    view = None
    if reason is None:
        view = month_view(
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
        "payout_form": form or PayoutForm(initial={"payout_hours": payout}),
        "can_approve": "timesheets.approve_monthlyoverview" in request.rights,
        "month_started": month <= calendar.month_start(today),
        "month_ended": month < calendar.month_start(today),
        "approvable_from": calendar.next_month(month),
        "earlier_open": earlier_open_month(employee=employee, month=month),
        "lines": overview_lines(overview=view.overview) if view and view.overview else [],
        "rate": rate_for(employee=employee, month=month, settings=settings),
    }
    return render(request, "timesheets/overview.html", context, status=status)


@require_POST
@org_view("timesheets.approve_monthlyoverview", module=MODULE)
def overview_approve(request, organization, employee_id, year, month):
    """Save the hours to pay out / deduct, and approve when asked to: one service, one
    transaction, so what the approver submitted is what gets frozen."""
    employee = employee_for(organization, employee_id)
    month = date(year, month, 1)
    form = PayoutForm(request.POST)
    if form.is_valid():
        approve = request.POST.get("action") == "approve"
        if approve and not request.POST.get("confirm"):
            return _approve_confirm_page(request, organization, employee, month, form)
        try:
            overview_services.overview_submit(
                employee=employee,
                month=month,
                payout_hours=form.cleaned_data["payout_hours"],
                approve=approve,
                confirm_negative_balance=form.cleaned_data["confirm_negative_balance"],
                actor=request.user,
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            if approve:
                messages.success(request, _("The month is approved; its entries are locked."))
            else:
                messages.success(request, _("Hours to pay out saved."))
            return redirect(_overview_url(organization, employee, month))
    return _overview_page(request, organization, employee, month, form=form, status=400)


def _approve_confirm_page(request, organization, employee, month: date, form):
    """Approving locks the month and sends it to payroll: ask first, naming who, which month
    and the balance the pay-out leaves. A negative one is named here, so this one question
    also gives the confirmation the service requires (it still refuses without it, e.g. when
    the hours changed since)."""
    payout = form.cleaned_data["payout_hours"]
    view = month_view(
        employee=employee,
        month=month,
        settings=settings_for(organization=organization),
        today=organization.today(),
        language=get_language() or "en",
    )
    projected = MonthlyOverview(
        opening_balance=view.opening,
        change=view.change,
        payout_hours=payout,
        closing_balance=view.closing_after(payout),
    )
    context = {
        "employee": employee,
        "month": month,
        "payout_hours": payout,
        "balance": view.opening + view.change,
        "closing": projected.closing_balance,
        "negative": overview_services.negative_balance_problem(projected) is not None,
        "form": form,
        "back": _overview_url(organization, employee, month),
    }
    return render(request, "timesheets/overview_approve_confirm.html", context)


@require_POST
@org_view("timesheets.approve_monthlyoverview", module=MODULE)
def overview_reopen(request, organization, employee_id, year, month):
    employee = employee_for(organization, employee_id)
    month = date(year, month, 1)
    found = MonthlyOverview.objects.filter(employee=employee, month=month).first()
    try:
        if found is None:
            raise ValidationError(_("The month is not approved."))
        overview_services.overview_reopen(overview=found, actor=request.user, request=request)
        messages.success(request, _("The month is open again. Lines not yet paid were removed from the payroll run."))
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    return redirect(_overview_url(organization, employee, month))


# --- HR month list ------------------------------------------------------------------------


def _selected_month(request, organization, filters) -> date:
    if filters.is_valid() and filters.cleaned_data.get("month"):
        return filters.cleaned_data["month"]
    return calendar.previous_month(calendar.month_start(organization.today()))


class _CountedPaginator(Paginator):
    """A paginator told its count (from the page's one aggregate), so it asks no COUNT."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


@org_view("timesheets.view_monthlyoverview", module=MODULE)
def months(request, organization):
    filters = MonthFilterForm(request.GET or None, organization=organization)
    month = _selected_month(request, organization, filters)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    chosen = {
        "status": criteria.get("status") or "",
        "department_id": criteria["department"].id if criteria.get("department") else None,
        "search": criteria.get("q") or "",
    }
    totals = month_totals(organization=organization, month=month, **chosen)
    settings = settings_for(organization=organization)
    working_days = working_days_before(months=[month], today=organization.today(), countries=[organization.country])
    known = {"country": organization.country, "flex_start": settings.flex_start}
    overviews = overviews_for(organization=organization, month=month, **chosen).annotate(
        without_hours=WorkingDaysWithoutHours(working_days, **known)
    )
    if chosen["status"] == UNLOGGED:  # the totals' pager count does not know this filter: count it
        overviews = overviews.filter(AnyWorkingDayWithoutHours(working_days, **known), status=OverviewStatus.OPEN)
        page = Paginator(overviews, MONTH_PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        page = _CountedPaginator(overviews, MONTH_PAGE_SIZE, count=totals["matching"]).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "month": month,
        "page": page,
        "totals": totals,
        "can_approve": "timesheets.approve_monthlyoverview" in request.rights,
        "month_started": month <= calendar.month_start(organization.today()),
        "month_ended": month < calendar.month_start(organization.today()),
        "approvable_from": calendar.next_month(month),
    }
    if request.htmx:
        return render(request, "timesheets/months.html#results", context)
    if totals["without"]:
        context["non_participants"] = non_participants(
            organization=organization, settings=settings, month=month, limit=NON_PARTICIPANTS_SHOWN
        )
    context["non_participants_count"] = totals["without"]
    return render(request, "timesheets/months.html", context)


def _months_url(organization, month: date) -> str:
    return reverse("timesheets:months", args=[organization.id]) + f"?month={month:%Y-%m}"


@require_POST
@org_view("timesheets.approve_monthlyoverview", module=MODULE)
def months_approve(request, organization):
    """Approve the ticked overviews of the month, or (action "all", after a confirmation
    page naming how many and which month) every open one of the month, set-based."""
    filters = PeriodForm({"period": request.POST.get("month")})
    if not filters.is_valid():
        raise Http404
    month = filters.cleaned_data["period"]
    if request.POST.get("action") == "all":
        return _months_approve_all(request, organization, month)
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
        messages.error(request, message_from(invalid))
    return redirect(_months_url(organization, month))


def _months_approve_all(request, organization, month: date):
    month_name = date_format(month, "YEAR_MONTH_FORMAT")
    if not request.POST.get("confirm"):
        context = {
            "month": month,
            "open_count": month_totals(organization=organization, month=month)["open"],
            "back": _months_url(organization, month),
        }
        return render(request, "timesheets/months_approve_confirm.html", context)
    try:
        count = overview_services.month_overviews_approve(
            organization=organization,
            month=month,
            actor=request.user,
            confirm_negative_balance=bool(request.POST.get("confirm_negative_balance")),
        )
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
        return redirect(_months_url(organization, month))
    if count:
        text = ngettext(
            "%(count)s open month of %(month)s approved: its entries are locked and its lines are in the payroll run.",
            "%(count)s open months of %(month)s approved: their entries are locked and their lines are in the "
            "payroll run.",
            count,
        )
        messages.success(request, text % {"count": number_format(count, force_grouping=True), "month": month_name})
    else:
        messages.info(
            request, _("Every month of %(month)s was already approved: nothing changed.") % {"month": month_name}
        )
    return redirect(_months_url(organization, month))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_POST
@org_view("timesheets.approve_monthlyoverview", module=MODULE)
def months_compute(request, organization):
    form = PeriodForm({"period": request.POST.get("month")})
    if not form.is_valid():
        raise Http404
    month = form.cleaned_data["period"]
    count = overview_services.overviews_compute(organization=organization, month=month)
    messages.success(request, _("%(count)s monthly overviews calculated.") % {"count": count})
    return redirect(_months_url(organization, month))
