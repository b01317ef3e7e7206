from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        # Declares the notification and reminder kinds of CooperaNet and
        # good practices (notifications/README.md).
        from . import reminders  # noqa: F401
