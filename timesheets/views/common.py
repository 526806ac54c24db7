"""What the timesheet screens share: the settings redirect."""

from django.shortcuts import redirect


def settings_redirect(organization):
    return redirect("timesheets:settings", org_id=organization.id)
