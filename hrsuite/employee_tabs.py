"""The tabs of the employee page, rendered from the module registry (hrsuite/modules.py):
the core declares Overview and History, each domain app its own tab."""

from dataclasses import dataclass, replace

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


# --- Interim: the timesheet app still registers the earlier way until it declares its module.


@dataclass(frozen=True)
class EmployeeTab:
    key: str
    label: object
    url_name: str
    right: str
    module_flag: str | None = None
    order: int = 50


def register_tab(tab: EmployeeTab) -> None:
    from hrsuite.navigation import legacy_module

    module = legacy_module(tab.module_flag, tab.url_name)
    entry = modules.EmployeeTab(tab.key, tab.label, tab.url_name, tab.right, tab.order)
    modules.register(replace(module, tabs=(*module.tabs, entry)))
