"""Rights in one place: the audited grant service, the users-with-right selector that every
notifier uses, and the object-level rule hook of the access layer."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from hrsuite import access, grants, roles
from hrsuite.grants import company_access_grant, permissions_named
from hrsuite.models import AuditAction, AuditEvent, CompanyAccess, Department, User
from hrsuite.selectors import users_with_right
from tests.factories import DepartmentFactory, EmployeeFactory, OfficeFactory, UserFactory


def rights_of(user, organization) -> set[str]:
    return {grants.right_name(p) for p in CompanyAccess.objects.get(user=user, organization=organization).rights.all()}


@pytest.fixture
def granter(organization):
    """May manage company permissions, but holds only the viewer rights besides."""
    user = UserFactory(full_name="Greta Granter")
    company_access_grant(
        user=user,
        organization=organization,
        rights=[*roles.HR_VIEWER, "hrsuite.add_companyaccess", "hrsuite.change_companyaccess"],
    )
    return user


class TestGrantService:
    def test_granting_beyond_own_rights_is_refused_naming_them_and_changes_nothing(
        self, organization, granter, colleague
    ):
        before = rights_of(colleague, organization)
        events = AuditEvent.objects.count()
        with pytest.raises(grants.RightsBeyondOwn) as refused:
            company_access_grant(
                user=colleague,
                organization=organization,
                rights=[*before, "hrsuite.change_employee", "hrsuite.import_employees"],
                actor=granter,
            )
        assert refused.value.rights == ["hrsuite.change_employee", "hrsuite.import_employees"]
        assert "Can change employee; Can import employee master data" in refused.value.messages[0]
        assert rights_of(colleague, organization) == before
        assert AuditEvent.objects.count() == events

    def test_rights_held_already_may_stay_or_go_without_the_actor_holding_them(self, organization, granter, owner):
        access = CompanyAccess.objects.get(user=owner, organization=organization)
        kept = {"hrsuite.change_employee", "hrsuite.view_employee"}  # the granter lacks change_employee
        grants.company_access_change(access=access, rights=kept, actor=granter)
        assert rights_of(owner, organization) == kept

    def test_each_change_is_an_audit_event_with_before_and_after(self, organization, owner, colleague):
        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        grants.company_access_change(access=access, rights=["hrsuite.view_employee"], actor=owner)
        changed = AuditEvent.objects.filter(action=AuditAction.RIGHTS_CHANGED, actor=owner).get()
        assert changed.organization == organization and changed.subject_id == str(colleague.pk)
        assert changed.detail["before"] == sorted(roles.HR_VIEWER)
        assert changed.detail["after"] == ["hrsuite.view_employee"]
        grants.company_access_revoke(access=access, actor=owner)
        revoked = AuditEvent.objects.get(action=AuditAction.ACCESS_REVOKED)
        assert revoked.detail == {"before": ["hrsuite.view_employee"], "after": []}
        assert not CompanyAccess.objects.filter(user=colleague, organization=organization).exists()

    def test_a_failing_grant_leaves_the_rights_as_they_were(self, organization, owner, colleague, monkeypatch):
        before = rights_of(colleague, organization)

        def broken_audit(**kwargs):
            raise RuntimeError("audit store down")

        monkeypatch.setattr(grants, "audit_record", broken_audit)
        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        with pytest.raises(RuntimeError):
            grants.company_access_change(access=access, rights=["hrsuite.view_employee"], actor=owner)
        assert rights_of(colleague, organization) == before

    def test_an_apps_rights_check_refuses_the_grant_and_the_change_and_nothing_is_saved(
        self, organization, owner, colleague, monkeypatch
    ):
        def no_import_without_change(*, rights):
            if "hrsuite.import_employees" in rights and "hrsuite.change_employee" not in rights:
                return ["Importing needs the right to change employees."]
            return []

        own = CompanyAccess.objects.get(user=owner, organization=organization)
        grants.company_access_change(access=own, rights=[*roles.HR_ADMIN, "hrsuite.change_companyaccess"], actor=None)
        monkeypatch.setattr(grants, "RIGHTS_CHECKS", [])
        grants.register_rights_check(no_import_without_change)
        newcomer = UserFactory()
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as refused:
            company_access_grant(
                user=newcomer, organization=organization, rights=["hrsuite.import_employees"], actor=owner
            )
        assert refused.value.messages == ["Importing needs the right to change employees."]
        assert not CompanyAccess.objects.filter(user=newcomer).exists()
        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        before = rights_of(colleague, organization)
        with pytest.raises(ValidationError):
            grants.company_access_change(access=access, rights=[*before, "hrsuite.import_employees"], actor=owner)
        assert rights_of(colleague, organization) == before
        assert AuditEvent.objects.count() == events
        # The rights page shows the refusal instead of failing.
        client = Client()
        client.force_login(owner)
        extra = Permission.objects.get(codename="import_employees")
        response = client.post(
            reverse("member_rights", kwargs={"org_id": organization.id, "access_id": access.id}),
            {"rights": [*access.rights.values_list("pk", flat=True), extra.pk]},
        )
        assert response.status_code == 200
        assert "Importing needs the right to change employees." in response.content.decode()
        assert rights_of(colleague, organization) == before
        grants.company_access_change(
            access=access, rights=[*before, "hrsuite.import_employees", "hrsuite.change_employee"], actor=owner
        )

    def test_nobody_removes_their_own_access(self, organization, owner):
        access = CompanyAccess.objects.get(user=owner, organization=organization)
        with pytest.raises(ValidationError):
            grants.company_access_revoke(access=access, actor=owner)
        assert CompanyAccess.objects.filter(pk=access.pk).exists()

    def test_the_rights_page_refuses_rights_beyond_own_and_keeps_them(self, organization, granter, colleague):

        access = CompanyAccess.objects.get(user=colleague, organization=organization)
        before = rights_of(colleague, organization)
        client = Client()
        client.force_login(granter)
        extra = Permission.objects.get(codename="import_employees")
        response = client.post(
            reverse("member_rights", kwargs={"org_id": organization.id, "access_id": access.id}),
            {"rights": [*access.rights.values_list("pk", flat=True), extra.pk]},
        )
        assert response.status_code == 200
        assert "do not hold yourself: Can import employee master data." in response.content.decode()
        assert rights_of(colleague, organization) == before


@pytest.fixture
def holders(organization, other_organization):
    """Who holds benefits.change_insurance in `organization`, and who only looks as if."""
    right = ["benefits.change_insurance"]
    people = {}
    people["member"] = UserFactory(email="member@example.com")
    company_access_grant(user=people["member"], organization=organization, rights=right)
    people["staff"] = UserFactory(email="staff@example.com", office=organization.office)
    people["staff"].user_permissions.set(permissions_named(right))
    people["staff_without"] = UserFactory(email="staff-without@example.com", office=organization.office)
    people["inactive_member"] = UserFactory(email="gone@example.com", is_active=False)
    company_access_grant(user=people["inactive_member"], organization=organization, rights=right)
    people["inactive_staff"] = UserFactory(email="gone-staff@example.com", office=organization.office, is_active=False)
    people["inactive_staff"].user_permissions.set(permissions_named(right))
    people["member_without"] = UserFactory(email="viewer@example.com")
    company_access_grant(user=people["member_without"], organization=organization, rights=roles.HR_VIEWER)
    people["elsewhere"] = UserFactory(email="elsewhere@example.com")
    company_access_grant(user=people["elsewhere"], organization=other_organization, rights=right)
    people["other_office"] = UserFactory(email="other-office@example.com", office=OfficeFactory())
    people["other_office"].user_permissions.set(permissions_named(right))
    return people


class TestUsersWithRight:
    def test_staff_with_the_right_and_members_with_it_active_only(self, organization, holders):
        found = list(users_with_right(organization=organization, right="benefits.change_insurance"))
        assert found == [holders["member"], holders["staff"]]

    def test_it_means_what_the_access_layer_means(self, organization, holders, owner, colleague):
        found = set(users_with_right(organization=organization, right="benefits.change_insurance"))
        for user in User.objects.all():
            assert (user in found) == (
                user.is_active and "benefits.change_insurance" in access.rights_for(user, organization)
            ), user

    def test_insurance_reminders_reach_exactly_the_holders(self, organization, holders, mailoutbox):
        from benefits.tasks import remind_insurances_ending
        from tests.benefits.factories import InsuranceFactory

        InsuranceFactory(organization=organization, end_date=organization.today() + datetime.timedelta(days=3))
        remind_insurances_ending()
        assert sorted(m.to[0] for m in mailoutbox) == ["member@example.com", "staff@example.com"]

    def test_approver_reminders_reach_exactly_the_holders(self, organization, mailoutbox, settings):
        from timesheets.models import MonthlyOverview
        from timesheets.services.notifications import approvers_notify

        settings.SITE_URL = "https://hr.example.com"
        right = ["timesheets.approve_monthlyoverview"]
        member = UserFactory(email="approver@example.com")
        company_access_grant(user=member, organization=organization, rights=right)
        staff = UserFactory(email="staff-approver@example.com", office=organization.office)
        staff.user_permissions.set(permissions_named(right))
        UserFactory(email="staff-without@example.com", office=organization.office)
        gone = UserFactory(email="gone@example.com", is_active=False)
        company_access_grant(user=gone, organization=organization, rights=right)
        period = datetime.date(2026, 3, 1)
        MonthlyOverview.objects.create(
            organization=organization, employee=EmployeeFactory(organization=organization), month=period
        )
        assert approvers_notify(organization=organization, period=period) == 2
        assert sorted(m.to[0] for m in mailoutbox) == ["approver@example.com", "staff-approver@example.com"]
        assert "https://hr.example.com/" in mailoutbox[0].body


class TestObjectRules:
    """A test-only rule: the Board department is visible only with the national-id right."""

    @pytest.fixture
    def board_rule(self, monkeypatch):
        def rule(*, user, rights, organization):
            return Q() if "hrsuite.view_national_id" in rights else ~Q(name="Board")

        monkeypatch.setitem(access.OBJECT_RULES, Department, [])
        access.register_object_rule(Department, rule)

    def request_as(self, user, organization):
        request = RequestFactory().get("/")
        request.user, request.organization = user, organization
        request.rights = access.rights_for(user, organization)
        return request

    def test_a_hidden_object_answers_404_and_lists_leave_it_out(self, organization, owner, colleague, board_rule):
        board = DepartmentFactory(organization=organization, name="Board")
        sales = DepartmentFactory(organization=organization, name="Sales")
        departments = Department.objects.filter(organization=organization)
        assert access.object_for(self.request_as(owner, organization), departments, board.id) == board
        viewer = self.request_as(colleague, organization)
        with pytest.raises(Http404):
            access.object_for(viewer, departments, board.id)
        assert access.object_for(viewer, departments, sales.id) == sales
        listed = access.visible(departments, user=colleague, rights=viewer.rights, organization=organization)
        assert list(listed) == [sales]

    def test_without_rules_the_scoped_getter_is_the_plain_one(self, organization, colleague, other_organization):
        sales = DepartmentFactory(organization=organization, name="Sales")
        theirs = DepartmentFactory(organization=other_organization, name="Sales")
        request = self.request_as(colleague, organization)
        departments = Department.objects.filter(organization=organization)
        assert access.object_for(request, departments, sales.id) == sales
        for missing in (theirs.id, "not-a-uuid"):
            with pytest.raises(Http404):
                access.object_for(request, departments, missing)
