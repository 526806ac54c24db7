"""The pension module's part of the inbox (hrsuite/inbox.py): salary reports whose warnings
wait for a reason (errors refuse a report whole, so none is stored with one) and invoices past
their due date, for every organization in one query."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hrsuite.inbox import InboxItem, count_of, counts, holding, local_values, per_local_date
from hrsuite.models import Organization
from pensions.models import Invoice, ReportStatus, SalaryReport
from pensions.selectors.premiums import OVERDUE, overdue


def inbox(*, user, organizations: QuerySet[Organization]) -> list[InboxItem]:
    # The fund's staff acknowledge the warnings; the employer's HR sends a correction instead.
    correcting = Q(organization__in=holding(user, "pensions.accept_salaryreport", organizations)) | Q(
        organization__in=holding(user, "pensions.add_salaryreport", organizations)
    )
    today = per_local_date(local_values(lambda day: day), time_zone_field="organization__time_zone")
    rows = counts(
        organizations,
        reports=count_of(SalaryReport.objects.filter(correcting, status=ReportStatus.PENDING)),
        overdue=count_of(
            overdue(
                Invoice.objects.filter(organization__in=holding(user, "pensions.view_invoice", organizations)),
                today=today,
            )
        ),
    )
    items = []
    for row in rows:
        reports = reverse("pensions:report_list", args=[row["pk"]])
        items.append(InboxItem(row["pk"], _("Salary reports to correct"), row["reports"], f"{reports}?status=pending"))
        invoices = reverse("pensions:invoice_list", args=[row["pk"]])
        items.append(
            InboxItem(row["pk"], _("Invoices overdue"), row["overdue"], f"{invoices}?status={OVERDUE}", warning=True)
        )
    return items
