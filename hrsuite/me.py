"""My page: the employee's own page, an extension point of the core.

Apps contribute sections through their module (hrsuite/modules.py). A section is shown, and
its URLs answer, only when its module is on for the employee's organization and its feature
is switched on. Which features an organization has is decided by one feature gate, set by the
app that sells them (self-service registers it from its ready()); without a gate no feature
is on. Each section contributes a card on /me/ (its template, rendered with its context
callable's result) and, optionally, its own page (url_name, taking no kwargs), which then also
appears in My page's menu. Views of a section use `section_view(key)`, which answers 404
whenever the section is not shown; pages extend templates/me_base.html with `me_render`.

Everything here is the logged-in person's own data: the employee comes from request.user,
never from the URL, so nobody can reach someone else's page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hrsuite import modules
from hrsuite.models import Employee, Organization


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    feature: str  # the feature (a product code of the gate) that must be on
    context: Callable[[Employee], dict]  # the card's (and page's) data for this employee
    template: str  # the card on /me/, rendered with context + {"employee", "section"}
    url_name: str | None = None  # the section's own page (no kwargs); appears in the menu
    order: int = 50
    module: str = ""  # filled in by modules.register()


_gate: list[Callable[[Organization], frozenset[str]]] = []


def set_feature_gate(gate: Callable[[Organization], frozenset[str]] | None) -> None:
    """The one function that says which features an organization has switched on."""
    _gate[:] = [gate] if gate else []


def features_for(organization: Organization) -> frozenset[str]:
    return _gate[0](organization) if _gate else frozenset()


def get(key: str) -> Section | None:
    return next((s for s in modules.sections() if s.key == key), None)


def is_shown(section: Section | None, employee: Employee, features: Iterable[str]) -> bool:
    return (
        section is not None
        and section.feature in features
        and modules.module_is_on(employee.organization, section.module)
    )


def shown_sections(employee: Employee, features: Iterable[str]) -> list[Section]:
    features = frozenset(features)
    return [s for s in modules.sections() if is_shown(s, employee, features)]


def own_employee(user) -> Employee:
    """The employee record of the logged-in person; someone without one has no page here."""
    employee = getattr(user, "employee", None)
    if employee is None:
        raise Http404
    # The organization with its module switches, in the one query that loads it anyway.
    employee.organization = modules.with_switches(Organization.objects.filter(pk=employee.organization_id)).get()
    return employee


def _menu(request, employee, features) -> list[dict]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [{"label": _("Overview"), "url": reverse("me"), "current": current == "me"}]
    for section in shown_sections(employee, features):
        if section.url_name:
            items.append(
                {"label": section.label, "url": reverse(section.url_name), "current": current == section.url_name}
            )
    return items


def me_context(request, employee: Employee, features) -> dict:
    """What every page under My page needs (templates/me_base.html: the menu)."""
    request.my_page = True  # the sidebar's "My page" link is the current one
    return {"employee": employee, "menu": _menu(request, employee, features), "features": features}


def me_render(request, template: str, employee: Employee, features, context: dict | None = None):
    """A page under My page: the template extends me_base.html."""
    return render(request, template, {**me_context(request, employee, features), **(context or {})})


def section_view(key: str):
    """Only the employee, only when the section is switched on for their organization."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            employee = own_employee(request.user)
            features = features_for(employee.organization)
            if not is_shown(get(key), employee, features):
                raise Http404
            timezone.activate(employee.organization.tz)
            return view(request, *args, employee=employee, features=features, **kwargs)

        wrapper.section = key
        return wrapper

    return decorate
