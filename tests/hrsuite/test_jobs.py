import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from hrsuite import tasks
from hrsuite.celery import app
from hrsuite.models import Employee, Organization, User
from tests.factories import EmployeeFactory, UserFactory


def ended_employee_with_login(organization, **fields):
    user = UserFactory()
    EmployeeFactory(organization=organization, employment_end=datetime.date(2024, 1, 31), user=user, **fields)
    return user


class TestDeactivateEndedLogins:
    def test_closes_only_logins_of_ended_employments_and_is_idempotent(self, organization, owner):
        ended = ended_employee_with_login(organization)
        current = UserFactory()
        EmployeeFactory(organization=organization, user=current)
        assert tasks.deactivate_ended_employee_logins.delay().get() == 1
        ended.refresh_from_db()
        current.refresh_from_db()
        assert not ended.is_active and current.is_active and User.objects.get(pk=owner.pk).is_active
        assert tasks.deactivate_ended_employee_logins.delay().get() == 0

    def test_keeps_the_login_of_someone_who_also_administers(self, organization):
        from hrsuite import roles
        from hrsuite.grants import company_access_grant

        user = ended_employee_with_login(organization)
        company_access_grant(user=user, organization=organization, rights=roles.HR_VIEWER)
        assert tasks.deactivate_ended_employee_logins.delay().get() == 0


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis as broker (set REDIS_URL; CI does)")
def test_job_runs_on_a_real_worker_through_redis(organization):
    from celery.contrib.testing.worker import start_worker

    user = ended_employee_with_login(organization)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            result = tasks.deactivate_ended_employee_logins.delay()
            assert result.get(timeout=30) == 1
    finally:
        app.conf.task_always_eager = True
    user.refresh_from_db()
    assert not user.is_active


class TestSeedDemo:
    def test_builds_two_organizations_and_the_logins_and_is_idempotent(self, db, capsys):
        call_command("seed_demo")
        call_command("seed_demo")
        organizations = Organization.objects.all()
        assert {o.country for o in organizations} == {"NO", "NL"}
        for organization in organizations:
            assert organization.employees.count() == 50
            assert organization.departments.count() == 5
        output = capsys.readouterr().out
        for email in ["staff@", "hr.no@", "hr.nl@", "multi@", "employee@"]:
            assert email in output
        assert User.objects.get(email="employee@demo.hrsuite.example").employee.organization.country == "NO"

    def test_demo_national_ids_are_valid(self, db):
        call_command("seed_demo")
        for employee in Employee.objects.select_related("organization")[:100]:
            employee.full_clean()

    def test_large_organization_in_bulk(self, db, django_assert_max_num_queries):
        call_command("seed_demo")
        # Bulk inserts in chunks: the count follows chunks, not rows (salary terms add theirs;
        # the claims portal's demo asks once per demo organization whether it is there already;
        # the pension fund's pensioning demo reads its two schemes per Norwegian organization and
        # notifies one retirement in the new one, a fixed number whatever the employees).
        # SQLite sizes a chunk by the columns, so the employee's contact columns add chunks.
        with django_assert_max_num_queries(180):
            call_command("seed_demo", employees=3000)
        assert Organization.objects.get(name="Benchmark 3000 AS").employees.count() == 3000
