"""The top bar's search: employees by name, number or e-mail in every organization where
the user may see employees, one paginated list (organization named on each row)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from hrsuite.access import organizations_for
from hrsuite.inbox import holding
from hrsuite.models import Employee

PAGE_SIZE = 25
MAX_QUERY = 100


@login_required
def search(request):
    # NUL is no character of any name or number, and PostgreSQL refuses it in a query.
    text = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY]
    employees = Employee.objects.none()
    if text:
        organizations = holding(request.user, "hrsuite.view_employee", organizations_for(request.user))
        employees = (
            Employee.objects.filter(organization__in=organizations)
            .search(text)
            .select_related("organization", "department")
            .order_by("last_name", "first_name", "organization__name", "pk")
        )
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"q": text, "page": page, "query": f"q={text}" if text else ""}
    template = "hrsuite/search.html#results" if request.htmx else "hrsuite/search.html"
    return render(request, template, context)
