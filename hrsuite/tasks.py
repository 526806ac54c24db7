from celery import shared_task
from django.contrib.auth.forms import PasswordResetForm

from hrsuite import services


@shared_task
def deactivate_ended_employee_logins() -> int:
    """Nightly; idempotent: a rerun finds nobody left to close."""
    return services.deactivate_ended_employee_logins()


@shared_task
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Looks the address up and mails the link out of the request, so the response takes the
    same time whether or not the address has an account."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
