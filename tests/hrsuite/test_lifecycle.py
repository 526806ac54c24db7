"""User lifecycle in the core: invite and accept, deactivate with a handover, reactivate,
the login refusal of closed accounts, and one mail task after commit."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hrsuite import lifecycle, roles
from hrsuite.grants import company_access_grant, permissions_named
from hrsuite.models import AuditAction, AuditEvent, CompanyAccess, User
from tests.factories import TEST_PASSWORD, EmployeeFactory, UserFactory

GENERIC = "Please enter a correct e-mail and password."
DEACTIVATED = "This account has been deactivated. Ask your administrator if you need access again."
ENDED = "Your employment has ended, so this login is closed."


def login(client, email, password=TEST_PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.fixture
def staff(organization):
    user = UserFactory(office=organization.office, full_name="Sam Staff")
    user.user_permissions.set(permissions_named(roles.PROVIDER_STAFF))
    return user


def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def access_url(name, organization, user):
    access = CompanyAccess.objects.get(user=user, organization=organization)
    return reverse(name, kwargs={"org_id": organization.id, "access_id": access.id})


class TestLoginRefusal:
    def test_a_deactivated_user_is_told_so_and_the_attempt_is_recorded(self, colleague):
        colleague.is_active = False
        colleague.save()
        client = Client()
        page = login(client, colleague.email).content.decode()
        assert DEACTIVATED in page and GENERIC not in page
        assert "_auth_user_id" not in client.session
        refused = AuditEvent.objects.get(action=AuditAction.LOGIN_REFUSED)
        assert refused.subject_id == str(colleague.pk) and refused.detail == {"reason": "deactivated"}

    def test_a_wrong_password_keeps_the_generic_message(self, colleague):
        colleague.is_active = False
        colleague.save()
        page = login(Client(), colleague.email, "wrong-password").content.decode()
        assert GENERIC in page and DEACTIVATED not in page
        assert not AuditEvent.objects.filter(action=AuditAction.LOGIN_REFUSED).exists()
        assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()

    def test_an_ended_employment_is_told_so_even_before_the_nightly_job(self, organization, employee, employee_user):
        employee.employment_end = organization.today() - datetime.timedelta(days=1)
        employee.save()
        client = Client()
        page = login(client, employee_user.email).content.decode()
        assert ENDED in page and GENERIC not in page and "_auth_user_id" not in client.session
        refused = AuditEvent.objects.get(action=AuditAction.LOGIN_REFUSED)
        assert refused.organization == organization and refused.detail == {"reason": "employment_ended"}

    def test_the_last_day_of_employment_still_logs_in(self, organization, employee, employee_user):
        employee.employment_end = organization.today()
        employee.save()
        assert login(Client(), employee_user.email).status_code == 302

    def test_a_module_may_refuse_logins_for_its_own_reason(self, organization, colleague, monkeypatch):
        def no_api_right(user):
            if "hrsuite.view_auditevent" not in lifecycle.rights_for(user, organization):
                return lifecycle.Refusal("no_api_user", "Your account may not log in to the portal.", organization)
            return None

        monkeypatch.setattr(lifecycle, "LOGIN_CHECKS", [])
        lifecycle.register_login_check(no_api_right)
        client = Client()
        assert "Your account may not log in to the portal." in login(client, colleague.email).content.decode()
        assert "_auth_user_id" not in client.session
        refused = AuditEvent.objects.get(action=AuditAction.LOGIN_REFUSED)
        assert refused.organization == organization and refused.detail == {"reason": "no_api_user"}

    def test_wrong_passwords_of_a_closed_account_still_lock_it(self, colleague):
        colleague.is_active = False
        colleague.save()
        client = Client()
        for _ in range(django_settings.AXES_FAILURE_LIMIT):
            login(client, colleague.email, "wrong-password")
        response = login(client, colleague.email)
        assert response.status_code == 429 and DEACTIVATED not in response.content.decode()

    def test_a_deactivated_users_open_session_ends(self, organization, colleague, staff):
        client = Client()
        client.force_login(colleague)
        assert client.get(reverse("organization", kwargs={"org_id": organization.id})).status_code == 200
        lifecycle.user_deactivate(user=colleague, actor=staff, organization=organization)
        assert client.get(reverse("organization", kwargs={"org_id": organization.id})).status_code == 302


class TestInvitation:
    def test_the_mail_leaves_through_the_task_after_commit_with_a_site_url_link(
        self, organization, staff, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        settings.SITE_URL = "https://hr.example.com/"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            lifecycle.member_invite(
                organization=organization,
                email="New@Example.com",
                full_name="New Person",
                rights=roles.HR_VIEWER,
                actor=staff,
            )
        assert mailoutbox == [] and len(callbacks) == 1  # nothing before the commit
        callbacks[0]()
        assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new@example.com"]
        links = re.findall(r"\S+://\S+", mailoutbox[0].body)
        assert links and all(link.startswith("https://hr.example.com/invitation/") for link in links)
        invited = AuditEvent.objects.get(action=AuditAction.USER_INVITED)
        assert invited.actor == staff and invited.organization == organization

    def test_a_rolled_back_invitation_sends_nothing(
        self, organization, colleague, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            lifecycle.member_invite(
                organization=organization, email="x@example.com", full_name="X", rights=roles.HR_ADMIN, actor=colleague
            )
        assert mailoutbox == [] and not User.objects.filter(email="x@example.com").exists()

    def test_accepting_sets_the_password_once_and_is_audited(
        self, organization, staff, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        settings.SITE_URL = "https://hr.example.com"
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.member_invite(
                organization=organization, email="n@example.com", full_name="N", rights=roles.HR_VIEWER, actor=staff
            )
        path = re.search(r"https://hr\.example\.com(/invitation/\S+/)", mailoutbox[0].body).group(1)
        client = Client()
        form = client.get(path, follow=True)
        password = "A-very-good-passw0rd!"
        done = client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
        assert done["Location"] == reverse("login")
        user = User.objects.get(email="n@example.com")
        assert user.check_password(password)
        assert AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED, actor=user).exists()
        assert Client().get(path, follow=True).context["validlink"] is False
        from hrsuite.tasks import mail_send

        assert (
            mail_send(
                "hrsuite.lifecycle.invitation_mail", {"user_id": str(user.pk), "organization_id": str(organization.pk)}
            )
            is False
        )

    def test_a_password_reset_token_does_not_open_an_invitation(self, colleague):
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        uid = urlsafe_base64_encode(force_bytes(colleague.pk))
        path = reverse(
            "invitation_accept", kwargs={"uidb64": uid, "token": default_token_generator.make_token(colleague)}
        )
        assert Client().get(path, follow=True).context["validlink"] is False

    def test_self_service_invitations_use_the_same_task_and_site_url(
        self, organization, owner, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        from selfservice.services import invitation_create

        settings.SITE_URL = "https://hr.example.com"
        newcomer = EmployeeFactory(organization=organization, email="nina@work.example")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            invitation_create(employee=newcomer, actor=owner)
        assert mailoutbox == [] and len(callbacks) == 1
        callbacks[0]()
        assert re.search(r"https://hr\.example\.com/me/invitation/\S+/", mailoutbox[0].body)


@pytest.fixture
def owned(monkeypatch):
    """A test-only module: users own 'cases' (a dict here) that need a successor."""
    cases = {}

    def hand_over(*, from_user, to_user):
        moved = [case for case, holder in cases.items() if holder == from_user.pk]
        for case in moved:
            cases[case] = to_user.pk
        return len(moved)

    monkeypatch.setattr(lifecycle, "HANDOVERS", {})
    lifecycle.register_handover(
        lifecycle.Handover(
            key="cases",
            label="open cases",
            successor_required=lambda user: user.pk in cases.values(),
            hand_over=hand_over,
        )
    )
    return cases


class TestDeactivate:
    def test_without_the_successor_a_module_demands_nothing_changes(self, organization, staff, colleague, owned):
        owned["case-1"] = colleague.pk
        with pytest.raises(ValidationError) as refused:
            lifecycle.user_deactivate(user=colleague, actor=staff, organization=organization)
        assert "successor" in refused.value.message_dict
        colleague.refresh_from_db()
        assert colleague.is_active and owned == {"case-1": colleague.pk}
        assert not AuditEvent.objects.filter(action=AuditAction.USER_DEACTIVATED).exists()

    def test_the_screen_names_a_successor_and_everything_moves(self, organization, staff, colleague, owner, owned):
        owned.update({"case-1": colleague.pk, "case-2": colleague.pk, "case-3": owner.pk})
        client = staff_client(staff)
        url = access_url("member_deactivate", organization, colleague)
        page = client.get(url).content.decode()
        assert "open cases" in page and 'name="successor"' in page
        assert "Name a successor" in client.post(url, {}).content.decode()
        assert client.post(url, {"successor": owner.pk})["Location"] == reverse(
            "member_list", kwargs={"org_id": organization.id}
        )
        colleague.refresh_from_db()
        assert not colleague.is_active
        assert owned == {"case-1": owner.pk, "case-2": owner.pk, "case-3": owner.pk}
        event = AuditEvent.objects.get(action=AuditAction.USER_DEACTIVATED)
        assert event.actor == staff and event.detail == {"successor": str(owner.pk), "handed_over": {"cases": 2}}

    def test_a_failing_handover_leaves_the_user_active(self, organization, staff, colleague, owner, monkeypatch):
        def refuse(*, from_user, to_user):
            raise ValidationError("The successor may not see these cases.")

        monkeypatch.setattr(lifecycle, "HANDOVERS", {})
        lifecycle.register_handover(lifecycle.Handover("x", "x", lambda user: True, refuse))
        with pytest.raises(ValidationError):
            lifecycle.user_deactivate(user=colleague, actor=staff, organization=organization, successor=owner)
        colleague.refresh_from_db()
        assert colleague.is_active

    def test_reactivate_from_the_list_and_both_are_audited(self, organization, staff, colleague):
        client = staff_client(staff)
        assert client.post(access_url("member_deactivate", organization, colleague), {}).status_code == 302
        listing = client.get(reverse("member_list", kwargs={"org_id": organization.id})).content.decode()
        assert access_url("member_reactivate", organization, colleague) in listing
        assert client.get(access_url("member_reactivate", organization, colleague)).status_code == 405
        client.post(access_url("member_reactivate", organization, colleague))
        colleague.refresh_from_db()
        assert colleague.is_active
        actions = set(AuditEvent.objects.filter(subject_id=str(colleague.pk)).values_list("action", flat=True))
        assert {AuditAction.USER_DEACTIVATED, AuditAction.USER_REACTIVATED} <= actions

    def test_nobody_closes_a_login_used_in_an_organization_they_cannot_manage(
        self, organization, other_organization, staff, colleague
    ):
        company_access_grant(user=colleague, organization=other_organization, rights=roles.HR_VIEWER)
        with pytest.raises(ValidationError, match=other_organization.name):
            lifecycle.user_deactivate(user=colleague, actor=staff, organization=organization)

    def test_nobody_deactivates_themselves(self, organization, owner):
        company_access_grant(
            user=owner, organization=organization, rights=[*roles.HR_ADMIN, lifecycle.DEACTIVATE_RIGHT]
        )
        with pytest.raises(ValidationError):
            lifecycle.user_deactivate(user=owner, actor=owner, organization=organization)


def test_the_nightly_job_audits_each_login_it_closes(organization):
    from hrsuite.tasks import deactivate_ended_employee_logins

    user = UserFactory()
    EmployeeFactory(organization=organization, employment_end=datetime.date(2024, 1, 31), user=user)
    assert deactivate_ended_employee_logins() == 1
    event = AuditEvent.objects.get(action=AuditAction.USER_DEACTIVATED)
    assert event.organization == organization and event.subject_id == str(user.pk)
    assert event.detail == {"reason": "employment_ended"}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis as broker (set REDIS_URL; CI does)")
def test_the_invitation_travels_through_a_real_worker(organization, staff, mailoutbox):
    from celery.contrib.testing.worker import start_worker

    from hrsuite.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            lifecycle.member_invite(
                organization=organization, email="w@example.com", full_name="W", rights=roles.HR_VIEWER, actor=staff
            )  # autocommit: the task is enqueued at once and runs on the worker
            user = User.objects.get(email="w@example.com")
            from hrsuite.tasks import mail_send

            rerun = mail_send.delay(
                "hrsuite.lifecycle.invitation_mail", {"user_id": str(user.pk), "organization_id": str(organization.pk)}
            )
            assert rerun.get(timeout=30) is True  # not accepted yet: the link may be sent again
    finally:
        app.conf.task_always_eager = True
    assert [m.to for m in mailoutbox] == [["w@example.com"], ["w@example.com"]]
