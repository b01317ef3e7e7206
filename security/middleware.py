"""Portal-wide security rules that no library covers as we need them:

- staff, fund managers and administrators use the portal only after a second
  factor (django-allauth's MFA) in the current session, whichever door they
  logged in through;
- sessions end after ``SESSION_COOKIE_AGE`` seconds of inactivity: an
  active session is saved again (pushing its expiry forward) at most once a
  minute, rather than on every request as SESSION_SAVE_EVERY_REQUEST would;
- the Permissions-Policy header.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts.access import access_for


def mfa_required_for(user) -> bool:
    """Whether ``user`` may not act without a second factor."""
    if not getattr(settings, "MFA_ENFORCED", True):
        return False
    access = access_for(user)
    return access.is_superuser or access.has_role(*settings.MFA_REQUIRED_ROLES)


def session_passed_mfa(request) -> bool:
    """Whether this session's login included a second factor (allauth keeps
    the record of each step in the session)."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


# Pages open to anyone who owes a second factor: leaving.
_ALWAYS_OPEN = ("account_logout", "logout", "set_language")
# Pages open to one who has no factor yet: setting one up (allauth asks for
# the password again first).
_SET_UP_PAGES = (
    "mfa_index",
    "mfa_activate_totp",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "mfa_reauthenticate",
)


# Key of the session's last recorded activity (epoch seconds).
LAST_ACTIVITY_KEY = "portal_last_activity"
# How stale that record may grow before the session is saved again.
ACTIVITY_REFRESH_SECONDS = 60


def record_activity(session) -> None:
    session[LAST_ACTIVITY_KEY] = int(time.time())


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    """Activating TOTP means entering a valid code from it: that session has
    passed the second factor, and goes on (to its recovery codes) without
    logging in again."""
    from allauth.account.internal.flows.login import record_authentication

    is_totp = authenticator.type == Authenticator.Type.TOTP
    if is_totp and request is not None and request.user.pk == user.pk:
        record_authentication(request, user, method="mfa", type="totp")


def on_user_logged_in(sender, request, user, **kwargs):
    """Every login (any door) starts the inactivity clock in the session it
    is about to save, so the first pages after it write nothing more."""
    if request is not None and hasattr(request, "session"):
        record_activity(request.session)


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._keep_session_alive(request)
        response = self._require_second_factor(request)
        if response is None:
            response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response

    @staticmethod
    def _keep_session_alive(request) -> None:
        session = getattr(request, "session", None)
        if session is None or not session.get("_auth_user_id"):
            return
        last = session.get(LAST_ACTIVITY_KEY, 0)
        if time.time() - last >= ACTIVITY_REFRESH_SECONDS:
            # A modified session is saved with a new expiry date.
            record_activity(session)

    def _require_second_factor(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not mfa_required_for(user) or session_passed_mfa(request):
            return None
        page = self._url_name(request)
        if page in _ALWAYS_OPEN:
            return None
        has_factor = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
        if not has_factor and page in _SET_UP_PAGES:
            return None

        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Two-factor authentication is required.")}, status=403
            )
        if not has_factor:
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        # The session was opened without the second factor (through a door
        # that does not ask for it, such as the admin's login): close it, so
        # that not even the two-factor pages (where the factor could be
        # removed) are reachable without the code, and ask again.
        logout(request)
        messages.info(
            request, _("Log in again with your authenticator code to continue.")
        )
        return redirect(settings.LOGIN_URL)

    @staticmethod
    def _url_name(request) -> str:
        match = getattr(request, "resolver_match", None)
        if match is None:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return ""
        return match.url_name or ""
