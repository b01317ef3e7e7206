from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinisterialsConfig(AppConfig):
    name = "ministerials"
    verbose_name = _("Ministerial processes")
