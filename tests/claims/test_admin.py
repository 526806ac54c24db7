"""The Django admin offers no way to delete a user."""

from django.contrib import admin
from django.test import RequestFactory

from hrsuite.models import User
from tests.factories import UserFactory


def test_the_user_admin_has_no_delete_and_no_bulk_delete(db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory()
    request = RequestFactory().get("/admin/hrsuite/user/")
    request.user = superuser
    model_admin = admin.site._registry[User]

    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_delete_permission(request, user)
    assert "delete_selected" not in model_admin.get_actions(request)
    assert "delete_selected" in admin.site._registry[type(superuser.company_accesses.model())].get_actions(request)
