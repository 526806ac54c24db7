from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from hrsuite.forms import DateField, MonthField
from hrsuite.models import Department, Organization
from timesheets.models import PERCENT_RANGE, Activity, OverviewStatus, PayType, PayTypeKind, TaxCard
from timesheets.selectors.unlogged import UNLOGGED


def _percent(label, help_text) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=5, decimal_places=2, validators=PERCENT_RANGE, help_text=help_text
    )


class TimesheetSettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Timesheet module switched on"), required=False)
    normal_hours_per_day = forms.DecimalField(
        label=_("Normal hours per day (organization)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("An employment that differs sets its own normal hours on the employee."),
    )
    flex_enabled = forms.BooleanField(
        label=_("Flex-time balance"),
        required=False,
        help_text=_("Only employees with a fixed monthly salary take part."),
    )
    annual_hours_divisor = forms.DecimalField(
        label=_("Annual hours (hourly rate divisor)"),
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("1"),
        help_text=_("Hourly rate = annual salary / annual hours, e.g. 1950."),
    )
    flex_start = DateField(
        label=_("Balance counted from"),
        help_text=_("Working days before this date never draw from the balance."),
    )
    four_eyes_publish = forms.BooleanField(
        label=_("Four-eyes publishing of payroll runs"),
        required=False,
        help_text=_("A payroll run must be published by someone other than the person who last built it."),
    )
    tax_flat_rate = _percent(
        _("Tax withholding without a tax card (%)"),
        _(
            "Withheld from employees with no tax card for the year (Norway: 50 %). Statutory tax tables "
            "are not computed: a tax card’s percentage is applied."
        ),
    )
    pension_member_rate = _percent(
        _("Pension member contribution (%)"),
        _("Deducted from the fixed salary where the pension fund does not supply a rate."),
    )
    holiday_pay_rate = _percent(
        _("Holiday pay accrual (%)"),
        _("Accrued on gross pay, e.g. 10.2 or 12; shown on the payslip, not paid with it."),
    )


class TaxCardForm(forms.ModelForm):
    """A tax card for a year; saving a year that has one replaces it."""

    class Meta:
        model = TaxCard
        fields = ["year", "percentage", "table_number"]


class _OrganizationNameForm(forms.ModelForm):
    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = type(self.instance).objects.filter(organization=self.instance.organization, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This name is already in use."))
        return name


class ActivityForm(_OrganizationNameForm):
    prefix = "activity"

    class Meta:
        model = Activity
        fields = ["name", "generates_hours", "active"]


class PayTypeForm(_OrganizationNameForm):
    prefix = "pay_type"

    class Meta:
        model = PayType
        fields = ["name", "kind", "percentage", "active"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PayTypeKind.OVERTIME and not cleaned.get("percentage"):
            self.add_error("percentage", _("An overtime pay type needs a percentage, e.g. 50 or 100."))
        return cleaned


class EntryForm(forms.Form):
    """One entry with a comment (the week grid sets hours only)."""

    prefix = "entry"
    date = DateField(label=_("Date"))
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())
    pay_type = forms.ModelChoiceField(
        label=_("Pay type"), queryset=PayType.objects.none(), required=False, empty_label=_("None")
    )
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("24")
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(organization=organization, active=True)
        self.fields["pay_type"].queryset = PayType.objects.filter(organization=organization, active=True)


class PayoutForm(forms.Form):
    payout_hours = forms.DecimalField(
        label=_("Hours to pay out (+) or deduct (-)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("-744"),
        max_value=Decimal("744"),
        help_text=_("Added to or drawn from the next payroll run when the month is approved."),
    )
    confirm_negative_balance = forms.BooleanField(
        label=_("Confirm negative balance"),
        required=False,
        help_text=_("Needed only to pay out more hours than the balance holds."),
    )


class MonthFilterForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *OverviewStatus.choices, (UNLOGGED, _("Open, with working days without hours"))],
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)


class PeriodForm(forms.Form):
    period = MonthField(label=_("Period"))


class PublishForm(forms.Form):
    pay_date = DateField(label=_("Pay date"))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput())
