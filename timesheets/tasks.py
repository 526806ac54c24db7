from datetime import date

from celery import shared_task

from hrsuite.models import Organization
from hrsuite.modules import organizations_with
from timesheets import calendar
from timesheets.selectors.settings import MODULE
from timesheets.services.period import payroll_period_process, periods_unprocessed


def default_period(organization: Organization) -> date:
    """The month that has just ended where the organization is."""
    return calendar.previous_month(calendar.month_start(organization.today()))


@shared_task
def run_payroll_period(period: str | None = None, organization_id: str | None = None) -> list[str]:
    """Monthly (beat): fan out one job per organization with the module on."""
    organizations = organizations_with(MODULE)
    if organization_id:
        organizations = organizations.filter(id=organization_id)
    ids = [str(pk) for pk in organizations.values_list("id", flat=True)]
    for pk in ids:
        payroll_period_for_organization.delay(pk, period)
    return ids


@shared_task
def payroll_period_for_organization(organization_id: str, period: str | None = None) -> dict:
    """Idempotent: a rerun recomputes open months and the draft run, and mails nobody twice."""
    organization = Organization.objects.get(id=organization_id)
    month = calendar.parse_month(period) if period else default_period(organization)
    return payroll_period_process(organization=organization, period=month)


@shared_task
def check_payroll_periods() -> list[str]:
    """Daily (beat): re-enqueue the period job of every organization whose month just ended
    was not processed (a task lost by a worker crash or a broker restart is noticed within
    a day). Idempotent: a processed period is never enqueued again, and the job itself may
    run twice."""
    missed = periods_unprocessed(organizations=organizations_with(MODULE), period_of=default_period)
    for organization, period in missed:
        payroll_period_for_organization.delay(str(organization.id), f"{period:%Y-%m}")
    return [str(organization.id) for organization, _period in missed]
