"""The shared core: offices, organizations, employees, users, company access and audit."""

import uuid
import zoneinfo
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Permission, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hrsuite import national_ids
from hrsuite.money import percentage_of, round_hours
from hrsuite.validation import validate_date_in_range

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class PublicModel(models.Model):
    """Opaque UUID keys: URLs never reveal how many records exist or invite guessing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class Office(PublicModel):
    """A branch of the service provider (payroll office, broker branch, pension fund)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    NETHERLANDS = "NL", _("Netherlands")
    GERMANY = "DE", _("Germany")
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")


class Organization(PublicModel):
    """An employer served by an office. Which modules it uses: OrganizationModule."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("office"))
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(_("organization number"), max_length=30)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code, e.g. NOK or EUR."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Oslo")
    normal_hours_per_day = models.DecimalField(
        _("normal hours per day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "org_number"], name="organization_unique_number_per_country")
        ]

    def __str__(self):
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today's date where the organization is, not where the server is."""
        return timezone.localdate(timezone=self.tz)


class OrganizationModule(models.Model):
    """A module switched on or off for an organization (hrsuite/modules.py).

    One row per organization and module, the same storage for every module; without a row a
    module is at its declared default. Changed only through services.module_switch, which
    audits it; the history says who switched what when.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="module_switches")
    key = models.CharField(_("module"), max_length=40)
    enabled = models.BooleanField(_("on"))
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization module")
        verbose_name_plural = _("organization modules")
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="organization_module_unique")]

    def __str__(self):
        return f"{self.organization}: {self.key} ({'on' if self.enabled else 'off'})"


class Department(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=120)
    cost_centre = models.CharField(_("cost centre"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class SalaryType(models.TextChoices):
    MONTHLY = "monthly", _("Fixed monthly salary")
    HOURLY = "hourly", _("Hourly wage")


class JobFunctionLevel(models.TextChoices):
    """Person groups of the claims portal: personal-injury cases are visible per level."""

    STAFF = "staff", _("Staff")
    SKILLED = "skilled", _("Skilled worker")
    MIDDLE_MANAGEMENT = "middle_management", _("Middle management")
    SENIOR_MANAGEMENT = "senior_management", _("Senior management")
    TRAINEE = "trainee", _("Trainee / apprentice")


def employed_between_q(start: date | None, end: date | None, *, prefix: str = "") -> Q:
    """Employed on at least one day from start to end (both included; None: unbounded).
    prefix reaches the employee through a relation ("employee__") or in an aggregate."""
    condition = Q()
    if end is not None:
        condition &= Q(**{f"{prefix}employment_start__lte": end})
    if start is not None:
        condition &= Q(**{f"{prefix}employment_end__isnull": True}) | Q(**{f"{prefix}employment_end__gte": start})
    return condition


def employee_search_q(text: str, *, prefix: str = "") -> Q:
    """Every word of text is (part of) the first or last name, or the whole employee number
    or e-mail address, case-insensitive: "kari nord" finds Kari Nordmann."""
    condition = Q()
    for term in text.replace(",", " ").split():  # "Nordmann, Kari" as well
        condition &= (
            Q(**{f"{prefix}first_name__icontains": term})
            | Q(**{f"{prefix}last_name__icontains": term})
            | Q(**{f"{prefix}number__iexact": term})
            | Q(**{f"{prefix}email__iexact": term})
        )
    return condition


class EmployeeQuerySet(models.QuerySet):
    def employed_on(self, day: date):
        return self.employed_between(day, day)

    def employed_between(self, start: date | None, end: date | None):
        return self.filter(employed_between_q(start, end))

    def search(self, text: str):
        return self.filter(employee_search_q(text))

    def current(self, day: date):
        """The one meaning of "current employees" every count and list uses: employed on
        day (today, where the organization is). Future starters and ended employments are
        not current; the employee list's "Current employees" filter also lists starters."""
        return self.employed_on(day)


# The fields of a SalaryTerm that HR maintains; a change writes a new term from a date.
SALARY_TERM_FIELDS = ["salary_type", "annual_salary", "hourly_wage", "employment_percentage", "normal_hours_per_day"]

# Contact and payment details: HR keeps them on the employee form and in the import, the
# employee asks for changes through self-service (selfservice change requests).
PERSONAL_DETAIL_FIELDS = [
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "private_email",
    "bank_account",
    "bic",
    "emergency_contact_name",
    "emergency_contact_phone",
]

# What HR maintains about an employee: the edit form and the import file share this list.
# The salary fields belong to the term in force; salary_valid_from is the date a change to
# them takes effect (it writes a new term and leaves the earlier ones as they are).
MASTER_DATA_FIELDS = [
    "number",
    "first_name",
    "last_name",
    "email",
    "birth_date",
    "national_id",
    "department",
    "job_title",
    "manager",
    "job_function_level",
    "employment_start",
    "employment_end",
    *SALARY_TERM_FIELDS,
    "salary_valid_from",
    *PERSONAL_DETAIL_FIELDS,
]

# Longest chain of managers walked when checking for a cycle.
MANAGER_CHAIN_LIMIT = 100


class Employee(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="employees")
    number = models.CharField(_("employee number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, validators=[validate_date_in_range])
    national_id = models.CharField(_("national identity number"), max_length=20, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("department"),
    )
    job_function_level = models.CharField(
        _("job function level"), max_length=24, choices=JobFunctionLevel.choices, default=JobFunctionLevel.STAFF
    )
    employment_start = models.DateField(_("employment start"), validators=[validate_date_in_range])
    employment_end = models.DateField(_("employment end"), null=True, blank=True, validators=[validate_date_in_range])
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_("Of the address. Empty: the organization's country."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    private_email = models.EmailField(_("private e-mail"), blank=True)
    bank_account = models.CharField(
        _("bank account"), max_length=34, blank=True, help_text=_("IBAN, or in Norway the 11-digit account number.")
    )
    bic = models.CharField(_("BIC"), max_length=11, blank=True, help_text=_("For an account abroad."))
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = models.CharField(_("emergency contact phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="employee"
    )
    history = HistoricalRecords(excluded_fields=["user"])

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="employee_unique_number"),
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True) | Q(employment_end__gte=models.F("employment_start")),
                name="employee_end_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "last_name", "first_name"], name="employee_org_name_idx"),
            models.Index(fields=["organization", "department"], name="employee_org_department_idx"),
        ]
        permissions = [
            ("import_employees", _("Can import employee master data")),
            ("view_national_id", _("Can view national identity numbers")),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active_employment(self) -> bool:
        today = self.organization.today()
        return self.employment_start <= today and (self.employment_end is None or self.employment_end >= today)

    @property
    def masked_national_id(self) -> str:
        return national_ids.mask(self.national_id)

    def clean(self):
        errors = {}
        if self.employment_end and self.employment_start and self.employment_end < self.employment_start:
            errors["employment_end"] = _("The employment cannot end before it starts.")
        if self.department_id and self.organization_id and self.department.organization_id != self.organization_id:
            errors["department"] = _("Choose a department of this organization.")
        if self.national_id and self.organization_id:
            problem = national_ids.problem(self.organization.country, self.national_id)
            if problem:
                errors["national_id"] = problem
        if self.organization_id:
            from hrsuite.validators import contact_errors

            errors.update(contact_errors(self, organization_country=self.organization.country))
        problem = self.manager_problem()
        if problem:
            errors["manager"] = problem
        if errors:
            raise ValidationError(errors)

    def manager_problem(self) -> str | None:
        """A manager is another employee of the same organization, and nobody manages
        their own manager (directly or up the chain)."""
        if not self.manager_id:
            return None
        if self.pk and self.manager_id == self.pk:
            return _("An employee cannot be their own manager.")
        manager = self.manager
        if manager.organization_id != self.organization_id:
            return _("Choose a manager of this organization.")
        seen = set()
        while manager is not None and len(seen) < MANAGER_CHAIN_LIMIT:
            if self.pk and manager.pk == self.pk:
                return _("%(name)s already reports to this employee: the managers would go round in a circle.") % {
                    "name": self.manager.full_name
                }
            seen.add(manager.pk)
            manager = manager.manager if manager.manager_id and manager.manager_id not in seen else None
        return None


class SalaryTerm(PublicModel):
    """What an employee is paid and how much they work, in force from valid_from until the
    next term's valid_from. The terms are the only record of salary, wage, percentage and
    normal hours: a change is a new term from a date, so a month already paid keeps the terms
    it was paid under and a pension report can ask for the salary on any date."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="salary_terms", verbose_name=_("employee")
    )
    valid_from = models.DateField(_("valid from"), validators=[validate_date_in_range])
    salary_type = models.CharField(
        _("salary type"), max_length=10, choices=SalaryType.choices, default=SalaryType.MONTHLY
    )
    annual_salary = models.DecimalField(
        _("annual salary"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("For a fixed monthly salary."),
    )
    hourly_wage = models.DecimalField(
        _("hourly wage"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("For an hourly-paid employee."),
    )
    employment_percentage = models.DecimalField(
        _("employment percentage"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    normal_hours_per_day = models.DecimalField(
        _("normal hours per day"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("Leave empty to use the organization's normal hours."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("salary term")
        verbose_name_plural = _("salary terms")
        ordering = ["employee", "valid_from"]
        constraints = [
            # Its index (employee, valid_from) also serves "the term in force on a date":
            # employee = X AND valid_from <= D ORDER BY valid_from DESC LIMIT 1.
            models.UniqueConstraint(fields=["employee", "valid_from"], name="salary_term_unique_valid_from"),
            models.CheckConstraint(
                condition=Q(employment_percentage__gte=0, employment_percentage__lte=100),
                name="salary_term_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(normal_hours_per_day__isnull=True)
                | Q(normal_hours_per_day__gte=0, normal_hours_per_day__lte=24),
                name="salary_term_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(annual_salary__isnull=True) | Q(annual_salary__gte=0),
                name="salary_term_salary_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage__isnull=True) | Q(hourly_wage__gt=0), name="salary_term_wage_positive"
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.valid_from}"

    def normal_hours(self, organization: Organization) -> Decimal:
        """Normal hours of a working day: the term's own, else the organization's scaled by
        the employment percentage (rounded to the hundredth, as the hours are stored)."""
        if self.normal_hours_per_day is not None:
            return self.normal_hours_per_day
        return round_hours(percentage_of(organization.normal_hours_per_day, self.employment_percentage))

    def clean(self):
        errors = {}
        if self.salary_type == SalaryType.MONTHLY and self.annual_salary is None:
            errors["annual_salary"] = _("Enter the annual salary of a monthly-paid employee.")
        if self.salary_type == SalaryType.HOURLY and self.hourly_wage is None:
            errors["hourly_wage"] = _("Enter the hourly wage of an hourly-paid employee.")
        if errors:
            raise ValidationError(errors)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who logs in. Provider staff belong to an office; employees link an Employee."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
        help_text=_("Set for provider staff: they reach every client organization of this office."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("technical admin site access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_provider_staff(self) -> bool:
        return self.office_id is not None


class CompanyAccess(PublicModel):
    """A company permission: the user may reach this organization, with these rights there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_accesses")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="accesses")
    rights = models.ManyToManyField(Permission, blank=True, verbose_name=_("rights"))
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[rights])

    class Meta:
        verbose_name = _("company permission")
        verbose_name_plural = _("company permissions")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="company_access_unique")]
        permissions = [("deactivate_user", _("Can deactivate and reactivate users"))]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    LOGIN_REFUSED = "login_refused", _("Refused login of a closed account")
    RIGHTS_CHANGED = "rights_changed", _("Changed rights")
    ACCESS_REVOKED = "access_revoked", _("Removed access")
    USER_INVITED = "user_invited", _("Invited a user")
    INVITATION_ACCEPTED = "invitation_accepted", _("Accepted an invitation")
    USER_DEACTIVATED = "user_deactivated", _("Deactivated a user")
    USER_REACTIVATED = "user_reactivated", _("Reactivated a user")
    EMPLOYMENT_REOPENED = "employment_reopened", _("Removed the end of an employment")
    SENSITIVE_READ = "sensitive_read", _("Viewed sensitive data")
    EMPLOYMENT_ENDED = "employment_ended", _("Ended an employment")
    IMPORT_APPLIED = "import_applied", _("Imported employee data")
    MONTH_REOPENED = "month_reopened", _("Reopened an approved month")
    MODULE_SWITCHED = "module_switched", _("Switched a module on or off")
    PENSION_APPROVED = "pension_approved", _("Approved a pension award")
    TERMS_ACCEPTED = "terms_accepted", _("Accepted the terms of use")
    RUN_PUBLISHED = "run_published", _("Published a payroll run")


class AuditEvent(models.Model):
    """Append-only record of security-relevant acts. Never edited, never deleted."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["organization", "-at"], name="audit_org_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"


class EmployeeImport(PublicModel):
    """An uploaded master-data file, kept so the preview and the import read the same bytes."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Awaiting import")
        APPLIED = "applied", _("Imported")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="employee_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.file_name
