from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrsuite.dates import month_label
from hrsuite.forms import DateField, MonthField
from hrsuite.imports import LocalizedDecimalField
from pensions.models import FundSettings, PremiumRate


class ReportUploadForm(forms.Form):
    period = MonthField(label=_("Period"))
    file = forms.FileField(
        label=_("Report file"),
        help_text=_(
            "CSV or XLSX with the columns employee_number, pensionable_salary, position_percentage and, "
            "if needed, start, end, change."
        ),
    )


class PayrollReportForm(forms.Form):
    run = forms.ChoiceField(label=_("Paid payroll run"))

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].choices = [(str(run.id), month_label(run.period)) for run in runs]


class ReportPeriodForm(forms.Form):
    period = MonthField(label=_("Period"))


class ReportRowForm(forms.Form):
    """One typed row; the checks themselves are the report's (pensions/checks.py)."""

    employee_number = forms.CharField(label=_("Employee number"), max_length=20, required=False)
    pensionable_salary = forms.CharField(label=_("Pensionable salary"), max_length=20, required=False)
    position_percentage = forms.CharField(label=_("Position %"), max_length=10, required=False)
    start = forms.CharField(label=_("Member from"), max_length=10, required=False)
    end = forms.CharField(label=_("Member until"), max_length=10, required=False)
    change = forms.CharField(label=pgettext_lazy("report line", "Change"), max_length=200, required=False)


ReportRowFormSet = forms.formset_factory(ReportRowForm, extra=0, max_num=500, absolute_max=500, validate_max=True)


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the warnings are acceptable"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AsOfForm(forms.Form):
    """The moment to look a report version up at: a day in the language's format and an
    optional 24-hour time (browsers' own date-time boxes show their locale, not ours)."""

    as_of = DateField(label=_("In force as of"), required=False)
    at = forms.TimeField(
        label=_("Time (optional)"),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TextInput(
            attrs={"placeholder": pgettext_lazy("time format hint", "hh:mm"), "inputmode": "numeric", "size": 5}
        ),
    )

    def moment(self, *, organization) -> datetime | None:
        """The moment in the organization's time zone: the end of the minute typed (the
        versions show their times to the minute), without a time the end of the day."""
        if not self.is_valid() or not self.cleaned_data.get("as_of"):
            return None
        at = (self.cleaned_data.get("at") or time.max).replace(second=59, microsecond=999999)
        return datetime.combine(self.cleaned_data["as_of"], at, tzinfo=organization.tz)


class FundSettingsForm(forms.ModelForm):
    class Meta:
        model = FundSettings
        fields = ["salary_jump_percent", "min_age", "max_age"]


class PremiumRateForm(forms.ModelForm):
    valid_from = DateField(label=_("Valid from"))

    class Meta:
        model = PremiumRate
        fields = ["valid_from", "employer_rate", "member_rate"]


class PaymentForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=25)
    amount = LocalizedDecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = DateField(label=_("Paid on"))


class SettlementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=1900, max_value=2200)
    current_g = LocalizedDecimalField(
        label=_("G now"),
        max_digits=10,
        decimal_places=2,
        min_value=1,
        required=False,
        help_text=_("Empty: the G in force today from the fund's G table."),
    )
    expected_g = LocalizedDecimalField(label=_("Expected G"), max_digits=10, decimal_places=2, min_value=1)
