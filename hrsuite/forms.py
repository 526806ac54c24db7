from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hrsuite.models import Department, Employee, Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "number",
            "first_name",
            "last_name",
            "email",
            "birth_date",
            "national_id",
            "department",
            "job_function_level",
            "employment_start",
            "employment_end",
            "salary_type",
            "annual_salary",
            "employment_percentage",
            "normal_hours_per_day",
        ]
        widgets = {
            "birth_date": DateInput(),
            "employment_start": DateInput(),
            "employment_end": DateInput(),
        }

    def __init__(self, *args, organization: Organization, can_edit_national_id: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["department"].queryset = Department.objects.filter(organization=organization)
        if not can_edit_national_id:
            del self.fields["national_id"]
        self.fields["annual_salary"].label = _("Annual salary (%(currency)s)") % {"currency": organization.currency}

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        clash = Employee.objects.filter(organization=self.instance.organization, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another employee already has this number."))
        return number


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
