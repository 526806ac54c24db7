from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrsuite.models import MASTER_DATA_FIELDS, SALARY_TERM_FIELDS, Department, Employee, Organization, SalaryTerm
from hrsuite.salary_terms import term_differs, term_values, valid_from_problem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(forms.ModelForm):
    """The employee's master data and the salary terms in force (MASTER_DATA_FIELDS).

    The salary fields show the term in force today; a change to them becomes a new term from
    "salary change valid from" (a new employee's first term starts with the employment)."""

    salary_valid_from = forms.DateField(
        label=_("Salary change valid from"),
        required=False,
        widget=DateInput(),
        help_text=_("Used only when the salary fields change: the earlier terms stay as they are."),
    )

    class Meta:
        model = Employee
        fields = [name for name in MASTER_DATA_FIELDS if name not in [*SALARY_TERM_FIELDS, "salary_valid_from"]]
        widgets = {
            "birth_date": DateInput(),
            "employment_start": DateInput(),
            "employment_end": DateInput(),
        }

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
    end_date = forms.DateField(label=_("Last day of employment"), widget=DateInput())


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
            "benefits_enabled",
            "timesheets_enabled",
            "claims_enabled",
            "pensions_enabled",
        ]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


# Django stores the names of its default rights in English ("Can add insurance"); they are
# shown from the action and the model's translated name instead.
DEFAULT_RIGHT_LABELS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "view": _("Can view %(name)s"),
}


class RightsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, permission):
        action, _sep, model_name = permission.codename.partition("_")
        model = permission.content_type.model_class()
        if action in DEFAULT_RIGHT_LABELS and model is not None and model._meta.model_name == model_name:
            return DEFAULT_RIGHT_LABELS[action] % {"name": model._meta.verbose_name}
        # Custom rights are declared with names marked for translation.
        return gettext(permission.name)


def grantable_rights():
    """Product rights an administrator may tick (never Django's delete or internals)."""
    from django.contrib.auth.models import Permission

    from hrsuite.roles import PRODUCT_APPS

    return (
        Permission.objects.filter(content_type__app_label__in=PRODUCT_APPS)
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
        from hrsuite.roles import ROLES

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(key, label) for key, (label, _rights) in ROLES.items()]


class MemberRightsForm(forms.Form):
    rights = RightsField(label=_("Rights"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rights"].queryset = grantable_rights()
