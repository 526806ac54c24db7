"""Monthly pension payout runs: one run per employer and month, one line per pensioner and
month paid for.

Building a run is idempotent like payroll: it adds, for every approved award, a line for each
month from the award's first payout month up to the run's period that no run has paid yet,
so a rerun adds nothing, and an award approved late gets its arrears in the first run built
after the approval. A closed run is never changed; months it did not pay go into the next open
run. The unique (case, month) constraint holds this even under two concurrent builds.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.models import Organization, User
from pensions.models import CaseStatus, PayoutLine, PayoutRun, PayoutRunStatus, RetirementCase
from pensions.periods import month_start


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months(first: date, last: date):
    month = first
    while month <= last:
        yield month
        month = next_month(month)


def _open_run(*, organization: Organization, period: date) -> PayoutRun | None:
    """The period's run, locked, or None when it is closed."""
    run, _created = PayoutRun.objects.get_or_create(organization=organization, period=period)
    run = PayoutRun.objects.select_for_update().get(pk=run.pk)
    return run if run.is_open else None


def payout_run_build(*, organization: Organization, period: date) -> PayoutRun:
    """Build or bring up to date the run of a month; a closed run is returned unchanged."""
    return _build(organization=organization, period=period)[0]


def _build(*, organization: Organization, period: date) -> tuple[PayoutRun, int]:
    period = month_start(period)
    with transaction.atomic():
        run = _open_run(organization=organization, period=period)
        if run is None:
            return PayoutRun.objects.get(organization=organization, period=period), 0
        cases = list(
            RetirementCase.objects.filter(
                organization=organization, status=CaseStatus.APPROVED, payout_from__lte=period
            ).values_list("id", "payout_from", "monthly_pension")
        )
        paid = set(
            PayoutLine.objects.filter(case__organization=organization, case__status=CaseStatus.APPROVED)
            .values_list("case_id", "month")
            .order_by()
        )
        lines = [
            PayoutLine(run=run, case_id=case_id, month=month, amount=amount)
            for case_id, first, amount in cases
            for month in _months(first, period)
            if (case_id, month) not in paid
        ]
        try:
            with transaction.atomic():
                PayoutLine.objects.bulk_create(lines, batch_size=2000)
        except IntegrityError as concurrent:
            message = _("Another payout run paid these months at the same time; build again.")
            raise ValidationError(message) from concurrent
    return run, len(lines)


def payout_run_close(*, run: PayoutRun, actor: User) -> PayoutRun:
    """Close the run once its payout file is sent: it never changes again."""
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_open:
            raise ValidationError(_("The payout run is already closed."))
        run.status = PayoutRunStatus.CLOSED
        run.closed_at = timezone.now()
        run.closed_by = actor
        run.save()
    return run


def step_payouts(*, organization: Organization, period: date, actor=None) -> int:
    """The period job's pensioning step: the month's payout run, built or brought up to
    date; returns the payout lines it added (0 on a rerun)."""
    return _build(organization=organization, period=period)[1]
