from celery import shared_task

from benefits import services
from benefits.selectors import MODULE
from hrsuite.models import Organization
from hrsuite.modules import organizations_with


@shared_task
def remind_insurances_ending() -> int:
    """Nightly: HR admins hear about insurances ending within 30 days, once per insurance."""
    sent = 0
    for organization_id in organizations_with(MODULE).values_list("id", flat=True):
        sent += remind_insurances_ending_for(organization_id)
    return sent


@shared_task
def remind_insurances_ending_for(organization_id) -> int:
    organization = Organization.objects.select_related("office").get(id=organization_id)
    return services.insurance_end_reminders_send(organization=organization)
