from datetime import date

from celery import shared_task

from pensions.periods import previous_month
from pensions.services.period import period_run


def default_period(today: date | None = None) -> date:
    """The month that has just ended."""
    return previous_month(today or date.today())


@shared_task
def run_pension_period(period: str | None = None) -> dict[str, int]:
    """Monthly: memberships, reports from paid payroll, premiums and invoices. Idempotent."""
    return period_run(period=date.fromisoformat(period) if period else default_period())
