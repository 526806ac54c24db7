"""Benchmark: the employee list stays flat as an organization grows.

Builds (once) the demo data and a 10,000-employee organization, then renders the first page of
the employee list, a search and the last page, for the 50-employee demo organization and for
the 10,000-employee one, through the full Django stack. Prints the times and the ratio large /
small, measured in the same run; the goal is a ratio close to 1 (paginated, indexed queries),
and the same number of queries for both.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/employee_list.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from hrsuite.models import Organization, User  # noqa: E402

ROUNDS = 20


def measure(client, url) -> tuple[float, int]:
    client.get(url)  # warm up
    started = time.perf_counter()
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
    return (time.perf_counter() - started) / ROUNDS, len(queries)


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", employees=10000, stdout=quiet)
    print(f"seed_demo --employees 10000: {time.perf_counter() - started:.1f} s (includes demo data if new)")
    small = Organization.objects.get(org_number="912345678")
    large = Organization.objects.get(name="Benchmark 10000 AS")
    client = Client()
    client.force_login(User.objects.get(email="staff@demo.hrsuite.example"))
    for label, query in [("first page", ""), ("search 'hansen'", "?q=hansen"), ("page 10", "?page=10&status=all")]:
        results = {}
        for organization in (small, large):
            url = reverse("employee_list", kwargs={"org_id": organization.id}) + query
            results[organization.employees.count()] = measure(client, url)
        (n_small, (t_small, q_small)), (n_large, (t_large, q_large)) = sorted(results.items())
        print(
            f"{label:<16} {n_small:>6} employees: {t_small * 1000:6.1f} ms, {q_small} queries | "
            f"{n_large:>6} employees: {t_large * 1000:6.1f} ms, {q_large} queries | ratio {t_large / t_small:.2f}"
        )


if __name__ == "__main__":
    main()
