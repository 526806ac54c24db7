from hrsuite import navigation
from hrsuite.access import organizations_for


def layout(request):
    """What the layout needs: the current organization, its rights, and the switcher list.

    The switcher list is a callable so the query runs only on pages that render it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_organization": getattr(request, "organization", None),
        "rights": getattr(request, "rights", frozenset()),
        "organization_nav": lambda: navigation.items_for(request),
        "switchable_organizations": lambda: list(organizations_for(user).only("id", "name").order_by("name")),
    }
