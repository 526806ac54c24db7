"""Writes of the claims portal. Keyword-only, atomic, validated with full_clean()."""

import csv
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from claims.models import (
    TRANSITIONS,
    AbsenceWithoutCover,
    ActivityKind,
    Claim,
    ClaimActivity,
    ClaimDocument,
    ClaimLine,
    ClaimsSettings,
    ClaimStatus,
    DailyAllowanceStatement,
    HealthTemplate,
    InactiveUserNotice,
    Policy,
    PrivateUpload,
)
from claims.rights import CUSTOMER_ADMINISTRATOR, LOCATION_ADMINISTRATOR, MODULE, PORTAL_USER, filable_lines
from claims.selectors import waiting_period_reached
from hrsuite.access import organizations_for
from hrsuite.dates import short_date
from hrsuite.imports import LocalizedDecimalField
from hrsuite.mail import Mail, composer, mail_on_commit, site_url
from hrsuite.models import CompanyAccess, Employee, Organization, User
from hrsuite.modules import organizations_with

# --- Claims ---------------------------------------------------------------------------------


@transaction.atomic
def claim_create(
    *,
    organization: Organization,
    actor: User,
    rights: frozenset[str],
    line: str,
    title: str,
    occurred_on: date,
    reported_on: date,
    employee: Employee | None = None,
    policy: Policy | None = None,
    claim_number: str = "",
    place: str = "",
    description: str = "",
    estimated_amount: Decimal = Decimal("0"),
) -> Claim:
    """File a claim. Anyone may file a personal-injury case, even one whose level they will
    not see afterwards (the form warns first); other lines need their right."""
    if line not in filable_lines(rights):
        raise ValidationError({"line": _("You may not file claims of this line.")})
    claim = Claim(
        organization=organization,
        line=line,
        title=title,
        occurred_on=occurred_on,
        reported_on=reported_on,
        employee=employee,
        job_function_level=employee.job_function_level if employee is not None else "",
        policy=policy,
        claim_number=claim_number,
        place=place,
        description=description,
        estimated_amount=estimated_amount,
        handler=actor,
    )
    claim._history_user = actor
    claim.full_clean()
    claim.save()
    if line == ClaimLine.ACCIDENT_OCCUPATIONAL:
        _safety_desk_entry(claim=claim)
    return claim


def _safety_desk_entry(*, claim: Claim) -> None:
    """The organization's safety officer gets the accident's hints as an activity, without
    the injured person's name when the organization chose so."""
    desk = ClaimsSettings.objects.filter(organization=claim.organization, safety_officer__isnull=False).first()
    if desk is None:
        return
    context = {"claim": claim, "show_name": not desk.hide_injured_name}
    text = render_to_string("claims/email/safety_desk_entry.txt", context).strip()
    ClaimActivity.objects.create(
        claim=claim, kind=ActivityKind.SAFETY_DESK, text=text, author=None, addressed_to=desk.safety_officer
    )


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    actor: User,
    title: str,
    occurred_on: date,
    reported_on: date,
    policy: Policy | None,
    claim_number: str,
    place: str,
    description: str,
    estimated_amount: Decimal,
    paid_amount: Decimal,
    handler: User,
) -> Claim:
    """Line and employee stay as filed: they decide who sees the case."""
    claim.title = title
    claim.occurred_on = occurred_on
    claim.reported_on = reported_on
    claim.policy = policy
    claim.claim_number = claim_number
    claim.place = place
    claim.description = description
    claim.estimated_amount = estimated_amount
    claim.paid_amount = paid_amount
    claim.handler = handler
    claim._history_user = actor
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_status_change(*, claim: Claim, actor: User, to_status: str, note: str = "") -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if to_status not in TRANSITIONS[claim.status]:
        raise ValidationError(
            {
                "to_status": _("A claim that is %(from)s cannot become %(to)s.")
                % {
                    "from": claim.get_status_display(),
                    "to": ClaimStatus(to_status).label if to_status in ClaimStatus.values else to_status,
                }
            }
        )
    from_status = claim.status
    claim.status = to_status
    if to_status == ClaimStatus.CLOSED:
        claim.closed_on = claim.organization.today()
        claim.duration_days = max(0, (claim.closed_on - claim.reported_on).days)
    claim._history_user = actor
    claim.save(update_fields=["status", "closed_on", "duration_days"])
    ClaimActivity.objects.create(
        claim=claim,
        kind=ActivityKind.STATUS,
        text=note,
        author=actor,
        from_status=from_status,
        to_status=to_status,
    )
    return claim


@transaction.atomic
def claim_note_add(*, claim: Claim, actor: User, kind: str, text: str) -> ClaimActivity:
    if kind not in (ActivityKind.NOTE, ActivityKind.ACTIVITY):
        raise ValidationError({"kind": _("Choose a note or an activity.")})
    activity = ClaimActivity(claim=claim, kind=kind, text=text, author=actor)
    activity.full_clean()
    activity.save()
    return activity


# --- Documents --------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Extension -> content type. What the file *is* is read from its first bytes, not its name.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": DOCX,
    ".xlsx": XLSX,
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def document_problem(upload: UploadedFile) -> str | None:
    """Why the upload is refused, or None."""
    if upload.size > MAX_DOCUMENT_BYTES:
        return _("A document may be at most 10 MB.")
    extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = DOCUMENT_TYPES.get(extension)
    if expected is None:
        return _("Upload a PDF, PNG, JPEG, DOCX or XLSX file.")
    if sniff_content_type(upload) != expected:
        return _("The file's content is not what its name says (%(extension)s).") % {"extension": extension}
    return None


@transaction.atomic
def claim_document_attach(*, claim: Claim, actor: User, upload: UploadedFile) -> ClaimDocument:
    problem = document_problem(upload)
    if problem:
        raise ValidationError({"file": problem})
    return _stored(ClaimDocument(claim=claim), upload=upload, actor=actor)


def _stored(record: PrivateUpload, *, upload: UploadedFile, actor: User):
    """Fill in the upload's facts, store the file privately and save the checked record."""
    record.original_name = upload.name[:255]
    record.content_type = sniff_content_type(upload)
    record.size = upload.size
    record.uploaded_by = actor
    record.file.save(upload.name, upload, save=False)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def health_template_add(
    *, organization: Organization, actor: User, name: str, description: str, upload: UploadedFile
) -> HealthTemplate:
    """The same checks as a claim document: size, and the type read from the content."""
    problem = document_problem(upload)
    if problem:
        raise ValidationError({"file": problem})
    return _stored(
        HealthTemplate(organization=organization, name=name, description=description), upload=upload, actor=actor
    )


# --- Policies and settings ------------------------------------------------------------------------


@transaction.atomic
def policy_create(
    *,
    organization: Organization,
    actor: User,
    line: str,
    insurer: str,
    policy_number: str,
    valid_from: date,
    valid_to: date | None,
    cover: str,
    premium: Decimal,
    waiting_period_days: int,
) -> Policy:
    policy = Policy(
        organization=organization,
        line=line,
        insurer=insurer,
        policy_number=policy_number,
        valid_from=valid_from,
        valid_to=valid_to,
        cover=cover,
        premium=premium,
        waiting_period_days=waiting_period_days,
    )
    policy._history_user = actor
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def claims_settings_update(
    *, organization: Organization, actor: User, safety_officer: User | None, hide_injured_name: bool
) -> ClaimsSettings:
    desk, _created = ClaimsSettings.objects.select_for_update().get_or_create(organization=organization)
    desk.safety_officer = safety_officer
    desk.hide_injured_name = hide_injured_name
    desk._history_user = actor
    desk.full_clean()
    desk.save()
    return desk


# --- Absences without cover ---------------------------------------------------------------------


@transaction.atomic
def absence_create(
    *,
    organization: Organization,
    actor: User,
    employee: Employee,
    first_day: date,
    waiting_period_days: int,
    responsible: User,
    policy: Policy | None = None,
    description: str = "",
) -> AbsenceWithoutCover:
    if employee.organization_id != organization.id:
        raise ValidationError({"employee": _("Choose an employee of this organization.")})
    absence = AbsenceWithoutCover(
        organization=organization,
        employee=employee,
        first_day=first_day,
        waiting_period_days=waiting_period_days,
        responsible=responsible,
        policy=policy,
        description=description,
    )
    absence._history_user = actor
    absence.waiting_period_ends_on = first_day + timedelta(days=waiting_period_days)
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def absence_convert(*, absence: AbsenceWithoutCover, actor: User, rights: frozenset[str]) -> Claim:
    """Turn the absence into a regular sickness case; both keep their history and point at
    each other (absence.converted_to, claim.converted_from)."""
    absence = AbsenceWithoutCover.objects.select_for_update().select_related("employee").get(pk=absence.pk)
    if absence.converted_to_id:
        raise ValidationError(_("This absence has already been converted into a sickness case."))
    # The title is stored text that everyone in the organization reads: its language and
    # date format, whoever converts.
    with translation.override(absence.organization.language):
        title = _("Sickness from %(day)s") % {"day": short_date(absence.first_day)}
    claim = claim_create(
        organization=absence.organization,
        actor=actor,
        rights=rights,
        line=ClaimLine.SICKNESS,
        title=title,
        occurred_on=absence.first_day,
        reported_on=max(absence.first_day, absence.organization.today()),
        employee=absence.employee,
        policy=absence.policy if absence.policy and absence.policy.line == ClaimLine.SICKNESS else None,
        description=absence.description,
    )
    absence.converted_to = claim
    absence._history_user = actor
    absence.save(update_fields=["converted_to"])
    return claim


def absences_due(*, day: date) -> QuerySet[AbsenceWithoutCover]:
    """Absences to flag: waiting period reached, not flagged yet, the portal on."""
    unflagged = AbsenceWithoutCover.objects.filter(organization__in=organizations_with(MODULE), flagged_at__isnull=True)
    return waiting_period_reached(unflagged, day=day)


def absences_flag_due(*, day: date | None = None) -> int:
    """Flag every absence whose waiting period is reached and tell each responsible user once
    (flagged_at is the marker: a rerun finds nothing). A constant number of queries."""
    day = day or timezone.localdate()
    with transaction.atomic():
        due = list(
            absences_due(day=day)
            .select_for_update(of=("self",))
            .select_related("employee", "organization", "responsible")
        )
        if not due:
            return 0
        AbsenceWithoutCover.objects.filter(pk__in=[a.pk for a in due]).update(flagged_at=timezone.now())
        per_user: dict[str, list[str]] = defaultdict(list)
        for absence in due:
            per_user[absence.responsible_id].append(str(absence.pk))
        for user_id, absence_ids in per_user.items():
            mail_on_commit(waiting_period_mail, user_id=user_id, absence_ids=",".join(absence_ids))
    return len(due)


def _mail(*, recipient: User, subject, template: str, context: dict) -> Mail:
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        return Mail(
            subject=str(subject),
            body=render_to_string(template, {**context, "recipient": recipient}),
            to=[recipient.email],
        )


@composer
def waiting_period_mail(*, user_id: str, absence_ids: str) -> Mail | None:
    """The responsible user's list of absences whose waiting period is reached; an absence
    converted meanwhile is left out, and nothing is sent when none is left."""
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    absences = list(
        AbsenceWithoutCover.objects.filter(pk__in=absence_ids.split(","), converted_to__isnull=True)
        .select_related("employee", "organization")
        .order_by("organization__name", "waiting_period_ends_on")
    )
    if recipient is None or not absences:
        return None
    links = {a.organization_id: site_url(reverse("claims:absence_list", args=[a.organization_id])) for a in absences}
    return _mail(
        recipient=recipient,
        subject=_("Waiting period reached for %(count)s absence(s)") % {"count": len(absences)},
        template="claims/email/waiting_period_reached.txt",
        context={"absences": [(absence, links[absence.organization_id]) for absence in absences]},
    )


# --- Daily-allowance statements -----------------------------------------------------------------

ALLOWANCE_COLUMNS = ["claim_number", "month", "days", "daily_rate", "amount"]


class AllowanceRowForm(forms.Form):
    claim_number = forms.CharField(max_length=60)
    month = forms.DateField(input_formats=["%Y-%m", "%m.%Y", "%m/%Y", "%Y-%m-%d"])
    days = LocalizedDecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=31)
    daily_rate = LocalizedDecimalField(max_digits=14, decimal_places=2, min_value=0)
    amount = LocalizedDecimalField(max_digits=14, decimal_places=2, min_value=0)


@dataclass
class AllowanceImport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in ALLOWANCE_COLUMNS if column not in header]
    if missing:
        raise ValidationError(_("The header row lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    reader.fieldnames = header
    return [
        {k: (v or "").strip() for k, v in row.items() if k}
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


@transaction.atomic
def allowance_statements_import(*, claims: QuerySet[Claim], content: bytes) -> AllowanceImport:
    """Read the insurer's file into the statements of these claims (matched by the insurer's
    claim number). All or nothing: any bad row imports nothing; a rerun changes nothing."""
    rows = _csv_rows(content)
    by_number = {c.claim_number: c for c in claims.exclude(claim_number="")}
    result = AllowanceImport(rows=len(rows))
    planned = []
    for number, values in enumerate(rows, start=2):
        form = AllowanceRowForm(values)
        if not form.is_valid():
            for name, errors in form.errors.items():
                result.errors.append(
                    _("Row %(row)s, %(field)s: %(error)s") % {"row": number, "field": name, "error": " ".join(errors)}
                )
            continue
        claim = by_number.get(form.cleaned_data["claim_number"])
        if claim is None or not claim.is_personal_injury:
            result.errors.append(
                _("Row %(row)s, claim_number: no personal-injury case with this number.") % {"row": number}
            )
            continue
        planned.append((claim, form.cleaned_data))
    if result.errors:
        return result
    for claim, data in planned:
        DailyAllowanceStatement.objects.update_or_create(
            claim=claim,
            month=data["month"].replace(day=1),
            defaults={"days": data["days"], "daily_rate": data["daily_rate"], "amount": data["amount"]},
        )
    return result


# --- Users: never deleted, handed over, swept -----------------------------------------------------


class UserNeverDeleted(ValidationError):
    pass


def user_delete_refusal(user: User) -> str | None:
    if user.last_login is not None:
        return _("%(user)s has logged in before and can never be deleted: deactivate the account instead.") % {
            "user": user
        }
    return None


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Only a user who never logged in may be deleted: every interaction must stay traceable."""
    refusal = user_delete_refusal(user)
    if refusal:
        raise UserNeverDeleted(refusal)
    user.delete()


@transaction.atomic
def claims_hand_over(*, from_user: User, to_user: User) -> int:
    """Readdress every claim (and absence, and the safety-officer desk) of from_user to the
    successor, all or nothing. Returns the number of claims moved."""
    if from_user.pk == to_user.pk:
        raise ValidationError({"successor": _("The successor must be another user.")})
    if not to_user.is_active:
        raise ValidationError({"successor": _("The successor must be an active user.")})
    _refuse_unless_successor_reaches(from_user=from_user, to_user=to_user)
    claims = list(Claim.objects.select_for_update().filter(handler=from_user))
    before = Claim.objects.filter(handler__in=[from_user, to_user]).count()
    for claim in claims:
        claim.handler = to_user
    bulk_update_with_history(claims, Claim, ["handler"], batch_size=1000, default_user=to_user)
    absences = list(AbsenceWithoutCover.objects.select_for_update().filter(responsible=from_user))
    for absence in absences:
        absence.responsible = to_user
    bulk_update_with_history(absences, AbsenceWithoutCover, ["responsible"], batch_size=1000, default_user=to_user)
    ClaimsSettings.objects.filter(safety_officer=from_user).update(safety_officer=to_user)
    if Claim.objects.filter(handler=to_user).count() != before:  # pragma: no cover - a guard
        raise RuntimeError("Claims were lost in the hand-over.")
    return len(claims)


def _refuse_unless_successor_reaches(*, from_user: User, to_user: User) -> None:
    """The leaver's claims and absences may lie in several organizations (one login, several
    company permissions): the successor must reach every one of them."""
    owning = set(Claim.objects.filter(handler=from_user).values_list("organization_id", flat=True))
    owning |= set(AbsenceWithoutCover.objects.filter(responsible=from_user).values_list("organization_id", flat=True))
    unreachable = Organization.objects.filter(pk__in=owning).exclude(pk__in=organizations_for(to_user).values("pk"))
    names = sorted(unreachable.values_list("name", flat=True))
    if names:
        raise ValidationError(
            {
                "successor": _("%(successor)s has no access to %(organizations)s, where %(name)s handles claims.")
                % {"successor": to_user, "organizations": ", ".join(names), "name": from_user}
            }
        )


def quarter_of(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def six_months_before(moment: datetime) -> datetime:
    month = moment.month - 6
    year = moment.year - 1 if month <= 0 else moment.year
    month = month + 12 if month <= 0 else month
    day = min(moment.day, 28)  # every month has a 28th; a few days' slack is harmless here
    return moment.replace(year=year, month=month, day=day)


def _inactive(cutoff: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}last_login__lt": cutoff}) | Q(
        **{f"{prefix}last_login__isnull": True, f"{prefix}date_joined__lt": cutoff}
    )


def _permission_ids(*rights: str) -> dict[str, int]:
    """The rights' permission ids, read first (one query): compared with a known id, the
    planner estimates the 100,000 portal users' permission rows from its statistics and
    joins them by hash, where a subquery on the codename gets a guess and an index lookup
    per row (twice as slow)."""
    condition = Q(pk__in=[])
    for right in rights:
        app_label, codename = right.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    rows = Permission.objects.filter(condition).values_list("content_type__app_label", "codename", "pk")
    return {f"{app_label}.{codename}": pk for app_label, codename, pk in rows}


def _inactive_customers(cutoff: datetime, *, portal_user: int) -> QuerySet[CompanyAccess]:
    """Company permissions of active portal users (portal_user: the right's permission id),
    in organizations with the portal, whose user has not logged in since the cutoff."""
    return CompanyAccess.objects.filter(
        _inactive(cutoff, "user__"),
        organization__in=organizations_with(MODULE),
        rights=portal_user,
        user__is_active=True,
    )


def _inactive_staff(cutoff: datetime) -> QuerySet[User]:
    return User.objects.filter(_inactive(cutoff), office__isnull=False, is_active=True)


def inactive_users_sweep(*, now: datetime | None = None) -> int:
    """Quarterly: users without a login for six months, listed in one e-mail per customer
    administrator (internal provider staff: per location administrator of their office).
    A recipient hears once per quarter (InactiveUserNotice). Set-based: the database picks
    the recipients who have someone to hear about and have not heard this quarter, so the
    sweep reads no inactive user at all and runs the same few queries for 10 users or
    100,000. Returns the number of e-mails sent."""
    now = now or timezone.now()
    quarter = quarter_of(now)
    cutoff = six_months_before(now)
    heard = InactiveUserNotice.objects.filter(quarter=quarter)
    permissions = _permission_ids(PORTAL_USER, CUSTOMER_ADMINISTRATOR, LOCATION_ADMINISTRATOR)
    inactive_customers = _inactive_customers(cutoff, portal_user=permissions[PORTAL_USER])
    customer_administrators = (
        CompanyAccess.objects.filter(
            organization__in=organizations_with(MODULE),
            rights=permissions[CUSTOMER_ADMINISTRATOR],
            user__is_active=True,
        )
        .filter(Exists(inactive_customers.filter(organization=OuterRef("organization_id"))))
        .exclude(Exists(heard.filter(recipient=OuterRef("user_id"))))
        .values_list("user_id", "organization_id")
    )
    location_administrators = (
        User.objects.filter(office__isnull=False, is_active=True, user_permissions=permissions[LOCATION_ADMINISTRATOR])
        .filter(Exists(_inactive_staff(cutoff).filter(office=OuterRef("office_id"))))
        .exclude(Exists(heard.filter(recipient=OuterRef("pk"))))
        .values_list("pk", "office_id")
    )
    # recipient id -> the organizations and offices whose inactive users the e-mail lists
    scopes: dict = defaultdict(lambda: {"organizations": [], "offices": []})
    for recipient_id, organization_id in customer_administrators:
        scopes[recipient_id]["organizations"].append(str(organization_id))
    for recipient_id, office_id in location_administrators:
        scopes[recipient_id]["offices"].append(str(office_id))
    if not scopes:
        return 0
    with transaction.atomic():
        notices = InactiveUserNotice.objects.bulk_create(
            InactiveUserNotice(recipient_id=pk, quarter=quarter, sent_at=now, report=report)
            for pk, report in scopes.items()
        )
        for notice in notices:
            mail_on_commit(inactive_users_mail, notice_id=notice.pk)
    return len(notices)


INACTIVE_USERS_LISTED = 200  # per organization or office in the e-mail; the rest are counted


def _listed(users: QuerySet, *, scope: str, scope_name: str, user: str = "") -> list[dict]:
    """The longest-inactive users of each scope (an organization or an office), at most
    INACTIVE_USERS_LISTED each, with the scope's total: one query, however many there are."""
    partition = {"partition_by": F(scope)}
    return list(
        users.annotate(
            position=Window(
                RowNumber(),
                order_by=[F(f"{user}last_login").asc(nulls_first=True), F(f"{user}full_name").asc()],
                **partition,
            ),
            total=Window(Count("pk"), **partition),
        )
        .filter(position__lte=INACTIVE_USERS_LISTED)
        .order_by(scope_name, "position")
        .values(
            "total",
            scope_id=F(scope),
            scope_name=F(scope_name),
            # aliases apart from the model's own field names, which values() refuses
            user_name=F(f"{user}full_name"),
            user_email=F(f"{user}email"),
            user_last_login=F(f"{user}last_login"),
        )
    )


@composer
def inactive_users_mail(*, notice_id: str) -> Mail | None:
    """The recipient's inactive users as they stand when the e-mail leaves: whoever logged in
    since the sweep is left out, and nothing is sent when nobody is left."""
    notice = InactiveUserNotice.objects.filter(pk=notice_id, mailed_at__isnull=True).select_related("recipient").first()
    if notice is None or not notice.recipient.is_active:
        return None
    cutoff = six_months_before(notice.sent_at)
    rows = []
    if organizations := notice.report.get("organizations"):
        portal_user = _permission_ids(PORTAL_USER)[PORTAL_USER]
        customers = _inactive_customers(cutoff, portal_user=portal_user).filter(organization__in=organizations)
        rows += [
            {**row, "link": reverse("claims:user_overview", args=[row["scope_id"]])}
            for row in _listed(customers, scope="organization_id", scope_name="organization__name", user="user__")
        ]
    if offices := notice.report.get("offices"):
        staff = _inactive_staff(cutoff).filter(office__in=offices)
        rows += [
            {**row, "link": reverse("office")} for row in _listed(staff, scope="office_id", scope_name="office__name")
        ]
    if not rows:
        return None
    scopes: dict = {}
    for row in rows:
        scope = scopes.setdefault(row["scope_name"], {"link": site_url(row["link"]), "users": [], "more": 0})
        scope["users"].append(row)
        scope["more"] = row["total"] - len(scope["users"])
    mail = _mail(
        recipient=notice.recipient,
        subject=_("Users without a login for six months"),
        template="claims/email/inactive_users.txt",
        context={"scopes": scopes, "quarter": notice.quarter},
    )
    return replace(
        mail,
        sent=lambda: InactiveUserNotice.objects.filter(pk=notice.pk).update(mailed_at=timezone.now()),
    )
