from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from hrsuite.models import AuditEvent, CompanyAccess, Department, Employee, Office, Organization, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "office", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "language", "office"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions", "last_login"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = ["user_permissions"]

    # A login that has been used is never deleted (claims.services.user_delete refuses, and so
    # does the database): the admin offers no delete at all, neither per user nor in bulk.
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "country", "office"]
    search_fields = ["name", "org_number"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "cost_centre"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "last_name", "first_name", "organization", "employment_start", "employment_end"]
    search_fields = ["number", "last_name", "first_name"]
    list_select_related = ["organization"]
    exclude = ["national_id"]


@admin.register(CompanyAccess)
class CompanyAccessAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "granted_at"]
    filter_horizontal = ["rights"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "organization", "subject", "ip_address"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
