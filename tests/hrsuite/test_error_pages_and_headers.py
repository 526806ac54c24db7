"""Static files carry the pages' security headers; error pages are the product's and leak
nothing (DEBUG is off in tests, as in production)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import include, path

from hrsuite import urls as site_urls


def boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("boom/", boom), path("", include(site_urls))]


@pytest.fixture
def static_client(settings):
    # Serve from the finders, as collectstatic does not run in tests; a new client builds a
    # new WhiteNoise middleware with these settings.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return Client()


@pytest.mark.parametrize("asset", ["css/app.css", "img/favicon.svg"])
def test_static_files_carry_the_security_headers(static_client, asset):
    response = static_client.get(settings.STATIC_URL + asset)
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_every_page_says_same_origin_resources(client, owner_client, organization):
    for response in [client.get("/login/"), owner_client.get(f"/orgs/{organization.id}/"), client.get("/nowhere/")]:
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_not_found_is_the_products_page_and_leaks_nothing(owner_client, other_organization):
    assert settings.DEBUG is False
    for url in ["/orgs/not-a-uuid/", f"/orgs/{other_organization.id}/employees/"]:
        response = owner_client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert "This page does not exist." in body and "HR Suite" in body
        assert "URLconf" not in body and "matches the given query" not in body and other_organization.name not in body


@pytest.mark.django_db
def test_forbidden_is_the_products_page(client, organization, colleague):
    client.force_login(colleague)  # a read-only viewer: may not add employees
    response = client.get(f"/orgs/{organization.id}/employees/new/")
    assert response.status_code == 403
    assert "You do not have the right to do this." in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_server_error_is_the_products_page_and_leaks_nothing():
    response = Client(raise_request_exception=False).get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side." in body and "HR Suite" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
