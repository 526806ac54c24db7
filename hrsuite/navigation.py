"""The sidebar of an organization, rendered from the module registry (hrsuite/modules.py):
every module's entries the user holds the right for, of the modules that are on."""

from django.urls import reverse

from hrsuite import inbox, modules


def _matches(url_name: str, patterns: tuple[str, ...]) -> bool:
    return any(url_name == p or (p.endswith("*") and url_name.startswith(p[:-1])) for p in patterns)


def items_for(request, *, with_counts: bool = False) -> list[dict]:
    """with_counts: what waits behind each entry (inbox hooks); the sidebar loads those
    afterwards (htmx), so no page pays for them before it is shown."""
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
    # What waits behind an entry, counted by the modules' inbox hooks (one query per module).
    waiting = inbox.counts_by_path(inbox.inbox_for_request(request), organization) if with_counts else {}
    items = []
    for entry in entries:
        url = reverse(entry.url_name, kwargs={"org_id": organization.id})
        items.append(
            {
                "label": entry.label,
                "key": entry.url_name.replace(":", "-").replace("_", "-"),
                "url": url,
                "current": _matches(current, entry.current_for or (entry.url_name,)),
                "count": waiting.get(url, 0),
            }
        )
    return items
