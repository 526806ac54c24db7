"""The access matrix: every URL pattern, requested by everyone who must and must not get in.

Each app lists its URL patterns in tests/<app>/url_cases.py as CASES. A case names the URL,
builds its kwargs inside the world's organization (creating objects as needed), declares the
right the view demands and the companion rights a person needs to reach it at all (an
employee's page also needs view_employee), the HTTP methods the view serves and the modules
that must be on. tests/test_access_matrix.py turns each case into personas × methods × (full
page, htmx partial) and asserts, for organization pages (scope ORG):
- a member holding every right except the case's right: 403;
- a member holding only the case's right and its companions: reaches the page (not 403, not
  404, not sent to the login page);
- an outsider (HR admin of another organization) and an employee of the organization
  without company access: 404, as if the page did not exist;
- a member holding every right in another organization, asking through that organization's
  URL for this organization's object (employee, benefit, run...): 404;
- with one of the case's modules switched off, a member holding every right: 404;
- GET to a view that serves only POST: 405; POST to a page that only reads: no error (it may
  ignore the method). A URL whose POST demands another right than its GET has two cases.
The employee's own pages (scope ME, /me/) run with Self-service on: the employee reaches
them, a second employee of the same organization gets 404 on the first one's objects, people
without an employee record get 404. Global pages (scope GLOBAL) declare what each persona
gets. A meta-test fails when a URL pattern has no case or no name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

ORG, ME, GLOBAL = "org", "me", "global"
MODULES = ("benefits", "timesheets", "selfservice", "claims", "pensions")
METHODS = ("get", "post")
REACH = "reach"  # under 400 and not sent to the login page
OWN_PAGE = "own page"  # REACH, and nothing of the first employee on it
ANSWERED = "answered"  # under 400, or 405: no error either way
# Self-service products switched on in the world's organization (the included Start
# features, payslips and annual statements among them, come with activation).
SELFSERVICE_PRODUCTS = {"view_personal_data", "change_personal_data", "workflow_editor"}


def org_kwargs(world) -> dict:
    return {"org_id": world.organization.id}


def employee_kwargs(world) -> dict:
    return {"org_id": world.organization.id, "employee_id": world.employee.id}


def no_kwargs(world) -> dict:
    return {}


def no_data(world) -> dict:
    return {}


@dataclass(frozen=True)
class Case:
    name: str  # URL name, with namespace ("benefits:insurance_detail")
    kwargs: Callable = org_kwargs
    right: str | None = None  # the right the view demands; None when membership suffices
    # Rights without which nobody reaches the page at all, held by the "only the right" member
    # besides `right` (an employee's tab needs hrsuite.view_employee to see the employee).
    companions: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("get",)  # what the view serves; GET to a POST-only view: 405
    data: Callable = no_data  # the POST body, or the query string of a GET
    modules: tuple[str, ...] = ()  # each one switched off answers 404
    scope: str = ORG
    # ME: the URL names one of the employee's own objects (a payslip, a request): a second
    # employee gets 404 there; on a page without an object they get their own page.
    own_object: bool = False
    # GLOBAL: persona -> expected status.
    expect: tuple[tuple[str, int], ...] = ()
    variant: str = ""  # tells apart cases of one URL name (benefit kinds, a POST's own right)

    @property
    def id(self) -> str:
        return f"{self.name}/{self.variant}" if self.variant else self.name


class World:
    """One organization with every module on (benefits, timesheets, the claims portal,
    Self-service with its products), an employee with a login and a second one, another organization with its HR
    admin, and members made on demand with exactly the rights a test needs. Built per test;
    everything past the organization and its two employees is created when first used."""

    def __init__(self):
        from hrsuite import roles
        from tests.factories import EmployeeFactory, OrganizationFactory
        from tests.timesheets.factories import TimesheetSettingsFactory

        self.organization = OrganizationFactory(
            name="Fjord AS", modules={"timesheets": True, "claims": True, "pensions": True}
        )
        TimesheetSettingsFactory(organization=self.organization)
        self.other_organization = OrganizationFactory(
            name="Other BV", country="NL", currency="EUR", time_zone="Europe/Amsterdam", modules={"timesheets": True}
        )
        TimesheetSettingsFactory(organization=self.other_organization)
        self.employee = self._employee_with_login(EmployeeFactory, "Erik", "Employee")
        self.second_employee = self._employee_with_login(EmployeeFactory, "Siri", "Second")
        self.outsider = self._member_of(self.other_organization, roles.HR_ADMIN, full_name="Oscar Outsider")
        from tests.selfservice.factories import ensure_catalog, switch_on

        ensure_catalog()
        switch_on(self.organization, codes=SELFSERVICE_PRODUCTS, actor=self.provider)

    def _employee_with_login(self, factory, first_name, last_name):
        from tests.factories import UserFactory

        user = UserFactory(full_name=f"{first_name} {last_name}", email=f"{first_name.lower()}@example.com")
        return factory(organization=self.organization, first_name=first_name, last_name=last_name, user=user)

    @staticmethod
    def _member_of(organization, rights, **fields):
        from hrsuite.grants import company_access_grant
        from tests.claims.factories import terms_accepted
        from tests.factories import UserFactory

        user = UserFactory(**fields)
        company_access_grant(user=user, organization=organization, rights=sorted(rights))
        # The terms-of-use gate of a new customer administrator has its own tests.
        return terms_accepted(user)

    @property
    def employee_user(self):
        return self.employee.user

    @cached_property
    def every_right(self) -> frozenset[str]:
        from django.contrib.auth.models import Permission

        from hrsuite.roles import right_apps

        rows = Permission.objects.filter(content_type__app_label__in=right_apps()).values_list(
            "content_type__app_label", "codename"
        )
        return frozenset(f"{app}.{codename}" for app, codename in rows)

    def member(self, rights, **fields):
        """A member of the organization holding exactly these rights."""
        return self._member_of(self.organization, rights, **fields)

    @cached_property
    def administrator(self):
        return self.member(self.every_right, full_name="Ada Administrator")

    @cached_property
    def other_administrator(self):
        """Holds every right in the other organization."""
        return self._member_of(self.other_organization, self.every_right, full_name="Otto Other")

    @cached_property
    def colleague(self):
        from hrsuite import roles

        return self.member(roles.HR_VIEWER, full_name="Colin Colleague")

    @cached_property
    def provider(self):
        """Provider staff of the organization's office."""
        from tests.selfservice.factories import provider_staff

        return provider_staff(self.organization, full_name="Petra Provider")


def switch_module(world: World, key: str, on: bool) -> None:
    """Switch one module of the world's organization on or off: the one place the matrix
    knows how modules are switched."""
    organization = world.organization
    if key == "selfservice":
        # Activation has its own precondition (a recorded addendum) on top of the switch.
        from selfservice import services

        switch = services.selfservice_activate if on else services.selfservice_deactivate
        switch(organization=organization, actor=world.provider)
    else:
        from hrsuite.services import module_switch

        module_switch(organization=organization, key=key, enabled=on, actor=world.provider)
