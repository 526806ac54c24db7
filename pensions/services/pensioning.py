"""Pensioning writes: G values, retirement notices, their check and calculation, approval.

A case moves notified → calculated → approved. The check lists what the member data lacks;
only a complete case is calculated, and the calculation stores a snapshot of every input
(service years with their reports, the G values, the rule, the divisor) so what is shown and
paid never moves when the tables change later. Approval is the fund's act (a right of its
own), audited, and sets the first payout month; the payouts follow in the payout runs.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.audit import audit_record
from hrsuite.dates import short_date
from hrsuite.models import AuditAction, Employee, Organization, User
from pensions.models import BasicAmount, CaseStatus, PensionScheme, RetirementCase, SchemeKind
from pensions.schemes import (
    MissingInput,
    ServiceYear,
    calculate,
    g_to_json,
    rule_to_json,
    service_to_json,
)
from pensions.selectors import pensioning as selectors
from pensions.services.payouts import next_month


def g_value_add(*, valid_from: date, amount, source: str = "", actor: User | None) -> BasicAmount:
    """Add the G of a year (from its 1 May). Awards already calculated keep their snapshot."""
    row = BasicAmount(valid_from=valid_from, amount=amount, source=source, created_by=actor)
    row.full_clean()
    with transaction.atomic():
        row.save()
    return row


def retirement_notify(
    *,
    organization: Organization,
    employee: Employee,
    scheme: PensionScheme,
    retirement_date: date,
    reason: str,
    note: str = "",
    actor: User | None,
    service: list[ServiceYear] | None = None,
) -> RetirementCase:
    """The employer's notice: opens the case and checks and calculates it at once."""
    if employee.organization_id != organization.id:
        raise ValidationError({"employee": _("The member is not an employee of this organization.")})
    if scheme.office_id != organization.office_id:
        raise ValidationError({"scheme": _("The scheme is not one of this fund's.")})
    if retirement_date and retirement_date < employee.employment_start:
        raise ValidationError({"retirement_date": _("The retirement date lies before the employment started.")})
    if RetirementCase.objects.filter(employee=employee, scheme=scheme).exists():
        raise ValidationError({"employee": _("This member already has a retirement case in this scheme.")})
    case = RetirementCase(
        organization=organization,
        employee=employee,
        scheme=scheme,
        retirement_date=retirement_date,
        reason=reason,
        note=note,
        notified_by=actor,
    )
    case.full_clean()
    with transaction.atomic():
        case.save()
        return retirement_calculate(case=case, service=service)


def _birth_year(case: RetirementCase) -> int | None:
    return case.employee.birth_date.year if case.employee.birth_date else None


def retirement_inputs(*, case: RetirementCase, service: list[ServiceYear]) -> tuple[dict, list[str]]:
    """The calculation's inputs as a snapshot, and what is missing for it (empty: complete)."""
    missing = []
    if case.employee.birth_date is None:
        missing.append(_("The member's birth date is not registered."))
    if not service:
        missing.append(_("No accepted salary report holds the member's pensionable salary."))
    elif service[-1].year < case.retirement_date.year - 1:
        missing.append(
            _("The latest salary report is from %(year)s: reports up to the retirement are missing.")
            % {"year": service[-1].year}
        )
    rules = selectors.scheme_rules(scheme=case.scheme)
    g_table = selectors.g_table()
    inputs = {
        "kind": case.scheme.kind,
        "retirement_date": case.retirement_date.isoformat(),
        "birth_year": _birth_year(case),
        "service": service_to_json(service),
        "g": g_to_json(g_table.values),
    }
    if case.scheme.kind == SchemeKind.GROSS:
        in_force = [r for r in rules if r.valid_from is None or r.valid_from <= case.retirement_date]
        if not in_force:
            missing.append(_("The scheme has no rule in force on the retirement date."))
        inputs["rules"] = [rule_to_json(in_force[-1])] if in_force else []
        days = [case.retirement_date]
    else:
        inputs["rules"] = [rule_to_json(r) for r in rules]
        if not rules:
            missing.append(_("The scheme has no rules."))
        divisor = selectors.scheme_divisor(scheme=case.scheme, birth_year=inputs["birth_year"] or 0)
        if divisor is None and inputs["birth_year"]:
            missing.append(_("The scheme has no divisor for birth year %(year)s.") % {"year": inputs["birth_year"]})
        inputs["divisor"] = str(divisor.divisor) if divisor else None
        inputs["divisor_source"] = (divisor.source or case.scheme.name) if divisor else ""
        days = [date(y.year, month, 1) for y in service for month in (1, 12)]
    for day in days:
        try:
            g_table.on(day)
        except MissingInput:
            missing.append(_("The G table has no value for %(day)s.") % {"day": short_date(day)})
            break
    return inputs, missing


def retirement_calculate(*, case: RetirementCase, service: list[ServiceYear] | None = None) -> RetirementCase:
    """Check the member data and, when complete, calculate. Again after the member data was
    corrected: a case that is not yet approved is recalculated from the data as it is now."""
    if case.approved:
        raise ValidationError(_("An approved award is not recalculated."))
    if service is None:
        service = selectors.reported_service(employee=case.employee, until=case.retirement_date)
    inputs, missing = retirement_inputs(case=case, service=service)
    result = None
    if not missing:
        try:
            result = calculate(inputs)
        except MissingInput as lacking:
            missing.append(_("Missing for the calculation: %(what)s.") % {"what": lacking.what})
        except ValueError as impossible:
            missing.append(_("The member data cannot be used: %(why)s.") % {"why": impossible})
    case.missing = missing
    case.inputs = inputs if result else {}
    case.yearly_pension = result.yearly if result else None
    case.monthly_pension = result.monthly if result else None
    case.calculated_at = timezone.now() if result else None
    case.status = CaseStatus.CALCULATED if result else CaseStatus.NOTIFIED
    case.full_clean()
    with transaction.atomic():
        case.save()
    return case


def retirement_approve(*, case: RetirementCase, actor: User) -> RetirementCase:
    """The fund approves the calculated award: payouts run from the month after retirement."""
    with transaction.atomic():
        case = RetirementCase.objects.select_for_update().select_related("employee", "scheme").get(pk=case.pk)
        if case.status != CaseStatus.CALCULATED:
            raise ValidationError(_("Only a calculated case with complete member data can be approved."))
        case.status = CaseStatus.APPROVED
        case.approved_by = actor
        case.approved_at = timezone.now()
        case.payout_from = next_month(case.retirement_date)
        case.save()
        audit_record(
            action=AuditAction.PENSION_APPROVED,
            actor=actor,
            organization=case.organization,
            subject=case,
            yearly_pension=str(case.yearly_pension),
            monthly_pension=str(case.monthly_pension),
            payout_from=case.payout_from.isoformat(),
            scheme=case.scheme.code,
        )
    return case


__all__ = [
    "g_value_add",
    "retirement_approve",
    "retirement_calculate",
    "retirement_inputs",
    "retirement_notify",
]
