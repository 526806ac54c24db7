from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _personal_data(employee) -> dict:
    # The details are the core employee's own fields.
    return {"details": employee}


def _change_requests(employee) -> dict:
    from selfservice.selectors import change_requests_of

    return {"change_requests": list(change_requests_of(employee=employee)[:5])}


def _features(organization) -> frozenset[str]:
    from selfservice.selectors import enabled_features

    return enabled_features(organization=organization)


class SelfserviceConfig(AppConfig):
    name = "selfservice"
    verbose_name = _("Self-service")

    def ready(self):
        from hrsuite import me
        from hrsuite.me import Section
        from hrsuite.modules import EmployeeTab, Module, SidebarEntry, register
        from selfservice import demo, selectors, services

        # Which My-page features an organization's products switch on: every app's sections
        # name a feature, self-service sells them.
        me.set_feature_gate(_features)
        register(
            Module(
                key="selfservice",
                label=_("Self-service"),
                app_label="selfservice",
                urls="selfservice.urls",
                switchable=True,
                # Switched on the products screen, once the signed addendum is recorded.
                in_settings=False,
                can_switch_on=services.addendum_required,
                inbox=selectors.inbox,
                on_switch=services.selfservice_switched,
                open_when_off=(
                    # The switch itself.
                    "selfservice:products",
                    "selfservice:products_preview",
                    "selfservice:addendum_record",
                    "selfservice:activate",
                    "selfservice:deactivate",
                    # HR invite employees before activation (they register and see My page
                    # grow once it is on) and decide requests still pending after switching off.
                    "selfservice:invitations",
                    "selfservice:invite",
                    "selfservice:employee_tab",
                    "selfservice:employee_email",
                    "selfservice:employee_personal_details",
                    "selfservice:change_requests",
                    "selfservice:change_request_detail",
                    # The invitation link: anonymous, guarded by its signed token.
                    "selfservice:invitation_accept",
                ),
                sidebar=(
                    SidebarEntry(
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
                    ),
                    SidebarEntry(
                        _("Self-service access"),
                        "selfservice:invitations",
                        "selfservice.invite_employees",
                        order=60,
                        current_for=("selfservice:invitations",),
                    ),
                    SidebarEntry(
                        _("Change requests"),
                        "selfservice:change_requests",
                        "selfservice.review_change_requests",
                        order=65,
                        current_for=("selfservice:change_request*",),
                    ),
                ),
                tabs=(
                    EmployeeTab("selfservice", _("Self-service"), "selfservice:employee_tab", "hrsuite.view_employee"),
                ),
                sections=(
                    Section(
                        key="personal_data",
                        label=_("Personal data"),
                        feature="view_personal_data",
                        context=_personal_data,
                        template="selfservice/sections/personal_data.html",
                        url_name="selfservice:personal_data",
                        order=10,
                    ),
                    Section(
                        key="change_requests",
                        label=_("Change my details"),
                        feature="change_personal_data",
                        context=_change_requests,
                        template="selfservice/sections/change_requests.html",
                        url_name="selfservice:change_request_create",
                        order=15,
                    ),
                ),
                presets={
                    "hr_admin": (
                        "selfservice.invite_employees",
                        "selfservice.review_change_requests",
                        "selfservice.view_personal_details",
                    ),
                    "provider_staff": ("selfservice.manage_products", "selfservice.view_selfservice_email"),
                },
                demo=demo.seed_organization,
            )
        )
