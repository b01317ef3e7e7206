from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Audit history, two-factor enforcement, uploads and exports helpers."""

    name = "security"
    verbose_name = _("Security and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from . import schema  # noqa: F401 (registers the filter schema extension)
        from .middleware import on_authenticator_added, on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="security-activity")
        authenticator_added.connect(
            on_authenticator_added, dispatch_uid="security-totp-activated"
        )
