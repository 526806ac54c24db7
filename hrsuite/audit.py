"""Audit events: logins, failed logins, logouts and reads of sensitive data."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hrsuite.models import AuditAction, AuditEvent, Organization, User
from hrsuite.throttle import client_ip


def audit_record(
    *,
    action: str,
    actor: User | None,
    request=None,
    organization: Organization | None = None,
    subject: object = "",
    **detail,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        subject=str(subject)[:200],
        subject_id=str(getattr(subject, "pk", "") or ""),
        ip_address=client_ip(request),
        detail=detail,
    )


def audit_sensitive_read(*, request, organization: Organization, subject: object, field: str) -> AuditEvent:
    """Record that the requesting user saw a sensitive value (a national id, an e-mail address)."""
    return audit_record(
        action=AuditAction.SENSITIVE_READ,
        actor=request.user,
        request=request,
        organization=organization,
        subject=subject,
        field=field,
    )


@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, actor=user, request=request, subject=user)


@receiver(user_logged_out)
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, request=request, subject=user)


@receiver(user_login_failed)
def _record_failed_login(sender, credentials, request=None, **kwargs):
    # The attempted address is kept, never the password.
    audit_record(action=AuditAction.LOGIN_FAILED, actor=None, request=request, subject=credentials.get("username", ""))
