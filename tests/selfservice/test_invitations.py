"""Invitations with a one-time link, and the right to see the registered e-mail address."""

import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from hrsuite import roles
from hrsuite.grants import company_access_grant
from hrsuite.models import AuditAction, AuditEvent, User
from selfservice import services
from selfservice.models import Invitation
from tests.factories import EmployeeFactory, UserFactory

PASSWORD = "Lighthouse-Keeper-2026"


def invite_url(employee):
    return reverse("selfservice:invite", kwargs={"org_id": employee.organization_id, "employee_id": employee.id})


def tab_url(employee):
    return reverse("selfservice:employee_tab", kwargs={"org_id": employee.organization_id, "employee_id": employee.id})


def email_url(employee):
    return reverse(
        "selfservice:employee_email", kwargs={"org_id": employee.organization_id, "employee_id": employee.id}
    )


def link_path(message) -> str:
    return re.search(r"https?://[^/]+(/me/invitation/\S+/)", message.body).group(1)


@pytest.fixture
def newcomer(organization):
    return EmployeeFactory(organization=organization, first_name="Nina", last_name="Berg", email="nina@work.example")


@pytest.fixture
def invited(newcomer, owner_client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(invite_url(newcomer), {"email": "nina@work.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    return mailoutbox[0]


def test_hr_invites_and_the_employee_sets_a_password(newcomer, invited):
    assert invited.to == ["nina@work.example"]
    assert "Nina" in invited.body
    anonymous = Client()
    path = link_path(invited)
    assert "Set up your self-service login" in anonymous.get(path).content.decode()
    response = anonymous.post(
        path, {"email": "Nina.Private@Mail.example", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("me")
    newcomer.refresh_from_db()
    assert newcomer.user.email == "nina.private@mail.example"
    assert newcomer.user.check_password(PASSWORD)
    invitation = Invitation.objects.get(employee=newcomer)
    assert invitation.registered_email == "nina.private@mail.example" and invitation.accepted_at
    # One-time: the link is dead now.
    again = Client().get(path)
    assert again.status_code == 404 and "cannot be used" in again.content.decode()


def test_weak_or_mismatched_passwords_are_refused(newcomer, invited):
    path = link_path(invited)
    response = Client().post(path, {"email": "nina@work.example", "password1": "short", "password2": "short"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    response = Client().post(path, {"email": "nina@work.example", "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "The two passwords differ." in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_an_address_in_use_is_refused(newcomer, invited):
    UserFactory(email="taken@example.com")
    response = Client().post(
        link_path(invited), {"email": "taken@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "already in use" in response.content.decode()
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_an_expired_or_forged_link_is_refused(newcomer, invited):
    path = link_path(invited)
    with mock.patch("selfservice.services.INVITATION_MAX_AGE", -1):
        assert Client().get(path).status_code == 404
    assert Client().get(path[:-3] + "xx/").status_code == 404
    assert Client().get("/me/invitation/not-a-token/").status_code == 404


def test_a_new_invitation_replaces_the_old_link(
    newcomer, invited, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(employee=newcomer, actor=owner)
    assert Client().get(link_path(invited)).status_code == 404
    assert Client().get(link_path(mailoutbox[-1])).status_code == 200


def test_sending_is_idempotent(newcomer, invited, mailoutbox):
    invitation = Invitation.objects.get(employee=newcomer)
    from hrsuite.tasks import mail_send

    assert mail_send("selfservice.mails.invitation", {"invitation_id": str(invitation.id)}) is False
    assert len(mailoutbox) == 1


def test_an_employee_with_a_login_cannot_be_invited(employee, employee_user, owner_client, mailoutbox):
    response = owner_client.post(invite_url(employee), {"email": "x@example.com"}, follow=True)
    assert "already has a self-service login" in response.content.decode()
    assert not Invitation.objects.exists() and not mailoutbox


def test_bulk_invitation(organization, owner_client, mailoutbox, django_capture_on_commit_callbacks, employee_user):
    team = [EmployeeFactory(organization=organization) for _ in range(3)]
    no_email = EmployeeFactory(organization=organization, email="")
    url = reverse("selfservice:invitations", kwargs={"org_id": organization.id})
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"employees": [e.id for e in [*team, no_email]]}, follow=True)
    page = response.content.decode()
    assert "3 invitations sent." in page
    assert "has no e-mail address to invite" in page
    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.email for e in team)
    assert page.count("Invited") >= 3


def test_bulk_invitation_refuses_employees_of_another_organization(organization, other_organization, owner_client):
    stranger = EmployeeFactory(organization=other_organization)
    url = reverse("selfservice:invitations", kwargs={"org_id": organization.id})
    response = owner_client.post(url, {"employees": [stranger.id]})
    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_invitations_page_query_count_is_flat(organization, owner, owner_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        employee = EmployeeFactory(organization=organization)
        Invitation.objects.create(employee=employee, email=employee.email, invited_by=owner)
    with django_assert_max_num_queries(12):
        response = owner_client.get(reverse("selfservice:invitations", kwargs={"org_id": organization.id}))
    assert response.status_code == 200


# --- The registered e-mail address ------------------------------------------------------------


@pytest.fixture
def registered(newcomer, invited):
    Client().post(link_path(invited), {"email": "nina.home@mail.example", "password1": PASSWORD, "password2": PASSWORD})
    newcomer.refresh_from_db()
    return newcomer


def test_the_address_is_masked_without_the_right(registered, owner_client):
    page = owner_client.get(tab_url(registered)).content.decode()
    assert "nina.home@mail.example" not in page
    assert "n•••@m•••.example" in page
    assert email_url(registered) not in page
    assert owner_client.get(email_url(registered)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ).exists()


def test_the_right_reveals_it_and_each_view_is_audited(organization, registered):
    reader = UserFactory()
    company_access_grant(
        user=reader, organization=organization, rights=[*roles.HR_VIEWER, "selfservice.view_selfservice_email"]
    )
    client = Client()
    client.force_login(reader)
    page = client.get(tab_url(registered)).content.decode()
    assert "n•••@m•••.example" in page and email_url(registered) in page
    fragment = client.get(email_url(registered), HTTP_HX_REQUEST="true").content.decode()
    assert "nina.home@mail.example" in fragment and "<html" not in fragment
    client.get(email_url(registered))
    events = AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ, actor=reader)
    assert events.count() == 2
    assert events.first().detail == {"field": "selfservice_email"}
    assert events.first().subject_id == str(registered.id)


def test_provider_staff_hold_the_right(organization, registered):
    from tests.selfservice.factories import provider_staff

    client = Client()
    client.force_login(provider_staff(organization))
    assert "nina.home@mail.example" in client.get(email_url(registered)).content.decode()


def test_the_tab_shows_the_invitation_status(newcomer, owner_client, invited):
    page = owner_client.get(tab_url(newcomer)).content.decode()
    assert "Invited" in page and "Invite again" in page


def test_invite_everyone_not_invited_yet(
    organization, owner, owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    fresh = [EmployeeFactory(organization=organization) for _ in range(2)]
    already = EmployeeFactory(organization=organization)
    services.invitation_create(employee=already, actor=owner)
    EmployeeFactory(organization=organization, email="")  # cannot be invited: left out quietly
    url = reverse("selfservice:invitations", kwargs={"org_id": organization.id})
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"scope": "uninvited"}, follow=True)
    assert "2 invitations sent." in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.email for e in fresh)
    response = owner_client.post(url, {"scope": "uninvited"}, follow=True)
    assert "invited already" in response.content.decode()


def test_the_link_dies_when_the_employment_has_ended(newcomer, invited, owner):
    import datetime

    from hrsuite.services import employment_end

    employment_end(employee=newcomer, end_date=newcomer.organization.today() - datetime.timedelta(days=1), actor=owner)
    assert Client().get(link_path(invited)).status_code == 404
