"""Pages and messages name dates in the reader's language: filter boxes show a link's ISO value
in the language's format, a mistyped filter says what it expects, messages carry no ISO."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from benefits.kinds import INSURANCES
from hrsuite.dates import format_hint
from pensions.services.premiums import rate_for_period
from tests.benefits.factories import InsuranceFactory
from tests.claims.factories import portal_member
from tests.factories import switch

NORWEGIAN_HINT = "%d.%m.%Y"


@pytest.fixture
def norwegian(owner_client):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    return owner_client


def _hint(pattern: str) -> str:
    with translation.override("nb"):
        return format_hint(pattern)


def test_the_month_list_shows_a_link_s_month_in_the_language_s_format(norwegian, organization):
    switch(organization, "timesheets")
    url = reverse("timesheets:months", kwargs={"org_id": organization.id})
    page = norwegian.get(url + "?month=2026-11").content.decode()
    assert 'name="month" value="11.2026"' in page
    assert norwegian.get(url + "?month=11.2026").context["month"] == datetime.date(2026, 11, 1)


def test_a_mistyped_month_on_the_month_list_says_what_it_expects(norwegian, organization):
    switch(organization, "timesheets")
    url = reverse("timesheets:months", kwargs={"org_id": organization.id})
    response = norwegian.get(url + "?month=13.2026")
    assert response.status_code == 200
    (message,) = response.context["filters"].errors["month"]
    assert _hint("%m.%Y") in message and message in response.content.decode()


def test_covered_on_reads_the_language_s_format_and_keeps_a_typo_beside_its_error(norwegian, organization):
    insurance = InsuranceFactory(organization=organization, start_date=datetime.date(2020, 1, 1))
    url = reverse(
        "benefits:benefit_covered",
        kwargs={"org_id": organization.id, "kind": INSURANCES, "benefit_id": insurance.id},
    )
    assert norwegian.get(url, {"on": "01.06.2023"}).context["day"] == datetime.date(2023, 6, 1)
    response = norwegian.get(url, {"on": "31.02.2023"})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["on"]
    assert _hint(NORWEGIAN_HINT) in message
    assert 'value="31.02.2023"' in response.content.decode() and message in response.content.decode()


def test_the_claim_filter_shows_a_mistyped_date_s_expected_format(client, organization):
    switch(organization, "claims")
    client.force_login(portal_member(organization, "claims.customer_administrator", "claims.motor_claims"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    response = client.get(reverse("claims:claim_list", args=[organization.id]), {"date_from": "2026-31-12"})
    (message,) = response.context["filters"].errors["date_from"]
    assert response.status_code == 200 and _hint(NORWEGIAN_HINT) in message
    assert message in response.content.decode()  # shown beside the box, not only a placeholder


def test_a_service_message_names_the_day_in_the_reader_s_format(organization):
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        rate_for_period(organization=organization, period=datetime.date(2026, 3, 1))
    (message,) = refused.value.messages
    assert "01.03.2026" in message and "2026-03-01" not in message
