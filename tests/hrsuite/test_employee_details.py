"""What HR records about an employee: contact, payment, job and manager, with the checks
per country in one place (hrsuite/validators.py) that the form, the import and
self-service change requests all go through."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrsuite import validators
from hrsuite.models import Employee
from tests.factories import EmployeeFactory, OrganizationFactory
from tests.hrsuite.test_employees import valid_form


@pytest.mark.parametrize(
    ("value", "country", "ok"),
    [
        ("86011117947", "NO", True),
        ("86011117948", "NO", False),  # wrong MOD11 check digit
        ("123", "NO", False),
        ("NO9386011117947", "NO", True),
        ("NL91ABNA0417164300", "NL", True),
        ("NL91ABNA0417164301", "NL", False),
        ("417164300", "NL", False),  # the Netherlands pays to IBANs only
        ("DE89370400440532013000", "DE", True),
    ],
)
def test_bank_accounts(value, country, ok):
    assert (validators.bank_account_problem(value, country=country) is None) is ok


@pytest.mark.parametrize(
    ("value", "country", "ok"),
    [
        ("5013", "NO", True),
        ("50131", "NO", False),
        ("1012 AB", "NL", True),
        ("1012AB", "NL", True),
        ("0123 AB", "NL", False),
        ("10115", "DE", True),
        ("1011", "DE", False),
        ("abcdefghijk", "NO", False),
    ],
)
def test_postal_codes(value, country, ok):
    assert (validators.postal_code_problem(value, country=country) is None) is ok


def test_phone_numbers_are_stored_in_international_form():
    assert validators.normalize_phone("91234567", country="NO") == ("+47 91 23 45 67", None)
    assert validators.normalize_phone("+31 6 21234567", country="NO")[1] is None
    assert validators.normalize_phone("123", country="NO")[1]
    assert validators.bic_problem("DNBANOKK") is None and validators.bic_problem("DNB")


def _post_create(client, organization, **fields):
    return client.post(reverse("employee_create", kwargs={"org_id": organization.id}), valid_form(**fields))


def test_the_form_refuses_garbage_and_names_the_field(owner_client, organization):
    response = _post_create(owner_client, organization, bank_account="123", postal_code="abcdefghijk")
    page = response.content.decode()
    assert response.status_code == 200
    assert "A Norwegian account number has 11 digits" in page
    assert "This is not a postal code of the chosen country" in page
    assert not Employee.objects.filter(number="5001").exists()


def test_the_form_stores_normalized_details(owner_client, organization):
    response = _post_create(
        owner_client,
        organization,
        bank_account="8601.11.17947",
        postal_code="5013",
        phone="91234567",
        job_title="Controller",
        private_email="kari@privat.example",
    )
    assert response.status_code == 302
    kari = Employee.objects.get(organization=organization, number="5001")
    assert (kari.bank_account, kari.phone, kari.job_title) == ("86011117947", "+47 91 23 45 67", "Controller")


def test_the_address_country_decides_the_postal_code_rule(owner_client, organization):
    response = _post_create(owner_client, organization, country="NL", postal_code="1012 ab")
    assert response.status_code == 302
    assert Employee.objects.get(number="5001").postal_code == "1012 AB"


def test_the_create_form_suggests_the_next_free_number_and_marks_required_fields(owner_client, organization):
    EmployeeFactory(organization=organization, number="1041")
    EmployeeFactory(organization=organization, number="X-7")
    page = owner_client.get(reverse("employee_create", kwargs={"org_id": organization.id})).content.decode()
    assert 'value="1042"' in page
    assert 'aria-required="true"' in page and 'class="required" aria-hidden="true">*' in page


def test_a_manager_is_a_colleague_never_oneself_and_never_in_a_circle(organization):
    boss = EmployeeFactory(organization=organization)
    lead = EmployeeFactory(organization=organization, manager=boss)
    stranger = EmployeeFactory(organization=OrganizationFactory())
    boss.manager = boss
    with pytest.raises(ValidationError, match="their own manager"):
        boss.full_clean()
    boss.manager = lead
    with pytest.raises(ValidationError, match="circle"):
        boss.full_clean()
    lead.manager = stranger
    with pytest.raises(ValidationError, match="of this organization"):
        lead.full_clean()


def test_the_edit_form_offers_colleagues_as_managers(owner_client, organization, employee):
    boss = EmployeeFactory(organization=organization, first_name="Bodil")
    EmployeeFactory(organization=OrganizationFactory(), first_name="Fremmed")
    url = reverse("employee_edit", kwargs={"org_id": organization.id, "employee_id": employee.id})
    page = owner_client.get(url).content.decode()
    assert "Bodil" in page and "Fremmed" not in page
    assert f'<option value="{employee.id}"' not in page
    assert boss.pk
