from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.models import Insurance, OtherBenefit
from hrsuite.forms import DateField
from hrsuite.models import Department, Employee, Organization


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class InsuranceForm(forms.ModelForm):
    class Meta:
        model = Insurance
        fields = [
            "name",
            "agreement_number",
            "contact_person",
            "helpline",
            "deductible",
            "terms_url",
            "start_date",
            "end_date",
            "description",
            "coverage",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "coverage": forms.Textarea(attrs={"rows": 3}),
            "terms_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        field_classes = {"terms_url": HttpsURLField, "start_date": DateField, "end_date": DateField}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["deductible"].label = _("Deductible (%(currency)s)") % {"currency": organization.currency}
        self.fields["coverage"].help_text = _("What the insurance covers, as the employee should read it.")


class OtherBenefitForm(forms.ModelForm):
    class Meta:
        model = OtherBenefit
        fields = ["kind", "name", "provider", "monthly_cost", "taxable", "start_date", "end_date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"start_date": DateField, "end_date": DateField}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["monthly_cost"].label = _("Monthly cost (%(currency)s)") % {"currency": organization.currency}


FORMS = {"insurances": InsuranceForm, "other-benefits": OtherBenefitForm}


class BenefitEndForm(forms.Form):
    end_date = DateField(label=_("Last day"))


class LinkEndForm(forms.Form):
    end_date = DateField(label=_("Last covered day"))


class DayForm(forms.Form):
    on = DateField(label=_("Covered on"), required=False)


class LinkEmployeesForm(forms.Form):
    """Pick employees one by one, a whole department, or every current employee."""

    employees = forms.ModelMultipleChoiceField(
        label=_("Employees"), queryset=Employee.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    department = forms.ModelChoiceField(
        label=_("A whole department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label="—",
    )
    everyone = forms.BooleanField(label=_("All current employees"), required=False)
    valid_from = DateField(label=_("Covered from"))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["employees"].queryset = Employee.objects.filter(organization=organization).select_related(
            "organization"
        )
        self.fields["department"].queryset = Department.objects.filter(organization=organization)

    def clean(self):
        data = super().clean()
        if not (data.get("employees") or data.get("department") or data.get("everyone")):
            raise forms.ValidationError(_("Choose employees, a department or all current employees."))
        return data

    def chosen_employees(self) -> list[Employee]:
        """The picked employees plus, for a department or everyone, those employed on the date."""
        data = self.cleaned_data
        chosen = {e.id: e for e in data["employees"]}
        if data.get("department") or data.get("everyone"):
            group = Employee.objects.filter(organization=self.organization).employed_on(data["valid_from"])
            if not data.get("everyone"):
                group = group.filter(department=data["department"])
            for employee in group.select_related("organization"):
                chosen.setdefault(employee.id, employee)
        return sorted(chosen.values(), key=lambda e: (e.last_name, e.first_name, e.number))


class EmployeeLinkForm(forms.Form):
    """Add one benefit to an employee, from the employee's page."""

    benefit = forms.ModelChoiceField(label=_("Benefit"), queryset=Insurance.objects.none())
    valid_from = DateField(label=_("Covered from"))

    def __init__(self, *args, benefits, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = benefits
        self.fields["benefit"].label = label
