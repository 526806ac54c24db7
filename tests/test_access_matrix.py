import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.url_matrix import Case

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


def product_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= product_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


CASES = all_cases()


def test_every_url_pattern_is_in_the_matrix():
    missing = product_url_names() - PUBLIC - {case.name for case in CASES}
    assert not missing, f"URL patterns without an access-matrix case: {sorted(missing)}"


def _request(case: Case, world, user):
    client = Client()
    client.force_login(user)
    url = reverse(case.name, kwargs=case.kwargs(world))
    return getattr(client, case.method)(url, case.data(world))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_outsider_from_another_organization(case, world):
    assert _request(case, world, world.outsider).status_code == case.outsider


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_employee_without_company_access(case, world):
    assert _request(case, world, world.employee_user).status_code == case.employee


@pytest.mark.parametrize("case", [c for c in CASES if c.rightless is not None], ids=lambda c: c.name)
def test_member_without_the_right(case, world):
    expected = case.rightless if case.right else 200
    assert _request(case, world, world.rightless).status_code == expected


@pytest.mark.parametrize("case", [c for c in CASES if c.right], ids=lambda c: c.name)
def test_member_with_every_right_gets_in(case, world):
    assert _request(case, world, world.administrator).status_code in (200, 302)


def test_anonymous_is_sent_to_login(world):
    for case in CASES:
        response = getattr(Client(), case.method)(reverse(case.name, kwargs=case.kwargs(world)))
        assert response.status_code in (302, 405), case.name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), case.name
