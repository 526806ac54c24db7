"""Benchmark: the payroll run page of 10,000 employees against that of 50, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/payroll_run_page.py

Builds both organizations as bench/payroll_period.py does (seed_demo, one month of time
entries, monthly and hourly paid), runs the payroll-period job for each so each has its
draft run, then renders the run page (first page and a later one) through the full Django
stack, interleaving the two organizations for 9 rounds. Prints the median times, the bytes
and the query counts, and the ratios 10,000 / 50 (goal: at most 1.5 in time and bytes; the
page lists 50 employees, its totals are database aggregates).
"""

import importlib.util
import io
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

spec = importlib.util.spec_from_file_location("payroll_period_bench", HERE / "payroll_period.py")
period_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(period_bench)  # sets Django up

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from hrsuite.models import User  # noqa: E402
from timesheets.services.period import payroll_period_process  # noqa: E402

ROUNDS = 9
SIZES = (50, 10000)


def get(client, url) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    return elapsed, len(response.content), len(queries)


def main():
    runs = {}
    for size in SIZES:
        organization = period_bench.prepare(size)
        with Quiet():
            result = payroll_period_process(
                organization=organization, period=period_bench.MONTH, today=period_bench.AFTER
            )
        runs[size] = reverse("timesheets:run_detail", kwargs={"org_id": organization.id, "run_id": result["run"]})
    client = Client()
    client.force_login(User.objects.get(email="staff@demo.hrsuite.example"))
    for label, query in (("first page", ""), ("page 3", "?page=3")):
        samples = {size: [] for size in SIZES}
        for size in SIZES:
            get(client, runs[size] + query)  # warm up
        for _round in range(ROUNDS):
            for size in SIZES:  # interleaved
                samples[size].append(get(client, runs[size] + query))
        summary = {}
        for size in SIZES:
            times = [sample[0] for sample in samples[size]]
            summary[size] = (statistics.median(times), samples[size][-1][1], samples[size][-1][2])
        (t_small, b_small, q_small), (t_large, b_large, q_large) = summary[SIZES[0]], summary[SIZES[1]]
        print(
            f"{label:<10} {SIZES[0]:>6}: {t_small * 1000:6.1f} ms {b_small:>8} B {q_small} queries | "
            f"{SIZES[1]:>6}: {t_large * 1000:6.1f} ms {b_large:>8} B {q_large} queries | "
            f"time x{t_large / t_small:.2f}, bytes x{b_large / b_small:.2f}"
        )


class Quiet:
    """Swallow the job's console e-mail to approvers."""

    def __enter__(self):
        self.stdout, sys.stdout = sys.stdout, io.StringIO()

    def __exit__(self, *exc):
        sys.stdout = self.stdout


if __name__ == "__main__":
    main()
