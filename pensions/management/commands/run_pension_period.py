from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pensions.services.period import period_run
from pensions.tasks import default_period


class Command(BaseCommand):
    help = (
        "Run the pension fund's period job for every employer in the fund: memberships, the salary report "
        "from a paid payroll run, premiums and invoices (and every step pensioning adds). Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: the month that has just ended)")
        parser.add_argument("--organization", help="Only this organization (id)")

    def handle(self, *args, period=None, organization=None, **options):
        month = default_period()
        if period:
            try:
                month = date.fromisoformat(f"{period}-01")
            except ValueError as bad:
                raise CommandError("--period must be YYYY-MM") from bad
        done = period_run(period=month, organization_ids=[organization] if organization else None)
        self.stdout.write(f"{month:%Y-%m}: " + ", ".join(f"{key} {count}" for key, count in done.items()))
