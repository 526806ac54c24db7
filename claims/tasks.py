from celery import shared_task

from claims import services


@shared_task
def flag_waiting_periods() -> int:
    """Nightly: absences whose waiting period is reached are flagged and their responsible
    users told, once (the flag is the marker)."""
    return services.absences_flag_due()


@shared_task
def sweep_inactive_users() -> int:
    """Quarterly: users without a login for six months, one e-mail per administrator."""
    return services.inactive_users_sweep()
