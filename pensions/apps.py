from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Rights of the fund's member-data and premium screens, by role preset. Employers' HR
# admins send and correct their reports; the fund's staff (provider staff) accept warnings,
# invoice, register payments, settle the year and keep rates and settings.
VIEWER = (
    "pensions.view_membership",
    "pensions.view_salaryreport",
    "pensions.view_invoice",
    "pensions.view_retirementcase",
    "pensions.view_payoutrun",
    "pensions.view_basicamount",
)
HR_ADMIN = ("pensions.add_salaryreport", "pensions.add_retirementcase")
FUND_STAFF = (
    "pensions.accept_salaryreport",
    "pensions.add_invoice",
    "pensions.add_payment",
    "pensions.add_annualsettlement",
    "pensions.view_premiumrate",
    "pensions.add_premiumrate",
    "pensions.change_fundsettings",
    "pensions.change_retirementcase",
    "pensions.approve_retirementcase",
    "pensions.add_payoutrun",
    "pensions.close_payoutrun",
    "pensions.add_basicamount",
)


class PensionsConfig(AppConfig):
    name = "pensions"
    verbose_name = _("Pension fund processes")

    def ready(self):
        from hrsuite.contributions import register_pension_rate
        from hrsuite.modules import Module, SidebarEntry, register
        from pensions import demo, receivers  # noqa: F401  (receivers: membership follows the employment)
        from pensions.integration import MODULE, member_contribution_rate
        from pensions.selectors.inbox import inbox

        register(
            Module(
                key=MODULE,
                label=_("Pension reporting"),
                app_label="pensions",
                urls="pensions.urls",
                switchable=True,
                sidebar=(
                    SidebarEntry(
                        _("Salary reports"),
                        "pensions:report_list",
                        "pensions.view_salaryreport",
                        order=60,
                        current_for=("pensions:report_*", "pensions:member_*", "pensions:fund_settings"),
                    ),
                    SidebarEntry(
                        _("Premiums and invoices"),
                        "pensions:invoice_list",
                        "pensions.view_invoice",
                        order=61,
                        current_for=(
                            "pensions:invoice_*",
                            "pensions:payment_*",
                            "pensions:settlement_*",
                            "pensions:budget",
                            "pensions:rate_*",
                        ),
                    ),
                    SidebarEntry(
                        _("Pensioning"),
                        "pensions:cases",
                        "pensions.view_retirementcase",
                        order=62,
                        current_for=("pensions:case*", "pensions:run*", "pensions:g_*"),
                    ),
                ),
                presets={"hr_viewer": VIEWER, "hr_admin": HR_ADMIN, "provider_staff": FUND_STAFF},
                demo=demo.seed_organization,
                inbox=inbox,
            )
        )
        register_pension_rate(member_contribution_rate)
