"""Filing, the workflow, notes, the safety officer desk, absences without cover and the
daily-allowance import."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import (
    TRANSITIONS,
    AbsenceWithoutCover,
    ActivityKind,
    ClaimActivity,
    ClaimLine,
    ClaimStatus,
    DailyAllowanceStatement,
)
from claims.rights import LEVEL_RIGHTS, MINIMUM_RIGHTS
from hrsuite.models import JobFunctionLevel
from tests.claims.factories import AbsenceFactory, ClaimFactory, portal_member
from tests.factories import EmployeeFactory, OrganizationFactory

STAFF_ONLY = frozenset({*MINIMUM_RIGHTS, LEVEL_RIGHTS[JobFunctionLevel.STAFF]})


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- Workflow -----------------------------------------------------------------------------


@pytest.mark.parametrize("from_status", list(ClaimStatus))
@pytest.mark.parametrize("to_status", list(ClaimStatus))
def test_workflow_allows_exactly_the_defined_transitions(from_status, to_status, organization):
    claim = ClaimFactory(organization=organization, status=from_status)
    if to_status in TRANSITIONS[from_status]:
        services.claim_status_change(claim=claim, actor=claim.handler, to_status=to_status)
        claim.refresh_from_db()
        assert claim.status == to_status
        assert claim.activities.get(kind=ActivityKind.STATUS).to_status == to_status
    else:
        with pytest.raises(ValidationError):
            services.claim_status_change(claim=claim, actor=claim.handler, to_status=to_status)
        claim.refresh_from_db()
        assert claim.status == from_status and not claim.activities.exists()


def test_closing_keeps_the_duration_and_history(organization):
    claim = ClaimFactory(organization=organization, status=ClaimStatus.ACCEPTED, reported_on=datetime.date(2026, 1, 1))
    services.claim_status_change(claim=claim, actor=claim.handler, to_status=ClaimStatus.CLOSED, note="Paid out")
    claim.refresh_from_db()
    assert claim.closed_on == organization.today()
    assert claim.duration_days == (organization.today() - datetime.date(2026, 1, 1)).days
    assert [h.status for h in claim.history.order_by("history_date")][-1] == ClaimStatus.CLOSED


def test_status_change_screen_needs_confirmation(organization):
    user = portal_member(organization, "claims.motor_claims")
    claim = ClaimFactory(organization=organization, handler=user)
    url = reverse("claims:claim_status", args=[organization.id, claim.id])
    _client(user).post(url, {"to_status": ClaimStatus.IN_REVIEW})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPORTED
    _client(user).post(url, {"to_status": ClaimStatus.IN_REVIEW, "confirm": "on"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


# --- Filing ---------------------------------------------------------------------------------


def test_filing_warns_before_saving_when_the_user_will_lose_access(organization):
    user = portal_member(organization, LEVEL_RIGHTS[JobFunctionLevel.STAFF])
    boss = EmployeeFactory(organization=organization, job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT)
    data = {
        "line": ClaimLine.ACCIDENT_NON_OCCUPATIONAL,
        "title": "Ski accident",
        "employee": boss.id,
        "occurred_on": "2026-02-01",
        "reported_on": "2026-02-02",
        "estimated_amount": "1000",
    }
    client = _client(user)
    url = reverse("claims:claim_create", args=[organization.id])
    response = client.post(url, data)
    assert response.status_code == 200 and b"lose access" in response.content
    assert not services.Claim.objects.exists()
    response = client.post(url, {**data, "confirm_loss_of_access": "on"})
    claim = services.Claim.objects.get()
    assert claim.job_function_level == JobFunctionLevel.SENIOR_MANAGEMENT
    assert response["Location"] == reverse("claims:claim_list", args=[organization.id])
    assert client.get(reverse("claims:claim_detail", args=[organization.id, claim.id])).status_code == 404


def test_a_line_claim_needs_the_line_right(organization):
    user = portal_member(organization)
    with pytest.raises(ValidationError) as refused:
        services.claim_create(
            organization=organization,
            actor=user,
            rights=STAFF_ONLY,
            line=ClaimLine.MOTOR,
            title="Dent",
            occurred_on=datetime.date(2026, 1, 1),
            reported_on=datetime.date(2026, 1, 1),
        )
    assert "line" in refused.value.error_dict


def test_the_level_stays_as_filed_when_the_employee_is_promoted(organization):
    employee = EmployeeFactory(organization=organization, job_function_level=JobFunctionLevel.STAFF)
    user = portal_member(organization, LEVEL_RIGHTS[JobFunctionLevel.STAFF])
    claim = services.claim_create(
        organization=organization,
        actor=user,
        rights=STAFF_ONLY,
        line=ClaimLine.SICKNESS,
        title="Flu",
        occurred_on=datetime.date(2026, 1, 1),
        reported_on=datetime.date(2026, 1, 2),
        employee=employee,
    )
    employee.job_function_level = JobFunctionLevel.SENIOR_MANAGEMENT
    employee.save()
    assert _client(user).get(reverse("claims:claim_detail", args=[organization.id, claim.id])).status_code == 200


@pytest.mark.parametrize("hide_name", [False, True])
def test_occupational_accident_reaches_the_safety_officer_desk(hide_name, organization):
    officer = portal_member(organization, "claims.safety_officer_desk")
    services.claims_settings_update(
        organization=organization, actor=officer, safety_officer=officer, hide_injured_name=hide_name
    )
    employee = EmployeeFactory(organization=organization, first_name="Ines", last_name="Injured")
    claim = services.claim_create(
        organization=organization,
        actor=portal_member(organization),
        rights=STAFF_ONLY,
        line=ClaimLine.ACCIDENT_OCCUPATIONAL,
        title="Fall from a ladder",
        occurred_on=datetime.date(2026, 5, 4),
        reported_on=datetime.date(2026, 5, 4),
        place="Warehouse 2",
        employee=employee,
    )
    entry = ClaimActivity.objects.get(claim=claim, kind=ActivityKind.SAFETY_DESK)
    assert entry.addressed_to == officer
    assert "Warehouse 2" in entry.text and "Fall from a ladder" in entry.text
    assert ("Ines Injured" in entry.text) is not hide_name
    page = _client(officer).get(reverse("claims:safety_desk", args=[organization.id]))
    assert list(page.context["page"].object_list) == [entry]
    services.claim_create(
        organization=organization,
        actor=officer,
        rights=STAFF_ONLY,
        line=ClaimLine.SICKNESS,
        title="Flu",
        occurred_on=datetime.date(2026, 5, 4),
        reported_on=datetime.date(2026, 5, 4),
        employee=employee,
    )
    assert ClaimActivity.objects.filter(kind=ActivityKind.SAFETY_DESK).count() == 1


def test_notes_and_activities(organization):
    user = portal_member(organization, "claims.motor_claims")
    claim = ClaimFactory(organization=organization)
    _client(user).post(
        reverse("claims:claim_note", args=[organization.id, claim.id]), {"kind": "note", "text": "Called"}
    )
    assert claim.activities.get().text == "Called"
    with pytest.raises(ValidationError):
        services.claim_note_add(claim=claim, actor=user, kind=ActivityKind.SAFETY_DESK, text="x")


# --- Absences without cover -------------------------------------------------------------------


def test_waiting_period_flagging_tells_the_responsible_user_once(
    organization, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://hr.example.com"
    responsible = portal_member(organization, "claims.absences_without_cover", email="hr@example.com")
    due = AbsenceFactory(organization=organization, responsible=responsible, first_day=datetime.date(2026, 9, 1))
    AbsenceFactory(organization=organization, responsible=responsible, first_day=datetime.date(2026, 9, 2))
    later = AbsenceFactory(organization=organization, responsible=responsible, first_day=datetime.date(2026, 11, 1))
    day = datetime.date(2026, 10, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.absences_flag_due(day=day) == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hr@example.com"]
    assert "2026" in mail.outbox[0].body
    assert f"https://hr.example.com/orgs/{organization.id}/claims/absences/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.absences_flag_due(day=day) == 0
    assert len(mail.outbox) == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.flagged_at is not None and later.flagged_at is None


def test_flagging_is_a_constant_number_of_queries(organization, django_assert_num_queries):
    for _ in range(5):
        AbsenceFactory(organization=organization, first_day=datetime.date(2026, 1, 1))
    # savepoint, the due absences with their employee/organization/user (locked), the flag update, release
    with django_assert_num_queries(4):
        services.absences_flag_due(day=datetime.date(2026, 6, 1))


def test_absence_converts_into_a_sickness_case_linked_both_ways(organization):
    user = portal_member(organization, "claims.absences_without_cover", LEVEL_RIGHTS[JobFunctionLevel.STAFF])
    absence = AbsenceFactory(organization=organization, responsible=user, description="Back pain")
    response = _client(user).post(reverse("claims:absence_convert", args=[organization.id, absence.id]))
    assert response.status_code == 302
    absence.refresh_from_db()
    claim = absence.converted_to
    assert claim.line == ClaimLine.SICKNESS and claim.employee == absence.employee
    assert claim.converted_from == absence
    assert absence.history.count() == 2
    with pytest.raises(ValidationError):
        services.absence_convert(absence=absence, actor=user, rights=STAFF_ONLY)
    assert AbsenceWithoutCover.objects.get().converted_to == claim


@pytest.mark.parametrize(("language", "day"), [("en", "02/03/2026"), ("de", "02.03.2026"), ("nb", "02.03.2026")])
def test_the_converted_case_is_titled_with_the_organizations_date_format(db, language, day):
    organization = OrganizationFactory(language=language, modules={"claims": True})
    user = portal_member(organization, "claims.absences_without_cover", LEVEL_RIGHTS[JobFunctionLevel.STAFF])
    absence = AbsenceFactory(organization=organization, responsible=user, first_day=datetime.date(2026, 3, 2))
    claim = services.absence_convert(absence=absence, actor=user, rights=STAFF_ONLY)
    assert day in claim.title and "2026-03-02" not in claim.title


def test_an_absence_reads_its_first_day_in_the_active_language(db):
    from django.utils import translation

    absence = AbsenceFactory(first_day=datetime.date(2026, 3, 2))
    with translation.override("de"):
        assert str(absence).endswith("02.03.2026")


# --- Daily allowance --------------------------------------------------------------------------


def test_allowance_import_is_all_or_nothing(organization):
    user = portal_member(organization, "claims.daily_allowance", LEVEL_RIGHTS[JobFunctionLevel.STAFF])
    employee = EmployeeFactory(organization=organization, job_function_level=JobFunctionLevel.STAFF)
    case = ClaimFactory(organization=organization, line=ClaimLine.SICKNESS, employee=employee, claim_number="S-1")
    client = _client(user)
    url = reverse("claims:allowance_import", args=[organization.id])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = b"claim_number;month;days;daily_rate;amount\nS-1;2026-04;20;150,50;3010,00\nS-9;2026-05;x;1;1\n"
    client.post(url, {"file": SimpleUploadedFile("a.csv", bad)})
    assert not DailyAllowanceStatement.objects.exists()
    good = b"claim_number;month;days;daily_rate;amount\nS-1;2026-04;20;150,50;3010,00\nS-1;05.2026;10;150,50;1505\n"
    client.post(url, {"file": SimpleUploadedFile("a.csv", good)})
    client.post(url, {"file": SimpleUploadedFile("a.csv", good)})
    statements = DailyAllowanceStatement.objects.filter(claim=case).order_by("month")
    assert [(s.month, s.amount) for s in statements] == [
        (datetime.date(2026, 4, 1), Decimal("3010.00")),
        (datetime.date(2026, 5, 1), Decimal("1505.00")),
    ]
    page = client.get(reverse("claims:allowance_overview", args=[organization.id]))
    assert len(page.context["page"].object_list) == 2


def test_allowance_import_names_the_bad_rows(organization):
    employee = EmployeeFactory(organization=organization)
    ClaimFactory(organization=organization, line=ClaimLine.SICKNESS, employee=employee, claim_number="S-1")
    content = b"claim_number,month,days,daily_rate,amount\nS-1,2026-04,40,1,1\nS-2,2026-04,1,1,1\n"
    result = services.allowance_statements_import(claims=services.Claim.objects.all(), content=content)
    assert len(result.errors) == 2
    assert result.errors[0].startswith("Row 2, days") and result.errors[1].startswith("Row 3, claim_number")


def test_absence_and_policy_screens_save_through_their_services(organization):
    user = portal_member(organization, "claims.absences_without_cover", "claims.customer_administrator")
    employee = EmployeeFactory(organization=organization)
    client = _client(user)
    response = client.post(
        reverse("claims:absence_create", args=[organization.id]),
        {"employee": employee.id, "first_day": "2026-10-01", "waiting_period_days": "60", "responsible": user.id},
    )
    assert response.status_code == 302
    assert AbsenceWithoutCover.objects.get().waiting_period_ends_on == datetime.date(2026, 11, 30)
    bad = client.post(
        reverse("claims:policy_create", args=[organization.id]),
        {"line": "motor", "insurer": "X", "policy_number": "M-1", "valid_from": "2026-01-01", "premium": "-5"},
    )
    assert bad.status_code == 200 and not services.Policy.objects.exists()
    client.post(
        reverse("claims:policy_create", args=[organization.id]),
        {
            "line": "motor",
            "insurer": "X",
            "policy_number": "M-1",
            "valid_from": "2026-01-01",
            "premium": "1200.50",
            "waiting_period_days": "0",
        },
    )
    assert services.Policy.objects.get().premium == Decimal("1200.50")


def test_statistics_cover_only_what_the_user_sees(organization):
    from claims.rights import LEVEL_RIGHTS as LEVELS

    user = portal_member(organization, "claims.statistics", "claims.motor_claims", *LEVELS.values())
    ClaimFactory.create_batch(2, organization=organization, line=ClaimLine.MOTOR)
    closed = ClaimFactory(organization=organization, line=ClaimLine.MOTOR, status=ClaimStatus.ACCEPTED)
    services.claim_status_change(claim=closed, actor=closed.handler, to_status=ClaimStatus.CLOSED)
    ClaimFactory.create_batch(3, organization=organization, line=ClaimLine.PROPERTY)  # not the user's line
    client = _client(user)
    stats = client.get(reverse("claims:statistics", args=[organization.id])).context["stats"]
    assert [(row["line"], row["count"]) for row in stats.per_line] == [("motor", 3)]
    assert (stats.open_count, stats.closed_count) == (2, 1)
    assert stats.average_days == Decimal((organization.today() - closed.reported_on).days)
    body = client.get(reverse("claims:statistics_csv", args=[organization.id])).content.decode()
    assert body.splitlines()[1:] == ["2026-03,Motor vehicle,3"]


# --- Search -------------------------------------------------------------------------------------


def test_the_list_finds_a_case_by_its_employee_through_the_core_person_search(organization):
    kari = EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann")
    case = ClaimFactory(organization=organization, line=ClaimLine.SICKNESS, employee=kari, title="Back pain")
    ClaimFactory(organization=organization, line=ClaimLine.SICKNESS, title="Flu")
    client = _client(portal_member(organization, *LEVEL_RIGHTS.values()))
    url = reverse("claims:claim_list", args=[organization.id])
    for term in ("kari nord", "Nordmann, Kari", kari.number, "back"):
        listed = client.get(url, {"q": term}).context["page"].paginator.object_list
        assert [claim.id for claim in listed] == [case.id], term
