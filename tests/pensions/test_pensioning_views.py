"""The pensioning screens: a notice, the calculation shown step by step, approval creating
the payouts, the payout run with its file, the G table; query counts independent of rows."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hrsuite import roles
from pensions.models import BasicAmount, CaseStatus, PayoutLine, RetirementCase
from pensions.services.payouts import payout_run_build
from pensions.services.pensioning import retirement_approve, retirement_notify
from tests.factories import EmployeeFactory, switch
from tests.pensions.pensioning_factories import gross_scheme, years

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(organization):
    from tests.selfservice.factories import provider_staff

    switch(organization, "pensions")
    return provider_staff(organization, full_name="Fiona Fund")


@pytest.fixture
def fund_client(fund):
    client = Client()
    client.force_login(fund)
    return client


@pytest.fixture
def scheme(organization):
    return gross_scheme(organization.office)


def _member(organization, number="7001", **fields):
    return EmployeeFactory(
        organization=organization,
        number=number,
        birth_date=datetime.date(1958, 3, 14),
        employment_start=datetime.date(2006, 1, 1),
        **fields,
    )


def _case(organization, scheme, member, approve_by=None):
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    case = retirement_notify(
        organization=organization,
        employee=member,
        scheme=scheme,
        retirement_date=datetime.date(2024, 9, 30),
        reason="age",
        actor=None,
        service=service,
    )
    return retirement_approve(case=case, actor=approve_by) if approve_by else case


def url(name, organization, **kwargs):
    return reverse(f"pensions:{name}", kwargs={"org_id": organization.id, **kwargs})


def test_an_employer_notifies_and_the_missing_member_data_is_listed(organization, fund, scheme):
    hr = _hr_admin(organization)
    member = _member(organization, first_name="Ragnhild", last_name="Retiree")
    client = Client()
    client.force_login(hr)
    response = client.post(
        url("case_notify", organization),
        {"employee_number": "7001", "scheme": scheme.id, "retirement_date": "2025-03-31", "reason": "age"},
    )
    case = RetirementCase.objects.get(employee=member)
    assert response.status_code == 302 and response["Location"] == url("case_detail", organization, case_id=case.id)
    page = client.get(response["Location"]).content.decode()
    assert "The member data is not complete" in page
    assert "No accepted salary report holds the member&#x27;s pensionable salary." in page
    assert "Approve the award" not in page  # not calculated, and HR holds no approval right


def _hr_admin(organization):
    from hrsuite.grants import company_access_grant
    from tests.factories import UserFactory

    user = UserFactory(full_name="Hanne HR")
    company_access_grant(user=user, organization=organization, rights=sorted(roles.HR_ADMIN))
    return user


def test_a_bad_notice_names_the_field_and_saves_nothing(organization, fund_client, scheme):
    response = fund_client.post(
        url("case_notify", organization),
        {"employee_number": "nobody", "scheme": scheme.id, "retirement_date": "2026-02-30", "reason": "age"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No employee of this organization has the number “nobody”." in page
    assert RetirementCase.objects.count() == 0


def test_the_calculation_is_shown_step_by_step_and_approval_creates_payouts(organization, fund_client, scheme):
    case = _case(organization, scheme, _member(organization))
    page = fund_client.get(url("case_detail", organization, case_id=case.id)).content.decode()
    for text in (
        "Calculation step by step",
        "Average position fraction",
        "(1 × 12 + 1 × 12",  # the average's figures
        "0.8667",
        "Service years counted",
        "185,328.00",  # grouped in the reader's number format
        "15,444.00",
        "Scheme rules §3",
        "Salary report 2023",
    ):
        assert text in page, text
    refused = fund_client.post(url("case_approve", organization, case_id=case.id), {})
    assert refused.status_code == 302 and PayoutLine.objects.count() == 0
    fund_client.post(url("case_approve", organization, case_id=case.id), {"confirm": "on"})
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    # Payouts from October 2024 up to this month, 15,444.00 each.
    today = organization.today()
    months = (today.year - 2024) * 12 + today.month - 10 + 1
    assert PayoutLine.objects.filter(case=case, amount=D("15444.00")).count() == months
    history = fund_client.get(url("case_payouts", organization, case_id=case.id)).content.decode()
    assert "15,444.00" in history or "15 444,00" in history


def test_the_payout_file_lists_each_pensioner_and_month(organization, fund, fund_client, scheme):
    case = _case(organization, scheme, _member(organization, first_name="Ola", last_name="Pensioner"), fund)
    run = payout_run_build(organization=organization, period=datetime.date(2024, 11, 1))
    response = fund_client.get(url("run_file", organization, run_id=run.id))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Employee number,Name,Month,Amount",
        "7001,Ola Pensioner,2024-10,15444.00",
        "7001,Ola Pensioner,2024-11,15444.00",
    ]
    assert case.payouts.count() == 2


def test_only_fund_staff_add_g(organization, fund_client):
    from hrsuite.grants import company_access_grant
    from tests.factories import UserFactory

    employer_user = UserFactory()
    company_access_grant(
        user=employer_user, organization=organization, rights=["pensions.view_basicamount", "pensions.add_basicamount"]
    )
    client = Client()
    client.force_login(employer_user)
    data = {"valid_from": "2026-05-01", "amount": "135000", "source": "Regulation 2026"}
    client.post(url("g_value_add", organization), data)
    assert not BasicAmount.objects.filter(valid_from="2026-05-01").exists()
    bad = fund_client.post(url("g_value_add", organization), {**data, "valid_from": "2026-06-01"})
    assert "G is regulated each 1 May" in bad.content.decode()
    assert fund_client.post(url("g_value_add", organization), data).status_code == 302
    assert BasicAmount.objects.get(valid_from="2026-05-01").amount == D("135000")
    page = fund_client.get(url("g_values", organization)).content.decode()
    assert "Regulation 2026" in page


# Every page: session, user, organization with its switches, the user's and groups' rights,
# the login's own employee record (navigation), the organization switcher, and the session
# save in its savepoint (3). Cases: + count and page of cases with member and scheme. Run:
# + the run with its totals, the count and page of its lines (members joined).
_BUDGET = {"cases": 12, "run_detail": 13}


@pytest.mark.parametrize("rows", [5, 50])
def test_list_pages_cost_the_same_queries_at_5_and_50_rows(
    organization, fund, fund_client, scheme, rows, django_assert_num_queries
):
    for index in range(rows):
        _case(organization, scheme, _member(organization, number=f"8{index:03}"), fund)
    run = payout_run_build(organization=organization, period=datetime.date(2024, 10, 1))
    with django_assert_num_queries(_BUDGET["cases"]):
        fund_client.get(url("cases", organization))
    with django_assert_num_queries(_BUDGET["run_detail"]):
        fund_client.get(url("run_detail", organization, run_id=run.id))
