"""Benchmark: the monthly pension payout run for many pensioners, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/pension_payouts.py

Options: --pensioners N (default 10000).

Builds its own employer with N approved awards (bulk insert), then, for several interleaved
repetitions, times:
  * the baseline: one raw aggregate, COUNT and SUM(monthly_pension) over the same awards;
  * building the payout run of a month (a line per pensioner) and rebuilding it (a rerun:
    nothing added);
and prints the medians, the query counts (the same for any N: the build is set-based) and the
ratios against the baseline. Each repetition builds a fresh month, so every first build
writes N lines.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hrsuite.models import Employee, Office, Organization  # noqa: E402
from pensions.demo_pensioning import gross_scheme_for  # noqa: E402
from pensions.models import CaseStatus, PayoutLine, PayoutRun, RetirementCase  # noqa: E402
from pensions.services.payouts import payout_run_build  # noqa: E402

REPETITIONS = 5


def prepare(count: int) -> Organization:
    call_command("migrate", verbosity=0)
    office, _ = Office.objects.get_or_create(name="Bench pension fund")
    organization, _ = Organization.objects.get_or_create(
        org_number=f"8{count:08d}",
        defaults={"office": office, "name": f"Bench pensioners {count}", "country": "NO", "currency": "NOK"},
    )
    PayoutLine.objects.filter(run__organization=organization).delete()
    PayoutRun.objects.filter(organization=organization).delete()
    if RetirementCase.objects.filter(organization=organization).count() != count:
        RetirementCase.objects.filter(organization=organization).delete()
        Employee.objects.filter(organization=organization).delete()
        scheme = gross_scheme_for(office)
        employees = Employee.objects.bulk_create(
            Employee(
                organization=organization,
                number=str(n),
                first_name="Pen",
                last_name=f"Sioner {n}",
                employment_start=date(1990, 1, 1),
                birth_date=date(1958, 1, 1),
            )
            for n in range(count)
        )
        RetirementCase.objects.bulk_create(
            RetirementCase(
                id=uuid.uuid4(),
                organization=organization,
                employee=employee,
                scheme=scheme,
                retirement_date=date(2024, 12, 31),
                reason="age",
                status=CaseStatus.APPROVED,
                yearly_pension=Decimal("240000.00") + n,
                monthly_pension=Decimal("20000.00") + n,
                payout_from=date(2030, 1, 1),
            )
            for n, employee in enumerate(employees)
        )
    return organization


def baseline(organization) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(monthly_pension) FROM pensions_retirementcase WHERE organization_id = %s",
            [organization.pk.hex if connection.vendor == "sqlite" else organization.pk],
        )
        cursor.fetchall()


def timed(action) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
    return elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pensioners", type=int, default=10000)
    count = parser.parse_args().pensioners
    organization = prepare(count)
    results = {"baseline": [], "build": [], "rerun": []}
    counts = {}
    for repetition in range(REPETITIONS):
        period = date(2030 + repetition, 1, 1)  # each repetition a fresh month: N new lines
        RetirementCase.objects.filter(organization=organization).update(payout_from=period)
        for key, action in (
            ("baseline", lambda: baseline(organization)),
            ("build", lambda p=period: payout_run_build(organization=organization, period=p)),
            ("rerun", lambda p=period: payout_run_build(organization=organization, period=p)),
        ):
            elapsed, queries = timed(action)
            results[key].append(elapsed)
            counts[key] = queries
        lines = PayoutLine.objects.filter(run__organization=organization, run__period=period).count()
        assert lines == count, lines  # one line per pensioner; the rerun added none
    median = {key: statistics.median(values) for key, values in results.items()}
    print(f"{connection.vendor}, {count} pensioners, medians of {REPETITIONS} interleaved repetitions")
    for key in ("baseline", "build", "rerun"):
        ratio = median[key] / median["baseline"] if median["baseline"] else float("nan")
        print(f"  {key:8} {median[key] * 1000:9.1f} ms  {counts[key]:3} queries  ratio {ratio:8.1f}x")
    print(f"  lines per build: {lines}")


if __name__ == "__main__":
    main()
