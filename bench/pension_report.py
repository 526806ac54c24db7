"""Benchmark: a 50,000-member salary report, checked and loaded; its premium computed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrsuite_bench .venv/bin/python bench/pension_report.py

Options: --members N (default 50000), --repeat R (default 3).

1. A CSV report of N members for a fresh employer in the fund goes through the service the
   upload screen calls (safe reading, every quality check, all-or-nothing load). Goal: at most
   15 s. The same file again (nothing changes) is timed too. Peak RSS of the process is
   printed after setup and after the loads: the difference is what the report costs in memory.
2. The premium of the report, computed set-based: the annual recomputation (one read of the
   lines, per-member rounding in Python) and the invoice (that read plus one insert of N
   lines), each against one raw SQL aggregate over the same rows (SUM of the salaries),
   interleaved, medians of R repetitions, with each one's query count (independent of N).
"""

import argparse
import os
import resource
import statistics
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsuite.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hrsuite.models import Employee, Office, Organization  # noqa: E402
from hrsuite.services import module_switch  # noqa: E402
from pensions.models import PremiumRate, SalaryReportLine  # noqa: E402
from pensions.services.members import salary_report_from_file  # noqa: E402
from pensions.services.premiums import premium_invoice_create, year_recomputed  # noqa: E402

PERIOD = date(2025, 3, 1)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def employer(members: int) -> Organization:
    office = Office.objects.get_or_create(name="Pension bench fund")[0]
    PremiumRate.objects.get_or_create(
        office=office,
        valid_from=date(2020, 1, 1),
        defaults={"employer_rate": Decimal("12"), "member_rate": Decimal("2")},
    )
    organization = Organization.objects.create(
        office=office,
        name=f"Pension bench {uuid.uuid4().hex[:8]}",
        org_number=uuid.uuid4().hex[:12],
        country="NO",
        currency="NOK",
    )
    module_switch(organization=organization, key="pensions", enabled=True, actor=None)
    Employee.objects.bulk_create(
        [
            Employee(
                organization=organization,
                number=str(100000 + n),
                first_name=f"Kari{n}",
                last_name="Nordmann",
                birth_date=date(1960 + n % 40, 1 + n % 12, 1),
                employment_start=date(2015, 1, 1),
            )
            for n in range(members)
        ],
        batch_size=5000,
    )
    return organization


def the_file(members: int) -> bytes:
    lines = ["employee_number;pensionable_salary;position_percentage;start;end;change"]
    lines += [f"{100000 + n};{40000 + n % 9000},{n % 100:02d};{50 + n % 51};;;" for n in range(members)]
    return ("\n".join(lines) + "\n").encode()


def timed(function):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def rolled_back(function):
    def run():
        with transaction.atomic():
            result = function()
            transaction.set_rollback(True)
        return result

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    organization = employer(args.members)
    content = the_file(args.members)
    setup_rss = peak_rss_mb()

    load, load_queries, received = timed(
        lambda: salary_report_from_file(
            organization=organization, period=PERIOD, file_name="report.csv", content=content, actor=None
        )
    )
    report = received.report
    assert received.created and report.line_count == args.members, report.status
    again, again_queries, second = timed(
        lambda: salary_report_from_file(
            organization=organization, period=PERIOD, file_name="report.csv", content=content, actor=None
        )
    )
    assert not second.created
    load_rss = peak_rss_mb()
    print(
        f"backend {connection.vendor}, {args.members} members, status {report.status}, {len(content) // 1024} kB file"
    )
    print(
        f"report checked and loaded: {load:.2f} s ({load_queries} queries), "
        f"goal <= 15 s: {'ok' if load <= 15 else 'MISSED'}"
    )
    print(f"same file again (nothing changes): {again:.2f} s ({again_queries} queries)")
    print(
        f"peak RSS: {setup_rss:.0f} MB after setup, {load_rss:.0f} MB after the loads (+{load_rss - setup_rss:.0f} MB)"
    )

    raw = f"SELECT SUM(pensionable_salary) FROM {SalaryReportLine._meta.db_table} WHERE report_id = %s"
    report_id = report.pk.hex if connection.vendor == "sqlite" else report.pk

    def aggregate():
        with connection.cursor() as cursor:
            cursor.execute(raw, [report_id])
            return cursor.fetchone()[0]

    samples = {"aggregate": [], "recompute": [], "invoice": []}
    queries = {}
    for _ in range(args.repeat):
        for name, function in (
            ("aggregate", aggregate),
            ("recompute", lambda: year_recomputed(organization=organization, year=PERIOD.year)),
            ("invoice", rolled_back(lambda: premium_invoice_create(report=report))),
        ):
            elapsed, count, _result = timed(function)
            samples[name].append(elapsed)
            queries[name] = count
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["aggregate"]
    print(f"raw aggregate over the lines: {base * 1000:.1f} ms ({queries['aggregate']} query)")
    for name, label in (
        ("recompute", "premium recomputed (per member, rounded)"),
        ("invoice", "premium invoice with N lines"),
    ):
        print(
            f"{label}: {medians[name] * 1000:.1f} ms ({queries[name]} queries), "
            f"ratio {medians[name] / base:.1f} x the raw aggregate"
        )


if __name__ == "__main__":
    main()
