"""Benchmark: the inbox (the home page's "Waiting for you" and the sidebar's counts on every
page) as an organization grows, with last month's employee months checked for working days
without hours.

Builds (once) the demo data and a 10,000-employee organization with the timesheet module on
and every monthly overview of last month computed and open, then asks the inbox of the
50-employee demo organization and of the 10,000-employee one, interleaved: the timesheet
module's hook alone and the sidebar's counts through the full Django stack. Prints the medians,
the query counts and the ratios large / small.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/inbox.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from timesheet_orgs import small_and_large  # noqa: E402  (bench/, beside this script)

from hrsuite.models import Organization, User  # noqa: E402
from timesheets.models import MonthlyOverview, OverviewStatus  # noqa: E402
from timesheets.selectors.inbox import inbox  # noqa: E402

REPETITIONS = 9


def timed(ask) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        ask()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def main():
    small, large, month = small_and_large(flex_from_last_month=True)
    staff = User.objects.get(email="staff@demo.hrsuite.example")
    client = Client()
    client.force_login(staff)

    def hook(organization):
        return lambda: inbox(user=staff, organizations=Organization.objects.filter(pk=organization.pk))

    def sidebar(organization):
        url = reverse("inbox_counts", args=[organization.id])
        return lambda: client.get(url, headers={"HX-Request": "true"})

    asks = {
        (kind, organization): make(organization)
        for kind, make in (("hook", hook), ("sidebar", sidebar))
        for organization in (small, large)
    }
    for ask in asks.values():
        ask()  # warm up
    times = {key: [] for key in asks}
    counts = {}
    for _ in range(REPETITIONS):  # interleaved: all suffer the same load
        for key, ask in asks.items():
            elapsed, queries = timed(ask)
            times[key].append(elapsed)
            counts[key] = queries
    medians = {key: statistics.median(values) for key, values in times.items()}
    for organization in (small, large):
        open_months = MonthlyOverview.objects.filter(
            organization=organization, month=month, status=OverviewStatus.OPEN
        ).count()
        flagged = [i.count for i in hook(organization)() if "without hours" in str(i.label)]
        print(f"{organization.employees.count():>6} employees, {open_months} open months, flagged {flagged}:")
        for kind in ("hook", "sidebar"):
            key = (kind, organization)
            print(f"    {kind:8} {medians[key] * 1000:7.1f} ms, {counts[key]} queries")
    for kind in ("hook", "sidebar"):
        print(f"ratio 10,000 / 50, {kind}: {medians[(kind, large)] / medians[(kind, small)]:.2f}")


if __name__ == "__main__":
    main()
