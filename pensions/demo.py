"""Demo member data: the demo employers join the fund, the fund gets its rate, the last
three paid payroll months become salary reports (the latest one's warnings acknowledged),
the first two are invoiced and the oldest is paid in part. Idempotent."""

import random
from datetime import date, timedelta
from decimal import Decimal

from hrsuite.models import Organization
from hrsuite.services import module_switch
from pensions.integration import MODULE
from pensions.models import PremiumRate, ReportStatus, SalaryReport
from pensions.selectors.members import payroll_runs_usable
from pensions.services.members import ReportRefused, memberships_sync, salary_report_accept, salary_report_from_payroll
from pensions.services.premiums import payment_register, premium_invoice_create


def seed_organization(*, organization: Organization, rng: random.Random) -> list:
    from pensions.demo_pensioning import seed_pensioning

    seed_pensioning(organization=organization, rng=rng)
    if SalaryReport.objects.filter(organization=organization).exists():
        return []
    module_switch(organization=organization, key=MODULE, enabled=True, actor=None)
    memberships_sync(organization=organization)
    PremiumRate.objects.get_or_create(
        office=organization.office,
        valid_from=date(2020, 1, 1),
        defaults={"employer_rate": Decimal("12.000"), "member_rate": Decimal("2.000")},
    )
    runs = list(payroll_runs_usable(organization=organization).order_by("period"))[-3:]
    reports = []
    for run in runs:
        try:
            received = salary_report_from_payroll(organization=organization, run_id=run.id, actor=None)
        except ReportRefused:
            continue
        report = received.report
        if report.status == ReportStatus.PENDING and run != runs[-1]:
            report = salary_report_accept(report=report, actor=None, reason="Checked with the employer's HR")
        reports.append(report)
    invoices = [premium_invoice_create(report=report) for report in reports[:2] if report.in_force]
    if invoices:
        first = invoices[0]
        payment_register(
            organization=organization,
            reference=first.reference,
            amount=(first.total * Decimal("0.6")).quantize(Decimal("0.01")),
            paid_on=first.due_date - timedelta(days=rng.randrange(1, 10)),
            actor=None,
        )
    return []
