from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims portal")

    def ready(self):
        from hrsuite.modules import Module, register

        # Switched per organization already; its screens plug in here as they arrive.
        register(Module(key="claims", label=_("Claims portal"), app_label="claims", switchable=True))
