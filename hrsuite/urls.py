from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hrsuite import modules
from hrsuite.views import accounts, employees, imports, me, members, organizations, search

org = "orgs/<uuid:org_id>/"
employee = org + "employees/<uuid:employee_id>/"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("search/", search.search, name="search"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", accounts.set_language, name="set_language"),
    path("organizations/", accounts.organization_picker, name="organization_picker"),
    path("organizations/switch/", accounts.switch_organization, name="switch_organization"),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(post_reset_login=False),
        name="password_reset_confirm",
    ),
    path("invitation/<uidb64>/<token>/", members.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("office/", organizations.office, name="office"),
    path("office/organizations/new/", organizations.organization_create, name="organization_create"),
    path(org, organizations.dashboard, name="organization"),
    path(org + "inbox-counts/", organizations.inbox_counts, name="inbox_counts"),
    path(org + "settings/", organizations.organization_settings, name="organization_settings"),
    path(org + "audit/", organizations.audit_log, name="audit_log"),
    path(org + "users/", members.member_list, name="member_list"),
    path(org + "users/invite/", members.member_invite, name="member_invite"),
    path(org + "users/<uuid:access_id>/", members.member_rights, name="member_rights"),
    path(org + "users/<uuid:access_id>/revoke/", members.member_revoke, name="member_revoke"),
    path(org + "users/<uuid:access_id>/deactivate/", members.member_deactivate, name="member_deactivate"),
    path(org + "users/<uuid:access_id>/reactivate/", members.member_reactivate, name="member_reactivate"),
    path(org + "employees/", employees.employee_list, name="employee_list"),
    path(org + "employees/new/", employees.employee_create, name="employee_create"),
    path(employee, employees.employee_detail, name="employee_detail"),
    path(employee + "edit/", employees.employee_edit, name="employee_edit"),
    path(employee + "end/", employees.employment_end, name="employment_end"),
    path(employee + "history/", employees.employee_history, name="employee_history"),
    path(employee + "national-id/", employees.employee_national_id, name="employee_national_id"),
    path(org + "imports/", imports.import_upload, name="import_upload"),
    path(org + "imports/template.csv", imports.import_template, name="import_template"),
    path(org + "imports/<uuid:import_id>/", imports.import_preview, name="import_preview"),
    path(org + "imports/<uuid:import_id>/apply/", imports.import_apply, name="import_apply"),
    path("me/", me.home, name="me"),
    # Every app's URLconf, as its module declares it (hrsuite/modules.py).
    *(path("", include(module.urls)) for module in modules.all_modules() if module.urls),
]
# The Django admin bypasses the product's access rules: off in production unless enabled.
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
