"""The timesheet module's part of the inbox (hrsuite/inbox.py): months of past periods
still open to approve and draft payroll runs to publish, for every organization in one query."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.inbox import InboxItem, count_of, counts, holding
from hrsuite.models import Organization
from timesheets.models import MonthlyOverview, OverviewStatus, PayrollRun, RunStatus


def inbox(*, user, organizations: QuerySet[Organization]) -> list[InboxItem]:
    this_month = timezone.localdate().replace(day=1)
    months = MonthlyOverview.objects.filter(status=OverviewStatus.OPEN, month__lt=this_month)
    runs = PayrollRun.objects.filter(status=RunStatus.DRAFT)
    rows = counts(
        organizations,
        months=count_of(
            months.filter(organization__in=holding(user, "timesheets.approve_monthlyoverview", organizations))
        ),
        runs=count_of(runs.filter(organization__in=holding(user, "timesheets.close_payrollrun", organizations))),
    )
    items = []
    for row in rows:
        items.append(
            InboxItem(
                row["pk"],
                _("Employee months to approve"),
                row["months"],
                reverse("timesheets:months", args=[row["pk"]]),
            )
        )
        items.append(
            InboxItem(
                row["pk"], _("Draft payroll runs to publish"), row["runs"], reverse("timesheets:runs", args=[row["pk"]])
            )
        )
    return items
