"""The period job: a list of steps, each run for every employer in the fund.

Steps take (organization, period, actor) and return what they did as a count; every step is
idempotent, so a rerun changes nothing. Pensioning adds its payout step to STEPS.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from hrsuite.models import Organization
from hrsuite.modules import organizations_with
from pensions.integration import MODULE
from pensions.models import Invoice, InvoiceKind, SalaryReport
from pensions.periods import month_start
from pensions.selectors.members import payroll_runs_usable, report_in_force
from pensions.services.members import memberships_sync, salary_report_from_payroll
from pensions.services.payouts import step_payouts
from pensions.services.premiums import premium_invoice_create

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    key: str
    run: Callable[..., int]


def step_memberships(*, organization: Organization, period: date, actor=None) -> int:
    """Employees created in bulk (the import) join the fund from their employment's start."""
    return memberships_sync(organization=organization, actor=actor)


def step_reports(*, organization: Organization, period: date, actor=None) -> int:
    """A paid payroll run of the period becomes the period's report when none arrived yet;
    it is checked like any other (errors leave it out, logged; warnings await staff)."""
    if SalaryReport.objects.filter(organization=organization, period=period).exists():
        return 0
    run = payroll_runs_usable(organization=organization).filter(period=period).first()
    if run is None:
        return 0
    try:
        received = salary_report_from_payroll(organization=organization, run_id=run.id, actor=actor)
    except ValidationError as refused:
        logger.warning("pension report from payroll refused for %s %s: %s", organization.pk, period, refused.messages)
        return 0
    return int(received.created)


def step_premiums(*, organization: Organization, period: date, actor=None) -> int:
    """The period's premium invoice from the report in force, once."""
    if Invoice.objects.filter(organization=organization, kind=InvoiceKind.PREMIUM, period=period).exists():
        return 0
    report = report_in_force(organization=organization, period=period)
    if report is None:
        return 0
    try:
        premium_invoice_create(report=report, actor=actor)
    except ValidationError as refused:
        logger.warning("pension premium not computed for %s %s: %s", organization.pk, period, refused.messages)
        return 0
    return 1


STEPS: list[Step] = [
    Step("memberships", step_memberships),
    Step("reports", step_reports),
    Step("premiums", step_premiums),
    Step("payouts", step_payouts),
]


def period_run(*, period: date, organization_ids=None, actor=None) -> dict[str, int]:
    """Run every step for every employer in the fund (or the given ones) for the period."""
    period = month_start(period)
    organizations = organizations_with(MODULE).select_related("office")
    if organization_ids is not None:
        organizations = organizations.filter(id__in=list(organization_ids))
    done = {step.key: 0 for step in STEPS}
    for organization in organizations:
        for step in STEPS:
            done[step.key] += step.run(organization=organization, period=period, actor=actor)
    return done
