"""The monthly payroll-period job of one organization (timesheets.tasks runs it per
organization): compute the month's overviews, build its run, tell approvers what waits.

Each period has a PeriodJob row: `processed_at` says the job went through (the daily check
in timesheets.tasks re-enqueues a period that never was, so a lost task is noticed), and
`notified_at` that approvers were told (once per period, however often the job runs)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hrsuite.models import Organization
from timesheets import calendar, pg
from timesheets.models import PayrollRun, PeriodJob
from timesheets.services.notifications import approvers_notify
from timesheets.services.overviews import overviews_compute
from timesheets.services.payroll import payroll_run_update


def payroll_period_process(*, organization: Organization, period: date, today: date | None = None) -> dict:
    """Close a period for one organization: compute every overview and bring the draft run
    up to date (one transaction, one commit), then tell approvers what waits. A run already
    published or closed is left as it is. Safe to run again or concurrently."""
    period = calendar.month_start(period)
    with transaction.atomic():
        if pg.available():
            pg.whole_organization_transaction(durable=False)  # the job is idempotent
        computed = overviews_compute(organization=organization, month=period, today=today)
        run = _draft_run_update(organization=organization, period=period)
        job, _created = PeriodJob.objects.get_or_create(organization=organization, period=period)
        PeriodJob.objects.filter(pk=job.pk).update(processed_at=timezone.now())
    mailed = approvers_notify(organization=organization, period=period)
    return {"organization": str(organization.id), "computed": computed, "mailed": mailed, "run": str(run.id)}


def _draft_run_update(*, organization: Organization, period: date) -> PayrollRun:
    """The period's run brought up to date while it is a draft; a published or closed run
    is refused by the service and left as it is."""
    try:
        return payroll_run_update(organization=organization, period=period).run
    except ValidationError:
        return PayrollRun.objects.get(organization=organization, period=period)


def periods_unprocessed(*, organizations, period_of) -> list:
    """The organizations (of the queryset) whose current period (`period_of(organization)`)
    the job has not processed: [(organization, period)]. Two queries."""
    organizations = list(organizations)
    periods = {organization.id: period_of(organization) for organization in organizations}
    done = set(
        PeriodJob.objects.filter(
            organization_id__in=list(periods), period__in=set(periods.values()), processed_at__isnull=False
        ).values_list("organization_id", "period")
    )
    return [(o, periods[o.id]) for o in organizations if (o.id, periods[o.id]) not in done]
