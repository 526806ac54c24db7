"""Writes to benefits and their links. Keyword-only, atomic, validated with full_clean().

Nothing here erases what happened: removing an employee ends the link on a date; only a link
that would never have started (ended before its first day) is cancelled, and its history row
still shows who cancelled it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from benefits.kinds import INSURANCES, Kind
from benefits.models import ENDING_SOON_DAYS, BenefitBase, Insurance, InsuranceLink, LinkBase, OtherBenefitLink
from benefits.selectors import MODULE
from hrsuite.dates import short_date
from hrsuite.models import Employee, Organization, User
from hrsuite.modules import module_is_on
from hrsuite.selectors import users_with_right

LINK_MODELS = (InsuranceLink, OtherBenefitLink)


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _as(actor: User | None, instance):
    """Record who made the change in the instance's history row (requests set it anyway;
    jobs and signal receivers have no request)."""
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor
    return instance


@transaction.atomic
def benefit_create(
    *, benefit_kind: Kind, organization: Organization, actor: User | None = None, **fields
) -> BenefitBase:
    benefit = _as(actor, benefit_kind.model(organization=organization, **fields))
    benefit.full_clean()
    benefit.save()
    return benefit


@transaction.atomic
def benefit_update(*, benefit: BenefitBase, actor: User | None = None, **fields) -> BenefitBase:
    benefit = type(benefit).objects.select_for_update().get(pk=benefit.pk)
    old_end = benefit.end_date
    for name, value in fields.items():
        setattr(benefit, name, value)
    benefit.full_clean()
    early = benefit.links.filter(valid_from__lt=benefit.start_date).count()
    if early:
        raise ValidationError(
            {
                "start_date": _("%(count)s links start before this date; end them or choose an earlier date.")
                % {"count": early}
            }
        )
    _as(actor, benefit).save()
    _follow_end_date(benefit=benefit, old_end=old_end, actor=actor)
    return benefit


@transaction.atomic
def benefit_end(*, benefit: BenefitBase, end_date: date, actor: User | None = None) -> BenefitBase:
    """End the benefit on end_date; every link still running then ends on the same date."""
    return benefit_update(benefit=benefit, actor=actor, end_date=end_date)


def _follow_end_date(*, benefit: BenefitBase, old_end: date | None, actor: User | None) -> None:
    """Links follow the benefit's end: an earlier end ends them, a later end (a renewal)
    extends the links that ended with the old end date."""
    new_end = benefit.end_date
    if old_end == new_end:
        return
    if old_end is not None and (new_end is None or new_end > old_end):
        for link in benefit.links.select_related("employee").filter(valid_to=old_end):
            link.valid_to = _earliest(new_end, link.employee.employment_end)
            if link.valid_to is None or link.valid_to > old_end:
                _as(actor, link).save(update_fields=["valid_to"])
    if new_end is not None:
        for link in benefit.links.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=new_end)):
            _end_link(link=link, end_date=new_end, actor=actor)


def _end_link(*, link: LinkBase, end_date: date, actor: User | None) -> LinkBase | None:
    _as(actor, link)
    if end_date < link.valid_from:
        link.delete()  # never started: cancelled (the history keeps the row and who did it)
        return None
    link.valid_to = end_date
    link.save(update_fields=["valid_to"])
    return link


@dataclass
class Refusal:
    employee: Employee
    reasons: list[str]


@dataclass
class LinkResult:
    created: list = field(default_factory=list)
    already_linked: list = field(default_factory=list)
    # Employees whose own dates rule the link out (a future starter, a leaver), with why.
    refused: list[Refusal] = field(default_factory=list)


@transaction.atomic
def benefit_link_employees(
    *, benefit: BenefitBase, employees, valid_from: date, actor: User | None = None
) -> LinkResult:
    """Link employees from valid_from. Idempotent: whoever is already covered on or after that
    date is left alone.

    A date outside the benefit's period is wrong for everyone: nothing is linked and the error
    says why. An employee whose own employment rules the date out (not started yet, already
    left) is refused alone: the others are linked, and the result names each refused employee
    with the reason, so HR can fix one date instead of redoing the whole selection."""
    link_model = benefit.links.model
    # Serializes linking per benefit, so two requests cannot both create the same link.
    benefit = type(benefit).objects.select_for_update().get(pk=benefit.pk)
    employees = list(employees)
    if any(e.organization_id != benefit.organization_id for e in employees):
        raise ValidationError(_("Choose employees of this organization."))
    if problems := link_model.benefit_problems(benefit, valid_from):
        raise ValidationError({"valid_from": problems})
    covered = set(
        link_model.objects.filter(benefit=benefit, employee__in=employees)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        .values_list("employee_id", flat=True)
    )
    result = LinkResult()
    for employee in employees:
        if employee.id in covered:
            result.already_linked.append(employee)
            continue
        covered.add(employee.id)
        link = link_model(
            organization_id=benefit.organization_id,
            benefit=benefit,
            employee=employee,
            valid_from=valid_from,
            valid_to=_earliest(benefit.end_date, employee.employment_end),
        )
        try:
            # Related objects were checked above; the open-link constraint is the DB's.
            link.full_clean(exclude=["organization", "benefit", "employee"], validate_constraints=False)
        except ValidationError as invalid:
            result.refused.append(Refusal(employee=employee, reasons=invalid.messages))
            continue
        result.created.append(_as(actor, link))
    bulk_create_with_history(
        result.created, link_model, default_user=actor if actor and actor.is_authenticated else None
    )
    return result


@transaction.atomic
def link_end(*, link: LinkBase, end_date: date, actor: User | None = None) -> LinkBase | None:
    """Remove the employee from the benefit on end_date (the last covered day)."""
    link = type(link).objects.select_for_update().get(pk=link.pk)
    if link.valid_to is not None and link.valid_to <= end_date:
        raise ValidationError(
            {"end_date": _("This link already ends on %(date)s.") % {"date": short_date(link.valid_to)}}
        )
    return _end_link(link=link, end_date=end_date, actor=actor)


@dataclass
class EndResult:
    ended: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)  # had not started: removed, kept in history
    unchanged: list = field(default_factory=list)  # already ending on or before the date


@transaction.atomic
def benefit_links_end(*, benefit: BenefitBase, link_ids, end_date: date, actor: User | None = None) -> EndResult:
    """End the ticked links of one benefit on end_date (bulk remove from the Employees tab).
    A link already ending by then is left alone and reported, never moved later."""
    links = (
        benefit.links.select_for_update()
        .filter(id__in=list(link_ids))
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name")
    )
    result = EndResult()
    for link in links:
        if link.valid_to is not None and link.valid_to <= end_date:
            result.unchanged.append(link)
        elif _end_link(link=link, end_date=end_date, actor=actor) is None:
            result.cancelled.append(link)
        else:
            result.ended.append(link)
    return result


@transaction.atomic
def employee_links_end(*, employee: Employee, end_date: date, actor: User | None = None) -> int:
    """End every link of the employee still running after end_date (employment ended)."""
    ended = 0
    for link_model in LINK_MODELS:
        links = link_model.objects.select_for_update().filter(employee=employee)
        for link in links.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end_date)):
            _end_link(link=link, end_date=end_date, actor=actor)
            ended += 1
    return ended


def insurance_end_reminders_send(*, organization: Organization) -> int:
    """E-mail the HR admins once per insurance ending within 30 days. Returns how many
    insurances were reminded; a rerun finds them marked and sends nothing."""
    if not module_is_on(organization, MODULE):
        return 0
    today = organization.today()
    due = (
        Insurance.objects.filter(
            organization=organization, end_date__gte=today, end_date__lte=today + timedelta(days=ENDING_SOON_DAYS)
        )
        .exclude(end_reminder_sent_for=F("end_date"))
        .order_by("end_date", "name")
    )
    if not due:
        return 0
    recipients = [user.email for user in users_with_right(organization=organization, right=INSURANCES.right("change"))]
    if not recipients:
        return 0
    sent = 0
    for insurance in due:
        with transaction.atomic():
            claimed = (
                Insurance.objects.filter(pk=insurance.pk)
                .exclude(end_reminder_sent_for=F("end_date"))
                .update(end_reminder_sent_for=F("end_date"))
            )
            if not claimed:
                continue  # another run got there first
            _send_reminder(insurance=insurance, organization=organization, recipients=recipients, today=today)
            sent += 1
    return sent


def _send_reminder(*, insurance: Insurance, organization: Organization, recipients: list[str], today: date) -> None:
    with translation.override(organization.language):
        context = {
            "insurance": insurance,
            "organization": organization,
            "covered": insurance.links.covering(today).count(),
            "days": (insurance.end_date - today).days,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("benefits:benefit_detail", args=[organization.id, INSURANCES, insurance.id]),
        }
        subject = _("%(insurance)s ends on %(date)s") % {
            "insurance": insurance.name,
            "date": short_date(insurance.end_date),
        }
        body = render_to_string("benefits/email/insurance_ending.txt", context)
    # One message per person: colleagues do not see each other's addresses.
    send_mass_mail([(subject, body, None, [recipient]) for recipient in recipients])
