from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrsuiteConfig(AppConfig):
    name = "hrsuite"
    verbose_name = _("HR Suite core")

    def ready(self):
        from hrsuite import (
            audit,  # noqa: F401  (connects the login/logout receivers)
            checks,  # noqa: F401  (registers the module registry's system check)
        )
        from hrsuite.inbox import core_inbox
        from hrsuite.modules import EmployeeTab, Module, SidebarEntry, register

        # The core's own part of the registry, declared like every app's.
        register(
            Module(
                key="core",
                label=_("HR Suite core"),
                app_label="hrsuite",
                inbox=core_inbox,
                sidebar=(
                    SidebarEntry(
                        _("Overview"), "organization", "hrsuite.view_employee", order=0, current_for=("organization",)
                    ),
                    SidebarEntry(
                        _("Employees"),
                        "employee_list",
                        "hrsuite.view_employee",
                        order=10,
                        current_for=("employee_*", "employment_end"),
                    ),
                    SidebarEntry(
                        _("Import"), "import_upload", "hrsuite.import_employees", order=20, current_for=("import_*",)
                    ),
                    SidebarEntry(
                        _("Users and rights"),
                        "member_list",
                        "hrsuite.view_companyaccess",
                        order=90,
                        current_for=("member_*",),
                    ),
                    SidebarEntry(_("Audit log"), "audit_log", "hrsuite.view_auditevent", order=95),
                    SidebarEntry(
                        _("Settings"),
                        "organization_settings",
                        "hrsuite.change_organization",
                        order=100,
                        current_for=("organization_settings",),
                    ),
                ),
                tabs=(
                    EmployeeTab("overview", _("Overview"), "employee_detail", "hrsuite.view_employee", order=0),
                    EmployeeTab("history", _("History"), "employee_history", "hrsuite.view_employee", order=100),
                ),
                presets={
                    "hr_viewer": ("hrsuite.view_employee", "hrsuite.view_department"),
                    "hr_admin": (
                        "hrsuite.add_employee",
                        "hrsuite.change_employee",
                        "hrsuite.import_employees",
                        "hrsuite.view_national_id",
                        "hrsuite.add_department",
                        "hrsuite.change_department",
                    ),
                    "provider_staff": (
                        "hrsuite.add_organization",
                        "hrsuite.change_organization",
                        "hrsuite.view_companyaccess",
                        "hrsuite.add_companyaccess",
                        "hrsuite.change_companyaccess",
                        "hrsuite.delete_companyaccess",
                        "hrsuite.deactivate_user",
                        "hrsuite.view_auditevent",
                    ),
                },
            )
        )
