"""The linking rules, in the services where they live."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from benefits import selectors, services
from benefits.models import InsuranceLink, OtherBenefitLink
from hrsuite.services import employment_end
from tests.factories import EmployeeFactory

from .factories import InsuranceFactory, InsuranceLinkFactory, OtherBenefitFactory, OtherBenefitLinkFactory

D = datetime.date


@pytest.fixture
def insurance(organization):
    return InsuranceFactory(organization=organization, name="Group life", start_date=D(2022, 1, 1))


def link(insurance, employee, day, actor=None):
    return services.benefit_link_employees(benefit=insurance, employees=[employee], valid_from=day, actor=actor)


def test_link_cannot_start_before_the_insurance(insurance, employee):
    with pytest.raises(ValidationError) as raised:
        link(insurance, employee, D(2021, 12, 31))
    assert "Group life starts on 01/01/2022" in str(raised.value)
    assert not InsuranceLink.objects.exists()


def test_link_cannot_start_after_the_insurance_ended(insurance, employee):
    services.benefit_end(benefit=insurance, end_date=D(2023, 6, 30))
    with pytest.raises(ValidationError) as raised:
        link(insurance, employee, D(2023, 7, 1))
    assert "ended on 30/06/2023" in str(raised.value)


def test_link_cannot_start_outside_the_employment(insurance, organization):
    newcomer = EmployeeFactory(organization=organization, employment_start=D(2024, 3, 1))
    refused = link(insurance, newcomer, D(2024, 2, 1)).refused
    assert [r.employee for r in refused] == [newcomer]
    assert "employed from 01/03/2024" in refused[0].reasons[0]
    leaver = EmployeeFactory(organization=organization, employment_end=D(2023, 1, 31))
    refused = link(insurance, leaver, D(2023, 2, 1)).refused
    assert "ended on 31/01/2023" in " ".join(refused[0].reasons)
    assert not InsuranceLink.objects.exists()


def test_a_link_ends_no_later_than_the_insurance_or_the_employment(insurance, organization):
    insurance.end_date = D(2030, 12, 31)
    insurance.save()
    leaver = EmployeeFactory(organization=organization, employment_end=D(2026, 5, 31))
    stayer = EmployeeFactory(organization=organization)
    services.benefit_link_employees(benefit=insurance, employees=[leaver, stayer], valid_from=D(2024, 1, 1))
    periods = dict(InsuranceLink.objects.values_list("employee_id", "valid_to"))
    assert periods == {leaver.id: D(2026, 5, 31), stayer.id: D(2030, 12, 31)}


def test_linking_twice_is_idempotent(insurance, employee):
    first = link(insurance, employee, D(2024, 1, 1))
    again = link(insurance, employee, D(2024, 2, 1))
    assert len(first.created) == 1
    assert again.created == [] and again.already_linked == [employee]
    assert InsuranceLink.objects.count() == 1


def test_the_database_refuses_a_second_open_link(insurance, employee):
    InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        InsuranceLinkFactory(benefit=insurance, employee=employee, valid_from=D(2024, 5, 1))


def test_a_future_starter_is_refused_alone_and_the_others_are_linked(insurance, organization):
    fine = EmployeeFactory(organization=organization, employment_start=D(2020, 1, 1))
    also_fine = EmployeeFactory(organization=organization, employment_start=D(2021, 1, 1))
    late = EmployeeFactory(
        organization=organization, first_name="Lena", last_name="Late", employment_start=D(2025, 1, 1)
    )
    result = services.benefit_link_employees(
        benefit=insurance, employees=[fine, late, also_fine], valid_from=D(2024, 1, 1)
    )
    assert sorted(link.employee_id for link in result.created) == sorted([fine.id, also_fine.id])
    assert [r.employee for r in result.refused] == [late]
    assert result.refused[0].reasons == ["Lena Late is employed from 01/01/2025; the link cannot start before that."]
    assert set(InsuranceLink.objects.values_list("employee_id", flat=True)) == {fine.id, also_fine.id}


def test_a_date_outside_the_benefit_refuses_everyone(insurance, organization):
    fine = EmployeeFactory(organization=organization, employment_start=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.benefit_link_employees(benefit=insurance, employees=[fine], valid_from=D(2021, 6, 1))
    assert not InsuranceLink.objects.exists()


def test_bulk_end_ends_the_ticked_links_and_leaves_earlier_ends_alone(insurance, organization, owner):
    first, second, third = (EmployeeFactory(organization=organization) for _ in range(3))
    links = services.benefit_link_employees(
        benefit=insurance, employees=[first, second, third], valid_from=D(2024, 1, 1)
    ).created
    services.link_end(link=links[2], end_date=D(2024, 3, 31))
    result = services.benefit_links_end(
        benefit=insurance, link_ids=[link.id for link in links], end_date=D(2024, 6, 30), actor=owner
    )
    assert len(result.ended) == 2 and [link.id for link in result.unchanged] == [links[2].id]
    ends = dict(InsuranceLink.objects.values_list("employee_id", "valid_to"))
    assert ends[links[2].employee_id] == D(2024, 3, 31)
    assert sorted(ends.values()) == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 6, 30)]


def test_removing_ends_the_link_and_keeps_it(insurance, employee, owner):
    created = link(insurance, employee, D(2024, 1, 1), actor=owner).created[0]
    services.link_end(link=created, end_date=D(2024, 8, 31), actor=owner)
    created.refresh_from_db()
    assert created.valid_to == D(2024, 8, 31)
    assert [r.history_user for r in created.history.all()] == [owner, owner]
    # Covered again later: a new period, the old one stays.
    link(insurance, employee, D(2025, 1, 1))
    assert InsuranceLink.objects.filter(employee=employee).count() == 2


def test_removing_before_the_first_day_cancels_the_link(insurance, employee, owner):
    created = link(insurance, employee, D(2030, 1, 1)).created[0]
    assert services.link_end(link=created, end_date=D(2029, 6, 1), actor=owner) is None
    assert not InsuranceLink.objects.exists()
    assert InsuranceLink.history.filter(id=created.id, history_type="-").get().history_user == owner


def test_removing_an_ended_link_again_is_refused(insurance, employee):
    created = link(insurance, employee, D(2024, 1, 1)).created[0]
    services.link_end(link=created, end_date=D(2024, 3, 31))
    with pytest.raises(ValidationError):
        services.link_end(link=created, end_date=D(2024, 6, 30))


def test_ending_an_insurance_ends_its_open_links(insurance, organization, owner):
    running, future = EmployeeFactory(organization=organization), EmployeeFactory(organization=organization)
    early_leaver = EmployeeFactory(organization=organization)
    link(insurance, running, D(2023, 1, 1))
    link(insurance, future, D(2025, 1, 1))
    ended = link(insurance, early_leaver, D(2023, 1, 1)).created[0]
    services.link_end(link=ended, end_date=D(2023, 12, 31))

    services.benefit_end(benefit=insurance, end_date=D(2024, 6, 30), actor=owner)

    periods = dict(InsuranceLink.objects.values_list("employee_id", "valid_to"))
    assert periods == {running.id: D(2024, 6, 30), early_leaver.id: D(2023, 12, 31)}  # future: cancelled


def test_renewing_an_insurance_extends_the_links_that_ended_with_it(insurance, organization):
    employee = EmployeeFactory(organization=organization)
    link(insurance, employee, D(2023, 1, 1))
    services.benefit_end(benefit=insurance, end_date=D(2024, 6, 30))
    services.benefit_update(benefit=insurance, end_date=None)
    assert InsuranceLink.objects.get().valid_to is None


def test_start_date_cannot_move_past_existing_links(insurance, employee):
    link(insurance, employee, D(2023, 1, 1))
    with pytest.raises(ValidationError) as raised:
        services.benefit_update(benefit=insurance, start_date=D(2023, 6, 1))
    assert "start_date" in raised.value.error_dict


def test_ending_an_employment_ends_every_link_on_the_same_day(organization, employee, owner):
    insurance = InsuranceFactory(organization=organization)
    phone = OtherBenefitFactory(organization=organization)
    link(insurance, employee, D(2023, 1, 1))
    services.benefit_link_employees(benefit=phone, employees=[employee], valid_from=D(2023, 1, 1))

    employment_end(employee=employee, end_date=D(2024, 9, 30), actor=owner)

    assert InsuranceLink.objects.get().valid_to == D(2024, 9, 30)
    assert OtherBenefitLink.objects.get().valid_to == D(2024, 9, 30)
    assert OtherBenefitLink.history.filter(history_type="~").get().history_user == owner


def test_who_was_covered_on_a_date(insurance, organization):
    a, b, c = (EmployeeFactory(organization=organization, last_name=n) for n in ("Aas", "Berg", "Dahl"))
    InsuranceLinkFactory(benefit=insurance, employee=a, valid_from=D(2023, 1, 1), valid_to=D(2023, 12, 31))
    InsuranceLinkFactory(benefit=insurance, employee=b, valid_from=D(2023, 6, 1))
    InsuranceLinkFactory(benefit=insurance, employee=c, valid_from=D(2024, 1, 1))
    OtherBenefitLinkFactory(benefit__organization=organization, employee=c, valid_from=D(2020, 1, 1))

    def names(day):
        return [link.employee.last_name for link in selectors.covered_on(benefit=insurance, day=day)]

    assert names(D(2023, 5, 31)) == ["Aas"]
    assert names(D(2023, 12, 31)) == ["Aas", "Berg"]
    assert names(D(2024, 1, 1)) == ["Berg", "Dahl"]
