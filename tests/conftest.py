"""Shared fixtures: an organization with its owner (HR admin), a colleague with fewer rights,
an outsider (HR admin of another organization), an employee with a self-service login, and
the access matrix's world."""

import os

import pytest

from hrsuite import roles
from hrsuite.grants import company_access_grant
from tests.factories import EmployeeFactory, OrganizationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
# usable there (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # Tests speak plain HTTP to the test client and the live server; production keeps the
    # secure defaults from settings.py. Static files are served unhashed (no collectstatic).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only

    # Jobs run in process unless a test starts a real worker (tests/hrsuite/test_celery.py).
    from hrsuite.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Fjord AS")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Other BV", country="NL", currency="EUR", time_zone="Europe/Amsterdam")


def _member(organization, rights, **fields):
    user = UserFactory(**fields)
    company_access_grant(user=user, organization=organization, rights=rights)
    return user


@pytest.fixture
def owner(organization):
    return _member(organization, roles.HR_ADMIN, full_name="Olivia Owner")


@pytest.fixture
def colleague(organization):
    return _member(organization, roles.HR_VIEWER, full_name="Colin Colleague")


@pytest.fixture
def outsider(other_organization):
    return _member(other_organization, roles.HR_ADMIN, full_name="Oscar Outsider")


@pytest.fixture
def employee(organization):
    return EmployeeFactory(organization=organization, first_name="Erik", last_name="Employee")


@pytest.fixture
def employee_user(employee):
    user = UserFactory(full_name=employee.full_name, email="erik@example.com")
    employee.user = user
    employee.save()
    return user


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    from django.test import Client

    return _client_for(Client, owner)


@pytest.fixture
def world(db):
    """Everything the access matrix needs, in one object (tests/url_matrix.py)."""
    from tests.url_matrix import World

    return World()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request handled by the test client leaves
    the language it activated in the thread, which would otherwise leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
