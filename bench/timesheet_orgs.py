"""What the timesheet benchmarks share: the 50-employee demo organization and a
10,000-employee one, each with the timesheet module on and last month's overviews computed
(built once; a rerun reuses them). Import after django.setup()."""

import os
from datetime import date

from django.core.management import call_command

from hrsuite.models import Organization
from hrsuite.services import module_switch
from timesheets import calendar
from timesheets.models import MonthlyOverview, TimesheetSettings
from timesheets.services.overviews import overviews_compute
from timesheets.services.settings import timesheet_settings_get


def small_and_large(*, flex_from_last_month: bool = False) -> tuple[Organization, Organization, date]:
    """(demo organization, 10,000-employee organization, last month). flex_from_last_month:
    last month counts for flex, so each of its working days is checked for hours."""
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", employees=10000, stdout=quiet)
    small = Organization.objects.get(org_number="912345678")
    large = Organization.objects.get(name="Benchmark 10000 AS")
    month = calendar.previous_month(calendar.month_start(small.today()))
    for organization in (small, large):
        module_switch(organization=organization, key="timesheets", enabled=True, actor=None)
        timesheet_settings_get(organization=organization)
        if flex_from_last_month:
            TimesheetSettings.objects.filter(organization=organization, flex_start__gt=month).update(flex_start=month)
        if not MonthlyOverview.objects.filter(organization=organization, month=month).exists():
            overviews_compute(organization=organization, month=month)
    return small, large, month
