import importlib

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse

from hrsuite.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory

LOGIN = "/login/"


def login(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


class TestLogin:
    def test_login_by_email_in_any_case_lands_on_the_organization(self, owner, organization):
        client = Client()
        response = login(client, owner.email.upper())
        assert response.status_code == 302
        assert client.get(response["Location"], follow=True).request["PATH_INFO"] == reverse(
            "organization", kwargs={"org_id": organization.id}
        )

    def test_login_logout_and_failure_are_audited(self, owner):
        client = Client()
        login(client, owner.email, "wrong-password")
        login(client, owner.email)
        client.post("/logout/")
        logins = AuditEvent.objects.exclude(action=AuditAction.RIGHTS_CHANGED)  # the fixtures grant rights
        actions = list(logins.order_by("at").values_list("action", flat=True))
        assert actions == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.LOGOUT]
        failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
        assert failed.subject == owner.email and "wrong-password" not in str(failed.detail)

    def test_session_key_changes_at_login(self, owner):
        client = Client()
        client.get(LOGIN)
        client.session.save()
        before = client.session.session_key
        login(client, owner.email)
        assert client.session.session_key != before

    def test_lockout_after_five_failures_even_with_the_right_password(self, owner):
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, owner.email, "wrong-password")
        response = login(client, owner.email)
        assert response.status_code == 429
        assert "Too many failed attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_inactive_user_cannot_log_in(self, owner):
        owner.is_active = False
        owner.save()
        client = Client()
        response = login(client, owner.email)
        assert response.status_code == 200 and "_auth_user_id" not in client.session


class TestLanding:
    def test_provider_staff_land_on_their_office(self, organization):
        staff = UserFactory(office=organization.office)
        client = Client()
        client.force_login(staff)
        assert client.get("/")["Location"] == reverse("office")
        page = client.get(reverse("office")).content.decode()
        assert organization.name in page

    def test_provider_staff_see_only_their_own_offices_clients(self, organization, other_organization):
        staff = UserFactory(office=organization.office)
        client = Client()
        client.force_login(staff)
        page = client.get(reverse("office")).content.decode()
        assert other_organization.name not in page
        assert client.get(reverse("organization", kwargs={"org_id": other_organization.id})).status_code == 404

    def test_employee_lands_on_self_service(self, employee_user, employee):
        client = Client()
        client.force_login(employee_user)
        assert client.get("/")["Location"] == reverse("me")
        assert employee.first_name in client.get(reverse("me")).content.decode()

    def test_user_with_two_organizations_picks_and_switches(self, owner, organization):
        from hrsuite import roles
        from hrsuite.grants import company_access_grant

        second = OrganizationFactory(name="Second AS")
        company_access_grant(user=owner, organization=second, rights=roles.HR_ADMIN)
        client = Client()
        client.force_login(owner)
        assert client.get("/")["Location"] == reverse("organization_picker")
        switched = client.get(reverse("switch_organization"), {"org": second.id})
        assert switched["Location"] == reverse("organization", kwargs={"org_id": second.id})
        page = client.get(switched["Location"]).content.decode()
        assert "Second AS" in page and organization.name in page  # the switcher lists both
        assert client.get("/")["Location"] == reverse("organization", kwargs={"org_id": second.id})

    def test_switching_to_an_unreachable_organization_goes_nowhere(self, owner, other_organization):
        client = Client()
        client.force_login(owner)
        response = client.get(reverse("switch_organization"), {"org": other_organization.id})
        assert response["Location"] == reverse("organization_picker")
        assert client.get(reverse("switch_organization"), {"org": "not-a-uuid"}).status_code == 302


class TestLanguage:
    def test_choice_is_remembered_on_the_account_and_used_at_next_login(self, owner):
        client = Client()
        client.force_login(owner)
        client.post(reverse("set_language"), {"language": "de", "next": "/"})
        owner.refresh_from_db()
        assert owner.language == "de"
        fresh = Client()
        response = login(fresh, owner.email)
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"

    def test_next_may_not_leave_the_site(self, owner):
        client = Client()
        response = client.post(reverse("set_language"), {"language": "nl", "next": "https://evil.example/"})
        assert response["Location"] == "/"


class TestHeadersAndSettings:
    def test_csp_allows_no_inline_or_eval_scripts(self, owner_client, organization):
        response = owner_client.get(reverse("organization", kwargs={"org_id": organization.id}))
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Frame-Options"] == "DENY"

    def test_pages_load_htmx_from_our_own_static_files(self, owner_client, organization):
        page = owner_client.get(reverse("organization", kwargs={"org_id": organization.id})).content.decode()
        assert '<script src="/static/django_htmx/htmx' in page
        assert "<script>" not in page and " style=" not in page

    def test_production_defaults_are_secure(self, monkeypatch):
        """The settings module itself (not the test overrides) is secure by default."""
        monkeypatch.setenv("SECRET_KEY", "x" * 60)
        monkeypatch.delenv("DEBUG", raising=False)
        import hrsuite.settings as module

        production = importlib.reload(module)
        try:
            assert production.DEBUG is False
            assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
            assert production.SESSION_COOKIE_HTTPONLY and production.SESSION_COOKIE_SAMESITE == "Lax"
            assert production.SECURE_SSL_REDIRECT and production.SECURE_HSTS_SECONDS >= 31536000
            assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
            assert production.SESSION_SAVE_EVERY_REQUEST and production.SESSION_COOKIE_AGE == 30 * 60
            assert production.ADMIN_ENABLED is False
        finally:
            importlib.reload(module)

    def test_argon2_hashes_and_verifies(self):
        hasher = Argon2PasswordHasher()
        hashed = hasher.encode("s3cret-password", hasher.salt())
        assert hashed.startswith("argon2$") and hasher.verify("s3cret-password", hashed)
        assert not hasher.verify("wrong", hashed)


@pytest.mark.parametrize("path", ["/", "/office/", "/organizations/", "/me/"])
def test_anonymous_visitors_are_asked_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("enabled", [True, False])
def test_django_admin_is_served_only_when_enabled(settings, client, enabled):
    from django.urls import clear_url_caches

    import hrsuite.urls

    original = settings.ADMIN_ENABLED
    settings.ADMIN_ENABLED = enabled
    try:
        importlib.reload(hrsuite.urls)
        clear_url_caches()
        assert client.get("/admin/login/").status_code == (200 if enabled else 404)
    finally:
        settings.ADMIN_ENABLED = original
        importlib.reload(hrsuite.urls)
        clear_url_caches()
