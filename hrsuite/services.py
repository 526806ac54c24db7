"""Writes to core data. Keyword-only, atomic, validated with full_clean()."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite import modules
from hrsuite.audit import audit_record
from hrsuite.models import PERSONAL_DETAIL_FIELDS, AuditAction, Employee, Organization, OrganizationModule, User
from hrsuite.signals import employment_ended
from hrsuite.validators import contact_errors


@transaction.atomic
def employee_create(*, organization: Organization, actor: User | None = None, request=None, **fields) -> Employee:
    employee = Employee(organization=organization, **fields)
    employee.full_clean()
    employee.save()
    employment_end_follow(employee=employee, previous_end=None, actor=actor, request=request)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, actor: User | None = None, request=None, **fields) -> Employee:
    # A ModelForm has already written its values onto the instance: the stored end is read.
    previous_end = Employee.objects.filter(pk=employee.pk).values_list("employment_end", flat=True).get()
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    employment_end_follow(employee=employee, previous_end=previous_end, actor=actor, request=request)
    return employee


def _validated_details(employee: Employee, values: Mapping[str, str]) -> Employee:
    """The employee with the given contact and payment details set, checked and normalized
    by the same Employee.clean() as HR's form. Only these fields' problems are raised: an
    unrelated field of the record never blocks an address change."""
    unknown = set(values) - set(PERSONAL_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not personal details: {sorted(unknown)}")
    for name, value in values.items():
        setattr(employee, name, (value or "").strip())
    try:
        employee.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as invalid:
        problems = {name: errors for name, errors in invalid.message_dict.items() if name in values}
        if problems:
            raise ValidationError(problems) from invalid
    return employee


def personal_details_changes(*, employee: Employee, values: Mapping[str, str]) -> dict[str, str]:
    """The values that differ from the employee's current details, normalized, after the
    checks of HR's form (ValidationError by field otherwise). Saves nothing."""
    current = Employee.objects.select_related("organization").get(pk=employee.pk)
    # Compared in normalized form: "+47 91234567" stored is the same as "+47 91 23 45 67".
    contact_errors(current, organization_country=current.organization.country)
    before = {name: getattr(current, name) for name in values}
    proposed = _validated_details(current, values)
    return {name: getattr(proposed, name) for name in values if getattr(proposed, name) != before[name]}


@transaction.atomic
def personal_details_set(
    *, employee: Employee, values: Mapping[str, str], actor: User | None, reason: str = ""
) -> dict[str, str]:
    """Write contact and payment details (a self-service change HR approved, say) with the
    employee's history; checked exactly like HR's form. Returns the values before."""
    locked = Employee.objects.select_for_update().select_related("organization").get(pk=employee.pk)
    before = {name: getattr(locked, name) for name in values}
    _validated_details(locked, values)
    locked._history_user = actor
    locked._change_reason = reason
    locked.save(update_fields=list(values))
    for name in values:
        setattr(employee, name, getattr(locked, name))
    return before


@transaction.atomic
def employment_end(*, employee: Employee, end_date: date, actor: User | None, request=None) -> Employee:
    """End the employment on end_date. Nothing is deleted; dependants end their links too.

    The one rule for an end date, whichever way it arrives: the End action, the edit form
    and the import (through employment_end_follow) give the same audit event and signal."""
    if end_date < employee.employment_start:
        raise ValidationError({"end_date": _("The employment cannot end before it starts.")})
    employee = Employee.objects.select_for_update().select_related("organization").get(pk=employee.pk)
    if employee.employment_end != end_date:
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


def employment_end_follow(*, employee: Employee, previous_end: date | None, actor: User | None, request=None) -> None:
    """After master data with an end date was stored (edit form, import): a new or moved end
    date is the End action. A removed end date reopens the employment; links the end closed
    stay closed (HR links again what continues) and the reopening is audited."""
    if employee.employment_end == previous_end:
        return
    if employee.employment_end is not None:
        employment_end(employee=employee, end_date=employee.employment_end, actor=actor, request=request)
        return
    audit_record(
        action=AuditAction.EMPLOYMENT_REOPENED,
        actor=actor,
        request=request,
        organization=employee.organization,
        subject=employee,
        previous_end=previous_end.isoformat(),
    )


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
