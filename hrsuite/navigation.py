"""The sidebar of an organization, rendered from the module registry (hrsuite/modules.py):
every module's entries the user holds the right for, of the modules that are on."""

from django.urls import reverse

from hrsuite import modules


def _matches(url_name: str, patterns: tuple[str, ...]) -> bool:
    return any(url_name == p or (p.endswith("*") and url_name.startswith(p[:-1])) for p in patterns)


def items_for(request) -> list[dict]:
    organization = getattr(request, "organization", None)
    if organization is None:
        return []
    entries = [
        e
        for e in modules.sidebar_entries()
        if e.right in request.rights and modules.shown(organization, e.module, e.url_name)
    ]
    match = request.resolver_match
    current = (f"{match.namespace}:" if match.namespace else "") + (match.url_name or "")
    if "employee_id" in match.kwargs and not any(_matches(current, e.current_for or (e.url_name,)) for e in entries):
        # Every tab of an employee page, whichever app owns it, belongs to Employees.
        current = "employee_detail"
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name, kwargs={"org_id": organization.id}),
            "current": _matches(current, entry.current_for or (entry.url_name,)),
        }
        for entry in entries
    ]
