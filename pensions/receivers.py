"""Membership follows the employment: the core's events, applied to the fund's members."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from hrsuite.models import Employee
from hrsuite.modules import module_is_on
from hrsuite.signals import employment_ended
from pensions.integration import MODULE
from pensions.models import Membership
from pensions.services.members import membership_end


@receiver(employment_ended, dispatch_uid="pensions_end_membership_with_employment")
def end_membership_with_employment(sender, *, employee, end_date, actor=None, **kwargs):
    """An ended employment ends the membership on the same date."""
    membership_end(employee=employee, end_date=end_date, actor=actor)


@receiver(post_save, sender=Employee, dispatch_uid="pensions_member_from_employment_start")
def member_from_employment_start(sender, *, instance, created, raw=False, **kwargs):
    """A new employee of an employer in the fund is a member from the employment's start.
    (Employees created in bulk, by the import, join in the period job's memberships step.)"""
    if created and not raw and module_is_on(instance.organization, MODULE):
        Membership.objects.get_or_create(
            employee=instance,
            start=instance.employment_start,
            defaults={"organization_id": instance.organization_id, "end": instance.employment_end},
        )
