"""The monthly payroll-period job of one organization (timesheets.tasks runs it per
organization): compute the month's overviews, build its run, tell approvers what waits."""

from datetime import date

from django.db import connection, transaction

from hrsuite.models import Organization
from timesheets import calendar, pg
from timesheets.services.notifications import approvers_notify
from timesheets.services.overviews import overviews_compute
from timesheets.services.payroll import payroll_run_build


def payroll_period_process(*, organization: Organization, period: date, today: date | None = None) -> dict:
    """Close a period for one organization: compute every overview and build the run from
    what is approved (one transaction, one commit), then tell approvers what waits. Safe to
    run again or concurrently."""
    period = calendar.month_start(period)
    with transaction.atomic():
        if pg.available():
            # The job is idempotent: should the server crash right after the commit, losing it
            # only means the next run redoes it. So the commit need not wait for the WAL flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        computed = overviews_compute(organization=organization, month=period, today=today)
        run = payroll_run_build(organization=organization, period=period)
    mailed = approvers_notify(organization=organization, period=period)
    return {"organization": str(organization.id), "computed": computed, "mailed": mailed, "run": str(run.id)}
