import datetime

from django.urls import reverse

from benefits.selectors import employee_current_benefits
from tests.factories import switch
from tests.selfservice.factories import switch_on

from .factories import InsuranceFactory, InsuranceLinkFactory, OtherBenefitLinkFactory

D = datetime.date


def test_the_employee_sees_their_current_insurances_and_benefits(client, organization, employee, employee_user):
    health = InsuranceFactory(
        organization=organization,
        name="Health",
        helpline="+47 800 33 123",
        coverage="Specialists within 10 days",
        terms_url="https://example.com/health.pdf",
    )
    InsuranceLinkFactory(benefit=health, employee=employee, valid_from=D(2021, 1, 1))
    InsuranceLinkFactory(
        benefit__organization=organization,
        benefit__name="Old travel",
        employee=employee,
        valid_from=D(2021, 1, 1),
        valid_to=D(2021, 12, 31),
    )
    OtherBenefitLinkFactory(
        benefit__organization=organization, benefit__name="Gym", employee=employee, valid_from=D(2021, 1, 1)
    )
    InsuranceLinkFactory(benefit__organization=organization, benefit__name="Someone else's", valid_from=D(2021, 1, 1))

    current = employee_current_benefits(employee=employee)
    assert [link.benefit.name for link in current["insurances"]] == ["Health"]
    assert [link.benefit.name for link in current["other_benefits"]] == ["Gym"]

    switch_on(organization)
    client.force_login(employee_user)
    html = client.get(reverse("me")).content.decode()
    for text in ("Health", "+47 800 33 123", "Specialists within 10 days", "https://example.com/health.pdf", "Gym"):
        assert text in html
    assert "Old travel" not in html and "Someone else" not in html


def test_nothing_shows_when_the_module_is_off(client, organization, employee, employee_user):
    InsuranceLinkFactory(
        benefit__organization=organization, benefit__name="Health", employee=employee, valid_from=D(2021, 1, 1)
    )
    switch_on(organization)
    client.force_login(employee_user)
    assert "Health" in client.get(reverse("me")).content.decode()
    switch(organization, "benefits", False)
    assert "Health" not in client.get(reverse("me")).content.decode()
