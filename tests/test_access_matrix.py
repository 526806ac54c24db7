"""The access matrix (tests/url_matrix.py explains the cases and personas)."""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.url_matrix import ANSWERED, GLOBAL, ME, METHODS, MODULES, ORG, OWN_PAGE, REACH, Case, switch_module

# Outside the matrix on purpose: authentication endpoints (the self-service invitation link
# is one: anonymous by design, guarded by its signed one-time token; tested in
# tests/selfservice/test_invitations.py) and Django's own admin (which has its own staff
# check and is not part of the product's UI).
PUBLIC = {
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "selfservice:invitation_accept",
    "invitation_accept",  # the same for people given company access (tests/hrsuite/test_lifecycle.py)
}


def all_cases() -> list[Case]:
    cases = []
    for module in pkgutil.iter_modules(tests.__path__):
        try:
            url_cases = importlib.import_module(f"tests.{module.name}.url_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(url_cases.CASES)
    return cases


def product_url_patterns(resolver=None, namespace="", prefix=""):
    """(name with namespace or None, route) of every URL pattern outside Django's admin."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from product_url_patterns(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (namespace + pattern.name if pattern.name else None), prefix + str(pattern.pattern)


CASES = all_cases()
ROUTES = dict(product_url_patterns())
SERVED = {case.name: set() for case in CASES}
for case in CASES:
    SERVED[case.name] |= set(case.methods)


def names_objects(case: Case) -> bool:
    """Whether the URL names an object (an employee, a run...) besides the organization."""
    return ROUTES[case.name].replace("<uuid:org_id>", "").count("<uuid:") > 0


def test_every_url_pattern_has_a_name():
    unnamed = [route for name, route in product_url_patterns() if name is None]
    assert not unnamed, f"URL patterns without a name cannot be in the access matrix: {unnamed}"


def test_every_url_pattern_is_in_the_matrix():
    names = {name for name, _route in product_url_patterns() if name}
    cases = {case.name for case in CASES}
    assert not names - PUBLIC - cases, f"URL patterns without an access-matrix case: {sorted(names - PUBLIC - cases)}"
    assert not cases - names, f"Access-matrix cases naming no URL pattern: {sorted(cases - names)}"


def test_cases_are_well_formed():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases share an id: give them a variant"
    for case in CASES:
        assert case.methods and set(case.methods) <= set(METHODS), case.id
        assert set(case.modules) <= set(MODULES), case.id
        assert case.scope in (ORG, ME, GLOBAL), case.id
        assert (case.scope == GLOBAL) == bool(case.expect), f"{case.id}: only global pages declare expectations"
        assert case.right not in case.companions, case.id


def personas(case: Case) -> list[tuple[str, object]]:
    """(persona, expected) for the methods the view serves."""
    if case.scope == GLOBAL:
        return list(case.expect)
    if case.scope == ME:
        found = [("employee", REACH), ("second_employee", 404 if case.own_object else OWN_PAGE)]
        found += [("outsider", 404), ("member", 404)]
    else:
        found = [("without_right", 403)] if case.right else []
        found += [("only_right", REACH), ("outsider", 404), ("employee", 404)]
        if names_objects(case):
            found.append(("other_org_admin", 404))
    return found + [(f"{module}_off", 404) for module in case.modules]


def reaching_persona(case: Case) -> str:
    if case.scope == GLOBAL:
        return next(persona for persona, expected in case.expect if expected == REACH)
    return "employee" if case.scope == ME else "only_right"


def matrix():
    for case in CASES:
        runs = [(persona, method, expected) for persona, expected in personas(case) for method in case.methods]
        # A view that only writes refuses GET; a page that only reads may ignore the method,
        # but never answers a POST with an error.
        unserved = [method for method in METHODS if method not in SERVED[case.name]]
        runs += [(reaching_persona(case), m, 405 if m == "get" else ANSWERED) for m in unserved]
        for persona, method, expected in runs:
            for htmx in (False, True):
                variant = "htmx" if htmx else "full"
                param_id = f"{case.id}-{persona}-{method}-{variant}"
                yield pytest.param(case, persona, method, htmx, expected, id=param_id)


MATRIX = list(matrix())


def user_for(world, case: Case, persona: str):
    if persona == "without_right":
        return world.member(world.every_right - {case.right})
    if persona == "only_right":
        return world.member({case.right, *case.companions} - {None})
    if persona.endswith("_off"):
        return world.employee_user if case.scope == ME else world.administrator
    if persona == "second_employee":
        return world.second_employee.user
    if persona == "member":
        return world.administrator
    if persona == "other_org_admin":
        return world.other_administrator
    return getattr(world, {"employee": "employee_user"}.get(persona, persona))


@pytest.mark.parametrize(("case", "persona", "method", "htmx", "expected"), MATRIX)
def test_access(case, persona, method, htmx, expected, world):
    kwargs = case.kwargs(world)
    if persona == "other_org_admin":
        # Through an organization they may fully reach, to this organization's object.
        kwargs["org_id"] = world.other_organization.id
    url = reverse(case.name, kwargs=kwargs)
    data = case.data(world)
    client = Client(raise_request_exception=False)
    client.force_login(user_for(world, case, persona))
    if persona.endswith("_off"):
        switch_module(world, persona.removesuffix("_off"), False)
    headers = {"HX-Request": "true"} if htmx else {}

    response = getattr(client, method)(url, data, headers=headers)

    if expected in (REACH, OWN_PAGE):
        assert response.status_code < 400, f"{persona} should reach {url}, got {response.status_code}"
        login = reverse("login")
        for target in (response.get("Location", ""), response.get("HX-Redirect", "")):
            assert not target.startswith(login), f"{persona} was sent to the login page from {url}"
    elif expected == ANSWERED:
        assert response.status_code < 400 or response.status_code == 405, response.status_code
    else:
        assert response.status_code == expected
    if expected == OWN_PAGE:
        assert world.employee.full_name not in response.content.decode(), "another employee's data on the page"
    if case.scope == GLOBAL and persona in ("outsider", "employee"):
        # Global pages never show or lead into an organization the person cannot reach.
        assert world.organization.name not in response.content.decode()
        assert str(world.organization.id) not in response.get("Location", "")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_anonymous_is_sent_to_login(case, world):
    url = reverse(case.name, kwargs=case.kwargs(world))
    for method in METHODS:
        response = getattr(Client(), method)(url)
        if method in SERVED[case.name] or method == "post":
            assert response.status_code == 302, method
            assert response["Location"].startswith(reverse("login")), method
        else:
            assert response.status_code == 405, method
