"""Forms of the pensioning screens: a G value, a retirement notice, a payout period."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from hrsuite.forms import DateField, MonthField
from hrsuite.models import Employee, Organization
from pensions.models import RetirementReason
from pensions.selectors.pensioning import schemes_for


class GValueForm(forms.Form):
    valid_from = DateField(label=_("Valid from (1 May)"))
    amount = forms.DecimalField(
        label=_("G (NOK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class RetirementNoticeForm(forms.Form):
    employee_number = forms.CharField(label=_("Employee number"), max_length=20)
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None, empty_label=None)
    retirement_date = DateField(label=_("Retirement date"))
    reason = forms.ChoiceField(label=_("Reason"), choices=RetirementReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["scheme"].queryset = schemes_for(organization=organization)

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        employee = Employee.objects.filter(organization=self.organization, number=number).first()
        if employee is None:
            raise forms.ValidationError(
                _("No employee of this organization has the number “%(number)s”."), params={"number": number}
            )
        self.cleaned_data["employee"] = employee
        return number


class PayoutPeriodForm(forms.Form):
    period = MonthField(label=_("Period"))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have checked it"))
