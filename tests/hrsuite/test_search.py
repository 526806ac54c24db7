"""The top bar's search finds employees across the user's organizations, never others'."""

from django.urls import reverse

from tests.factories import EmployeeFactory, OrganizationFactory
from tests.selfservice.factories import provider_staff


def test_search_finds_by_name_and_number_across_the_office(client, organization, django_assert_max_num_queries):
    sister = OrganizationFactory(office=organization.office)
    foreign = OrganizationFactory()
    EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", number="77")
    EmployeeFactory(organization=sister, first_name="Kari", last_name="Sørdal", number="78")
    EmployeeFactory(organization=foreign, first_name="Kari", last_name="Fremmed", number="79")
    client.force_login(provider_staff(organization))
    client.get(reverse("search"), {"q": "kari"})
    with django_assert_max_num_queries(12):
        page = client.get(reverse("search"), {"q": "kari"}).content.decode()
    assert "Nordmann" in page and "Sørdal" in page and "Fremmed" not in page
    assert "Nordmann" in client.get(reverse("search"), {"q": "77"}).content.decode()


def test_a_member_without_the_right_finds_nobody(client, organization, employee_user, employee):
    client.force_login(employee_user)
    page = client.get(reverse("search"), {"q": employee.last_name}).content.decode()
    assert "Nobody matches." in page
