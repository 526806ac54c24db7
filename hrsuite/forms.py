import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hrsuite import dates, modules, roles, validation
from hrsuite.grants import right_label
from hrsuite.models import MASTER_DATA_FIELDS, SALARY_TERM_FIELDS, Department, Employee, Organization, SalaryTerm
from hrsuite.salary_terms import term_differs, term_values, valid_from_problem
from hrsuite.selectors import next_employee_number


class DateInput(forms.DateInput):
    """A day typed as the active language writes it. A text box, not type=date: that one shows
    the browser's own locale (mm/dd/yyyy beside a page in dd.mm.yyyy) and differs per browser."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def shown_format(self) -> str:
        return dates.date_input_format()

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime(self.shown_format())
        return value  # as typed, shown again beside its error

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", dates.format_hint(self.shown_format()))
        return context


class MonthInput(DateInput):
    """A month typed as the language writes it: 12.2026, 12/2026, 12-2026."""

    def shown_format(self) -> str:
        return dates.month_input_format()


class DateField(validation.DateField):
    """A day typed in the active language's format or as ISO, within the supported range.
    Every form's date fields use it, so every page reads and shows dates one way."""

    widget = DateInput
    labelled_message = _("%(field)s: enter the date as %(format)s.")
    message = _("Enter the date as %(format)s.")

    def parse(self, text: str) -> datetime.date | None:
        return dates.parse_date(text)

    def prepare_value(self, value):
        # A bound value read from a link (?month=2026-11) is shown as the language writes it.
        if isinstance(value, str):
            return self.parse(value) or value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        day = value if isinstance(value, datetime.date) else self.parse(str(value))
        if day is None:
            params = {"field": self.label, "format": dates.format_hint(self.widget.shown_format())}
            message = self.labelled_message if self.label else self.message
            raise forms.ValidationError(message, code="invalid", params=params)
        return day


class MonthField(DateField):
    """A month (12.2026 as the language writes it, or 2026-12 as links write it), cleaned to
    the month's first day."""

    widget = MonthInput
    labelled_message = _("%(field)s: enter the month as %(format)s.")
    message = _("Enter the month as %(format)s.")

    def parse(self, text: str) -> datetime.date | None:
        return dates.parse_month(text)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day is not None else None


class EmployeeForm(forms.ModelForm):
    """The employee's master data and the salary terms in force (MASTER_DATA_FIELDS).

    The salary fields show the term in force today; a change to them becomes a new term from
    "salary change valid from" (a new employee's first term starts with the employment)."""

    salary_valid_from = DateField(
        label=_("Salary change valid from"),
        required=False,
        help_text=_("Used only when the salary fields change: the earlier terms stay as they are."),
    )

    class Meta:
        model = Employee
        fields = [name for name in MASTER_DATA_FIELDS if name not in [*SALARY_TERM_FIELDS, "salary_valid_from"]]
        field_classes = {"birth_date": DateField, "employment_start": DateField, "employment_end": DateField}

    def __init__(
        self, *args, organization: Organization, can_edit_national_id: bool, term: SalaryTerm | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.term = term
        self.fields.update(forms.fields_for_model(SalaryTerm, fields=SALARY_TERM_FIELDS))
        for name in SALARY_TERM_FIELDS:
            self.initial.setdefault(name, getattr(term, name) if term else self.fields[name].initial)
        if self.instance._state.adding:
            del self.fields["salary_valid_from"]
        else:
            self.initial.setdefault("salary_valid_from", organization.today())
        self.order_fields(MASTER_DATA_FIELDS)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)
        managers = Employee.objects.filter(organization=organization).current(organization.today())
        if not self.instance._state.adding:
            managers = managers.exclude(pk=self.instance.pk) | Employee.objects.filter(pk=self.instance.manager_id)
        self.fields["manager"].queryset = managers.order_by("last_name", "first_name", "number")
        if self.instance._state.adding and not self.is_bound:
            self.initial.setdefault("number", next_employee_number(organization=organization))
            self.fields["number"].help_text = _("The next free number is suggested.")
        for field in self.fields.values():
            if field.required:
                field.widget.attrs["aria-required"] = "true"
        if not can_edit_national_id:
            del self.fields["national_id"]
        self.fields["annual_salary"].label = _("Annual salary (%(currency)s)") % {"currency": organization.currency}
        self.fields["hourly_wage"].label = _("Hourly wage (%(currency)s)") % {"currency": organization.currency}

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        clash = Employee.objects.filter(organization=self.instance.organization, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another employee already has this number."))
        return number

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding or not term_differs(self.term, term_values(cleaned)):
            return cleaned
        valid_from = cleaned.get("salary_valid_from")
        if valid_from is None:
            self.add_error("salary_valid_from", _("Enter the date the salary change takes effect."))
            return cleaned
        start = cleaned.get("employment_start")
        problem = valid_from_problem(employment_start=start, valid_from=valid_from)
        if problem:
            self.add_error("salary_valid_from", problem)
        return cleaned

    @property
    def employee_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}

    @property
    def term_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SALARY_TERM_FIELDS}


class EmploymentEndForm(forms.Form):
    end_date = DateField(label=_("Last day of employment"))


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Current employees")), ("ended", _("Ended employments")), ("all", _("Everyone"))],
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)


class ImportUploadForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "org_number",
            "country",
            "currency",
            "language",
            "time_zone",
            "normal_hours_per_day",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One checkbox per module the organization switches here, from the module registry.
        switched_on = modules.switches_for(self.instance) if self.instance.pk else None
        for module in self.settings_modules():
            initial = module.default_on if switched_on is None else module.key in switched_on
            self.fields[f"module_{module.key}"] = forms.BooleanField(
                label=module.label, required=False, initial=initial
            )

    @staticmethod
    def settings_modules() -> list:
        return [m for m in modules.switchable_modules() if m.in_settings]

    def module_switches(self) -> dict[str, bool]:
        return {m.key: self.cleaned_data[f"module_{m.key}"] for m in self.settings_modules()}

    def master_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class RightsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, permission):
        return right_label(permission)


def grantable_rights():
    """Product rights an administrator may tick (never Django's delete or internals)."""
    from django.contrib.auth.models import Permission

    return (
        Permission.objects.filter(content_type__app_label__in=roles.right_apps())
        .exclude(codename__startswith="delete_")
        .exclude(content_type__model__startswith="historical")
        # Offices, logins and uploaded files are managed by the provider, not granted.
        .exclude(content_type__model__in=["office", "user", "employeeimport"])
        .exclude(codename__in=["add_auditevent", "change_auditevent", "add_organization", "view_organization"])
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(key, label) for key, (label, _rights) in roles.roles().items()]


class MemberRightsForm(forms.Form):
    rights = RightsField(label=_("Rights"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rights"].queryset = grantable_rights()


class LoginForm(AuthenticationForm):
    """Says why a closed account (deactivated, or an ended employment) cannot log in, once
    its password was right; a wrong password keeps the generic message."""

    def confirm_login_allowed(self, user):
        from hrsuite.lifecycle import login_refusal

        refusal = login_refusal(user=user, request=self.request)
        if refusal:
            raise forms.ValidationError(refusal, code="inactive")


class MemberDeactivateForm(forms.Form):
    # Whether a successor is needed is the deactivation service's decision, not the form's.
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=None, required=False)

    def __init__(self, *args, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors
