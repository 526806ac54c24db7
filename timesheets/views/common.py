"""What the timesheet screens share: the module key and service errors as text."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def error_text(invalid: ValidationError) -> str:
    return " ".join(invalid.messages)


def settings_redirect(organization):
    return redirect("timesheets:settings", org_id=organization.id)
