"""Timesheet settings, activities and pay types."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import org_view
from hrsuite.models import Employee
from hrsuite.rendering import apply_validation_error
from hrsuite.salary_terms import with_current
from timesheets.forms import (
    ActivityForm,
    PayTypeForm,
    TimesheetSettingsForm,
)
from timesheets.selectors.lookups import activity_for, pay_type_for
from timesheets.selectors.settings import MODULE, activities_for, module_on, pay_types_for, settings_for
from timesheets.services import settings as settings_services
from timesheets.views.common import settings_redirect


@org_view("timesheets.change_timesheetsettings")
def settings_view(request, organization):
    current = settings_for(organization=organization)
    initial = {
        "enabled": module_on(organization),
        "normal_hours_per_day": organization.normal_hours_per_day,
        "flex_enabled": current.flex_enabled,
        "annual_hours_divisor": current.annual_hours_divisor,
        "flex_start": current.flex_start,
        "four_eyes_publish": current.four_eyes_publish,
        "tax_flat_rate": current.tax_flat_rate,
        "pension_member_rate": current.pension_member_rate,
        "holiday_pay_rate": current.holiday_pay_rate,
    }
    form = TimesheetSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.timesheet_settings_update(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Timesheet settings saved."))
            return settings_redirect(organization)
    own_normal = (
        with_current(
            Employee.objects.filter(organization=organization),
            day=organization.today(),
            fields=["normal_hours_per_day"],
        )
        .filter(current_normal_hours_per_day__isnull=False)
        .order_by("last_name", "first_name")
    )
    return render(request, "timesheets/settings.html", {"form": form, "own_normal": own_normal})


def _activities_page(request, organization, **forms):
    context = {
        "activities": activities_for(organization=organization),
        "pay_types": pay_types_for(organization=organization),
        "activity_form": forms.get("activity_form") or ActivityForm(organization=organization),
        "pay_type_form": forms.get("pay_type_form") or PayTypeForm(organization=organization),
    }
    return render(request, "timesheets/activities.html", context)


@org_view("timesheets.view_activity", module=MODULE)
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
@org_view("timesheets.change_activity", module=MODULE)
def activity_create(request, organization):
    return _named_create(
        request, organization, ActivityForm, settings_services.activity_create, "activity_form", _("Activity added.")
    )


@org_view("timesheets.change_activity", module=MODULE)
def activity_edit(request, organization, activity_id):
    activity = activity_for(organization, activity_id)
    return _named_edit(
        request,
        organization,
        ActivityForm,
        activity,
        lambda data: settings_services.activity_update(activity=activity, **data),
        _("Edit activity"),
    )


@require_POST
@org_view("timesheets.change_paytype", module=MODULE)
def pay_type_create(request, organization):
    return _named_create(
        request, organization, PayTypeForm, settings_services.pay_type_create, "pay_type_form", _("Pay type added.")
    )


@org_view("timesheets.change_paytype", module=MODULE)
def pay_type_edit(request, organization, pay_type_id):
    pay_type = pay_type_for(organization, pay_type_id)
    return _named_edit(
        request,
        organization,
        PayTypeForm,
        pay_type,
        lambda data: settings_services.pay_type_update(pay_type=pay_type, **data),
        _("Edit pay type"),
    )
