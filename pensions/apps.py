from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PensionsConfig(AppConfig):
    name = "pensions"
    verbose_name = _("Pension fund processes")

    def ready(self):
        from hrsuite.modules import Module, register

        # Switched per organization already; its screens plug in here as they arrive.
        register(
            Module(
                key="pensions",
                label=_("Pension reporting"),
                app_label="pensions",
                urls="pensions.urls",
                switchable=True,
            )
        )
