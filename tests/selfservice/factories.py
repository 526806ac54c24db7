import datetime

from hrsuite import roles
from hrsuite.grants import permissions_named
from hrsuite.models import Employee
from selfservice import services
from selfservice.catalog import catalog_sync
from selfservice.models import ChangeRequest, Product, Requirement, Subscription
from tests.factories import UserFactory


def ensure_catalog() -> None:
    """Transactional tests (browser) flush every table, the migrated catalog included."""
    if not Product.objects.exists():
        catalog_sync(Product, Requirement)


def provider_staff(organization, **fields):
    """A user of the organization's office holding the provider-staff rights."""
    user = UserFactory(office=organization.office, **fields)
    user.user_permissions.set(permissions_named(roles.PROVIDER_STAFF))
    return user


def addendum(organization, actor):
    return services.addendum_record(
        organization=organization,
        signed_on=datetime.date(2026, 1, 5),
        signed_by="Signe Signatory",
        confirmation_reference="T-1001",
        actor=actor,
    )


def switch_on(organization, codes=(), actor=None) -> Subscription:
    """Addendum, activation and exactly these products, as provider staff would do it."""
    ensure_catalog()
    actor = actor or provider_staff(organization)
    if not hasattr(organization, "selfservice_addendum"):
        addendum(organization, actor)
    services.selfservice_activate(organization=organization, actor=actor)
    return services.products_save(organization=organization, codes=set(codes), actor=actor)


PERSONAL_DATA = {"view_personal_data", "change_personal_data", "workflow_editor"}


def change_request(employee, **values) -> ChangeRequest:
    return services.change_request_submit(employee=employee, values=values or {"phone": "+47 40000000"})


def set_details(employee, **values) -> None:
    """Contact and payment details stored as they are (no checks), like data from before."""
    Employee.objects.filter(pk=employee.pk).update(**values)
    for name, value in values.items():
        setattr(employee, name, value)
