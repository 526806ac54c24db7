from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "selfservice"
    verbose_name = _("Self-service")

    def ready(self):
        from hrsuite.employee_tabs import EmployeeTab, register_tab
        from hrsuite.navigation import NavItem, register
        from selfservice import sections

        register(
            NavItem(
                _("Self-service products"),
                "selfservice:products",
                "selfservice.manage_products",
                order=80,
                current_for=(
                    "selfservice:products*",
                    "selfservice:addendum_record",
                    "selfservice:activate",
                    "selfservice:deactivate",
                ),
            )
        )
        register(
            NavItem(
                _("Self-service access"),
                "selfservice:invitations",
                "selfservice.invite_employees",
                order=60,
                current_for=("selfservice:invitations",),
            )
        )
        register(
            NavItem(
                _("Change requests"),
                "selfservice:change_requests",
                "selfservice.review_change_requests",
                order=65,
                current_for=("selfservice:change_request*",),
            )
        )
        register_tab(EmployeeTab("selfservice", _("Self-service"), "selfservice:employee_tab", "hrsuite.view_employee"))
        sections.register_core_sections()
        sections.register_cross_app_sections()
