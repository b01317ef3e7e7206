from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Development Cooperation Fund")

    def ready(self) -> None:
        # Declares the funds' notification and reminder kinds
        # (notifications/README.md).
        from . import reminders  # noqa: F401
