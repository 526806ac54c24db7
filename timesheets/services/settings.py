"""Timesheet settings, activities and pay types of an organization."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from hrsuite.models import Organization, User
from hrsuite.services import module_switch
from timesheets import calendar
from timesheets.models import Activity, PayType, TimesheetSettings
from timesheets.selectors.settings import MODULE


def timesheet_settings_get(*, organization: Organization) -> TimesheetSettings:
    """The organization's settings row, created with defaults on first use."""
    found = TimesheetSettings.objects.filter(organization=organization).first()
    if found is None:
        found, _created = TimesheetSettings.objects.get_or_create(
            organization=organization, defaults={"flex_start": calendar.month_start(organization.today())}
        )
    return found


@transaction.atomic
def timesheet_settings_update(
    *,
    organization: Organization,
    actor: User,
    enabled: bool,
    normal_hours_per_day: Decimal,
    flex_enabled: bool,
    annual_hours_divisor: Decimal,
    flex_start: date,
    four_eyes_publish: bool | None = None,
    tax_flat_rate: Decimal | None = None,
    pension_member_rate: Decimal | None = None,
    holiday_pay_rate: Decimal | None = None,
) -> TimesheetSettings:
    """Settings and the module switch together: the switch goes through the core's one
    audited service, like the organization settings' checkbox."""
    module_switch(organization=organization, key=MODULE, enabled=enabled, actor=actor)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.normal_hours_per_day = normal_hours_per_day
    organization.full_clean()
    organization.save(update_fields=["normal_hours_per_day"])
    settings = timesheet_settings_get(organization=organization)
    settings.flex_enabled = flex_enabled
    settings.annual_hours_divisor = annual_hours_divisor
    settings.flex_start = flex_start
    if four_eyes_publish is not None:  # None: left as it is
        settings.four_eyes_publish = four_eyes_publish
    rates = {
        "tax_flat_rate": tax_flat_rate,
        "pension_member_rate": pension_member_rate,
        "holiday_pay_rate": holiday_pay_rate,
    }
    for name, rate in rates.items():
        if rate is not None:  # not given: unchanged
            setattr(settings, name, rate)
    settings.full_clean()
    settings.save()
    return settings


def _save_named(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def activity_create(*, organization: Organization, **fields) -> Activity:
    return _save_named(Activity(organization=organization), **fields)


@transaction.atomic
def activity_update(*, activity: Activity, **fields) -> Activity:
    return _save_named(activity, **fields)


@transaction.atomic
def pay_type_create(*, organization: Organization, **fields) -> PayType:
    return _save_named(PayType(organization=organization), **fields)


@transaction.atomic
def pay_type_update(*, pay_type: PayType, **fields) -> PayType:
    return _save_named(pay_type, **fields)
