from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits and insurances")

    def ready(self):
        from benefits import receivers  # noqa: F401  (ends links when an employment ends)
        from hrsuite.employee_tabs import EmployeeTab, register_tab
        from hrsuite.navigation import NavItem, register

        register(
            NavItem(
                _("Benefits"),
                "benefits:index",
                "benefits.view_insurance",
                module_flag="benefits_enabled",
                order=30,
                current_for=("benefits:index", "benefits:benefit_*", "benefits:link_end"),
            )
        )
        register_tab(
            EmployeeTab(
                "benefits",
                _("Benefits"),
                "benefits:employee_benefits",
                "benefits.view_insurance",
                module_flag="benefits_enabled",
                order=30,
            )
        )
