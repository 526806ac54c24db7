"""The product's URLconf plus the fake module's (tests/hrsuite/fake_module.py)."""

from django.urls import include, path

from hrsuite.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("", include("tests.hrsuite.fake_module"))]
