"""The tabs of the employee page, rendered from the module registry (hrsuite/modules.py):
the core declares Overview and History, each domain app its own tab."""

from django.urls import reverse

from hrsuite import modules


def tabs_for(request, employee) -> list[dict]:
    # The request's organization instance holds the switches read for this request already.
    organization = getattr(request, "organization", None) or employee.organization
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"org_id": organization.id, "employee_id": employee.id}),
        }
        for tab in modules.employee_tabs()
        if tab.right in request.rights and modules.shown(organization, tab.module, tab.url_name)
    ]
