from django.core.management.base import BaseCommand, CommandError

from hrsuite.modules import organizations_with
from timesheets import calendar
from timesheets.selectors.settings import MODULE
from timesheets.services.period import payroll_period_process
from timesheets.tasks import default_period


class Command(BaseCommand):
    help = (
        "Close a payroll period: compute every monthly overview, e-mail approvers what waits and build the "
        "payroll run from approved months, for every organization with the timesheet module on. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: the month that has just ended)")
        parser.add_argument("--organization", help="Only this organization (id)")

    def handle(self, *args, period=None, organization=None, **options):
        month = None
        if period:
            month = calendar.parse_month(period)
            if month is None:
                raise CommandError("--period must be YYYY-MM")
        organizations = organizations_with(MODULE).order_by("name")
        if organization:
            organizations = organizations.filter(id=organization)
            if not organizations.exists():
                raise CommandError("No organization with the timesheet module on has this id.")
        for each in organizations:
            result = payroll_period_process(organization=each, period=month or default_period(each))
            self.stdout.write(
                f"{each.name}: {result['computed']} overviews computed, {result['mailed']} approvers mailed, "
                f"run {result['run']}"
            )
