"""Writes to core data. Keyword-only, atomic, validated with full_clean()."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, Employee, Organization, User
from hrsuite.signals import employment_ended


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
def organization_create(*, office, **fields) -> Organization:
    organization = Organization(office=office, **fields)
    organization.full_clean()
    organization.save()
    return organization
