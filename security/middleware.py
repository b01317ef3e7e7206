"""Portal-wide security rules that no library covers as we need them:

- staff, fund managers and administrators use the portal only after a second
  factor (django-allauth's MFA) in the current session, whichever door they
  logged in through;
- the Permissions-Policy header.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.access import access_for


def mfa_required_for(user) -> bool:
    """Whether ``user`` may not act without a second factor."""
    access = access_for(user)
    return access.is_superuser or access.has_role(*settings.MFA_REQUIRED_ROLES)


def session_passed_mfa(request) -> bool:
    """Whether this session's login included a second factor (allauth keeps
    the record of each step in the session)."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


# Pages a user who still owes a second factor may open: setting one up, and
# leaving. Everything else waits.
_OPEN_URL_NAMES = (
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_logout",
    "logout",
    "set_language",
)


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._require_second_factor(request)
        if response is None:
            response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response

    def _require_second_factor(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not mfa_required_for(user) or session_passed_mfa(request):
            return None
        if self._is_open(request):
            return None

        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Two-factor authentication is required.")}, status=403
            )
        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        # The session was opened without the second factor (through a door
        # that does not ask for it): close it and ask again.
        logout(request)
        messages.info(
            request, _("Log in again with your authenticator code to continue.")
        )
        return redirect(settings.LOGIN_URL)

    @staticmethod
    def _is_open(request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        name = match.url_name or ""
        # Every two-factor page (set-up, recovery codes, re-authentication).
        return name in _OPEN_URL_NAMES or name.startswith("mfa_")
