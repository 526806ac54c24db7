"""Sidebar entries of an organization. The core registers its own; each domain app adds its
entries from AppConfig.ready(), so the layout never needs to know the apps."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str  # takes org_id
    right: str
    module_flag: str | None = None  # an Organization boolean that must be on
    order: int = 50
    # URL names (a trailing * matches a prefix) for which this entry is the current one.
    current_for: tuple[str, ...] = ()


_ITEMS: list[NavItem] = [
    NavItem(_("Overview"), "organization", "hrsuite.view_employee", order=0, current_for=("organization",)),
    NavItem(
        _("Employees"), "employee_list", "hrsuite.view_employee", order=10, current_for=("employee_*", "employment_end")
    ),
    NavItem(_("Import"), "import_upload", "hrsuite.import_employees", order=20, current_for=("import_*",)),
    NavItem(_("Users and rights"), "member_list", "hrsuite.view_companyaccess", order=90, current_for=("member_*",)),
    NavItem(_("Audit log"), "audit_log", "hrsuite.view_auditevent", order=95),
    NavItem(
        _("Settings"),
        "organization_settings",
        "hrsuite.change_organization",
        order=100,
        current_for=("organization_settings",),
    ),
]


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def _matches(url_name: str, patterns: tuple[str, ...]) -> bool:
    return any(url_name == p or (p.endswith("*") and url_name.startswith(p[:-1])) for p in patterns)


def items_for(request) -> list[dict]:
    organization = getattr(request, "organization", None)
    if organization is None:
        return []
    match = request.resolver_match
    current = (f"{match.namespace}:" if match.namespace else "") + (match.url_name or "")
    if "employee_id" in match.kwargs and not any(_matches(current, i.current_for or (i.url_name,)) for i in _ITEMS):
        # Every tab of an employee page, whichever app owns it, belongs to Employees.
        current = "employee_detail"
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name, kwargs={"org_id": organization.id}),
            "current": _matches(current, item.current_for or (item.url_name,)),
        }
        for item in _ITEMS
        if item.right in request.rights and (item.module_flag is None or getattr(organization, item.module_flag))
    ]
