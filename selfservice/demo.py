"""Demo data: the Norwegian organization has signed the addendum and uses Self-service Plus
(View and Change personal data, with the Workflow editor); the Dutch one has not signed yet,
so provider staff can walk through activation."""

from datetime import timedelta

from hrsuite.models import Employee, Organization, User
from selfservice import services
from selfservice.models import Addendum

DEMO_FEATURES = {"view_personal_data", "change_personal_data", "workflow_editor"}


def seed_organization(*, organization: Organization, rng) -> None:
    if organization.country != "NO" or Addendum.objects.filter(organization=organization).exists():
        return
    actor = User.objects.filter(office=organization.office).order_by("email").first()
    if actor is None:
        return
    services.addendum_record(
        organization=organization,
        signed_on=organization.today() - timedelta(days=21),
        signed_by="Kari Nordmann, CEO",
        confirmation_reference="TICKET-2026-0412",
        actor=actor,
    )
    services.selfservice_activate(organization=organization, actor=actor)
    services.products_save(organization=organization, codes=DEMO_FEATURES, actor=actor)

    # The employees' address, phone and bank account are the core's demo data.
    demo_employee = Employee.objects.filter(organization=organization, user__isnull=False).order_by("number").first()
    if demo_employee is not None:
        services.change_request_submit(employee=demo_employee, values={"phone": "+47 41 23 45 67"})
