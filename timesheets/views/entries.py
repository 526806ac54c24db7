"""The week view: HR on an employee's Timesheet tab, and the employee's own week on My page
(the same grid); saving one cell (htmx) and removing an entry."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view, require
from hrsuite.employee_tabs import tabs_for
from hrsuite.me import me_context, section_view
from hrsuite.money import to_decimal
from hrsuite.rendering import apply_validation_error, message_from
from hrsuite.salary_terms import term_on
from hrsuite.validation import parse_date
from timesheets import calendar
from timesheets.flex import daily_normal, days_of, participation_problem
from timesheets.forms import (
    EntryForm,
)
from timesheets.models import MonthlyOverview, OverviewStatus
from timesheets.selectors.entries import week_entries, week_rows
from timesheets.selectors.lookups import activity_for, entry_for, pay_type_for
from timesheets.selectors.overviews import month_view
from timesheets.selectors.settings import MODULE, activities_for, pay_types_for, settings_for
from timesheets.services.entries import LOCKED, time_entry_delete, time_entry_set


def _week_start(request, organization) -> date:
    day = parse_date(request.GET.get("week") or request.POST.get("week")) or organization.today()
    return day - timedelta(days=day.weekday())


def _decimal_hours(raw: str) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = to_decimal(raw)
    except ValueError as bad:  # NaN and infinity included: they would not compare below
        raise ValidationError(_("Enter hours as a number, e.g. 7.5.")) from bad
    if value < 0 or value > 24:
        raise ValidationError(_("Hours must be between 0 and 24."))
    return value


def locked_message(screen: "WeekScreen", day: date) -> str:
    """The lock, worded for the reader: HR who may reopen is told how; everyone else whom to ask."""
    month = date_format(day, "YEAR_MONTH_FORMAT")
    if screen.may_reopen:
        return _("%(month)s is approved and locked. Reopen the monthly overview to change its hours.") % {
            "month": month
        }
    return _("%(month)s is approved and locked: its hours can no longer be changed. Ask HR if something is wrong.") % {
        "month": month
    }


def _cell_set(request, employee, activity, pay_type, day: date, raw: str, screen: "WeekScreen") -> None:
    """One grid cell as typed: its hours (empty or zero removes the entry). Raises ValidationError."""
    try:
        time_entry_set(
            employee=employee,
            day=day,
            activity=activity,
            pay_type=pay_type,
            hours=_decimal_hours(raw),
            actor=request.user,
        )
    except ValidationError as invalid:
        if getattr(invalid, "code", None) == LOCKED:
            raise ValidationError(locked_message(screen, day), code=LOCKED) from invalid
        raise


def _parse_cell(organization, name: str):
    """'cell|<activity id>|<pay type id or ->|<YYYY-MM-DD>' -> (activity, pay type, date)."""
    try:
        _prefix, activity_id, pay_type_id, day = name.split("|")
    except ValueError as bad:
        raise Http404 from bad
    day = parse_date(day)
    if day is None:
        raise Http404
    activity = activity_for(organization, activity_id)
    pay_type = pay_type_for(organization, pay_type_id) if pay_type_id != "-" else None
    return activity, pay_type, day


@dataclass(frozen=True)
class WeekScreen:
    """Who looks at an employee's week and where its forms post: HR on the employee's
    Timesheet tab, or the employee on My page. The grid itself is the same."""

    template: str
    can_edit: bool
    may_reopen: bool  # HR with the approval right; an employee never reopens a month
    cell_url: str
    delete_url: Callable  # entry -> URL that removes it
    context: dict  # what the surrounding page needs (employee tabs, or My page's menu)


def _hr_screen(request, organization, employee) -> WeekScreen:
    return WeekScreen(
        template="timesheets/week.html",
        can_edit="timesheets.change_timeentry" in request.rights,
        may_reopen="timesheets.approve_monthlyoverview" in request.rights,
        cell_url=reverse("timesheets:week_cell", args=[organization.id, employee.id]),
        delete_url=lambda entry: reverse("timesheets:entry_delete", args=[organization.id, employee.id, entry.id]),
        context={"tabs": tabs_for(request, employee), "active_tab": "timesheet"},
    )


def _own_screen(request, employee, features) -> WeekScreen:
    return WeekScreen(
        template="timesheets/my_week.html",
        can_edit=True,
        may_reopen=False,
        cell_url=reverse("timesheets:my_week_cell"),
        delete_url=lambda entry: reverse("timesheets:my_entry_delete", args=[entry.id]),
        context=me_context(request, employee, features),
    )


def _week_context(request, organization, employee, start: date, screen: WeekScreen, extra=None) -> dict:
    settings = settings_for(organization=organization)
    today = organization.today()
    days = [start + timedelta(days=i) for i in range(7)]
    language = get_language() or "en"
    day_info = days_of(
        employee=employee, settings=settings, first=days[0], last=days[-1], today=today, language=language
    )
    locked = set(
        MonthlyOverview.objects.filter(
            employee=employee,
            month__in={calendar.month_start(days[0]), calendar.month_start(days[-1])},
            status=OverviewStatus.APPROVED,
        ).values_list("month", flat=True)
    )
    term = term_on(employee=employee, day=days[-1])
    reason = participation_problem(employee, settings, term=term)
    month = calendar.month_start(min(max(start, calendar.month_start(today)), days[-1]))
    balance = None
    if reason is None:
        balance = month_view(employee=employee, month=month, settings=settings, today=today, language=language).closing
    entries = list(week_entries(employee=employee, first=days[0], last=days[-1]))
    for entry in entries:  # an approved month's entries cannot be removed: no button for them
        entry.delete_url = None if calendar.month_start(entry.date) in locked else screen.delete_url(entry)
    day_rows = [
        {"info": info, "locked": calendar.month_start(info.date) in locked, "is_today": info.date == today}
        for info in day_info
    ]
    rows = week_rows(employee=employee, days=days, extra=extra)
    locked_dates = {day for day in days if calendar.month_start(day) in locked}
    return {
        **screen.context,
        "employee": employee,
        "normal_per_day": daily_normal(term, organization) if term else None,
        "start": start,
        "previous": start - timedelta(days=7),
        "next": start + timedelta(days=7),
        "end": days[-1],
        "today": today,
        "days": day_rows,
        "rows": rows,
        "by_day": [
            {"day": day, "cells": [(row, row.cells[index]) for row in rows]} for index, day in enumerate(day_rows)
        ],
        "locked_dates": locked_dates,
        "locked_note": locked_message(screen, min(locked_dates)) if locked_dates else "",
        "activities": activities_for(organization=organization, active_only=True),
        "pay_types": pay_types_for(organization=organization, active_only=True),
        "entries": entries,
        "entry_form": EntryForm(organization=organization, initial={"date": today}),
        "reason": reason,
        "balance": balance,
        "balance_month": month,
        "can_edit": screen.can_edit,
        "cell_url": screen.cell_url,
    }


@org_view("timesheets.view_timeentry", module=MODULE)
def week(request, organization, employee_id):
    """The week grid: one row per activity (and pay type), one cell per day."""
    employee = employee_for(organization, employee_id)
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
        saved, problems = _grid_post(request, organization, employee, screen)
        if problems:
            for problem in problems:
                messages.error(request, problem)
        elif saved:
            messages.success(request, _("Hours saved."))
        return redirect(f"{request.path}?week={start.isoformat()}")
    if request.GET.get("add_activity"):
        activity = activity_for(organization, request.GET["add_activity"])
        pay_type_id = request.GET.get("add_pay_type")
        extra = (activity, pay_type_for(organization, pay_type_id) if pay_type_id else None)
    context = _week_context(request, organization, employee, start, screen, extra)
    return render(request, screen.template, context)


def _grid_post(request, organization, employee, screen: WeekScreen) -> tuple[int, list[str]]:
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
            _cell_set(request, employee, activity, pay_type, day, raw, screen)
            saved += 1
        except ValidationError as invalid:
            problems.append(f"{date_format(day, 'SHORT_DATE_FORMAT')}: {message_from(invalid)}")
    return saved, list(dict.fromkeys(problems))


def _entry_post(request, organization, employee, start, screen: WeekScreen):
    form = EntryForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            time_entry_set(
                employee=employee,
                day=data["date"],
                activity=data["activity"],
                pay_type=data["pay_type"],
                hours=data["hours"],
                comment=data["comment"],
                actor=request.user,
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Entry saved."))
            monday = data["date"] - timedelta(days=data["date"].weekday())
            return redirect(f"{request.path}?week={monday.isoformat()}")
    context = _week_context(request, organization, employee, start, screen)
    context["entry_form"] = form
    return render(request, screen.template, context, status=400)


@require_POST
@org_view("timesheets.change_timeentry", module=MODULE)
def week_cell(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    return _cell_save(request, organization, employee, _hr_screen(request, organization, employee))


@require_POST
@section_view("flex")
def my_week_cell(request, employee, features):
    return _cell_save(request, employee.organization, employee, _own_screen(request, employee, features))


def _cell_save(request, organization, employee, screen: WeekScreen):
    """htmx: save one cell; answer the cell (with the saved value, and the refusal beside it
    when refused: 422) plus the week's totals and balance (out of band). A cell of the
    "Add activity…" row saves the same way, then reloads the week to show its new row."""
    name = request.POST.get("cell", "")
    new_cell = name.startswith("new|")
    if new_cell:
        day = parse_date(name.split("|", 1)[1])
        if day is None:
            raise Http404
        raw = request.POST.get(name, "")
        activity_id = request.POST.get("new_activity")
        activity = activity_for(organization, activity_id) if activity_id else None
        pay_type_id = request.POST.get("new_pay_type")
        pay_type = pay_type_for(organization, pay_type_id) if pay_type_id else None
    else:
        activity, pay_type, day = _parse_cell(organization, name)
        raw = request.POST.get(name, "")
    error = None
    try:
        if activity is None:
            raise ValidationError(_("Choose the activity first, then enter the hours."))
        _cell_set(request, employee, activity, pay_type, day, raw, screen)
    except ValidationError as invalid:
        error = message_from(invalid)
        if raw.strip():
            error = _("“%(value)s” was not saved: %(problem)s") % {"value": raw.strip()[:20], "problem": error}
    if new_cell and error is None:
        messages.success(request, _("Hours saved."))
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    start = day - timedelta(days=day.weekday())
    context = _week_context(request, organization, employee, start, screen)
    if new_cell:
        context["day"] = next(d for d in context["days"] if d["info"].date == day)
    else:
        rows = week_rows(
            employee=employee, days=[start + timedelta(days=i) for i in range(7)], extra=(activity, pay_type)
        )
        row = next(r for r in rows if r.activity == activity and r.pay_type == pay_type)
        context.update({"row": row, "cell": next(c for c in row.cells if c[0] == day)})
    context.update(
        {
            "cell_error": error,
            "cell_saved": error is None,
            "oob": True,
            "new_cell": new_cell,
            "layout": "day" if request.POST.get("layout") == "day" else "grid",
        }
    )
    status = 422 if error else 200
    return render(request, "timesheets/partials/week_body.html#cell-response", context, status=status)


@require_POST
@org_view("timesheets.change_timeentry", module=MODULE)
def entry_delete(request, organization, employee_id, entry_id):
    employee = employee_for(organization, employee_id)
    week_url = reverse("timesheets:week", args=[organization.id, employee.id])
    return _entry_remove(request, organization, employee, entry_id, week_url)


@require_POST
@section_view("flex")
def my_entry_delete(request, employee, features, entry_id):
    return _entry_remove(request, employee.organization, employee, entry_id, reverse("timesheets:my_week"))


def _entry_remove(request, organization, employee, entry_id, week_url: str):
    entry = entry_for(organization, employee, entry_id)
    try:
        time_entry_delete(entry=entry)
    except ValidationError as invalid:
        messages.error(request, message_from(invalid))
    else:
        messages.success(request, _("Entry removed."))
    monday = entry.date - timedelta(days=entry.date.weekday())
    return redirect(f"{week_url}?week={monday.isoformat()}")
