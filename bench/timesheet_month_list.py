"""Benchmark: the timesheet month list (Timesheet -> Monthly overview) as an organization grows.

Builds (once) the demo data and a 10,000-employee organization with the timesheet module on
and every monthly overview of last month computed, then renders the month list's first page
for the 50-employee demo organization and for the 10,000-employee one through the full Django
stack, interleaved, and prints the medians, the query counts and the ratio large / small
(goal: at most 1.5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/timesheet_month_list.py
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

from hrsuite.models import User  # noqa: E402

REPETITIONS = 9


def once(client, url) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed, len(queries), len(response.content)


def main():
    small, large, month = small_and_large()
    client = Client()
    client.force_login(User.objects.get(email="staff@demo.hrsuite.example"))
    urls = {
        organization: reverse("timesheets:months", args=[organization.id]) + f"?month={month:%Y-%m}"
        for organization in (small, large)
    }
    for url in urls.values():
        once(client, url)  # warm up
    times = {small: [], large: []}
    facts = {}
    for _ in range(REPETITIONS):  # interleaved: both suffer the same load
        for organization, url in urls.items():
            elapsed, queries, size = once(client, url)
            times[organization].append(elapsed)
            facts[organization] = (queries, size)
    medians = {organization: statistics.median(values) for organization, values in times.items()}
    for organization in (small, large):
        queries, size = facts[organization]
        print(
            f"{organization.employees.count():>6} employees: {medians[organization] * 1000:7.1f} ms, "
            f"{queries} queries, {size / 1024:.0f} KiB"
        )
    print(f"ratio 10,000 / 50: {medians[large] / medians[small]:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
