from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims.models import (
    PERSONAL_INJURY_LINES,
    AbsenceWithoutCover,
    ActivityKind,
    Claim,
    ClaimLine,
    ClaimStatus,
    Policy,
)
from claims.rights import PORTAL_USER, filable_lines, levels_for
from claims.selectors import OPEN
from hrsuite.forms import DateField
from hrsuite.models import Employee, JobFunctionLevel, Organization, User


def portal_users(organization: Organization):
    """Who may handle a claim or be made responsible: the organization's portal users."""
    app_label, codename = PORTAL_USER.split(".")
    return User.objects.filter(
        is_active=True,
        company_accesses__organization=organization,
        company_accesses__rights__codename=codename,
        company_accesses__rights__content_type__app_label=app_label,
    ).distinct()


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    line = forms.ChoiceField(label=pgettext_lazy("claim line", "Line"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), (OPEN, _("Open (not closed)")), *ClaimStatus.choices],
    )
    date_from = DateField(label=_("Reported from"), required=False)
    date_to = DateField(label=_("Reported to"), required=False)
    mine = forms.BooleanField(label=_("Handled by me"), required=False)

    def __init__(self, *args, lines: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("All lines")), *[(line, ClaimLine(line).label) for line in lines]]


class ClaimCreateForm(forms.ModelForm):
    confirm_loss_of_access = forms.BooleanField(
        label=_("I understand that I will not see this case after saving"), required=False
    )

    class Meta:
        model = Claim
        fields = [
            "line",
            "title",
            "employee",
            "policy",
            "claim_number",
            "occurred_on",
            "reported_on",
            "place",
            "description",
            "estimated_amount",
        ]
        field_classes = {"occurred_on": DateField, "reported_on": DateField}

    def __init__(self, *args, organization: Organization, rights: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.rights = rights
        self.loses_access = False
        self.fields["line"].choices = [(line, ClaimLine(line).label) for line in filable_lines(rights)]
        # Found through the person search (claims/partials/person_search.html), never a list
        # of every employee; any employee of the organization is accepted.
        self.fields["employee"].queryset = Employee.objects.filter(organization=organization)
        self.fields["employee"].help_text = _("Required for accident and sickness cases.")
        self.fields["policy"].queryset = Policy.objects.filter(organization=organization)

    def loses_access_to(self, employee: Employee) -> bool:
        """Whether the filer will not see a personal-injury case of this employee."""
        return employee.job_function_level not in levels_for(self.rights)

    def clean(self):
        data = super().clean()
        employee = data.get("employee")
        if (
            data.get("line") in PERSONAL_INJURY_LINES
            and employee is not None
            and self.loses_access_to(employee)
            and not data.get("confirm_loss_of_access")
        ):
            # Said before saving: filing is allowed, seeing the case afterwards is not.
            self.loses_access = True
            self.add_error(
                "confirm_loss_of_access",
                _(
                    "%(name)s is in the person group “%(level)s”, whose cases you may not see: after "
                    "saving you lose access to this case. Tick the box to file it anyway."
                )
                % {"name": employee.full_name, "level": JobFunctionLevel(employee.job_function_level).label},
            )
        return data


class ClaimEditForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = [
            "title",
            "policy",
            "claim_number",
            "occurred_on",
            "reported_on",
            "place",
            "description",
            "estimated_amount",
            "paid_amount",
            "handler",
        ]
        field_classes = {"occurred_on": DateField, "reported_on": DateField}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.filter(organization=organization, line=self.instance.line)
        self.fields["handler"].queryset = portal_users(organization)


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=_("Yes, change the status"))

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ClaimStatus(s).label) for s in claim.allowed_statuses]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(ActivityKind.NOTE, ActivityKind.NOTE.label), (ActivityKind.ACTIVITY, ActivityKind.ACTIVITY.label)],
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document"), help_text=_("PDF, PNG, JPEG, DOCX or XLSX, at most 10 MB."))


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = [
            "line",
            "insurer",
            "policy_number",
            "valid_from",
            "valid_to",
            "cover",
            "premium",
            "waiting_period_days",
        ]
        field_classes = {"valid_from": DateField, "valid_to": DateField}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["premium"].label = _("Annual premium (%(currency)s)") % {"currency": organization.currency}


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = AbsenceWithoutCover
        fields = ["employee", "first_day", "waiting_period_days", "policy", "responsible", "description"]
        field_classes = {"first_day": DateField}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["employee"].queryset = Employee.objects.filter(organization=organization)
        self.fields["policy"].queryset = Policy.objects.filter(organization=organization, line=ClaimLine.SICKNESS)
        self.fields["responsible"].queryset = portal_users(organization)
        self.fields["waiting_period_days"].help_text = _("For example 30, 60 or 90 days, as the policy says.")


class AllowanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Insurer's file (CSV)"), help_text=_("Columns: claim_number, month, days, daily_rate, amount.")
    )


class ClaimsSettingsForm(forms.Form):
    safety_officer = forms.ModelChoiceField(label=_("Safety officer"), queryset=User.objects.none(), required=False)
    hide_injured_name = forms.BooleanField(
        label=_("Hide the injured person's name from the safety officer"), required=False
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_officer"].queryset = portal_users(organization)


class TermsAcceptForm(forms.Form):
    accept = forms.BooleanField(label=_("I have read the terms of use and accept them for my organization"))
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Customer name or organization number"), required=False, max_length=100)


class CompanyPermissionsForm(forms.Form):
    """Step one shows the review; only a submission with `confirm` saves."""

    organizations = forms.ModelMultipleChoiceField(
        label=_("Companies"), queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    rights = forms.MultipleChoiceField(
        label=_("Rights in companies that are new for this user"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Companies the user keeps keep their own rights."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, companies, right_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = companies
        self.fields["rights"].choices = right_choices


class HealthTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG, JPEG, DOCX or XLSX, at most 10 MB."))
