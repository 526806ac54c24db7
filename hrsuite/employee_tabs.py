"""The tabs of the employee page. The core owns Overview and History; each domain app adds
its own tab (Benefits, Timesheet, Self-service, Claims) from its AppConfig.ready(), so the
core never imports a domain app."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EmployeeTab:
    key: str
    label: str | Promise
    url_name: str  # takes org_id and employee_id
    right: str
    module_flag: str | None = None  # an Organization boolean that must be on
    order: int = 50


_TABS: list[EmployeeTab] = [
    EmployeeTab("overview", _("Overview"), "employee_detail", "hrsuite.view_employee", order=0),
    EmployeeTab("history", _("History"), "employee_history", "hrsuite.view_employee", order=100),
]


def register_tab(tab: EmployeeTab) -> None:
    if all(existing.key != tab.key for existing in _TABS):
        _TABS.append(tab)
        _TABS.sort(key=lambda t: t.order)


def tabs_for(request, employee) -> list[dict]:
    organization = employee.organization
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"org_id": organization.id, "employee_id": employee.id}),
        }
        for tab in _TABS
        if tab.right in request.rights and (tab.module_flag is None or getattr(organization, tab.module_flag))
    ]
