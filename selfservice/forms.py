from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from hrsuite.forms import DateField
from hrsuite.models import Employee
from selfservice.models import CHANGEABLE, Addendum


class AddendumForm(forms.ModelForm):
    class Meta:
        model = Addendum
        fields = ["signed_on", "signed_by", "confirmation_reference"]
        field_classes = {"signed_on": DateField}


class ProductSelectionForm(forms.Form):
    products = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = [(code, code) for code in codes]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Send the invitation to"))


class BulkInviteForm(forms.Form):
    employees = forms.ModelMultipleChoiceField(queryset=None, required=True, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees
        self.fields["employees"].error_messages["required"] = _("Tick at least one employee.")


class AcceptInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("You log in with this address. Your employer can see it.")
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class PersonalDetailsForm(forms.ModelForm):
    """The employee's own request. It only collects the values: the core's checks (the
    same as HR's form) run in the service, which names the field that is wrong."""

    class Meta:
        model = Employee
        fields = list(CHANGEABLE)

    def _post_clean(self):
        """No model validation on the employee's live record here (see the docstring)."""


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note to the employee"), max_length=300, required=False)
