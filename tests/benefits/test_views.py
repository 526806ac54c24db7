import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from benefits.kinds import INSURANCES, OTHER_BENEFITS
from benefits.models import Insurance, InsuranceLink, OtherBenefit, OtherBenefitLink
from tests.factories import DepartmentFactory, EmployeeFactory, switch

from .factories import InsuranceFactory, InsuranceLinkFactory, OtherBenefitFactory

D = datetime.date


def url(name, organization, **kwargs):
    return reverse(f"benefits:{name}", kwargs={"org_id": organization.id, **kwargs})


@pytest.fixture
def insurance(organization):
    return InsuranceFactory(organization=organization, name="Group life", start_date=D(2022, 1, 1))


def test_create_an_insurance_with_money_in_the_organizations_currency(owner_client, organization, owner):
    page = owner_client.get(url("benefit_create", organization, kind=INSURANCES))
    assert "Deductible (NOK)" in page.content.decode()
    response = owner_client.post(
        url("benefit_create", organization, kind=INSURANCES),
        {
            "name": "Travel",
            "agreement_number": "RF-1",
            "contact_person": "Kari",
            "helpline": "+47 22 00 11 00",
            "deductible": "500.50",
            "terms_url": "https://example.com/t.pdf",
            "start_date": "2024-01-01",
            "end_date": "",
            "description": "",
            "coverage": "Illness abroad",
        },
    )
    insurance = Insurance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("benefit_employees", organization, kind=INSURANCES, benefit_id=insurance.id)
    assert str(insurance.deductible) == "500.50"
    assert insurance.organization == organization
    assert insurance.history.get().history_user == owner


def test_create_an_other_benefit(owner_client, organization):
    owner_client.post(
        url("benefit_create", organization, kind=OTHER_BENEFITS),
        {
            "kind": "gym",
            "name": "Gym",
            "provider": "SATS",
            "monthly_cost": "450",
            "taxable": "on",
            "start_date": "2024-01-01",
        },
    )
    gym = OtherBenefit.objects.get()
    assert (gym.kind, gym.taxable, str(gym.monthly_cost)) == ("gym", True, "450.00")


def test_the_list_shows_period_covered_today_and_status(owner_client, organization, insurance, employee):
    InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2022, 1, 1))
    InsuranceLinkFactory(benefit=insurance, valid_from=D(2022, 1, 1), valid_to=D(2022, 2, 1))
    html = owner_client.get(url("benefit_list", organization, kind=INSURANCES)).content.decode()
    assert "Group life" in html and "Active" in html
    assert '">1</a>' in html  # the ended link does not count


def test_end_an_insurance_from_the_screen(owner_client, organization, insurance, employee):
    InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2022, 1, 1))
    owner_client.post(
        url("benefit_end", organization, kind=INSURANCES, benefit_id=insurance.id), {"end_date": "2024-12-31"}
    )
    assert InsuranceLink.objects.get().valid_to == D(2024, 12, 31)


def test_the_link_form_says_why(owner_client, organization, insurance, employee):
    response = owner_client.post(
        url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"employees": [employee.id], "valid_from": "2021-06-01"},
    )
    assert response.status_code == 200
    assert "Group life starts on 01/01/2022; the link cannot start before that." in response.content.decode()
    assert not InsuranceLink.objects.exists()


def test_a_future_starter_among_three_is_listed_and_stays_ticked(owner_client, organization, insurance):
    today = organization.today()
    staying = [EmployeeFactory(organization=organization, employment_start=D(2020, 1, 1)) for _ in range(2)]
    starter = EmployeeFactory(
        organization=organization, first_name="Frida", last_name="Fremtid", employment_start=today + timedelta(days=30)
    )
    response = owner_client.post(
        url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"employees": [e.id for e in [*staying, starter]], "valid_from": today.isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert set(InsuranceLink.objects.values_list("employee_id", flat=True)) == {e.id for e in staying}
    assert "Frida Fremtid is employed from" in page and "2 employees linked." in page
    assert f'value="{starter.id}" checked' in page


def test_bulk_end_with_nothing_ticked_says_so_and_asks_nothing(owner_client, organization, insurance):
    response = owner_client.post(
        url("benefit_links_end", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"end_date": "2024-06-30"},
        follow=True,
    )
    assert "Tick the employees whose link should end" in response.content.decode()


def test_bulk_end_confirms_who_and_when_then_ends(owner_client, organization, insurance, employee):
    link = InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2022, 1, 1))
    end_url = url("benefit_links_end", organization, kind=INSURANCES, benefit_id=insurance.id)
    day = organization.today().isoformat()
    asked = owner_client.post(end_url, {"links": [link.id], "end_date": day})
    assert employee.full_name in asked.content.decode() and "End one link" in asked.content.decode()
    link.refresh_from_db()
    assert link.valid_to is None
    owner_client.post(end_url, {"links": [link.id], "end_date": day, "confirm": "1"})
    link.refresh_from_db()
    assert link.valid_to == organization.today()


def test_link_several_a_department_or_everyone(owner_client, organization, insurance):
    sales = DepartmentFactory(organization=organization, name="Sales")
    picked = [EmployeeFactory(organization=organization) for _ in range(2)]
    sellers = [EmployeeFactory(organization=organization, department=sales) for _ in range(3)]
    gone = EmployeeFactory(organization=organization, department=sales, employment_end=D(2023, 1, 1))
    link_url = url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id)

    owner_client.post(link_url, {"employees": [e.id for e in picked], "valid_from": "2024-01-01"})
    assert InsuranceLink.objects.count() == 2
    owner_client.post(link_url, {"department": sales.id, "valid_from": "2024-01-01"})
    assert set(InsuranceLink.objects.values_list("employee_id", flat=True)) == {e.id for e in picked + sellers}
    response = owner_client.post(link_url, {"everyone": "on", "valid_from": "2024-01-01"}, HTTP_HX_REQUEST="true")
    assert "5 were already linked" in response.content.decode()
    assert not InsuranceLink.objects.filter(employee=gone).exists()


def test_search_as_you_type_keeps_the_ticked_on_top(owner_client, organization, insurance):
    kari = EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann")
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen")
    linked = EmployeeFactory(organization=organization, first_name="Olav", last_name="Linked")
    InsuranceLinkFactory(benefit=insurance, employee=linked, valid_from=D(2022, 1, 1))
    response = owner_client.get(
        url("benefit_candidates", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"q": "ola", "employees": [str(kari.id), "junk"]},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.index("Nordmann") < html.index("Hansen")
    assert f'value="{kari.id}" checked' in html
    assert "Linked" not in html  # already covered


def test_both_sides_show_the_same_links(owner_client, organization, insurance, employee):
    owner_client.post(
        url("employee_benefit_add", organization, employee_id=employee.id, kind=INSURANCES),
        {"insurances-benefit": insurance.id, "insurances-valid_from": "2024-01-01"},
    )
    benefit_side = owner_client.get(url("benefit_employees", organization, kind=INSURANCES, benefit_id=insurance.id))
    assert employee.last_name in benefit_side.content.decode()
    link = InsuranceLink.objects.get()
    response = owner_client.post(
        url("link_end", organization, kind=INSURANCES, link_id=link.id),
        {"end_date": "2024-06-30", "back": "benefit"},
        HTTP_HX_REQUEST="true",
    )
    assert "no longer covered" in response.content.decode()
    employee_side = owner_client.get(url("employee_benefits", organization, employee_id=employee.id)).content.decode()
    assert "Ended; last covered day" in employee_side
    assert "Olivia Owner" in employee_side


def test_the_employee_side_form_says_why(owner_client, organization, employee):
    phone = OtherBenefitFactory(organization=organization, name="Phone", start_date=D(2025, 1, 1))
    response = owner_client.post(
        url("employee_benefit_add", organization, employee_id=employee.id, kind=OTHER_BENEFITS),
        {"other-benefits-benefit": phone.id, "other-benefits-valid_from": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "Phone starts on 01/01/2025" in response.content.decode()
    assert not OtherBenefitLink.objects.exists()


def test_the_employee_side_refuses_a_future_starter_beside_the_date(owner_client, organization):
    phone = OtherBenefitFactory(organization=organization, name="Phone", start_date=D(2020, 1, 1))
    starter = EmployeeFactory(
        organization=organization, first_name="Frida", last_name="Fremtid", employment_start=D(2030, 1, 1)
    )
    response = owner_client.post(
        url("employee_benefit_add", organization, employee_id=starter.id, kind=OTHER_BENEFITS),
        {"other-benefits-benefit": phone.id, "other-benefits-valid_from": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "Frida Fremtid is employed from 01/01/2030" in response.content.decode()
    assert not OtherBenefitLink.objects.exists()


def test_the_benefit_of_another_organization_cannot_be_added(owner_client, organization, other_organization, employee):
    foreign = OtherBenefitFactory(organization=other_organization)
    response = owner_client.post(
        url("employee_benefit_add", organization, employee_id=employee.id, kind=OTHER_BENEFITS),
        {"other-benefits-benefit": foreign.id, "other-benefits-valid_from": "2024-01-01"},
    )
    assert response.status_code == 200
    assert not OtherBenefitLink.objects.exists()


def test_covered_on_a_date_on_screen_and_as_csv(owner_client, organization, insurance):
    finance = DepartmentFactory(organization=organization, name="Finance")
    kari = EmployeeFactory(
        organization=organization,
        number="7",
        first_name="Kari",
        last_name="Nordmann",
        department=finance,
        birth_date=D(1980, 5, 17),
    )
    ola = EmployeeFactory(organization=organization, number="8", first_name="Ola", last_name="Hansen")
    InsuranceLinkFactory(benefit=insurance, employee=kari, valid_from=D(2023, 1, 1))
    InsuranceLinkFactory(benefit=insurance, employee=ola, valid_from=D(2023, 1, 1), valid_to=D(2023, 3, 31))

    page = owner_client.get(
        url("benefit_covered", organization, kind=INSURANCES, benefit_id=insurance.id), {"on": "2023-06-01"}
    )
    assert "1 employee covered on" in page.content.decode()
    assert "Hansen" not in page.content.decode()

    response = owner_client.get(
        url("benefit_covered_csv", organization, kind=INSURANCES, benefit_id=insurance.id), {"on": "2023-03-31"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="covered-group-life-2023-03-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["organization", "org_number", "benefit", "agreement_number", "covered_on", "employee_number"]
    assert rows[1:] == [
        [
            organization.name,
            organization.org_number,
            "Group life",
            insurance.agreement_number,
            "2023-03-31",
            "8",
            "Ola",
            "Hansen",
            "",
            "",
            "2023-01-01",
            "2023-03-31",
        ],
        [
            organization.name,
            organization.org_number,
            "Group life",
            insurance.agreement_number,
            "2023-03-31",
            "7",
            "Kari",
            "Nordmann",
            "1980-05-17",
            "Finance",
            "2023-01-01",
            "",
        ],
    ]


def test_history_shows_who_was_covered_when_and_who_changed_it(owner_client, organization, insurance, employee):
    owner_client.post(
        url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"employees": [employee.id], "valid_from": "2024-01-01"},
    )
    link = InsuranceLink.objects.get()
    owner_client.post(url("link_end", organization, kind=INSURANCES, link_id=link.id), {"end_date": "2024-03-31"})
    html = owner_client.get(
        url("benefit_history", organization, kind=INSURANCES, benefit_id=insurance.id)
    ).content.decode()
    assert "Erik" in html and "Olivia Owner" in html
    assert "Linked from" in html and "Ended; last covered day" in html


def test_a_viewer_sees_but_cannot_link(client, colleague, organization, insurance, employee):
    client.force_login(colleague)
    html = client.get(url("benefit_employees", organization, kind=INSURANCES, benefit_id=insurance.id)).content.decode()
    assert "Link employees" not in html
    tab = client.get(url("employee_benefits", organization, employee_id=employee.id)).content.decode()
    assert "Add insurance" not in tab
    response = client.post(
        url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"employees": [employee.id], "valid_from": "2024-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403


def test_module_off_hides_the_entry_and_answers_404(owner_client, organization, insurance, employee):
    assert (
        "Benefits" in owner_client.get(reverse("employee_detail", args=[organization.id, employee.id])).content.decode()
    )
    switch(organization, "benefits", False)
    assert owner_client.get(url("benefit_list", organization, kind=INSURANCES)).status_code == 404
    assert owner_client.get(url("employee_benefits", organization, employee_id=employee.id)).status_code == 404
    html = owner_client.get(reverse("employee_detail", args=[organization.id, employee.id])).content.decode()
    assert url("employee_benefits", organization, employee_id=employee.id) not in html
    assert url("index", organization) not in html


def test_htmx_linking_answers_with_the_panel_and_its_errors(owner_client, organization, insurance, other_organization):
    foreign = EmployeeFactory(organization=other_organization)
    response = owner_client.post(
        url("benefit_link", organization, kind=INSURANCES, benefit_id=insurance.id),
        {"employees": [foreign.id], "valid_from": "2024-01-01"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Select a valid choice" in html
    assert not InsuranceLink.objects.exists()


def test_removing_from_the_employee_page_without_javascript(owner_client, organization, insurance, employee):
    link = InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2022, 1, 1))
    end_url = url("link_end", organization, kind=INSURANCES, link_id=link.id)
    assert "Last covered day" in owner_client.get(end_url, {"back": "employee"}).content.decode()
    response = owner_client.post(end_url, {"end_date": "2021-12-01", "back": "employee"})
    assert response.status_code == 302
    assert response["Location"] == url("employee_benefits", organization, employee_id=employee.id)
    assert not InsuranceLink.objects.exists()  # ended before its first day: cancelled
    assert InsuranceLink.history.filter(history_type="-").exists()


def test_the_csv_does_not_hand_formulas_to_a_spreadsheet(owner_client, organization, insurance):
    sly = EmployeeFactory(organization=organization, first_name="=HYPERLINK(1)", last_name="Sly")
    InsuranceLinkFactory(benefit=insurance, employee=sly, valid_from=D(2023, 1, 1))
    response = owner_client.get(url("benefit_covered_csv", organization, kind=INSURANCES, benefit_id=insurance.id))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][6] == "'=HYPERLINK(1)"
