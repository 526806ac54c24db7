from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrsuiteConfig(AppConfig):
    name = "hrsuite"
    verbose_name = _("HR Suite core")

    def ready(self):
        from hrsuite import audit  # noqa: F401  (connects the login/logout receivers)
