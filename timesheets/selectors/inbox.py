"""The timesheet module's part of the inbox (hrsuite/inbox.py): months of past periods still
open to approve (and those of last month with working days without hours), and draft payroll
runs to publish, for every organization in one query. "This month" is each organization's
own, in its time zone."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hrsuite.inbox import InboxItem, count_of, counts, holding, local_values, per_local_date
from hrsuite.models import Organization
from timesheets import calendar
from timesheets.models import MonthlyOverview, OverviewStatus, PayrollRun, RunStatus
from timesheets.selectors.unlogged import UNLOGGED, AnyWorkingDayWithoutHours, working_days_before

TIME_ZONE = "organization__time_zone"


def inbox(*, user, organizations: QuerySet[Organization]) -> list[InboxItem]:
    this_months = local_values(calendar.month_start)
    last_months = [(calendar.previous_month(month), zones) for month, zones in this_months]
    months = MonthlyOverview.objects.filter(
        status=OverviewStatus.OPEN,
        organization__in=holding(user, "timesheets.approve_monthlyoverview", organizations),
    )
    # Last month is the one the month list opens on, so the link shows exactly these.
    working_days = working_days_before(
        months=[month for month, _zones in last_months], today=max(month for month, _zones in this_months)
    )
    without_hours = months.filter(
        AnyWorkingDayWithoutHours(working_days), month=per_local_date(last_months, time_zone_field=TIME_ZONE)
    )
    runs = PayrollRun.objects.filter(status=RunStatus.DRAFT)
    rows = counts(
        organizations,
        months=count_of(months.filter(month__lt=per_local_date(this_months, time_zone_field=TIME_ZONE))),
        without_hours=count_of(without_hours),
        runs=count_of(runs.filter(organization__in=holding(user, "timesheets.close_payrollrun", organizations))),
    )
    items = []
    for row in rows:
        month_list = reverse("timesheets:months", args=[row["pk"]])
        items.append(InboxItem(row["pk"], _("Employee months to approve"), row["months"], month_list))
        items.append(
            InboxItem(
                row["pk"],
                _("Last month: employee months with working days without hours"),
                row["without_hours"],
                f"{month_list}?status={UNLOGGED}",
                warning=True,
                counted_elsewhere=True,
            )
        )
        items.append(
            InboxItem(
                row["pk"], _("Draft payroll runs to publish"), row["runs"], reverse("timesheets:runs", args=[row["pk"]])
            )
        )
    return items
