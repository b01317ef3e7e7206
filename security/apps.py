from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Audit history, two-factor enforcement, uploads and exports helpers."""

    name = "security"
    verbose_name = _("Security and audit")
    default_auto_field = "django.db.models.BigAutoField"
