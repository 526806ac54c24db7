from celery import shared_task

from hrsuite import services


@shared_task
def deactivate_ended_employee_logins() -> int:
    """Nightly; idempotent: a rerun finds nobody left to close."""
    return services.deactivate_ended_employee_logins()
