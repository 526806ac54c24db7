"""The rights table: for each claims right and the combinations that matter, which claims and
screens a user reaches. Hidden claims answer 404 (like missing ones), screens without their
right 403, everything with the portal off 404."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from claims.models import LINE_RIGHTS, PERSONAL_INJURY_LINES, ClaimLine
from claims.rights import LEVEL_RIGHTS, MINIMUM_RIGHTS, validate_claims_rights
from hrsuite.grants import company_access_change, company_access_grant
from hrsuite.models import AuditAction, AuditEvent, CompanyAccess, JobFunctionLevel
from tests.claims.factories import ClaimFactory, portal_member
from tests.factories import TEST_PASSWORD, EmployeeFactory, OrganizationFactory, UserFactory, switch

ALL_LEVELS = tuple(LEVEL_RIGHTS.values())


@pytest.fixture
def portal(db):
    organization = OrganizationFactory(name="Assepro Kunde AG", modules={"claims": True})
    claims = {}
    for line in ClaimLine:
        if line in PERSONAL_INJURY_LINES:
            for level in JobFunctionLevel:
                employee = EmployeeFactory(organization=organization, job_function_level=level)
                claims[(line, level)] = ClaimFactory(organization=organization, line=line, employee=employee)
        else:
            claims[(line, "")] = ClaimFactory(organization=organization, line=line)
    return organization, claims


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _expected(rights: set[str]) -> set[tuple[str, str]]:
    lines = {line for line, right in LINE_RIGHTS.items() if right in rights}
    levels = {level for level, right in LEVEL_RIGHTS.items() if right in rights}
    expected = {(line, "") for line in lines}
    expected |= {(line, level) for line in PERSONAL_INJURY_LINES for level in levels}
    return expected


PERSONAS = {
    "minimum only": (),
    **{f"line {line}": (right,) for line, right in LINE_RIGHTS.items()},
    **{f"level {level}": (right,) for level, right in LEVEL_RIGHTS.items()},
    "every level": ALL_LEVELS,
    "every level but senior management": tuple(r for r in ALL_LEVELS if "senior" not in r),
    "motor and property": ("claims.motor_claims", "claims.property_claims"),
    "customer administrator": ("claims.customer_administrator",),
}


@pytest.mark.parametrize("persona", PERSONAS, ids=list(PERSONAS))
def test_each_right_sees_exactly_its_claims(persona, portal):
    organization, claims = portal
    rights = set(PERSONAS[persona]) | set(MINIMUM_RIGHTS)
    client = _client(portal_member(organization, *PERSONAS[persona]))
    expected = _expected(rights)
    for key, claim in claims.items():
        response = client.get(reverse("claims:claim_detail", args=[organization.id, claim.id]))
        assert response.status_code == (200 if key in expected else 404), (persona, key)
    listed = client.get(reverse("claims:claim_list", args=[organization.id]), {"page": 1})
    titles = {c.title for c in listed.context["page"].paginator.object_list}
    assert titles == {claims[key].title for key in expected}


def test_without_the_user_right_nothing_opens(portal):
    organization, claims = portal
    # An HR user of the organization who is no portal user.
    user = UserFactory()
    company_access_grant(user=user, organization=organization, rights=["hrsuite.view_employee"])
    client = _client(user)
    assert client.get(reverse("claims:claim_list", args=[organization.id])).status_code == 403
    claim = claims[(ClaimLine.MOTOR, "")]
    assert client.get(reverse("claims:claim_detail", args=[organization.id, claim.id])).status_code == 403


def test_a_claim_of_another_organization_answers_404(portal):
    organization, _claims = portal
    other = ClaimFactory(organization=OrganizationFactory(modules={"claims": True}), line=ClaimLine.MOTOR)
    client = _client(portal_member(organization, "claims.motor_claims"))
    assert client.get(reverse("claims:claim_detail", args=[organization.id, other.id])).status_code == 404
    assert client.get(reverse("claims:claim_detail", args=[other.organization_id, other.id])).status_code == 404


def test_portal_switched_off_answers_404_everywhere(portal):
    organization, claims = portal
    user = portal_member(organization, "claims.motor_claims", "claims.statistics", *ALL_LEVELS)
    switch(organization, "claims", False)
    client = _client(user)
    claim = claims[(ClaimLine.MOTOR, "")]
    for url in (
        reverse("claims:claim_list", args=[organization.id]),
        reverse("claims:claim_detail", args=[organization.id, claim.id]),
        reverse("claims:statistics", args=[organization.id]),
    ):
        assert client.get(url).status_code == 404
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert client.post(reverse("claims:claim_note", args=[organization.id, claim.id]), {}).status_code == 404


SCREENS = {
    "claims:policy_list": "claims.view_policies",
    "claims:policy_create": "claims.customer_administrator",
    "claims:claims_settings": "claims.customer_administrator",
    "claims:absence_list": "claims.absences_without_cover",
    "claims:absence_create": "claims.absences_without_cover",
    "claims:allowance_overview": "claims.daily_allowance",
    "claims:statistics": "claims.statistics",
    "claims:statistics_csv": "claims.statistics",
    "claims:safety_desk": "claims.safety_officer_desk",
}


@pytest.mark.parametrize("url_name", SCREENS)
def test_screen_needs_its_right(url_name, portal):
    organization, _claims = portal
    right = SCREENS[url_name]
    extra = ALL_LEVELS if right == "claims.statistics" else ()
    url = reverse(url_name, args=[organization.id])
    with_right = _client(portal_member(organization, right, *extra))
    every_other = [r for r in {*SCREENS.values(), *ALL_LEVELS} if r != right]
    without = _client(portal_member(organization, *every_other))
    assert with_right.get(url).status_code == 200
    assert without.get(url).status_code == 403
    assert without.get(url, headers={"HX-Request": "true"}).status_code == 403


def test_policies_follow_the_users_lines(portal):
    from tests.claims.factories import PolicyFactory

    organization, _claims = portal
    motor = PolicyFactory(organization=organization, line=ClaimLine.MOTOR)
    sickness = PolicyFactory(organization=organization, line=ClaimLine.SICKNESS)
    url = reverse("claims:policy_list", args=[organization.id])
    lined = _client(portal_member(organization, "claims.view_policies", "claims.motor_claims"))
    assert list(lined.get(url).context["page"].object_list) == [motor]
    unlined = _client(portal_member(organization, "claims.view_policies"))
    assert set(unlined.get(url).context["page"].object_list) == {motor, sickness}


def test_every_read_of_a_personal_injury_case_is_audited(portal):
    from hrsuite.models import AuditAction, AuditEvent

    organization, claims = portal
    client = _client(portal_member(organization, *ALL_LEVELS, "claims.motor_claims"))
    case = claims[(ClaimLine.SICKNESS, JobFunctionLevel.STAFF)]
    client.get(reverse("claims:claim_detail", args=[organization.id, case.id]))
    client.get(reverse("claims:claim_detail", args=[organization.id, claims[(ClaimLine.MOTOR, "")].id]))
    events = AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ, organization=organization)
    assert [e.subject_id for e in events] == [str(case.id)]


# --- Preconditions ------------------------------------------------------------------------


def test_minimum_rights_are_named():
    errors = validate_claims_rights(rights={"claims.motor_claims"})
    assert len(errors) == 1
    assert "User (needed for any access" in errors[0] and "API user" in errors[0]


def test_statistics_need_every_person_group():
    partial = set(MINIMUM_RIGHTS) | {"claims.statistics", *ALL_LEVELS} - {"claims.personal_injury_senior_management"}
    errors = validate_claims_rights(rights=partial)
    assert len(errors) == 1 and "senior management" in errors[0]
    assert validate_claims_rights(rights=set(MINIMUM_RIGHTS) | {"claims.statistics", *ALL_LEVELS}) == []


def test_rights_outside_the_portal_are_not_judged():
    assert validate_claims_rights(rights={"hrsuite.view_employee"}) == []


def test_the_rights_service_refuses_a_set_below_the_minimum_and_saves_nothing(portal):
    organization, _claims = portal
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        company_access_grant(user=user, organization=organization, rights=["claims.motor_claims"])
    assert "API user" in refused.value.messages[0]
    assert not CompanyAccess.objects.filter(user=user).exists()
    access = company_access_grant(user=user, organization=organization, rights=list(MINIMUM_RIGHTS))
    with pytest.raises(ValidationError) as refused:
        company_access_change(access=access, rights=[*MINIMUM_RIGHTS, "claims.statistics"], actor=None)
    assert "every person group" in refused.value.messages[0]
    assert set(access.rights.values_list("codename", flat=True)) == {"portal_user", "api_user"}


def _log_in(user) -> str:
    user.set_password(TEST_PASSWORD)
    user.save()
    response = Client().post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    return response.content.decode() if response.status_code == 200 else ""


def test_login_refused_without_api_user(portal):
    organization, _claims = portal
    user = portal_member(organization)
    # Rights saved before the API-user right was required (the service refuses such a set now).
    access = CompanyAccess.objects.get(user=user)
    access.rights.remove(Permission.objects.get(content_type__app_label="claims", codename="api_user"))
    assert "API user" in _log_in(user)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_REFUSED, subject_id=str(user.pk)).count() == 1
    switch(organization, "claims", False)  # the portal off: the claims rights do not count
    assert "API user" not in _log_in(user)
    switch(organization, "claims", True)
    company_access_change(access=access, rights=list(MINIMUM_RIGHTS), actor=None)
    assert "API user" not in _log_in(user)
    hr_admin = UserFactory()
    company_access_grant(user=hr_admin, organization=organization, rights=["hrsuite.view_employee"])
    assert "API user" not in _log_in(hr_admin)


def test_sidebar_entry_and_employee_tab(portal):
    organization, claims = portal
    case = claims[(ClaimLine.SICKNESS, JobFunctionLevel.STAFF)]
    client = _client(portal_member(organization, "hrsuite.view_employee", *ALL_LEVELS))
    response = client.get(reverse("claims:employee_claims", args=[organization.id, case.employee_id]))
    current = {item["label"]: item["current"] for item in response.context["organization_nav"]()}
    assert current["Claims"] is False and current["Employees"] is True
    assert [c.id for c in response.context["page"].object_list] == [case.id]
    response = client.get(reverse("claims:claim_list", args=[organization.id]))
    assert {item["label"]: item["current"] for item in response.context["organization_nav"]()}["Claims"] is True
