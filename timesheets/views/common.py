"""What the timesheet screens share: the module switch and service errors as text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def error_text(invalid: ValidationError) -> str:
    return " ".join(invalid.messages)


def module_on(request, organization) -> bool:
    if not organization.timesheets_enabled:
        messages.info(request, _("The timesheet module is switched off. Switch it on in the timesheet settings."))
        return False
    return True


def settings_redirect(organization):
    return redirect("timesheets:settings", org_id=organization.id)
