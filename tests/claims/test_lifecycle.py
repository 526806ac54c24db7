"""Users who logged in are never deleted; the hand-over moves every claim; the quarterly
inactive-user sweep."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import AbsenceWithoutCover, Claim, InactiveUserNotice
from claims.rights import MINIMUM_RIGHTS
from hrsuite import lifecycle
from hrsuite.grants import company_access_grant
from hrsuite.models import AuditAction, AuditEvent, User
from tests.claims.factories import AbsenceFactory, ClaimFactory, portal_member
from tests.factories import OfficeFactory, OrganizationFactory, UserFactory

NOW = datetime.datetime(2026, 11, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


# --- Never deleted ----------------------------------------------------------------------------


def test_a_user_who_logged_in_cannot_be_deleted_by_the_service(db):
    user = UserFactory(last_login=timezone.now())
    with pytest.raises(ValidationError, match="can never be deleted"):
        services.user_delete(user=user)
    assert User.objects.filter(pk=user.pk).exists()


def test_nor_through_the_orm(db):
    user = UserFactory(last_login=timezone.now())
    # Django deletes without a savepoint of its own: each attempt gets one here.
    with pytest.raises(ValidationError), transaction.atomic():
        user.delete()
    with pytest.raises(ValidationError), transaction.atomic():
        User.objects.filter(pk=user.pk).delete()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_user_who_never_logged_in_may_be_deleted(db):
    user = UserFactory()
    services.user_delete(user=user)
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite has the guard")
def test_the_database_refuses_too(db):
    user = UserFactory(last_login=timezone.now())
    never = UserFactory()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE id = %s", [user.pk])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE id = %s", [never.pk])
    assert User.objects.filter(pk=user.pk).exists() and not User.objects.filter(pk=never.pk).exists()


# --- Hand-over --------------------------------------------------------------------------------


def test_hand_over_moves_every_claim(organization):
    leaver = portal_member(organization)
    successor = portal_member(organization)
    ClaimFactory.create_batch(7, organization=organization, handler=leaver)
    ClaimFactory.create_batch(2, organization=organization, handler=successor)
    absence = AbsenceFactory(organization=organization, responsible=leaver)
    before = Claim.objects.count()
    assert services.claims_hand_over(from_user=leaver, to_user=successor) == 7
    assert Claim.objects.count() == before
    assert Claim.objects.filter(handler=successor).count() == 9
    assert not Claim.objects.filter(handler=leaver).exists()
    absence.refresh_from_db()
    assert absence.responsible == successor
    # The successor's two creations plus one hand-over row per moved claim.
    assert Claim.history.filter(handler=successor).count() == 2 + 7


def test_hand_over_needs_an_active_other_successor(organization):
    leaver = portal_member(organization)
    ClaimFactory(organization=organization, handler=leaver)
    with pytest.raises(ValidationError):
        services.claims_hand_over(from_user=leaver, to_user=leaver)
    with pytest.raises(ValidationError):
        services.claims_hand_over(from_user=leaver, to_user=UserFactory(is_active=False))
    assert Claim.objects.get().handler == leaver


def test_deactivation_through_the_core_demands_a_successor_and_hands_every_claim_over(organization):
    administrator = portal_member(organization, "hrsuite.deactivate_user")
    leaver = portal_member(organization)
    successor = portal_member(organization)
    ClaimFactory.create_batch(3, organization=organization, handler=leaver)
    AbsenceFactory(organization=organization, responsible=leaver)
    with pytest.raises(ValidationError) as refused:
        lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization)
    assert "successor" in refused.value.message_dict
    leaver.refresh_from_db()
    assert leaver.is_active and Claim.objects.filter(handler=leaver).count() == 3
    before = Claim.objects.count()
    lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization, successor=successor)
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert Claim.objects.count() == before and Claim.objects.filter(handler=successor).count() == 3
    assert AbsenceWithoutCover.objects.get().responsible == successor
    event = AuditEvent.objects.get(action=AuditAction.USER_DEACTIVATED)
    assert event.detail["handed_over"] == {"claims": 3}


def test_the_hand_over_moves_claims_of_every_organization_the_user_reached(organization):
    sister = OrganizationFactory(name="Kunde Tochter AG", modules={"claims": True})
    administrator = portal_member(organization, "hrsuite.deactivate_user")
    company_access_grant(user=administrator, organization=sister, rights=[*MINIMUM_RIGHTS, "hrsuite.deactivate_user"])
    leaver = portal_member(organization)
    company_access_grant(user=leaver, organization=sister, rights=list(MINIMUM_RIGHTS))
    successor = portal_member(organization, full_name="Sam Successor")
    ClaimFactory.create_batch(2, organization=organization, handler=leaver)
    ClaimFactory.create_batch(3, organization=sister, handler=leaver)
    AbsenceFactory(organization=sister, responsible=leaver)

    with pytest.raises(ValidationError) as refused:
        lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization, successor=successor)
    assert "Kunde Tochter AG" in refused.value.message_dict["successor"][0]
    leaver.refresh_from_db()
    assert leaver.is_active and Claim.objects.filter(handler=leaver).count() == 5

    company_access_grant(user=successor, organization=sister, rights=list(MINIMUM_RIGHTS))
    before = Claim.objects.count()
    lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization, successor=successor)
    assert Claim.objects.count() == before
    assert Claim.objects.filter(handler=successor).count() == 5
    assert set(Claim.objects.filter(handler=successor).values_list("organization", flat=True)) == {
        organization.pk,
        sister.pk,
    }
    assert AbsenceWithoutCover.objects.get().responsible == successor


def test_a_user_who_owns_nothing_of_the_portal_needs_no_successor(organization):
    administrator = portal_member(organization, "hrsuite.deactivate_user")
    leaver = portal_member(organization)
    lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization)
    leaver.refresh_from_db()
    assert not leaver.is_active


def test_the_deactivated_user_is_told_by_email(organization, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://hr.example.com"
    administrator = portal_member(organization, "hrsuite.deactivate_user")
    leaver = portal_member(organization, email="leaver@kunde.example", full_name="Lea Leaver")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization)
    assert [m.to for m in mail.outbox] == [["leaver@kunde.example"]]
    assert "Lea Leaver" in mail.outbox[0].body and "https://hr.example.com/login/" in mail.outbox[0].body


def test_a_refused_deactivation_sends_nothing(organization, django_capture_on_commit_callbacks):
    administrator = portal_member(organization, "hrsuite.deactivate_user")
    leaver = portal_member(organization)
    ClaimFactory(organization=organization, handler=leaver)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        lifecycle.user_deactivate(user=leaver, actor=administrator, organization=organization)
    assert mail.outbox == []


def test_reactivated_before_the_job_ran_sends_nothing(organization):
    leaver = portal_member(organization, is_active=True)
    assert lifecycle.deactivated_mail(user_id=str(leaver.pk), organization_id=str(organization.pk)) is None


# --- Inactive-user sweep ---------------------------------------------------------------------------


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The sweep with its e-mail jobs run, as they run after the sweep's commit."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.inactive_users_sweep(now=now)

    return run


def _logged_in(user, when):
    User.objects.filter(pk=user.pk).update(last_login=when)


@pytest.fixture
def sweep_world(organization):
    admin = portal_member(organization, "claims.customer_administrator", email="admin@kunde.example")
    second_admin = portal_member(organization, "claims.customer_administrator", email="admin2@kunde.example")
    idle = portal_member(organization, full_name="Ida Idle", email="ida@kunde.example")
    recent = portal_member(organization, full_name="Rolf Recent")
    for user in (admin, second_admin):
        _logged_in(user, NOW - datetime.timedelta(days=3))
    _logged_in(idle, NOW - datetime.timedelta(days=200))
    _logged_in(recent, NOW - datetime.timedelta(days=20))
    User.objects.filter(pk=recent.pk).update(date_joined=NOW - datetime.timedelta(days=400))
    return organization, admin, second_admin


def test_sweep_sends_one_email_per_administrator_and_none_on_a_rerun(sweep_world, sweep, settings):
    settings.SITE_URL = "https://hr.example.com"
    organization = sweep_world[0]
    assert sweep(NOW) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["admin2@kunde.example", "admin@kunde.example"]
    body = mail.outbox[0].body
    assert "Ida Idle" in body and "Rolf Recent" not in body
    assert f"https://hr.example.com/orgs/{organization.id}/claims/users/" in body
    assert all(notice.mailed_at for notice in InactiveUserNotice.objects.all())
    assert sweep(NOW + datetime.timedelta(days=30)) == 0
    assert len(mail.outbox) == 2
    assert sweep(NOW + datetime.timedelta(days=60)) == 2  # next quarter


def test_a_rerun_of_a_mail_job_sends_nothing(sweep_world, sweep):
    from hrsuite.tasks import mail_send

    sweep(NOW)
    notice = InactiveUserNotice.objects.first()
    assert not mail_send("claims.services.inactive_users_mail", {"notice_id": str(notice.pk)})
    assert len(mail.outbox) == 2


def test_sweep_reports_internal_staff_to_their_location_administrators(db, sweep):
    from django.contrib.auth.models import Permission

    office = OfficeFactory()
    location_admin = UserFactory(office=office, email="location@provider.example", last_login=NOW)
    location_admin.user_permissions.add(Permission.objects.get(codename="location_administrator"))
    UserFactory(office=office, full_name="Sven Staff", last_login=NOW - datetime.timedelta(days=190))
    UserFactory(office=OfficeFactory(), full_name="Other Office", last_login=NOW - datetime.timedelta(days=190))
    assert sweep(NOW) == 1
    assert mail.outbox[0].to == ["location@provider.example"]
    assert "Sven Staff" in mail.outbox[0].body and "Other Office" not in mail.outbox[0].body


def test_nobody_inactive_sends_nothing(organization, sweep):
    admin = portal_member(organization, "claims.customer_administrator")
    _logged_in(admin, NOW)
    assert sweep(NOW) == 0
    assert mail.outbox == []


def test_sweep_queries_do_not_grow_with_users(sweep_world, sweep):
    organization = sweep_world[0]

    def run_counting(now):
        with CaptureQueriesContext(connection) as queries:
            assert sweep(now) == 2  # the e-mail jobs counted too
        return len(queries)

    few = run_counting(NOW)
    for _ in range(30):
        user = portal_member(organization)
        _logged_in(user, NOW - datetime.timedelta(days=300))
    many = run_counting(NOW + datetime.timedelta(days=100))
    assert few == many


def _idle_world(organizations: int, users: int, staff: int):
    """Organizations with a customer administrator and idle portal users each, and an office
    with a location administrator and idle staff."""
    from django.contrib.auth.models import Permission

    for _ in range(organizations):
        organization = OrganizationFactory(modules={"claims": True})
        _logged_in(portal_member(organization, "claims.customer_administrator"), NOW)
        for _ in range(users):
            _logged_in(portal_member(organization), NOW - datetime.timedelta(days=300))
    office = OfficeFactory()
    location_admin = UserFactory(office=office, last_login=NOW)
    location_admin.user_permissions.add(Permission.objects.get(codename="location_administrator"))
    UserFactory.create_batch(staff, office=office, last_login=NOW - datetime.timedelta(days=300))
    return organizations + 1  # recipients


@pytest.mark.parametrize(("organizations", "users", "staff"), [(1, 1, 1), (4, 12, 9)])
def test_the_sweep_runs_the_same_queries_for_few_and_many(db, organizations, users, staff, django_assert_num_queries):
    recipients = _idle_world(organizations, users, staff)
    with django_assert_num_queries(6):
        # 1 the permission ids of the three rights
        # 2 customer administrators of organizations with someone inactive, not yet told
        # 3 location administrators of offices with someone inactive, not yet told
        # 4-6 savepoint, the notices in one insert, release
        assert services.inactive_users_sweep(now=NOW) == recipients
    with django_assert_num_queries(3):  # a rerun in the quarter: the same three reads find nobody
        assert services.inactive_users_sweep(now=NOW + datetime.timedelta(days=10)) == 0


@pytest.mark.parametrize(("organizations", "users"), [(1, 1), (3, 15)])
def test_each_e_mail_is_composed_in_the_same_queries(db, organizations, users, django_assert_num_queries):
    from django.contrib.auth.models import Permission

    recipient = UserFactory(last_login=NOW)
    for _ in range(organizations):
        organization = OrganizationFactory(modules={"claims": True})
        company_access_grant(
            user=recipient, organization=organization, rights=[*MINIMUM_RIGHTS, "claims.customer_administrator"]
        )
        for _ in range(users):
            _logged_in(portal_member(organization), NOW - datetime.timedelta(days=300))
    recipient.office = OfficeFactory()
    recipient.save()
    recipient.user_permissions.add(Permission.objects.get(codename="location_administrator"))
    UserFactory.create_batch(users, office=recipient.office, last_login=NOW - datetime.timedelta(days=300))
    services.inactive_users_sweep(now=NOW)
    notice = InactiveUserNotice.objects.get()
    with django_assert_num_queries(4):
        # 1 the notice with its recipient
        # 2 the portal user right's permission id
        # 3 the inactive customers of the notice's organizations, the first of each listed
        # 4 the inactive staff of its office
        composed = services.inactive_users_mail(notice_id=str(notice.pk))
    assert composed.body.count(" <") == organizations * users + users


def test_a_long_list_names_the_longest_inactive_and_counts_the_rest(organization, sweep, monkeypatch):
    monkeypatch.setattr(services, "INACTIVE_USERS_LISTED", 2)
    _logged_in(portal_member(organization, "claims.customer_administrator"), NOW)
    for days, name in [(400, "Oldest"), (300, "Older"), (200, "Recent one"), (190, "Recent two")]:
        _logged_in(portal_member(organization, full_name=name), NOW - datetime.timedelta(days=days))
    assert sweep(NOW) == 1
    body = mail.outbox[0].body
    assert "Oldest" in body and "Older" in body and "Recent" not in body
    assert "and 2 more users" in body


def test_inactive_customer_without_the_portal_is_not_swept(db):
    organization = OrganizationFactory()
    admin = portal_member(organization, "claims.customer_administrator")
    idle = UserFactory(last_login=NOW - datetime.timedelta(days=300))
    company_access_grant(user=idle, organization=organization, rights=list(MINIMUM_RIGHTS))
    _logged_in(admin, NOW)
    assert services.inactive_users_sweep(now=NOW) == 0


def test_management_commands_run_the_jobs(organization):
    from io import StringIO

    from django.core.management import call_command

    AbsenceFactory(organization=organization, first_day=datetime.date(2026, 1, 1))
    out = StringIO()
    call_command("flag_waiting_periods", "--day", "2026-03-01", stdout=out)
    call_command("flag_waiting_periods", "--day", "2026-03-01", stdout=out)
    assert out.getvalue().splitlines() == ["1 absence(s) flagged.", "0 absence(s) flagged."]
    call_command("sweep_inactive_users", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith("e-mail(s) sent.")
