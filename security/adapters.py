"""How django-allauth and django-axes fit the portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpResponseRedirect

from accounts.views import switch_language


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with the portal's language switch after login."""

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_SIGNUP_OPEN", True)

    def post_login(self, request, user, **kwargs):
        """After a complete login (password, then the second factor where the
        user has one), continue in the language the user chose."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "preferred_language", "")
        if not language or not isinstance(response, HttpResponseRedirect):
            return response
        return switch_language(response, language)


def login_identifier(request, credentials) -> str:
    """The name django-axes counts failed logins under: the e-mail address,
    whichever form (allauth's "login", Django's "username") sent it."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return value.strip().lower()
