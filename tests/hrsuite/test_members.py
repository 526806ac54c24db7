import re

from django.test import Client
from django.urls import reverse

from hrsuite.models import CompanyAccess, Organization, User
from hrsuite.modules import module_is_on
from tests.factories import UserFactory


def org_url(name, organization, **kwargs):
    return reverse(name, kwargs={"org_id": organization.id, **kwargs})


def staff_client(organization):
    from hrsuite import roles
    from hrsuite.grants import permissions_named

    staff = UserFactory(office=organization.office)
    staff.user_permissions.set(permissions_named(roles.PROVIDER_STAFF))
    client = Client()
    client.force_login(staff)
    return client, staff


class TestInvite:
    def test_new_person_gets_access_and_a_one_time_link_to_choose_a_password(
        self, organization, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        settings.SITE_URL = "https://hr.example.com"
        client, _staff = staff_client(organization)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                org_url("member_invite", organization),
                {"email": "New.Admin@Example.com", "full_name": "New Admin", "role": "hr_admin"},
            )
        assert response.status_code == 302
        user = User.objects.get(email="new.admin@example.com")
        assert not user.has_usable_password()
        access = CompanyAccess.objects.get(user=user, organization=organization)
        assert access.rights.filter(codename="change_employee").exists()
        assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.admin@example.com"]
        # Absolute from SITE_URL, never from the request's host.
        link = re.search(r"https://hr\.example\.com(/invitation/\S+/)", mailoutbox[0].body).group(1)
        anonymous = Client()
        form_page = anonymous.get(link, follow=True)
        new_password = "A-very-good-passw0rd!"
        anonymous.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
        user.refresh_from_db()
        assert user.check_password(new_password)
        assert anonymous.get(link, follow=True).context["validlink"] is False  # one time only

    def test_existing_person_gets_access_without_a_new_password(self, organization, outsider, mailoutbox):
        client, _staff = staff_client(organization)
        client.post(
            org_url("member_invite", organization),
            {"email": outsider.email, "full_name": "ignored", "role": "hr_viewer"},
        )
        assert CompanyAccess.objects.filter(user=outsider, organization=organization).exists()
        assert mailoutbox == []

    def test_nobody_grants_rights_they_do_not_hold(self, organization, colleague):
        from hrsuite.grants import company_access_grant

        company_access_grant(
            user=colleague, organization=organization, rights=["hrsuite.view_employee", "hrsuite.add_companyaccess"]
        )
        client = Client()
        client.force_login(colleague)
        response = client.post(
            org_url("member_invite", organization), {"email": "x@example.com", "full_name": "X", "role": "hr_admin"}
        )
        page = response.content.decode()
        assert "You cannot grant rights you do not hold yourself:" in page and "Can change employee" in page
        assert not User.objects.filter(email="x@example.com").exists()


class TestRightsAndRevoke:
    def test_rights_are_ticked_per_organization_and_kept_in_history(self, organization, colleague):
        from django.contrib.auth.models import Permission

        client, _staff = staff_client(organization)
        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        import_right = Permission.objects.get(codename="import_employees")
        view_right = Permission.objects.get(codename="view_employee", content_type__app_label="hrsuite")
        client.post(
            org_url("member_rights", organization, access_id=access.id), {"rights": [import_right.pk, view_right.pk]}
        )
        assert set(access.rights.values_list("codename", flat=True)) == {"import_employees", "view_employee"}

    def test_revoke_removes_access(self, organization, colleague):
        client, _staff = staff_client(organization)
        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        client.post(org_url("member_revoke", organization, access_id=access.id))
        assert not CompanyAccess.objects.filter(pk=access.pk).exists()
        assert access.history.filter(history_type="-").exists()

    def test_list_query_count_is_constant(self, organization, django_assert_max_num_queries):
        from hrsuite import roles
        from hrsuite.grants import company_access_grant

        client, _staff = staff_client(organization)
        for count in (5, 40):
            for _ in range(count - CompanyAccess.objects.filter(organization=organization).count()):
                company_access_grant(user=UserFactory(), organization=organization, rights=roles.HR_VIEWER)
            with django_assert_max_num_queries(13):
                assert client.get(org_url("member_list", organization)).status_code == 200


class TestOrganizations:
    def test_provider_staff_create_a_client_organization_in_their_office(self, organization):
        client, staff = staff_client(organization)
        response = client.post(
            reverse("organization_create"),
            {
                "name": "Nytt Selskap AS",
                "org_number": "999888777",
                "country": "NO",
                "currency": "NOK",
                "language": "nb",
                "time_zone": "Europe/Oslo",
                "normal_hours_per_day": "7.5",
                "module_benefits": "on",
            },
        )
        created = Organization.objects.get(name="Nytt Selskap AS")
        assert response["Location"] == org_url("organization", created)
        assert created.office == staff.office
        assert module_is_on(created, "benefits") and not module_is_on(created, "claims")

    def test_audit_log_lists_the_organizations_events_only(self, organization, other_organization):
        from hrsuite.audit import audit_record
        from hrsuite.models import AuditAction

        audit_record(action=AuditAction.SENSITIVE_READ, actor=None, organization=organization, subject="mine")
        audit_record(action=AuditAction.SENSITIVE_READ, actor=None, organization=other_organization, subject="theirs")
        client, _staff = staff_client(organization)
        page = client.get(org_url("audit_log", organization)).content.decode()
        assert "mine" in page and "theirs" not in page


def test_sidebar_shows_each_entry_only_with_its_right(organization, colleague):
    client, _staff = staff_client(organization)
    staff_nav = client.get(org_url("organization", organization)).content.decode()
    for label in ["Employees", "Import", "Users and rights", "Audit log", "Settings"]:
        assert f">{label}</a>" in staff_nav
    viewer = Client()
    viewer.force_login(colleague)
    viewer_nav = viewer.get(org_url("organization", organization)).content.decode()
    assert ">Employees</a>" in viewer_nav
    for label in ["Import", "Users and rights", "Audit log", "Settings"]:
        assert f">{label}</a>" not in viewer_nav


def test_the_audit_log_lists_logins_of_the_organizations_people(organization, other_organization, colleague):
    """Logins are recorded without an organization; each log shows its own people's."""
    from hrsuite.models import AuditAction, AuditEvent

    stranger = UserFactory(full_name="Stranger Danger")
    Client().force_login(colleague)
    Client().force_login(stranger)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=colleague).exists()
    client, _staff = staff_client(organization)
    page = client.get(org_url("audit_log", organization)).content.decode()
    assert "Logged in" in page and str(colleague) in page
    assert str(stranger) not in page
