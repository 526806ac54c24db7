from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims portal")

    def ready(self):
        from claims import demo, inbox, integration, terms  # noqa: F401 - terms: its login receiver
        from claims.models import Claim
        from claims.rights import PORTAL_USER, validate_claims_rights
        from claims.services import claims_hand_over
        from hrsuite.access import register_object_rule
        from hrsuite.grants import register_rights_check
        from hrsuite.lifecycle import Handover, register_handover, register_login_check
        from hrsuite.modules import EmployeeTab, Module, SidebarEntry, register

        register(
            Module(
                key=integration.MODULE,
                label=_("Claims portal"),
                app_label="claims",
                urls="claims.urls",
                switchable=True,
                sidebar=(
                    SidebarEntry(
                        _("Claims"),
                        "claims:claim_list",
                        PORTAL_USER,
                        order=40,
                        # Not the employee tab: that page belongs to Employees.
                        current_for=(
                            "claims:claim_*",
                            "claims:policy_*",
                            "claims:absence_*",
                            "claims:allowance_*",
                            "claims:statistics*",
                            "claims:claims_settings",
                            "claims:safety_desk",
                        ),
                    ),
                ),
                tabs=(EmployeeTab("claims", _("Claims"), "claims:employee_claims", PORTAL_USER, order=50),),
                demo=demo.seed_organization,
                inbox=inbox.inbox,
                # Pages outside any organization: the terms of use (read before the portal
                # opens) and the provider staff's customer search and company permissions,
                # which span the office's organizations whatever each one has switched on.
                open_when_off=(
                    "claims:terms_accept",
                    "claims:terms_document",
                    "claims:customer_search",
                    "claims:company_permissions",
                ),
            )
        )
        register_object_rule(Claim, integration.claim_rule)
        register_rights_check(validate_claims_rights)
        register_login_check(integration.claims_login_check)
        register_handover(
            Handover(
                key=integration.MODULE,
                label=_("claims"),
                successor_required=integration.owns_claims,
                hand_over=claims_hand_over,
            )
        )
