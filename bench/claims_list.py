"""Benchmark: the claims list and the inactive-user sweep stay flat as the data grows.

Builds (once, resumably) two claims-portal organizations, one with 10 claims and one with
100,000, and renders the claims list (first page, a line filter, a search, a late page) for
both through the full Django stack: same query count, time ratio large / small from medians
of interleaved repetitions. Then runs the quarterly inactive-user sweep over 1,000 and over
100,000 idle portal users (an administrator each, and a reader holding every right), a
same-quarter rerun, and composes the e-mails apart, as the mail jobs do after the commit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_sweep .venv/bin/python bench/claims_list.py

Figures on PostgreSQL, 2 shared cores, from an empty database (2 min 28 s in all, migrations
and the 100,000 claims and 100,000 users built included; peak resident memory 217 MiB):
    claims list, 10 vs 100,000 claims: 11 queries each; time ratio 1.7 to 3.4 (search)
    sweep, 1,000 users:   180 ms, 6 queries, 2 administrators e-mailed, peak 1.0 MiB
    sweep, 100,000 users:  92 ms, 6 queries, 2 administrators e-mailed, peak 0.1 MiB
    rerun in the quarter:  80 ms, 3 queries, nothing sent
    e-mails at 100,000: 4 queries each, 0.8 s each, peak 0.3 MiB (200 listed per organization,
    the rest counted)
On fresh tables the user build stalled before the sweep ever ran: planned on the statistics
of the empty tables, the join of 100,000 company permissions with their users ran as a
nested loop without an index (100,000 x 100,000 rows); ANALYZE after each bulk step fixes it.
"""

import os
import statistics
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims import services  # noqa: E402
from claims.models import RIGHTS, Claim, ClaimLine, InactiveUserNotice  # noqa: E402
from claims.rights import MINIMUM_RIGHTS  # noqa: E402
from claims.terms import terms_accept  # noqa: E402
from hrsuite.grants import company_access_grant  # noqa: E402
from hrsuite.models import CompanyAccess, Employee, JobFunctionLevel, Office, Organization, User  # noqa: E402
from hrsuite.services import module_switch  # noqa: E402

ROUNDS = 15
BATCH = 5000
LINES = list(ClaimLine)
LEVELS = list(JobFunctionLevel)


def organization(name: str, number: str, office: Office) -> Organization:
    org = Organization.objects.get_or_create(
        country="NO", org_number=number, defaults={"office": office, "name": name, "currency": "NOK"}
    )[0]
    portal(org, True)
    return org


def portal(org: Organization, on: bool) -> None:
    module_switch(organization=org, key="claims", enabled=on, actor=None)


def fill_claims(org: Organization, count: int, handler: User) -> None:
    if Claim.objects.filter(organization=org).count() >= count:
        return
    employees = Employee.objects.bulk_create(
        Employee(
            organization=org,
            number=f"B{n}",
            first_name=f"First{n}",
            last_name=f"Last{n}",
            job_function_level=LEVELS[n % len(LEVELS)],
            employment_start=date(2020, 1, 1),
        )
        for n in range(min(count, 1000))
    )
    start = date(2024, 1, 1)
    batch = []
    for n in range(count):
        line = LINES[n % len(LINES)]
        employee = employees[n % len(employees)]
        personal = line in {"accident_occupational", "accident_non_occupational", "sickness"}
        day = start + timedelta(days=n % 700)
        batch.append(
            Claim(
                organization=org,
                line=line,
                title=f"Claim {n}",
                claim_number=f"C-{n}",
                employee=employee if personal else None,
                job_function_level=employee.job_function_level if personal else "",
                occurred_on=day,
                reported_on=day,
                handler=handler,
            )
        )
        if len(batch) == 5000:
            Claim.objects.bulk_create(batch)
            batch = []
    Claim.objects.bulk_create(batch)


def fill_users(org: Organization, count: int) -> None:
    """Portal users of the organization who last logged in over a year ago, in bulk.

    Resumable: every step inserts with ignore_conflicts and reads back what is in the database,
    so a run killed half way (users without access, access without rights) is completed on the
    next run instead of failing on duplicate e-mails. One precomputed unusable password for
    all: hashing 100,000 passwords is what made the build take half an hour."""
    portal = Permission.objects.get(content_type__app_label="claims", codename="portal_user")
    if CompanyAccess.objects.filter(organization=org, rights=portal, user__email__startswith="idle").count() >= count:
        return
    suffix = f"-{org.org_number}@bench.example"
    emails = [f"idle{n}{suffix}" for n in range(count)]
    password = make_password(None)
    long_ago = timezone.now() - timedelta(days=400)
    for chunk in range(0, count, BATCH):
        User.objects.bulk_create(
            [
                User(
                    id=uuid.uuid4(),
                    email=email,
                    full_name=f"Idle {email.split('-')[0][4:]}",
                    password=password,
                    last_login=long_ago,
                )
                for email in emails[chunk : chunk + BATCH]
            ],
            ignore_conflicts=True,
        )
    analyze(User)
    user_ids = list(User.objects.filter(email__startswith="idle", email__endswith=suffix).values_list("id", flat=True))
    for chunk in range(0, len(user_ids), BATCH):
        CompanyAccess.objects.bulk_create(
            [CompanyAccess(user_id=pk, organization=org) for pk in user_ids[chunk : chunk + BATCH]],
            ignore_conflicts=True,
        )
    analyze(CompanyAccess)
    access_ids = list(
        CompanyAccess.objects.filter(organization=org, user__email__endswith=suffix, user__email__startswith="idle")
        .exclude(rights=portal)
        .values_list("id", flat=True)
    )
    Through = CompanyAccess.rights.through
    for chunk in range(0, len(access_ids), BATCH):
        Through.objects.bulk_create(
            [Through(companyaccess_id=pk, permission_id=portal.id) for pk in access_ids[chunk : chunk + BATCH]],
            ignore_conflicts=True,
        )
    analyze(Through)


def analyze(*models) -> None:
    """Fresh planner statistics after a bulk insert, as autovacuum would gather them later:
    planned on the statistics of the empty tables, a join over 100,000 rows runs as a nested
    loop without an index (hours instead of a second)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(model._meta.db_table for model in models)
            cursor.execute(f"ANALYZE {tables}")


def timed(client, url) -> tuple[float, int]:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return time.perf_counter() - started, len(queries)


def main():
    call_command("migrate", verbosity=0)
    office = Office.objects.get_or_create(name="Bench office")[0]
    small = organization("Claims 10", "970000010", office)
    large = organization("Claims 100000", "970100000", office)
    everything = [f"claims.{codename}" for codename, _label in RIGHTS]
    reader = User.objects.filter(email="reader@bench.example").first() or User.objects.create_user(
        "reader@bench.example", "x", full_name="Reader"
    )
    for org in (small, large):
        company_access_grant(user=reader, organization=org, rights=everything)
    started = time.perf_counter()
    fill_claims(small, 10, reader)
    fill_claims(large, 100_000, reader)
    analyze(Employee, Claim)
    print(f"claims ready: {time.perf_counter() - started:.1f} s")
    terms_accept(user=reader)  # past the first login's terms of use
    client = Client()
    client.force_login(reader)
    for label, query in [
        ("first page", ""),
        ("line motor", "?line=motor"),
        ("search 'Claim 7'", "?q=Claim+7"),
        ("page 3", "?page=3"),
    ]:
        urls = {org: reverse("claims:claim_list", kwargs={"org_id": org.id}) + query for org in (small, large)}
        for url in urls.values():
            client.get(url)  # warm up
        times = {small: [], large: []}
        counts = {}
        for _ in range(ROUNDS):  # interleaved
            for org, url in urls.items():
                elapsed, counts[org] = timed(client, url)
                times[org].append(elapsed)
        t_small, t_large = statistics.median(times[small]), statistics.median(times[large])
        print(
            f"{label:<18} 10 claims: {t_small * 1000:6.1f} ms, {counts[small]} queries | "
            f"100,000 claims: {t_large * 1000:6.1f} ms, {counts[large]} queries | ratio {t_large / t_small:.2f}"
        )

    # The sweep: an administrator per organization, 1,000 vs 100,000 idle portal users.
    for org in (small, large):
        admin_email = f"admin-{org.org_number}@bench.example"
        admin = User.objects.filter(email=admin_email).first() or User.objects.create_user(
            admin_email, "x", full_name="Admin"
        )
        company_access_grant(user=admin, organization=org, rights=[*MINIMUM_RIGHTS, "claims.customer_administrator"])
        User.objects.filter(pk=admin.pk).update(last_login=datetime.now(UTC))
    started = time.perf_counter()
    fill_users(small, 1000)
    fill_users(large, 100_000)
    print(f"users ready: {time.perf_counter() - started:.1f} s")
    sweep(small, large)


def sweep(small: Organization, large: Organization) -> None:
    """The sweep with the portal on in one organization at a time, then a same-quarter rerun;
    its e-mails are jobs of their own (one per recipient, run by the workers after the
    commit), so they are composed and timed apart."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    runs = (("sweep, 1,000 users", small), ("sweep, 100,000 users", large), ("rerun in the quarter", large))
    for label, enabled in runs:
        for org in (small, large):
            portal(org, org == enabled)
        if not label.startswith("rerun"):
            InactiveUserNotice.objects.all().delete()
        tracemalloc.start()
        started = time.perf_counter()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            sent = services.inactive_users_sweep()
            jobs = [callback for _sid, callback, _robust in connection.run_on_commit]
            connection.run_on_commit = []  # composed below, one by one, instead of by the workers
        elapsed, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        mail.outbox = []
        tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as mail_queries:
            for job in jobs:
                job()
        mail_elapsed, mail_peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        lines = max((message.body.count("\n") for message in mail.outbox), default=0)
        print(
            f"{label:<22}: {elapsed * 1000:7.1f} ms, {len(queries)} queries, peak {peak / 2**20:.1f} MiB,"
            f" {sent} administrator(s) e-mailed | e-mails: {mail_elapsed * 1000:7.1f} ms, {len(mail_queries)} queries,"
            f" peak {mail_peak / 2**20:.1f} MiB, longest {lines} lines"
        )
    portal(small, True)
    portal(large, True)


if __name__ == "__main__":
    main()
