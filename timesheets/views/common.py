"""What the timesheet screens share: the module switch and the settings redirect."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def module_on(request, organization) -> bool:
    if not organization.timesheets_enabled:
        messages.info(request, _("The timesheet module is switched off. Switch it on in the timesheet settings."))
        return False
    return True


def settings_redirect(organization):
    return redirect("timesheets:settings", org_id=organization.id)
