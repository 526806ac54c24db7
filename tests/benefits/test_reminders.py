import datetime

import pytest
from django.conf import settings

from benefits import services
from benefits.tasks import remind_insurances_ending
from hrsuite import roles
from hrsuite.grants import company_access_grant
from tests.factories import UserFactory, switch

from .factories import InsuranceFactory, InsuranceLinkFactory

D = datetime.timedelta


@pytest.fixture
def today(organization):
    return organization.today()


def test_hr_admins_hear_once_per_insurance(organization, owner, colleague, employee, today, mailoutbox):
    ending = InsuranceFactory(organization=organization, name="Travel", end_date=today + D(days=20))
    InsuranceLinkFactory(benefit=ending, employee=employee, valid_from=datetime.date(2021, 1, 1))
    InsuranceFactory(organization=organization, name="Later", end_date=today + D(days=31))
    InsuranceFactory(organization=organization, name="Past", end_date=today - D(days=1))
    InsuranceFactory(organization=organization, name="Open")

    assert remind_insurances_ending.delay().get() == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [owner.email]  # the viewer cannot change insurances
    assert "Travel" in mail.subject
    assert "1 ansatt er dekket i dag" in mail.body  # in the organization's language (nb)
    assert str(ending.id) in mail.body

    assert remind_insurances_ending.delay().get() == 0
    assert len(mailoutbox) == 1


def test_a_new_end_date_earns_a_new_reminder(organization, owner, today, mailoutbox):
    insurance = InsuranceFactory(organization=organization, end_date=today + D(days=20))
    remind_insurances_ending()
    services.benefit_update(benefit=insurance, end_date=today + D(days=10))
    remind_insurances_ending()
    assert len(mailoutbox) == 2


def test_office_staff_holding_the_right_hear(organization, today, mailoutbox):
    from hrsuite.grants import permissions_named

    staff = UserFactory(office=organization.office, email="staff@office.example")
    staff.user_permissions.set(permissions_named(["benefits.change_insurance"]))
    UserFactory(office=organization.office, email="no-right@office.example")
    InsuranceFactory(organization=organization, end_date=today + D(days=3))
    remind_insurances_ending()
    assert mailoutbox[0].to == ["staff@office.example"]


def test_other_organizations_and_switched_off_modules_are_left_alone(
    organization, other_organization, outsider, owner, today, mailoutbox
):
    InsuranceFactory(organization=other_organization, end_date=today + D(days=3))
    switch(organization, "benefits", False)
    InsuranceFactory(organization=organization, end_date=today + D(days=3))
    remind_insurances_ending()
    assert [m.to for m in mailoutbox] == [[outsider.email]]


def test_the_reminder_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "benefits.tasks.remind_insurances_ending" in tasks


def test_hr_admin_role_holds_the_benefit_rights():
    assert "benefits.change_insurance" in roles.HR_ADMIN
    assert "benefits.view_otherbenefit" in roles.HR_VIEWER


def test_each_admin_gets_their_own_message(organization, owner, today, mailoutbox):
    second = UserFactory(email="second@example.com")
    company_access_grant(user=second, organization=organization, rights=roles.HR_ADMIN)
    InsuranceFactory(organization=organization, end_date=today + D(days=5))
    remind_insurances_ending()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([owner.email, "second@example.com"])
    assert all(len(m.to) == 1 for m in mailoutbox)
