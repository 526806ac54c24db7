"""Writes to core data. Keyword-only, atomic, validated with full_clean()."""

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hrsuite import modules
from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, CompanyAccess, Employee, Organization, OrganizationModule, User
from hrsuite.signals import employment_ended


@transaction.atomic
def employee_create(*, organization: Organization, **fields) -> Employee:
    employee = Employee(organization=organization, **fields)
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, **fields) -> Employee:
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def employment_end(*, employee: Employee, end_date: date, actor: User, request=None) -> Employee:
    """End the employment on end_date. Nothing is deleted; dependants end their links too."""
    if end_date < employee.employment_start:
        raise ValidationError({"end_date": _("The employment cannot end before it starts.")})
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    employee.employment_end = end_date
    employee.full_clean()
    employee.save(update_fields=["employment_end"])
    audit_record(
        action=AuditAction.EMPLOYMENT_ENDED,
        actor=actor,
        request=request,
        organization=employee.organization,
        subject=employee,
        end_date=end_date.isoformat(),
    )
    employment_ended.send(sender=Employee, employee=employee, end_date=end_date, actor=actor)
    return employee


@transaction.atomic
def organization_create(
    *, office, actor: User | None = None, switches: Mapping[str, bool] | None = None, **fields
) -> Organization:
    """A new client organization with the given modules switched on or off (the others at
    their defaults)."""
    organization = Organization(office=office, **fields)
    organization.full_clean()
    organization.save()
    organization_modules_set(organization=organization, switches=switches or {}, actor=actor)
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, actor: User, switches: Mapping[str, bool]) -> Organization:
    """Save the organization's edited master data and switch its modules as given."""
    organization.full_clean()
    organization.save()
    organization_modules_set(organization=organization, switches=switches, actor=actor)
    return organization


def organization_modules_set(*, organization: Organization, switches: Mapping[str, bool], actor: User | None) -> None:
    for key, enabled in switches.items():
        module_switch(organization=organization, key=key, enabled=enabled, actor=actor)


@transaction.atomic
def module_switch(*, organization: Organization, key: str, enabled: bool, actor: User | None) -> OrganizationModule:
    """Switch a module on or off for the organization: the one way, audited.

    Switching on is refused (ValidationError, nothing changed) while the module's own
    precondition fails (self-service: the signed addendum). Switching to the current state
    changes nothing and records nothing, so a double click or a rerun is harmless.
    """
    module = modules.get(key)
    if module is None or not module.switchable:
        raise ValidationError(_("Unknown module: %(key)s.") % {"key": key})
    row = OrganizationModule.objects.select_for_update().filter(organization=organization, key=key).first()
    current = row.enabled if row is not None else module.default_on
    if row is not None and current == enabled:
        return row
    if enabled and not current and module.can_switch_on is not None:
        module.can_switch_on(organization)
    row = row or OrganizationModule(organization=organization, key=key)
    row.enabled = enabled
    row.changed_at = timezone.now()
    row.changed_by = actor if actor is not None and actor.is_authenticated else None
    row._history_user = row.changed_by
    row.full_clean()
    row.save()
    modules.forget_switches(organization)
    if current != enabled:
        audit_record(
            action=AuditAction.MODULE_SWITCHED, actor=actor, organization=organization, module=key, enabled=enabled
        )
        if module.on_switch is not None:
            module.on_switch(organization=organization, enabled=enabled, actor=actor)
    return row


@transaction.atomic
def member_invite(
    *, organization: Organization, email: str, full_name: str, rights: list[str], invited_by: User, request
) -> CompanyAccess:
    """Give a person access to the organization; a new person gets an e-mail to set a password."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email.lower(), full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        transaction.on_commit(lambda: send_invitation(user=user, organization=organization, request=request))
    return company_access_grant(user=user, organization=organization, rights=rights)


def send_invitation(*, user: User, organization: Organization, request) -> None:
    link = request.build_absolute_uri(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "organization": organization, "link": link}
    send_mail(
        subject=_("You have been given access to %(organization)s in HR Suite") % {"organization": organization.name},
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def company_access_revoke(*, access: CompanyAccess) -> None:
    """Remove the company permission; its history (who had which rights when) is kept."""
    access.delete()


def company_access_grant(*, user: User, organization: Organization, rights: list[str]) -> CompanyAccess:
    """Give the user access to the organization with exactly these rights ("app.codename")."""
    access, _created = CompanyAccess.objects.get_or_create(user=user, organization=organization)
    access.rights.set(permissions_named(rights))
    return access


def permissions_named(rights: list[str]) -> list[Permission]:
    condition = Q(pk__in=[])
    for right in rights:
        app_label, codename = right.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(condition).select_related("content_type"))
    if len(found) != len(set(rights)):
        missing = set(rights) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
        raise ValueError(f"Unknown rights: {sorted(missing)}")
    return found


def deactivate_ended_employee_logins() -> int:
    """Close the self-service login of everyone whose employment ended before their
    organization's today. Users who also hold staff or company access keep their login."""
    closed = 0
    for organization in Organization.objects.only("id", "time_zone"):
        closed += User.objects.filter(
            is_active=True,
            employee__organization=organization,
            employee__employment_end__lt=organization.today(),
            office__isnull=True,
            company_accesses__isnull=True,
        ).update(is_active=False)
    return closed
