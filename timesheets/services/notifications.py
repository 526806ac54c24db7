"""E-mail of the payroll-period job: approvers hear how many monthly overviews wait, once
per period (PeriodJob.notified_at), with an absolute link (hrsuite.mail.site_url)."""

from datetime import date

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrsuite.mail import site_url
from hrsuite.models import Organization
from hrsuite.selectors import users_with_right
from timesheets.models import MonthlyOverview, OverviewStatus, PeriodJob

APPROVE_RIGHT = "timesheets.approve_monthlyoverview"


def approvers_notify(*, organization: Organization, period: date) -> int:
    """Tell each approver how many overviews of the period wait, the first time the job
    finds some waiting; later runs of the job send nothing. Returns mails sent.

    The marker is claimed with a conditional UPDATE before any mail leaves, so of two
    concurrent jobs only one sends."""
    waiting = MonthlyOverview.objects.filter(
        organization=organization, month=period, status=OverviewStatus.OPEN
    ).count()
    if not waiting:
        return 0
    with transaction.atomic():
        PeriodJob.objects.get_or_create(organization=organization, period=period)
        claimed = PeriodJob.objects.filter(organization=organization, period=period, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
    if not claimed:
        return 0
    link = (
        site_url(reverse("timesheets:months", kwargs={"org_id": organization.id}))
        + f"?month={period:%Y-%m}&status=open"
    )
    sent = 0
    for user in users_with_right(organization=organization, right=APPROVE_RIGHT):
        with override(user.language or organization.language):
            month = date_format(period, "YEAR_MONTH_FORMAT")
            send_mail(
                subject=_("%(count)s monthly overviews for %(month)s wait for approval")
                % {"count": waiting, "month": month},
                message=_(
                    "%(organization)s: %(count)s monthly overviews for %(month)s are not approved yet.\n"
                    "Approve them so their overtime and flex hours reach the payroll run:\n%(path)s"
                )
                % {"organization": organization.name, "count": waiting, "month": month, "path": link},
                from_email=django_settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        sent += 1
    return sent
