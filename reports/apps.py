from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Importing the declared exporters registers them.
        from . import exporters

        # The other areas' lists (their filtersets need every app loaded).
        exporters.register_area_exporters()
