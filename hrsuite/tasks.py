from importlib import import_module

from celery import shared_task
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail

from hrsuite import lifecycle
from hrsuite.mail import COMPOSERS


@shared_task
def deactivate_ended_employee_logins() -> int:
    """Nightly; idempotent: a rerun finds nobody left to close."""
    return lifecycle.ended_employee_logins_deactivate()


@shared_task
def mail_send(kind: str, ids: dict) -> bool:
    """The one way lifecycle e-mail leaves: compose by ids, send, mark sent. Only registered
    composers run, so a message on the broker cannot name an arbitrary function."""
    import_module(kind.rpartition(".")[0])
    mail = COMPOSERS[kind](**ids)
    if mail is None:
        return False
    send_mail(mail.subject, mail.body, None, mail.to)
    if mail.sent is not None:
        mail.sent()
    return True


@shared_task
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Looks the address up and mails the link out of the request, so the response takes the
    same time whether or not the address has an account."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
