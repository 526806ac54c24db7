"""What every pension screen shares: the module guard and paging."""

from django.core.paginator import Paginator

from hrsuite.access import org_view
from pensions.integration import MODULE

PAGE_SIZE = 50


def pension_view(right: str):
    """The core's org_view for the pension module (off: 404 everywhere)."""
    return org_view(right, module=MODULE)


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))
