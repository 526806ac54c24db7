from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _my_benefits(employee) -> dict:
    from benefits.selectors import employee_current_benefits

    return {"benefits": employee_current_benefits(employee=employee)}


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits and insurances")

    def ready(self):
        from benefits import demo, receivers, selectors  # noqa: F401  (receivers: ends links when an employment ends)
        from hrsuite.me import Section
        from hrsuite.modules import EmployeeTab, Module, SidebarEntry, register

        register(
            Module(
                key="benefits",
                label=_("Benefits and insurances"),
                app_label="benefits",
                urls="benefits.urls",
                switchable=True,
                default_on=True,
                inbox=selectors.inbox,
                sidebar=(
                    SidebarEntry(
                        _("Benefits"),
                        "benefits:index",
                        "benefits.view_insurance",
                        order=30,
                        current_for=("benefits:index", "benefits:benefit_*", "benefits:link_end"),
                    ),
                ),
                tabs=(
                    EmployeeTab(
                        "benefits", _("Benefits"), "benefits:employee_benefits", "benefits.view_insurance", order=30
                    ),
                ),
                sections=(
                    Section(
                        key="benefits",
                        label=_("Insurances and benefits"),
                        feature="self_service",  # the base product: every active self-service
                        context=_my_benefits,
                        template="benefits/partials/selfservice_benefits.html",
                        order=40,
                    ),
                ),
                presets={
                    "hr_viewer": ("benefits.view_insurance", "benefits.view_otherbenefit"),
                    "hr_admin": (
                        "benefits.add_insurance",
                        "benefits.change_insurance",
                        "benefits.add_otherbenefit",
                        "benefits.change_otherbenefit",
                    ),
                },
                demo=demo.seed_organization,
            )
        )
